"""What keeps the list and the profile flat as the population grows: the capped count without a sort, the
bounded unit filter, sorts limited to indexed ones, and a profile whose queries do not depend on the employee."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jenjang.accounts.models import Role
from jenjang.careers.outlook import employee_outlook
from jenjang.domain.vocab import rank_code
from jenjang.personnel import selectors
from jenjang.personnel.models import (
    AwardHistory,
    CorrectionRequest,
    Document,
    EducationHistory,
    Employee,
    PositionHistory,
    SalaryIncrementHistory,
    SanctionHistory,
    TrainingHistory,
)
from tests.factories import EmployeeFactory, PerformanceHistoryFactory, RankHistoryFactory, UnitFactory

pytestmark = pytest.mark.django_db
URL = reverse("personnel:employee_list")


def names(response) -> list[str]:
    return [e.name for e in response.context["page_obj"].object_list]


# --- the list ----------------------------------------------------------------------------------------------


def test_capped_count_is_a_limited_subquery_without_a_sort(agency, make_user):
    EmployeeFactory.create_batch(3, agency=agency)
    paginator = selectors.CappedPaginator(selectors.employee_list(make_user(Role.PERSONNEL, agency)), 50)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 3
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "COUNT(" in sql and "LIMIT 10001" in sql
    assert "ORDER BY" not in sql


def test_descending_sorts_reverse_every_key_so_an_index_reads_them_backwards(agency, make_user, login):
    unit = UnitFactory(agency=agency)
    for name in ("Anto", "Beni"):
        EmployeeFactory(agency=agency, unit=unit, name=name, rank=rank_code("III/a"), rank_since=dt.date(2020, 4, 1))
    EmployeeFactory(agency=agency, unit=unit, name="Caca", rank=rank_code("II/a"), rank_since=dt.date(2010, 4, 1))
    client = login(make_user(Role.PERSONNEL, agency))
    assert names(client.get(URL, {"sort": "-rank"})) == ["Beni", "Anto", "Caca"]
    assert names(client.get(URL, {"sort": "-rank_since"})) == ["Beni", "Anto", "Caca"]
    assert names(client.get(URL, {"sort": "rank"})) == ["Caca", "Anto", "Beni"]


def test_unit_sort_applies_to_a_small_list_and_falls_back_to_name_on_a_large_one(agency, make_user, login, monkeypatch):
    first, second = UnitFactory(agency=agency, name="A"), UnitFactory(agency=agency, name="B")
    EmployeeFactory(agency=agency, unit=second, name="Anto")
    EmployeeFactory(agency=agency, unit=first, name="Beni")
    client = login(make_user(Role.PERSONNEL, agency))
    order_by_unit = sorted(["Anto", "Beni"], key=lambda n: {"Anto": second.path, "Beni": first.path}[n])
    response = client.get(URL, {"sort": "unit"})
    assert names(response) == order_by_unit
    assert response.context["sort"] == "unit" and not response.context["sort_refused"]

    monkeypatch.setattr(selectors, "UNINDEXED_SORT_LIMIT", 1)
    response = client.get(URL, {"sort": "unit"})
    assert names(response) == ["Anto", "Beni"]
    assert response.context["sort"] == "name" and response.context["sort_refused"]
    assert 'id="sort-refused"' in response.content.decode()


def test_unit_filter_lists_a_bounded_top_of_the_tree_and_the_selected_units_children(
    agency, make_user, login, monkeypatch
):
    monkeypatch.setattr(selectors, "UNIT_CHOICES_LIMIT", 4)
    root = UnitFactory(agency=agency, name="Sekretariat")
    bureaus = [UnitFactory(agency=agency, parent=root, name=f"Biro {i}") for i in range(2)]
    sections = [UnitFactory(agency=agency, parent=bureaus[0], name=f"Subbagian {i}") for i in range(3)]
    EmployeeFactory(agency=agency, unit=sections[1], name="Dina")
    EmployeeFactory(agency=agency, unit=bureaus[1], name="Eko")
    user = make_user(Role.PERSONNEL, agency)
    # six units do not fit in four options: the root and the bureaus (depth <= 1) do
    assert [pk for pk, _label in selectors.unit_choices(user)] == [root.pk, bureaus[0].pk, bureaus[1].pk]
    # a selected bureau brings its sections, so one can drill down; the list stays within the limit
    chosen = [pk for pk, _label in selectors.unit_choices(user, bureaus[0].pk)]
    assert len(chosen) <= 4 and bureaus[0].pk in chosen and sections[0].pk in chosen
    client = login(user)
    # a unit below the listed levels still filters (it is added to the options when selected)
    assert names(client.get(URL, {"unit": sections[1].pk})) == ["Dina"]
    assert names(client.get(URL, {"unit": bureaus[0].pk})) == ["Dina"]


def test_unit_filter_of_another_agency_shows_nobody(agency, other_agency, make_user, login):
    EmployeeFactory(agency=agency, name="Anto")
    foreign = UnitFactory(agency=other_agency)
    EmployeeFactory(agency=other_agency, unit=foreign, name="Zaki")
    assert names(login(make_user(Role.PERSONNEL, agency)).get(URL, {"unit": foreign.pk})) == ["Anto"]


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_list_queries_do_not_depend_on_the_size_of_the_unit_tree(agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    root = UnitFactory(agency=agency)
    EmployeeFactory(agency=agency, unit=root)
    small = _queries(client, URL)
    for i in range(selectors.UNIT_CHOICES_LIMIT + 5):
        EmployeeFactory(agency=agency, unit=UnitFactory(agency=agency, parent=root, name=f"Bagian {i}"))
    response = client.get(URL)
    assert len(response.context["form"].fields["unit"].choices) <= selectors.UNIT_CHOICES_LIMIT + 1
    assert _queries(client, URL) == small
    assert _queries(client, URL, q="zzz") == _queries(client, URL, q="bagian")  # name searches: see below


# --- the profile -------------------------------------------------------------------------------------------


def _every_history(employee: Employee) -> None:
    RankHistoryFactory(employee=employee, rank=rank_code("III/a"), effective_date=dt.date(2015, 4, 1))
    PositionHistory.objects.create(employee=employee, position_name="Analis SDM", start_date=dt.date(2020, 1, 2))
    EducationHistory.objects.create(
        employee=employee, level="S1", institution="UNRAM", graduation_date=dt.date(2008, 9, 1)
    )
    TrainingHistory.objects.create(employee=employee, name="Latsar", start_date=dt.date(2010, 5, 1),
                                   end_date=dt.date(2010, 6, 30), hours=40)  # fmt: skip
    PerformanceHistoryFactory(employee=employee, year=2023, predicate="BAIK")
    AwardHistory.objects.create(employee=employee, name="Satyalancana", awarded_on=dt.date(2021, 8, 17))
    SanctionHistory.objects.create(employee=employee, level="RINGAN", kind="Teguran", start_date=dt.date(2012, 1, 1),
                                   end_date=dt.date(2012, 6, 30))  # fmt: skip
    SalaryIncrementHistory.objects.create(employee=employee, effective_date=dt.date(2024, 1, 1), base_salary=3_500_000)
    Document.objects.create(employee=employee, doc_type="SK_PANGKAT", file="x.pdf", original_name="x.pdf",
                            content_type="application/pdf", size=10)  # fmt: skip
    CorrectionRequest.objects.create(employee=employee, field="phone", current_value="", proposed_value="0812")


def test_profile_queries_are_the_same_for_every_employee(agency, unit, make_user, login):
    """With or without each kind of history, PNS, PPPK or CPNS: the same number of queries."""
    bare = EmployeeFactory(agency=agency, unit=unit)
    full = EmployeeFactory(agency=agency, unit=unit)
    _every_history(full)
    pppk = EmployeeFactory(agency=agency, unit=unit, employment_type="PPPK", rank=None, rank_since=None, pns_date=None)
    cpns = EmployeeFactory(agency=agency, unit=unit, employment_type="CPNS", pns_date=None)
    client = login(make_user(Role.PERSONNEL, agency))
    counts = {
        e.pk: _queries(client, reverse("personnel:employee_detail", args=[e.pk])) for e in (bare, full, pppk, cpns)
    }
    assert len(set(counts.values())) == 1, counts


@pytest.mark.parametrize("sanction_end", [None, dt.date(2000, 1, 1)])
def test_outlook_reads_prefetched_histories_like_the_database(agency, unit, make_user, sanction_end):
    employee = EmployeeFactory(agency=agency, unit=unit, rank_since=dt.date(2015, 4, 1))
    today = dt.date(2025, 1, 15)
    for year in (2022, 2023, 2024):
        PerformanceHistoryFactory(employee=employee, year=year, predicate="BAIK")
    SanctionHistory.objects.create(employee=employee, level="SEDANG", kind="Penundaan", start_date=dt.date(1999, 1, 1),
                                   end_date=sanction_end)  # fmt: skip
    plain = employee_outlook(Employee.objects.get(pk=employee.pk), today=today)
    profile = selectors.employee_profile_get(make_user(Role.PERSONNEL, agency), employee.pk)
    with CaptureQueriesContext(connection) as queries:
        prefetched = employee_outlook(profile, today=today)
    assert [(i.kind, i.status, i.date, i.reasons) for i in prefetched] == [
        (i.kind, i.status, i.date, i.reasons) for i in plain
    ]
    assert not any("performancehistory" in q["sql"] or "sanctionhistory" in q["sql"] for q in queries.captured_queries)


def test_name_search_sorts_only_the_capped_matches_and_says_there_are_more(agency, make_user, login, monkeypatch):
    monkeypatch.setattr(selectors, "NAME_MATCH_CAP", 2)
    unit = UnitFactory(agency=agency)
    for name in ("Dodi Haryanto", "Ani Haryanto", "Cici Haryanto", "Budi Haryanto"):
        EmployeeFactory(agency=agency, unit=unit, name=name)
    client = login(make_user(Role.PERSONNEL, agency))
    response = client.get(URL, {"q": "haryanto"})
    shown = names(response)
    assert len(shown) == 3 and shown == sorted(shown)
    assert response.context["paginator"].capped
    assert "Lebih dari 2 pegawai (2+)" in response.content.decode()
    # a NIP search and the export are not capped this way
    assert len(names(client.get(URL, {"q": "19"}))) == 4
    export = selectors.employee_list(make_user(Role.PERSONNEL, agency), selectors.EmployeeFilters(q="haryanto"))
    assert export.count() == 4


def _employee_reads(client, **params) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    return len(sql), [q for q in sql if 'FROM "personnel_employee"' in q]


def test_name_search_is_one_pass_and_a_page_load_whatever_the_number_of_matches(agency, make_user, login):
    """The matches' ids and sort keys in one capped, unsorted query (the count and the order come from it), then
    the page's rows by id: the same queries for one match, for several pages of them, and on the second page."""
    unit = UnitFactory(agency=agency)
    budi = EmployeeFactory(agency=agency, unit=unit, name="Budi Haryanto")
    client = login(make_user(Role.PERSONNEL, agency))
    one, (search, page) = _employee_reads(client, q="haryanto")
    assert f"LIMIT {selectors.NAME_MATCH_CAP + 1}" in search and "ORDER BY" not in search
    assert "ORDER BY" not in page
    for i in range(60):
        EmployeeFactory(agency=agency, unit=unit, name=f"Pegawai {chr(97 + i % 26)} Haryanto")
    assert _employee_reads(client, q="haryanto")[0] == one
    total, reads = _employee_reads(client, q="haryanto", page=2)
    assert total == one and len(reads) == 2
    assert _queries(client, URL, q=budi.nip) == one  # a NIP search that finds someone: count and page
    # no word starts with "ryanto": the search falls back to "contains", one more query
    fallback, reads = _employee_reads(client, q="ryanto")
    assert fallback == one + 1 and len(reads) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the agency-prefixed word index is PostgreSQL's")
def test_agency_name_search_never_returns_another_agencys_namesake(agency, other_agency, make_user):
    """An agency user's name search goes through the agency-prefixed word index (migration 0005) and still keeps
    an agency condition: an identical name in another agency is never a match."""
    ours = EmployeeFactory(agency=agency, unit=UnitFactory(agency=agency), name="Budi Haryanto")
    EmployeeFactory(agency=other_agency, unit=UnitFactory(agency=other_agency), name="Budi Haryanto")
    EmployeeFactory(agency=other_agency, unit=UnitFactory(agency=other_agency), name="Budi A.Haryanto-Santoso")
    for user in (make_user(Role.PERSONNEL, agency), make_user(Role.PERSONNEL, other_agency)):
        for q in ("haryanto", "budi har", "Budi Haryanto", "har"):
            matches = selectors.name_search(user, selectors.EmployeeFilters(q=q))
            assert {e.agency_id for e in matches[:50]} == {user.agency_id}, q
            assert not matches.contains
        with CaptureQueriesContext(connection) as queries:
            selectors.name_search(user, selectors.EmployeeFilters(q="haryanto"))
        assert f"'a{user.agency_id}wharyanto:*'" in queries.captured_queries[0]["sql"]
    mine = selectors.name_search(make_user(Role.PERSONNEL, agency), selectors.EmployeeFilters(q="haryanto"))
    assert mine.ids == [ours.pk]
    national = selectors.name_search(
        make_user(Role.ADMIN, None, is_superuser=True), selectors.EmployeeFilters(q="haryanto")
    )
    assert len(national) == 3
