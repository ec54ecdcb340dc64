"""Eligibility reasons of successors: the jpt-eligibility rule for JPT key positions, none for other levels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jenjang.domain.registry import get_rule
from jenjang.personnel.models import Employee
from jenjang.talent.eligibility import Checker
from jenjang.talent.models import KeyPosition, Successor
from jenjang.talent.selectors import parameters_for
from tests.factories import PositionFactory
from tests.talent.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def jpt_key(agency, unit):
    position = PositionFactory(agency=agency, unit=unit, level="JPT_PRATAMA", name="Sekretaris Daerah")
    return KeyPosition.objects.create(agency=agency, position=position, impact="HIGH")


@pytest.fixture
def pool(agency, unit, make_talent, run_map):
    """Two box-9 people: an Administrator who meets the JPT Pratama requirements, and an older Pengawas."""
    admin = PositionFactory(agency=agency, unit=unit, level="ADMINISTRATOR", name="Kepala Bagian Umum")
    ready = make_talent(("SANGAT_BAIK", "SANGAT_BAIK"), level=2, score=95, name="Rina Wulandari")
    older = make_talent(("SANGAT_BAIK", "SANGAT_BAIK"), level=2, score=95, name="Budi Santoso")
    run_map()
    Employee.objects.filter(pk=ready.pk).update(position=admin, position_since=dt.date(2020, 1, 2))
    Employee.objects.filter(pk=older.pk).update(birth_date=dt.date(1965, 5, 1))
    return {"ready": ready, "older": older}


def test_the_checker_gives_the_rule_decision_and_its_reasons(agency, pool):
    today = dt.date(2026, 11, 28)
    params = parameters_for(agency.pk)
    checker = Checker("JPT_PRATAMA", today, params)
    ready = Employee.objects.select_related("position").get(pk=pool["ready"].pk)
    found = checker.check(ready)
    assert found["eligible"] is True and found["decided_by"] == "jpt-eligibility"
    jpt = found["rules"][0]
    expected = get_rule("jpt-eligibility").function(
        {"level": "JPT_PRATAMA", "education": "S1", "years_experience": 16, "prior_position": "ADMINISTRATOR",
         "years_in_prior_position": 6, "age": 41},
        today, params,
    )  # fmt: skip
    assert [r["id"] for r in jpt["reasons"]] == [r.render("id") for r in expected.reasons]
    assert jpt["legal_basis"] == list(expected.legal_basis)
    older = Employee.objects.select_related("position").get(pk=pool["older"].pk)
    blocked = checker.check(older)
    assert blocked["eligible"] is False
    assert blocked["rules"][0]["blocked_by"] == ["PRIOR_POSITION", "AGE"]
    assert any("usia 61 tahun melebihi batas 56 tahun" in r["id"] for r in blocked["rules"][0]["reasons"])
    assert [r["rule"] for r in blocked["rules"]] == ["jpt-eligibility", "education-ceiling"]
    # An Administrator key position: no eligibility rule, the education ceiling for information only.
    plain = Checker("ADMINISTRATOR", today, params).check(older)
    assert plain["eligible"] is None and [r["rule"] for r in plain["rules"]] == ["education-ceiling"]


def test_the_succession_page_shows_the_reasons_and_the_nomination_records_them(agency, make_user, login, pool, jpt_key):
    client = login(make_user("PERSONNEL", agency))
    url = reverse("talent:key_position", args=[jpt_key.pk]) + f"?year={YEAR}"
    html = client.get(url).content.decode()
    assert "Memenuhi syarat" in html and "Belum memenuhi syarat" in html
    assert "Belum memenuhi: usia 61 tahun melebihi batas 56 tahun" in html
    assert "Usia melebihi batas" in html  # the rule's own label of the blocking code
    client.post(url, {"employee": pool["older"].pk, "readiness": "THREE_PLUS_YEARS"})
    successor = Successor.objects.get(employee=pool["older"])
    assert successor.eligibility["box"] == 9 and successor.eligibility["eligible"] is False
    assert successor.eligibility["rules"][0]["blocked_by"] == ["PRIOR_POSITION", "AGE"]
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "Not met: age 61 is above the highest age 56" in english and "Above the highest age" in english


def test_the_api_lists_candidates_with_eligibility_and_records_it(agency, make_user, login, pool, jpt_key):
    client = login(make_user("PERSONNEL", agency))
    api = f"/api/v1/talent/key-positions/{jpt_key.pk}"
    rows = client.get(f"{api}/candidates/", {"year": YEAR}).json()["results"]
    by_name = {row["name"]: row for row in rows}
    assert by_name["Rina Wulandari"]["eligible"] is True
    assert by_name["Budi Santoso"]["eligible"] is False
    assert "Usia melebihi batas" in by_name["Budi Santoso"]["rules"][0]["blocked"]
    assert client.get(f"{api}/candidates/").status_code == 400  # the period is required
    created = client.post(
        f"{api}/successors/",
        {"employee": pool["ready"].pk, "readiness": "NOW", "year": YEAR},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["eligibility"]["eligible"] is True
    assert created.json()["eligibility"]["rules"][0]["rule"] == "jpt-eligibility"
