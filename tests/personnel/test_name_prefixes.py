"""Short name searches (one or two letters, typed live): found by any word of the name on every database; on
PostgreSQL through the name prefix table (migration 0006), which follows every way an employee's name or agency
changes: insert, rename, move, delete, the spreadsheet import and the national generator."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jenjang.accounts.models import Role
from jenjang.demo import national
from jenjang.personnel import selectors
from jenjang.personnel.models import Employee, EmployeeNamePrefix
from tests.factories import EmployeeFactory, UnitFactory
from tests.personnel.test_employee_list import expected_matches
from tests.personnel.test_import import person, run_import, workbook_bytes

pytestmark = pytest.mark.django_db
URL = reverse("personnel:employee_list")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the prefix table is PostgreSQL's")

OURS = [
    "Budi Haryanto", "Haryati Putri", "Siti A.Rahman", "Rahmat Hidayat", "Ahmad Rasyid", "Dewi Sartika-Hartono",
    "I Gede Ngurah", "Nur Aisyah", "Yohanes O'Neil", "Andi Baso", "Hadi Hartono Hasibuan",
]  # fmt: skip
THEIRS = ["Hadi Provinsi", "Rahma Lain", "Agus Nugraha"]


@pytest.fixture
def people(agency, other_agency):
    unit, their_unit = UnitFactory(agency=agency), UnitFactory(agency=other_agency)
    for name in OURS:
        EmployeeFactory(agency=agency, unit=unit, name=name)
    for name in THEIRS:
        EmployeeFactory(agency=other_agency, unit=their_unit, name=name)


def shown(client, q: str) -> list[str]:
    return [e.name for e in client.get(URL, {"q": q}).context["page_obj"].object_list]


@pytest.mark.parametrize("q", ["h", "ha", "HA", "r", "ra", "n", "ng", "o", "s a", "a h", "ha ha", "x", "zq"])
def test_a_short_search_finds_people_by_any_word_of_their_name(people, agency, make_user, login, q):
    """Every searched word begins some word of the name (first name, surname, after a dot, hyphen or quote), for
    an agency's staff (their agency only) and a national administrator (everyone); the page and the export agree."""
    staff = make_user(Role.PERSONNEL, agency)
    national_admin = make_user(Role.ADMIN, None, is_superuser=True)
    for user, names in ((staff, OURS), (national_admin, OURS + THEIRS)):
        expected = sorted(expected_matches(names, q))
        assert shown(login(user), q) == expected, (user.role, q)
        export = selectors.employee_list(user, selectors.EmployeeFilters(q=q))
        assert [e.name for e in export] == expected
    assert sorted(expected_matches(OURS, "ha")) == ["Budi Haryanto", "Dewi Sartika-Hartono", "Hadi Hartono Hasibuan",
                                                    "Haryati Putri"]  # fmt: skip


def test_a_short_search_keeps_the_other_filters(people, agency, make_user, login):
    """A short search with a filter (here the status) still applies it."""
    Employee.objects.filter(name="Haryati Putri").update(status="RETIRED")
    client = login(make_user(Role.PERSONNEL, agency))
    assert "Haryati Putri" not in shown(client, "ha")
    assert "Haryati Putri" in [e.name for e in client.get(URL, {"q": "ha", "status": "all"}).context["page_obj"]]
    assert [e.name for e in client.get(URL, {"q": "ha", "status": "RETIRED"}).context["page_obj"]] == ["Haryati Putri"]


# --- PostgreSQL: the prefix table ----------------------------------------------------------------------------


def expected_prefixes(name: str) -> set[str]:
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", name)]
    return {w[:n] for w in words for n in (1, 2)}


def stored(employee_id: int) -> tuple[set[str], set[int]]:
    rows = EmployeeNamePrefix.objects.filter(employee_id=employee_id).values_list("prefix", "agency_id")
    return {prefix for prefix, _ in rows}, {agency_id for _, agency_id in rows}


@postgres_only
def test_the_prefix_table_follows_inserts_renames_moves_and_deletes(agency, other_agency):
    budi = EmployeeFactory(agency=agency, name="Budi A.Haryanto-Santoso")
    assert stored(budi.pk) == ({"b", "bu", "a", "h", "ha", "s", "sa"}, {agency.pk})
    budi.name = "Budiman Wijaya"
    budi.save()
    assert stored(budi.pk) == ({"b", "bu", "w", "wi"}, {agency.pk})
    Employee.objects.filter(pk=budi.pk).update(name="Ni Luh Putu")
    assert stored(budi.pk) == ({"n", "ni", "l", "lu", "p", "pu"}, {agency.pk})
    Employee.objects.filter(pk=budi.pk).update(agency=other_agency)  # moved: an agency search finds them there
    assert stored(budi.pk) == ({"n", "ni", "l", "lu", "p", "pu"}, {other_agency.pk})
    Employee.objects.filter(pk=budi.pk).update(email="budi@example.org")  # neither name nor agency: untouched
    assert stored(budi.pk) == ({"n", "ni", "l", "lu", "p", "pu"}, {other_agency.pk})
    created = Employee.objects.bulk_create(
        [EmployeeFactory.build(agency=agency, unit=None, position=None, name=f"Pegawai {c}") for c in "XY"]
    )
    assert [stored(e.pk)[0] for e in created] == [{"p", "pe", "x"}, {"p", "pe", "y"}]
    budi.delete()
    Employee.objects.filter(pk=created[0].pk).delete()
    assert stored(budi.pk) == (set(), set()) and stored(created[0].pk) == (set(), set())
    assert EmployeeNamePrefix.objects.count() == 3  # the one left: p, pe, y


@postgres_only
def test_imported_employees_are_found_by_a_short_search(make_user, agency, unit, login, settings):
    settings.JOBS_RUNNER = "inline"
    staff = make_user(Role.PERSONNEL, agency)
    rows = [person(1, Nama="Wayan Sudirta"), person(2, Nama="Ketut Wiryawan")]
    run_import(staff, agency, workbook_bytes({"Pegawai": rows}), sheet="Pegawai")
    for employee in Employee.objects.filter(agency=agency):
        assert stored(employee.pk) == (expected_prefixes(employee.name), {agency.pk})
    assert shown(login(staff), "wi") == ["Ketut Wiryawan"]
    assert shown(login(staff), "s") == ["Wayan Sudirta"]
    # a re-import by NIP renames (bulk_update): the prefixes follow
    run_import(staff, agency, workbook_bytes({"Pegawai": [person(1, Nama="Wayan Wibisono")]}), sheet="Pegawai")
    assert shown(login(staff), "wi") == ["Ketut Wiryawan", "Wayan Wibisono"]
    assert shown(login(staff), "su") == []  # no word begins with it any more, and no name contains it


@postgres_only
def test_a_short_search_reads_the_prefix_table_and_stops_at_the_cap(people, agency, other_agency, make_user):
    """One query, through the prefix table, capped; an agency's staff never reach another agency's namesakes."""
    for user in (make_user(Role.PERSONNEL, agency), make_user(Role.PERSONNEL, other_agency),
                 make_user(Role.ADMIN, None, is_superuser=True)):  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            matches = selectors.name_search(user, selectors.EmployeeFilters(q="ha"))
        (search,) = [q["sql"] for q in queries.captured_queries]
        assert "personnel_employeenameprefix" in search and f"LIMIT {selectors.NAME_MATCH_CAP + 1}" in search
        agencies = {e.agency_id for e in matches[:50]}
        assert agencies == ({user.agency_id} if user.agency_id else {agency.pk, other_agency.pk})
    assert len(selectors.name_search(make_user(Role.PERSONNEL, other_agency), selectors.EmployeeFilters(q="ha"))) == 1


@postgres_only
@pytest.mark.parametrize("rebuild_from", [100, 10_000])
def test_the_generator_writes_the_prefixes_set_based_and_the_reset_removes_them(monkeypatch, agency, rebuild_from):
    """The national generator loads employees with the row triggers off and fills the prefix table in one
    statement (with and without re-building the indexes); `--reset` removes them; the triggers are on again
    afterwards."""
    monkeypatch.setattr(national, "REBUILD_FROM", rebuild_from)
    ours = EmployeeFactory(agency=agency, name="Budi Haryanto")
    messages: list[str] = []
    national.national_delete()
    result = national.generate_population(employees=300, agencies=2, progress=messages.append)
    assert any("name prefixes written" in m for m in messages), messages
    with connection.cursor() as cursor:  # the primary key (dropped for the load when re-building) and the index
        cursor.execute(
            """SELECT pg_get_indexdef(indexrelid) FROM pg_index
               WHERE indrelid = 'personnel_employeenameprefix'::regclass ORDER BY 1"""
        )
        assert [" ".join(d.split(" USING ")[1:]) for (d,) in cursor.fetchall()] == [
            "btree (agency_id, prefix, employee_id)", "btree (prefix, employee_id)"
        ]  # fmt: skip
    generated = Employee.objects.filter(agency__code__startswith="NAS-")
    assert generated.count() == result.employees == 300
    for employee in generated:
        assert stored(employee.pk) == (expected_prefixes(employee.name), {employee.agency_id})
    assert national.national_delete() == 300
    assert set(EmployeeNamePrefix.objects.values_list("employee_id", flat=True)) == {ours.pk}
    EmployeeFactory(agency=agency, name="Wayan Sudirta")  # the row triggers are on again
    assert EmployeeNamePrefix.objects.filter(prefix="wa").count() == 1
