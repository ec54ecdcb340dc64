from __future__ import annotations

import pytest

from jenjang.accounts.models import Role


@pytest.fixture
def manager(agency, make_user):
    return make_user(Role.PERSONNEL, agency)


@pytest.fixture
def members(agency, make_user):
    return [make_user(Role.EMPLOYEE, agency), make_user(Role.SUPERVISOR, agency), make_user(Role.PERSONNEL, agency)]


@pytest.fixture
def ppk(agency, make_user):
    return make_user(Role.LEADER, agency)
