"""Editable dated parameters: the service, the effective set per agency, and the parameter page."""

from __future__ import annotations

import datetime as dt

import pytest

from jenjang.core.errors import AccessDenied, InvalidData
from jenjang.core.models import AuditLog
from jenjang.domain.parameters import default_parameters
from jenjang.domain.registry import evaluate
from jenjang.rules.models import ParameterValue
from jenjang.rules.selectors import parameter_set_for
from jenjang.rules.services import parameter_value_add

pytestmark = pytest.mark.django_db

INTERVAL = "salary.increment_interval_years"
KGB_CASE = {"last_increment": "2023-04-01"}


def add(actor, agency, name=INTERVAL, value=3, valid_from=dt.date(2025, 1, 1), legal_basis="Keputusan uji 1/2025"):
    return parameter_value_add(
        actor=actor,
        agency=agency,
        name=name,
        valid_from=valid_from,
        value=value,
        legal_basis=legal_basis,
        note="uji",
    )


def next_kgb(agency_id, as_of):
    envelope = evaluate(
        "salary-increment", {**KGB_CASE, "as_of": as_of}, today=dt.date(2025, 6, 1), params=parameter_set_for(agency_id)
    )
    return envelope["result"]["next_date"]


def test_agency_override_applies_only_from_its_date_and_only_to_its_agency(agency, other_agency, agency_admin):
    add(agency_admin, agency)
    assert next_kgb(agency.pk, "2024-12-31") == "2025-04-01"  # before valid_from: the default 2 years
    assert next_kgb(agency.pk, "2025-01-01") == "2026-04-01"  # from valid_from: 3 years
    assert next_kgb(other_agency.pk, "2025-01-01") == "2025-04-01"  # another agency: untouched
    assert next_kgb(None, "2025-01-01") == "2025-04-01"  # national: untouched


def test_national_value_applies_to_every_agency_and_agency_value_wins(
    agency, other_agency, agency_admin, national_admin
):
    add(national_admin, None, value=4, valid_from=dt.date(2025, 1, 1), legal_basis="PP uji 2/2025")
    assert next_kgb(other_agency.pk, "2025-02-01") == "2027-04-01"
    assert next_kgb(None, "2025-02-01") == "2027-04-01"
    add(agency_admin, agency, value=3, valid_from=dt.date(2025, 1, 1))
    assert next_kgb(agency.pk, "2025-02-01") == "2026-04-01"
    entry = parameter_set_for(agency.pk).entry(INTERVAL, dt.date(2025, 2, 1))
    assert (entry.source, entry.legal_basis) == ("agency", "Keputusan uji 1/2025")


def test_a_later_row_of_the_same_date_supersedes_the_earlier(agency, agency_admin):
    add(agency_admin, agency, value=3)
    add(agency_admin, agency, value=5, legal_basis="Keputusan uji 2/2025")
    assert next_kgb(agency.pk, "2025-02-01") == "2028-04-01"
    assert ParameterValue.objects.filter(agency=agency).count() == 2  # both kept: append-only


def test_effective_set_is_one_query(agency, agency_admin, national_admin, django_assert_num_queries):
    add(national_admin, None, value=4)
    add(agency_admin, agency, value=3)
    with django_assert_num_queries(1):
        params = parameter_set_for(agency.pk)
    assert params.get(INTERVAL, dt.date(2025, 1, 1)) == 3
    assert params.get("rank.education_table", dt.date(2025, 1, 1)) == default_parameters().get(
        "rank.education_table", dt.date(2025, 1, 1)
    )


def test_add_writes_an_audit_row(agency, agency_admin):
    row = add(agency_admin, agency)
    entry = AuditLog.objects.get(action="rules.parameter_value.added")
    assert entry.agency_id == agency.pk
    assert entry.actor == agency_admin
    assert entry.object_id == str(row.pk)
    assert entry.changes["value"] == [None, 3]
    assert entry.changes["valid_from"] == [None, "2025-01-01"]


def test_values_are_append_only(agency, agency_admin):
    row = add(agency_admin, agency)
    row.value = 9
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        ParameterValue.objects.filter(pk=row.pk).update(value=9)
    with pytest.raises(PermissionError):
        row.delete()


@pytest.mark.parametrize("role", ["PERSONNEL", "LEADER", "SUPERVISOR", "EMPLOYEE", "AUDITOR"])
def test_only_administrators_edit_their_agency(agency, make_user, role):
    with pytest.raises(AccessDenied):
        add(make_user(role, agency), agency)
    assert not ParameterValue.objects.exists()


def test_agency_admin_cannot_edit_another_agency_or_national(agency, other_agency, agency_admin):
    with pytest.raises(AccessDenied):
        add(agency_admin, other_agency)
    with pytest.raises(AccessDenied):
        add(agency_admin, None)
    assert not ParameterValue.objects.exists()


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [
        ("no.such.parameter", 3, "name"),
        (INTERVAL, "3", "value"),
        (INTERVAL, True, "value"),
        (INTERVAL, {"years": 3}, "value"),
        ("mutation.window_years", {"min": 2}, "value"),
        ("mutation.window_years", {"min": 2, "max": 5, "extra": 1}, "value"),
        ("mutation.window_years", {"min": 2, "max": "lima"}, "value"),
        ("rank.promotion_periods", 4, "value"),
        ("rank.promotion_periods", [4, "Oktober"], "value"),
    ],
)
def test_value_must_have_the_shape_of_the_default(agency, agency_admin, name, value, field):
    with pytest.raises(InvalidData) as raised:
        add(agency_admin, agency, name=name, value=value)
    assert raised.value.field == field
    assert not ParameterValue.objects.exists()


def test_legal_basis_is_required(agency, agency_admin):
    with pytest.raises(InvalidData) as raised:
        add(agency_admin, agency, legal_basis="  ")
    assert raised.value.field == "legal_basis"


def test_table_value_with_the_same_keys_is_accepted(agency, agency_admin):
    table = default_parameters().get("rank.education_table", dt.date(2025, 1, 1))
    changed = {**table, "S1": {"start": "III/a", "ceiling": "IV/a"}}
    add(agency_admin, agency, name="rank.education_table", value=changed)
    envelope = evaluate(
        "education-ceiling",
        {"education": "S1", "as_of": "2025-06-01"},
        today=dt.date(2025, 6, 1),
        params=parameter_set_for(agency.pk),
    )
    assert envelope["result"]["ceiling_rank"] == "IV/a"


# The parameter page.


def test_parameter_page_shows_values_history_and_no_form_for_staff(login, staff, agency, agency_admin):
    add(agency_admin, agency)
    client = login(staff)
    page = client.get(f"/rules/parameter/{INTERVAL}/").content.decode()
    assert "PP 7/1977" in page  # the default
    assert "belum terkonfirmasi" in page
    assert "Keputusan uji 1/2025" in page  # the agency's edit, in values and history
    assert "perubahan instansi" in page
    assert 'name="legal_basis"' not in page
    assert client.post(f"/rules/parameter/{INTERVAL}/", {}).status_code == 403


def test_other_agency_does_not_see_the_edit(login, make_user, other_agency, agency, agency_admin):
    add(agency_admin, agency)
    page = login(make_user("ADMIN", other_agency)).get(f"/rules/parameter/{INTERVAL}/").content.decode()
    assert "Keputusan uji 1/2025" not in page


def test_agency_admin_adds_a_value_from_the_page(login, agency_admin, agency):
    client = login(agency_admin)
    page = client.get(f"/rules/parameter/{INTERVAL}/").content.decode()
    assert 'name="legal_basis"' in page
    response = client.post(
        f"/rules/parameter/{INTERVAL}/",
        {"valid_from": "2026-01-01", "value": "3", "legal_basis": "Perka uji 3/2025", "note": "uji coba"},
    )
    assert response.status_code == 302
    row = ParameterValue.objects.get()
    assert (row.agency, row.value, row.valid_from, row.created_by) == (agency, 3, dt.date(2026, 1, 1), agency_admin)
    page = client.get(f"/rules/parameter/{INTERVAL}/").content.decode()
    assert "Perka uji 3/2025" in page


def test_page_form_errors_are_shown_next_to_the_field(login, agency_admin):
    client = login(agency_admin)
    response = client.post(
        "/rules/parameter/mutation.window_years/",
        {"valid_from": "2026-01-01", "value": '{"min": 2}', "legal_basis": "Perka uji", "note": ""},
    )
    assert response.status_code == 200
    assert "tidak memuat kunci: max" in response.content.decode()
    response = client.post(
        "/rules/parameter/mutation.window_years/",
        {"valid_from": "2026-01-01", "value": "{min", "legal_basis": "", "note": ""},
    )
    page = response.content.decode()
    assert "Nilai harus berupa JSON yang sah." in page
    assert not ParameterValue.objects.exists()


def test_national_admin_adds_a_national_value(client, national_admin):
    client.force_login(national_admin)
    page = client.get(f"/rules/parameter/{INTERVAL}/").content.decode()
    assert "Tambah nilai nasional" in page
    client.post(
        f"/rules/parameter/{INTERVAL}/",
        {"valid_from": "2026-01-01", "value": "3", "legal_basis": "PP uji 9/2026", "note": ""},
    )
    assert ParameterValue.objects.get().agency is None


def test_parameter_page_query_count(login, agency_admin, agency, django_assert_max_num_queries):
    for year in (2025, 2026, 2027):
        add(agency_admin, agency, valid_from=dt.date(year, 1, 1))
    client = login(agency_admin)
    with django_assert_max_num_queries(6):
        response = client.get(f"/rules/parameter/{INTERVAL}/")
    assert response.status_code == 200


def test_unknown_parameter_page_is_404(login, staff):
    assert login(staff).get("/rules/parameter/no.such/").status_code == 404


def test_rule_page_marks_agency_edit(login, staff, agency, agency_admin):
    add(agency_admin, agency)
    page = login(staff).get("/rules/salary-increment/").content.decode()
    assert "Keputusan uji 1/2025" in page
    assert "perubahan instansi" in page
