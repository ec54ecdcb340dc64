from __future__ import annotations

import pytest

from tests.factories import PASSWORD, AgencyFactory, EmployeeFactory, UnitFactory, UserFactory


@pytest.fixture
def agency(db):
    return AgencyFactory(code="IPDN-NTB", name="IPDN Kampus NTB", short_name="IPDN NTB")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="PROV-NTB", name="BKD Provinsi NTB", short_name="BKD NTB")


@pytest.fixture
def make_user(db):
    """make_user(role, agency, employee=None) -> a signed-in-able user (password tests.factories.PASSWORD)."""

    def make(role: str, agency, employee=None, **kwargs):
        return UserFactory(role=role, agency=agency, employee=employee, **kwargs)

    return make


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def unit(agency):
    return UnitFactory(agency=agency, code="BAG-UMUM", name="Bagian Umum")


@pytest.fixture
def employee(agency, unit):
    return EmployeeFactory(agency=agency, unit=unit)


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in the default language (Bahasa Indonesia).

    LocaleMiddleware activates the request's language on the test's own thread and never deactivates it, so a test
    that browses in English would otherwise leave the next test's gettext calls in English.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
