from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jenjang.careers import rules
from jenjang.domain.dates import add_years
from jenjang.domain.parameters import default_parameters
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
URL = reverse("careers:due_lists")


@pytest.fixture
def period():
    return rules.next_promotion_period(timezone.localdate(), default_parameters())


@pytest.fixture
def eligible(make_employee, period):
    year = period.year
    return lambda **kw: make_employee(
        rank_since=add_years(period, -5), predicates={year - 1: "BAIK", year - 2: "SANGAT_BAIK"}, **kw
    )


@pytest.mark.parametrize("role", ["ADMIN", "PERSONNEL", "LEADER", "AUDITOR"])
def test_agency_readers_see_the_due_lists_with_reasons(role, agency, make_user, login, eligible):
    employee = eligible(name="Siti Aminah")
    response = login(make_user(role, agency)).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Siti Aminah" in html
    assert reverse("personnel:employee_detail", args=[employee.pk]) in html
    assert "Memenuhi syarat kenaikan pangkat reguler dari III/b ke III/c" in html
    assert employee.nip in html


@pytest.mark.parametrize("role", ["SUPERVISOR", "EMPLOYEE"])
def test_other_roles_are_refused(role, agency, make_user, login):
    assert login(make_user(role, agency)).get(URL).status_code == 403


def test_another_agencys_unit_is_not_found(agency, other_agency, make_user, login):
    foreign = UnitFactory(agency=other_agency)
    assert login(make_user("PERSONNEL", agency)).get(URL, {"unit": foreign.pk}).status_code == 404


def test_blocked_filter_shows_blocking_codes(agency, make_user, login, make_employee, period, eligible):
    eligible(name="Ahmad Fauzi")
    make_employee(
        name="Budi Santoso",
        rank_since=add_years(period, -5),
        predicates={period.year - 1: "KURANG", period.year - 2: "BAIK"},
    )
    client = login(make_user("PERSONNEL", agency))
    html = client.get(URL, {"tab": "rank_promotion", "status": "blocked"}).content.decode()
    assert "Budi Santoso" in html and "Ahmad Fauzi" not in html
    assert "Predikat kinerja dua tahun terakhir belum memenuhi" in html


def test_htmx_tab_returns_only_the_panel(agency, make_user, login, make_employee):
    make_employee(name="Lama Menjabat", position_since=add_years(timezone.localdate(), -6))
    client = login(make_user("PERSONNEL", agency))
    response = client.get(URL, {"tab": "rotation"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Lama Menjabat" in html
    assert "Melewati batas" in html


def test_export_has_every_row_with_reasons_and_legal_basis(agency, make_user, login, eligible):
    for i in range(3):
        eligible(name=f"Pegawai {i}")
    client = login(make_user("LEADER", agency))
    response = client.get(reverse("careers:due_list_export", args=["rank_promotion"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "NIP",
        "Nama",
        "Golongan",
        "Unit kerja",
        "Tanggal",
        "Status",
        "Hambatan",
        "Alasan",
        "Dasar hukum",
    )
    assert sorted(row[1] for row in rows[1:]) == ["Pegawai 0", "Pegawai 1", "Pegawai 2"]
    assert all("Memenuhi syarat" in row[7] and "PP 99/2000" in row[8] for row in rows[1:])


def test_export_of_unknown_list_is_not_found(agency, make_user, login):
    client = login(make_user("PERSONNEL", agency))
    assert client.get(reverse("careers:due_list_export", args=["nothing"])).status_code == 404


def test_page_query_count_is_constant(agency, make_user, login, eligible, django_assert_max_num_queries):
    client = login(make_user("PERSONNEL", agency))
    counts = []
    for batch in (5, 45):  # 5, then 50 employees
        for _ in range(batch):
            eligible()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(14):  # the main menu's per-app entries (unread counts...) included
        client.get(URL)
