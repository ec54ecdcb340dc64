from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jenjang.accounts.models import Role
from jenjang.domain.vocab import rank_code
from jenjang.personnel import selectors
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db
URL = reverse("personnel:employee_list")


def names(response) -> list[str]:
    return [e.name for e in response.context["page_obj"].object_list]


@pytest.fixture
def org(agency, other_agency):
    """Two agencies; in ours a unit tree root > child, and an unrelated sibling unit."""
    root = UnitFactory(agency=agency, name="Direktorat")
    child = UnitFactory(agency=agency, parent=root, name="Subbagian")
    sibling = UnitFactory(agency=agency, name="Biro Lain")
    boss = EmployeeFactory(agency=agency, unit=root, name="Budi Atasan")
    sub = EmployeeFactory(agency=agency, unit=child, name="Citra Bawahan")
    other = EmployeeFactory(agency=agency, unit=sibling, name="Dewi Samping")
    foreign = EmployeeFactory(agency=other_agency, name="Eko Provinsi")
    return {
        "root": root,
        "child": child,
        "sibling": sibling,
        "boss": boss,
        "sub": sub,
        "other": other,
        "foreign": foreign,
    }


@pytest.mark.parametrize("role", [Role.PERSONNEL, Role.LEADER, Role.AUDITOR, Role.ADMIN])
def test_agency_readers_see_the_whole_agency_and_nothing_else(org, agency, make_user, login, role):
    response = login(make_user(role, agency)).get(URL)
    assert response.status_code == 200
    assert sorted(names(response)) == ["Budi Atasan", "Citra Bawahan", "Dewi Samping"]


def test_supervisor_sees_own_unit_subtree_only(org, agency, make_user, login):
    response = login(make_user(Role.SUPERVISOR, agency, employee=org["boss"])).get(URL)
    assert sorted(names(response)) == ["Budi Atasan", "Citra Bawahan"]


def test_employee_cannot_open_the_list(org, agency, make_user, login):
    response = login(make_user(Role.EMPLOYEE, agency, employee=org["sub"])).get(URL)
    assert response.status_code == 403
    assert b"Budi" not in response.content


def test_employee_scope_is_self_only(org, agency, make_user):
    user = make_user(Role.EMPLOYEE, agency, employee=org["sub"])
    assert [e.name for e in selectors.employee_list(user)] == ["Citra Bawahan"]


def test_search_by_name_is_case_insensitive_contains(org, agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    assert names(client.get(URL, {"q": "bAwAh"})) == ["Citra Bawahan"]
    assert names(client.get(URL, {"q": "provinsi"})) == []


def test_search_by_digits_is_a_nip_prefix(org, agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    target = org["other"]
    assert names(client.get(URL, {"q": target.nip})) == ["Dewi Samping"]
    prefix = target.nip[:8]  # birth date: every factory employee shares it
    assert len(names(client.get(URL, {"q": prefix}))) == 3
    assert names(client.get(URL, {"q": "99999999"})) == []


def test_unit_filter_includes_sub_units(org, agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    assert sorted(names(client.get(URL, {"unit": org["root"].pk}))) == ["Budi Atasan", "Citra Bawahan"]
    assert names(client.get(URL, {"unit": org["child"].pk})) == ["Citra Bawahan"]


def test_filters_rank_level_type_status(agency, make_user, login):
    unit = UnitFactory(agency=agency)
    admin_pos = PositionFactory(agency=agency, unit=unit, level="ADMINISTRATOR")
    EmployeeFactory(agency=agency, unit=unit, name="Andi", rank=rank_code("IV/a"), position=admin_pos)
    EmployeeFactory(agency=agency, unit=unit, name="Bayu", employment_type="PPPK", rank=None, rank_since=None)
    EmployeeFactory(agency=agency, unit=unit, name="Cahya", status="RETIRED")
    EmployeeFactory(agency=agency, unit=unit, name="Dina", status="STUDY")
    client = login(make_user(Role.PERSONNEL, agency))
    assert names(client.get(URL, {"rank": rank_code("IV/a")})) == ["Andi"]
    assert names(client.get(URL, {"level": "ADMINISTRATOR"})) == ["Andi"]
    assert names(client.get(URL, {"employment_type": "PPPK"})) == ["Bayu"]
    # default: active statuses (study leave is active, retired is not)
    assert names(client.get(URL)) == ["Andi", "Bayu", "Dina"]
    assert names(client.get(URL, {"status": "RETIRED"})) == ["Cahya"]
    assert names(client.get(URL, {"status": "all"})) == ["Andi", "Bayu", "Cahya", "Dina"]


def test_sorting_is_whitelisted(agency, make_user, login):
    unit = UnitFactory(agency=agency)
    EmployeeFactory(agency=agency, unit=unit, name="Anto", rank=rank_code("III/c"), rank_since=dt.date(2015, 4, 1))
    EmployeeFactory(agency=agency, unit=unit, name="Beni", rank=rank_code("II/a"), rank_since=dt.date(2022, 4, 1))
    EmployeeFactory(agency=agency, unit=unit, name="Caca", rank=rank_code("IV/b"), rank_since=dt.date(2010, 4, 1))
    client = login(make_user(Role.PERSONNEL, agency))
    assert names(client.get(URL, {"sort": "-name"})) == ["Caca", "Beni", "Anto"]
    assert names(client.get(URL, {"sort": "rank"})) == ["Beni", "Anto", "Caca"]
    assert names(client.get(URL, {"sort": "-rank_since"})) == ["Beni", "Anto", "Caca"]
    # an unknown sort key falls back to the name order instead of reaching the ORM
    assert names(client.get(URL, {"sort": "agency__name"})) == ["Anto", "Beni", "Caca"]


def test_pagination_pages_through_everyone(agency, make_user, login):
    unit = UnitFactory(agency=agency)
    EmployeeFactory.create_batch(55, agency=agency, unit=unit)
    client = login(make_user(Role.PERSONNEL, agency))
    first, second = client.get(URL), client.get(URL, {"page": 2})
    ids_first = {e.pk for e in first.context["page_obj"].object_list}
    ids_second = {e.pk for e in second.context["page_obj"].object_list}
    assert len(ids_first) == 50 and len(ids_second) == 5
    assert not ids_first & ids_second
    assert "55 pegawai" in first.content.decode()


def test_count_is_capped_and_shown_as_more_than(agency, make_user, monkeypatch):
    monkeypatch.setattr(selectors.CappedPaginator, "cap", 3)
    unit = UnitFactory(agency=agency)
    EmployeeFactory.create_batch(6, agency=agency, unit=unit)
    paginator = selectors.CappedPaginator(selectors.employee_list(make_user(Role.PERSONNEL, agency)), 2)
    assert paginator.count == 4  # counted up to cap + 1, not 6
    assert paginator.capped


def test_htmx_request_gets_the_table_partial(org, agency, make_user, login):
    response = login(make_user(Role.PERSONNEL, agency)).get(URL, {"q": "Budi"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "Budi Atasan" in body and "Dewi" not in body


@pytest.mark.parametrize("count", [5, 50])
def test_list_runs_a_constant_number_of_queries(agency, make_user, login, django_assert_max_num_queries, count):
    unit = UnitFactory(agency=agency)
    for _ in range(count):
        EmployeeFactory(agency=agency, unit=unit, position=PositionFactory(agency=agency, unit=unit))
    client = login(make_user(Role.PERSONNEL, agency))
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(names(response)) == min(count, 50)


def test_export_contains_the_filtered_scoped_rows(org, agency, make_user, login):
    response = login(make_user(Role.PERSONNEL, agency)).get(
        reverse("personnel:employee_export"), {"unit": org["root"].pk}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("NIP", "Nama")
    assert sorted(r[1] for r in rows[1:]) == ["Budi Atasan", "Citra Bawahan"]
    assert {r[0] for r in rows[1:]} == {org["boss"].nip, org["sub"].nip}


def test_export_for_supervisor_never_contains_outside_rows(org, agency, make_user, login):
    client = login(make_user(Role.SUPERVISOR, agency, employee=org["boss"]))
    response = client.get(reverse("personnel:employee_export"), {"status": "all"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sorted(r[1] for r in list(sheet.iter_rows(values_only=True))[1:]) == ["Budi Atasan", "Citra Bawahan"]


def test_page_says_more_than_the_cap_instead_of_counting_everything(agency, make_user, login, monkeypatch):
    monkeypatch.setattr(selectors.CappedPaginator, "cap", 3)
    unit = UnitFactory(agency=agency)
    EmployeeFactory.create_batch(5, agency=agency, unit=unit)
    body = login(make_user(Role.PERSONNEL, agency)).get(URL).content.decode()
    assert "Lebih dari 3 pegawai (3+)" in body
    assert "5 pegawai" not in body


def test_export_link_carries_the_current_filters(org, agency, make_user, login):
    body = login(make_user(Role.PERSONNEL, agency)).get(URL, {"q": "Budi", "page": 1}).content.decode()
    assert reverse("personnel:employee_export") + "?q=Budi" in body


# --- name search: word starts, falling back to "contains" ------------------------------------------------------

SEARCH_NAMES = [
    "Budi Haryanto", "Dewi Suryanto", "Haryati Budiman", "A.Rahman Hakim", "Siti-Aisyah Putri", "O'Neil Putra",
    "Ni Luh Ayu", "Anto Wijaya", "Suhartono", "Yanti Hartati", "Rudi Santoso", "Élodie Anggraini",
]  # fmt: skip
SEARCHES = [
    "har", "HAR", "haryanto", "ryanto", "anto", "budi har", "har budi", "rahman", "a.r", "aisyah", "siti aisyah",
    "neil", "o'neil", "putr", "lodie", "ng", "i l", "zzz", "santoso rudi", "  Hart  ",
]  # fmt: skip


def expected_matches(names: list[str], q: str) -> list[str]:
    """The search in plain Python: every searched word (ASCII letters only) begins a word of the name (a run
    of ASCII letters); when no name has them, or q has other characters, the names that contain q."""
    q = q.strip()
    words = q.lower().split()
    if all(re.fullmatch(r"[a-z]+", w) for w in words):

        def starts(name: str) -> bool:
            name_words = re.split(r"[^a-z]+", name.lower())
            return all(any(nw.startswith(w) for nw in name_words) for w in words)

        found = [n for n in names if starts(n)]
        if found:
            return found
    return [n for n in names if q.lower() in n.lower()]


@pytest.fixture
def searchable(agency, other_agency):
    unit = UnitFactory(agency=agency)
    for name in SEARCH_NAMES:
        EmployeeFactory(agency=agency, unit=unit, name=name)
    EmployeeFactory(agency=other_agency, name="Budi Haryanto Provinsi")  # never found by the agency's staff
    return SEARCH_NAMES


@pytest.mark.parametrize("q", SEARCHES)
def test_name_search_finds_what_a_plain_python_filter_finds(searchable, agency, make_user, login, q):
    user = make_user(Role.PERSONNEL, agency)
    expected = sorted(expected_matches(searchable, q))
    assert expected or q in ("zzz",)
    assert names(login(user).get(URL, {"q": q})) == expected  # the page: one pass, sorted by name
    export = selectors.employee_list(user, selectors.EmployeeFilters(q=q))
    assert [e.name for e in export] == expected  # the export: the same rows


def test_name_search_says_how_it_matches(searchable, agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    note = 'id="name-search-note"'
    assert note in client.get(URL, {"q": "har"}).content.decode()
    assert note not in client.get(URL).content.decode()
    assert note not in client.get(URL, {"q": "1985"}).content.decode()  # a NIP search


@pytest.mark.parametrize("sort", sorted(selectors.SORTS))
def test_name_search_sorts_like_the_list(agency, make_user, login, sort):
    """The matches sorted in Python come in the order the database gives the same rows (NULL ranks included)."""
    first, second = UnitFactory(agency=agency, name="A"), UnitFactory(agency=agency, name="B")
    people = [
        ("Budi Santoso", first, rank_code("III/a"), dt.date(2015, 4, 1)),
        ("Ani Santoso", second, rank_code("III/a"), dt.date(2015, 4, 1)),
        ("Cici Santoso", first, None, None),
        ("Dodi Santoso", second, rank_code("IV/a"), dt.date(2010, 4, 1)),
        ("Eka Santoso", first, None, None),
        ("Ani Santoso", first, rank_code("II/b"), dt.date(2020, 10, 1)),
    ]
    for name, unit, rank, since in people:
        EmployeeFactory(agency=agency, unit=unit, name=name, rank=rank, rank_since=since,
                        employment_type="PNS" if rank else "PPPK")  # fmt: skip
    user = make_user(Role.PERSONNEL, agency)
    response = login(user).get(URL, {"q": "santoso", "sort": sort})
    in_database_order = selectors.employee_list(user, selectors.EmployeeFilters(q="santoso", sort=sort))
    assert [e.pk for e in response.context["page_obj"].object_list] == [e.pk for e in in_database_order]
    assert response.context["sort"] == sort


def test_rows_show_every_cell_and_the_filters_keep_their_choice(agency, make_user, login):
    """The rows are printed from cells prepared in the view, the filter selects from plain options: the page
    shows what the per-row template lookups and the form widgets showed."""
    unit = UnitFactory(agency=agency, name="Bagian Umum")
    full = EmployeeFactory(agency=agency, unit=unit, position=PositionFactory(agency=agency, unit=unit, name="Analis"),
                           name="Budi Lengkap", front_title="Dr.", back_title="S.E.", rank=rank_code("III/a"),
                           rank_since=dt.date(2015, 4, 1), employment_type="PNS", status="ACTIVE")  # fmt: skip
    bare = EmployeeFactory(agency=agency, unit=None, position=None, name="Budi Kosong", rank=None, rank_since=None,
                           employment_type="PPPK", status="ACTIVE")  # fmt: skip
    client = login(make_user(Role.PERSONNEL, agency))
    body = client.get(URL, {"q": "budi", "unit": unit.pk, "status": "all"}).content.decode()
    href = reverse("personnel:employee_detail", args=[full.pk])
    assert f'<a href="{href}">Dr. Budi Lengkap, S.E.</a>' in body
    assert "<td>III/a</td>" in body and "<td>Analis</td>" in body and "<td>Bagian Umum</td>" in body
    assert re.search(r"<td>0?1/0?4/2015</td>|<td>04/01/2015</td>|<td>2015-04-01</td>", body)
    assert f'<option value="{unit.pk}" selected>' in body and '<option value="all" selected>' in body
    assert '<select name="rank" id="id_rank"><option value="" selected>' in body
    body = client.get(URL, {"q": "kosong"}).content.decode()
    assert reverse("personnel:employee_detail", args=[bare.pk]) in body
    assert body.count("<td>—</td>") == 4  # rank, its date, position and unit
