from __future__ import annotations

import pytest

from tests.factories import UserFactory


@pytest.fixture
def national_admin(db):
    return UserFactory(username="nasional", role="ADMIN", agency=None, is_superuser=True, is_staff=True)


@pytest.fixture
def agency_admin(agency, make_user):
    return make_user("ADMIN", agency)


@pytest.fixture
def staff(agency, make_user):
    return make_user("PERSONNEL", agency)
