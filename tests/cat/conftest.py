"""Fixtures shared by the CAT tests: the agency's personnel staff (the committee) and an SKD blueprint."""

from __future__ import annotations

import pytest

from jenjang.accounts.models import Role

from .factories import make_bank, make_blueprint


@pytest.fixture
def staff(agency, make_user):
    return make_user(Role.PERSONNEL, agency)


@pytest.fixture
def blueprint(agency):
    return make_blueprint(make_bank(agency))
