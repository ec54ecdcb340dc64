"""/api/v1/careers/: reading (my career, patterns, due lists, warnings) and the IDP proposal and decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jenjang.careers.demo import load_pattern
from jenjang.careers.models import CareerPattern, CareerWarning
from jenjang.careers.warnings import warnings_send
from jenjang.domain.dates import add_years
from jenjang.domain.vocab import rank_code
from tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/careers"


@pytest.fixture
def staff_member(agency, unit):
    position = PositionFactory(agency=agency, unit=unit, level="PELAKSANA")
    today = timezone.localdate()
    return EmployeeFactory(agency=agency, unit=unit, position=position, rank=rank_code("III/a"),
                           rank_since=add_years(today, -1), name="Rina",
                           last_salary_increment=add_years(today + dt.timedelta(days=30), -2))  # fmt: skip


def test_my_career_explains_moves_and_path(agency, staff_member, make_user, client):
    load_pattern(agency)
    client.force_login(make_user("EMPLOYEE", agency, employee=staff_member))
    body = client.get(f"{API}/me/").json()
    assert body["employee_id"] == staff_member.pk
    assert body["rank_eligible_from"] == add_years(staff_member.rank_since, 4).isoformat()
    rank_item = next(item for item in body["outlook"] if item["kind"] == "rank_promotion")
    assert "MIN_YEARS_IN_RANK" in rank_item["blocked_by"]
    pengawas = next(move for move in body["moves"] if move["target"].startswith("Pengawas"))
    codes = {r["code"]: r for r in pengawas["requirements"]}
    assert codes["MIN_RANK"]["met"] is False and codes["MIN_RANK"]["need"] == "III/b"
    assert [step["rank"] for step in body["path"]][:2] == ["III/b", "III/c"]


def test_employee_api_is_scoped(agency, other_agency, staff_member, make_user, client):
    client.force_login(make_user("EMPLOYEE", agency, employee=staff_member))
    other = EmployeeFactory(agency=agency)
    assert client.get(f"{API}/employees/{other.pk}/").status_code == 404
    client.force_login(make_user("PERSONNEL", other_agency))
    assert client.get(f"{API}/employees/{staff_member.pk}/").status_code == 404


def test_patterns_drafts_hidden_and_detail_has_edges(agency, employee, make_user, client):
    published = load_pattern(agency)
    CareerPattern.objects.create(agency=agency, name="Draf")
    client.force_login(make_user("EMPLOYEE", agency, employee=employee))
    listing = client.get(f"{API}/patterns/").json()
    assert [row["name"] for row in listing["results"]] == [published.name]
    detail = client.get(f"{API}/patterns/{published.pk}/").json()
    assert len(detail["nodes"]) == 10 and detail["edges"][0]["direction"]


def test_idp_propose_and_decide(agency, unit, staff_member, make_user, client):
    own = make_user("EMPLOYEE", agency, employee=staff_member)
    head = make_user("SUPERVISOR", agency, employee=EmployeeFactory(agency=agency, unit=unit))
    client.force_login(own)
    payload = {"title": "Diklat", "kind": "TRAINING", "target_date": "2026-12-31", "hours": 20}
    created = client.post(f"{API}/idp/", payload, content_type="application/json")
    assert created.status_code == 201
    again = client.post(f"{API}/idp/", payload, content_type="application/json")  # a double submit: the same one
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    bad = client.post(f"{API}/idp/", {**payload, "kind": "X"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "kind"
    action = created.json()
    client.force_login(head)
    url = f"{API}/idp/{action['id']}/decision/"
    decided = client.post(url, {"agree": True, "version": action["version"]}, content_type="application/json")
    assert decided.status_code == 200 and decided.json()["status"] == "AGREED"
    stale = client.post(url, {"agree": False, "note": "x", "version": action["version"]},
                        content_type="application/json")  # fmt: skip
    assert stale.status_code in (400, 409)


def test_warnings_and_due_lists_for_staff(agency, other_agency, staff_member, make_user, client,
                                          django_assert_max_num_queries):  # fmt: skip
    warnings_send(today=timezone.localdate(), agency_ids=[agency.pk], email=False)
    warning = CareerWarning.objects.get(employee=staff_member)
    client.force_login(make_user("PERSONNEL", agency))
    with django_assert_max_num_queries(8):
        body = client.get(f"{API}/warnings/").json()
    assert [row["id"] for row in body["results"]] == [warning.pk]
    patched = client.patch(f"{API}/warnings/{warning.pk}/", {"status": "DONE", "version": warning.version},
                           content_type="application/json")  # fmt: skip
    assert patched.status_code == 200 and patched.json()["status"] == "DONE"
    again = client.patch(f"{API}/warnings/{warning.pk}/", {"status": "OPEN", "version": warning.version},
                         content_type="application/json")  # fmt: skip
    assert again.status_code == 409
    due = client.get(f"{API}/due-lists/salary_increment/").json()
    assert due["results"][0]["nip"] == staff_member.nip and due["results"][0]["legal_basis"]
    assert client.get(f"{API}/due-lists/nothing/").status_code == 404
    client.force_login(make_user("PERSONNEL", other_agency))
    assert client.patch(f"{API}/warnings/{warning.pk}/", {"status": "DONE", "version": 2},
                        content_type="application/json").status_code == 404  # fmt: skip
    client.force_login(make_user("EMPLOYEE", agency, employee=staff_member))
    assert client.get(f"{API}/warnings/").status_code == 403
