"""Rank promotion by position (pilihan) and the move into a functional position, as agency-wide lists; and the
choice of the promotion period on the due-list page and in the proposals xlsx."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from jenjang.careers import rules
from jenjang.careers.duelists import (
    functional_move_due_list,
    promotion_periods,
    rank_by_position_due_list,
    rank_promotion_due_list,
)
from jenjang.domain.dates import add_years
from jenjang.domain.parameters import default_parameters
from jenjang.personnel.models import Employee

from .conftest import PERIOD, TODAY

pytestmark = pytest.mark.django_db
PARAMS = default_parameters()


def nips(found, status=None):
    return {row.nip for row in found.rows if status is None or row.status == status}


def by_position(period=PERIOD):
    return rank_by_position_due_list(Employee.objects.all(), today=TODAY, params=PARAMS, period=period)


def functional():
    return functional_move_due_list(Employee.objects.all(), today=TODAY, params=PARAMS)


# --- Rank promotion by position: a structural post lets the rank pass the education ceiling, up to its band. ---


def test_promotion_periods_are_the_regulations_next_dates():
    assert promotion_periods(TODAY, PARAMS) == [
        dt.date(2025, 4, 1),
        dt.date(2025, 6, 1),
        dt.date(2025, 8, 1),
        dt.date(2025, 10, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 2, 1),
    ]
    # Before 2024 only April and October were periods (PP 99/2000 jo PP 12/2002).
    assert promotion_periods(dt.date(2022, 11, 15), PARAMS, count=3) == [
        dt.date(2023, 4, 1),
        dt.date(2023, 10, 1),
        dt.date(2024, 2, 1),
    ]


def test_by_position_boundary_day_of_years_in_rank(make_employee):
    on_time = make_employee(rank="III/d", education="S1", level="ADMINISTRATOR", rank_since=add_years(PERIOD, -4))
    late = make_employee(
        rank="III/d", education="S1", level="ADMINISTRATOR", rank_since=add_years(PERIOD, -4) + dt.timedelta(days=1)
    )
    found = by_position()
    assert nips(found, "due") == {on_time.nip}
    assert late.nip not in nips(found)
    row = found.rows[0]
    assert row.date == PERIOD
    assert row.reasons[0] == "Memenuhi syarat kenaikan pangkat pilihan (jabatan)"
    assert "Jabatan ADMINISTRATOR: pangkat tertinggi IV/b; kenaikan pangkat pilihan dari III/d ke IV/a" in row.reasons
    assert any("PP 13/2002" in basis for basis in row.legal_basis)
    assert any("Keputusan Kepala BKN 12/2002" in basis for basis in row.legal_basis)


def test_by_position_only_where_the_education_ceiling_holds_back_and_the_band_allows(make_employee):
    since = dt.date(2020, 1, 1)
    below_ceiling = make_employee(rank="III/c", education="S1", level="ADMINISTRATOR", rank_since=since)
    top_of_band = make_employee(rank="III/d", education="S1", level="PENGAWAS", rank_since=since)
    functional_post = make_employee(rank="III/d", education="S1", level="JF_AHLI_MUDA", rank_since=since)
    staff = make_employee(rank="III/d", education="S1", level="PELAKSANA", rank_since=since)
    by_pratama = make_employee(rank="IV/c", education="S2", level="JPT_PRATAMA", rank_since=since)
    found = by_position()
    assert nips(found) == {by_pratama.nip}
    assert {below_ceiling.nip, top_of_band.nip, functional_post.nip, staff.nip}.isdisjoint(nips(found))
    # The one below the education ceiling is the regular list's.
    regular = rank_promotion_due_list(Employee.objects.all(), today=TODAY, params=PARAMS)
    assert below_ceiling.nip in nips(regular, "due")


def test_by_position_keeps_the_rules_other_blocks(make_employee):
    bad = make_employee(
        rank="III/d",
        education="S1",
        level="ADMINISTRATOR",
        rank_since=dt.date(2020, 1, 1),
        predicates={2023: "BAIK", 2024: "KURANG"},
    )
    sanctioned = make_employee(
        rank="III/d", education="S1", level="ADMINISTRATOR", rank_since=dt.date(2020, 1, 1), sanction=True
    )
    found = by_position()
    rows = {row.nip: row for row in found.rows}
    assert rows[bad.nip].status == "blocked"
    assert rows[bad.nip].blocked_by == ["PERFORMANCE"]
    assert rows[bad.nip].blocked_labels == ["Predikat kinerja dua tahun terakhir belum memenuhi"]
    assert rows[sanctioned.nip].blocked_by == ["DISCIPLINARY_SANCTION"]


def test_a_later_period_lists_who_reaches_the_years_by_then(make_employee):
    employee = make_employee(rank="III/d", education="S1", level="ADMINISTRATOR", rank_since=dt.date(2021, 5, 15))
    assert employee.nip not in nips(by_position(dt.date(2025, 4, 1)))
    assert employee.nip in nips(by_position(dt.date(2025, 6, 1)), "due")


def test_by_position_reasons_in_english(make_employee):
    make_employee(rank="III/d", education="S1", level="ADMINISTRATOR", rank_since=dt.date(2020, 1, 1))
    with translation.override("en"):
        row = by_position().rows[0]
        assert row.reasons[0] == "Eligible for a promotion by position"
        assert "Post ADMINISTRATOR: highest rank IV/b; promotion by position from III/d to IV/a" in row.reasons


# --- Moving into a functional position. TODAY is 1 March 2025: the predicates of 2023 and 2024 are read. ---


def test_functional_move_age_limit_boundary(make_employee):
    fifty_three = make_employee(rank="III/a", education="S1", level="PELAKSANA", birth_date=dt.date(1971, 3, 2))
    fifty_four = make_employee(rank="III/a", education="S1", level="PELAKSANA", birth_date=dt.date(1971, 3, 1))
    found = functional()
    assert nips(found) == {fifty_three.nip}
    assert fifty_four.nip not in nips(found)
    row = found.rows[0]
    assert row.status == "due"
    assert row.reasons[0] == "Memenuhi syarat perpindahan ke JF Ahli Pertama"
    assert "Usia 53 tahun (batas 53)" in row.reasons
    assert "Uji kompetensi tidak tercatat: masih harus lulus" in row.reasons
    assert any("PermenPANRB 13/2019" in basis for basis in row.legal_basis)


def test_functional_move_ahli_madya_allows_fifty_five(make_employee):
    ok = make_employee(rank="IV/a", education="S2", level="ADMINISTRATOR", birth_date=dt.date(1969, 3, 2))
    old = make_employee(rank="IV/a", education="S2", level="ADMINISTRATOR", birth_date=dt.date(1969, 3, 1))
    found = functional()
    assert nips(found) == {ok.nip}
    assert old.nip not in nips(found)
    assert "Golongan IV/a: JF Ahli Madya" in found.rows[0].reasons


def test_functional_move_experience_boundary(make_employee):
    two_years = make_employee(rank="III/a", education="S1", level="PELAKSANA", appointment_date=dt.date(2023, 3, 1))
    short = make_employee(rank="III/a", education="S1", level="PELAKSANA", appointment_date=dt.date(2023, 3, 2))
    assert nips(functional()) == {two_years.nip}
    assert short.nip not in nips(functional())


def test_functional_move_track_follows_rank_and_education(make_employee):
    terampil = make_employee(rank="II/b", education="SLTA", level="PELAKSANA")
    mahir = make_employee(rank="III/a", education="SLTA", level="PELAKSANA")
    no_education = make_employee(rank="II/a", education="SD", level="PELAKSANA")
    already_functional = make_employee(rank="III/a", education="S1", level="JF_AHLI_PERTAMA")
    bad_year = make_employee(
        rank="III/a", education="S1", level="PELAKSANA", predicates={2023: "BUTUH_PERBAIKAN", 2024: "BAIK"}
    )
    missing_year = make_employee(rank="III/a", education="S1", level="PELAKSANA", predicates={2024: "BAIK"})
    found = functional()
    assert nips(found) == {terampil.nip, mahir.nip}
    assert {no_education.nip, already_functional.nip, bad_year.nip, missing_year.nip}.isdisjoint(nips(found))
    headlines = {row.nip: row.reasons[0] for row in found.rows}
    assert headlines[terampil.nip] == "Memenuhi syarat perpindahan ke JF Terampil"
    assert headlines[mahir.nip] == "Memenuhi syarat perpindahan ke JF Mahir"


# --- Pages: choosing the promotion period. ---


def _setup_page(make_employee):
    today = timezone.localdate()
    periods = promotion_periods(today, PARAMS)
    later = periods[1]
    # Four years in rank are met on the second period, not on the first.
    make_employee(
        name="Pegawai Nanti",
        rank="III/b",
        education="S1",
        rank_since=add_years(later, -4),
        predicates={later.year - 1: "BAIK", later.year - 2: "BAIK", periods[0].year - 1: "BAIK"},
    )
    return periods


def test_page_offers_the_periods_and_lists_for_the_chosen_one(agency, make_user, login, make_employee):
    periods = _setup_page(make_employee)
    client = login(make_user("PERSONNEL", agency))
    url = reverse("careers:due_lists")
    first = client.get(url)
    assert first.status_code == 200
    assert first.context["period"] == periods[0]
    assert "Pegawai Nanti" not in first.content.decode()
    assert f'<option value="{periods[1].isoformat()}"' in first.content.decode()
    chosen = client.get(url, {"periode": periods[1].isoformat()})
    assert chosen.context["period"] == periods[1]
    assert "Pegawai Nanti" in chosen.content.decode()


@pytest.mark.parametrize("raw", ["2020-04-01", "kemarin", "2099-13-01"])
def test_page_refuses_an_unknown_period_with_a_message(raw, agency, make_user, login, make_employee):
    periods = _setup_page(make_employee)
    client = login(make_user("PERSONNEL", agency))
    response = client.get(reverse("careers:due_lists"), {"periode": raw})
    assert response.status_code == 200
    assert response.context["period"] == periods[0]
    assert "Periode kenaikan pangkat tidak dikenal" in response.content.decode()


def test_proposals_xlsx_for_the_chosen_period(agency, make_user, login, make_employee):
    periods = _setup_page(make_employee)
    client = login(make_user("LEADER", agency))
    url = reverse("careers:due_list_export", args=["rank_promotion"])
    response = client.get(url, {"periode": periods[1].isoformat()})
    assert response.status_code == 200
    assert periods[1].isoformat() in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["Pegawai Nanti"]
    assert rows[1][4].date() == periods[1]
    default = client.get(url)
    assert periods[0].isoformat() in default["Content-Disposition"]
    assert len(list(load_workbook(io.BytesIO(b"".join(default.streaming_content))).active.iter_rows())) == 1
    bad = client.get(url, {"periode": "2020-04-01"})
    assert bad.status_code == 400
    assert "Periode kenaikan pangkat tidak dikenal" in bad.content.decode()


def test_new_lists_export_with_reasons(agency, make_user, login, make_employee):
    year = timezone.localdate().year
    make_employee(
        name="Calon JF",
        rank="III/a",
        education="S1",
        level="PELAKSANA",
        birth_date=dt.date(1990, 1, 1),
        predicates={year - 2: "BAIK", year - 1: "SANGAT_BAIK"},
    )
    client = login(make_user("PERSONNEL", agency))
    response = client.get(reverse("careers:due_list_export", args=["functional_move"]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[1][1] == "Calon JF"
    assert "Memenuhi syarat perpindahan ke JF Ahli Pertama" in rows[1][7]
    assert "PermenPANRB 13/2019" in rows[1][8]
    page = client.get(reverse("careers:due_lists"), {"tab": "functional_move"})
    assert "Calon JF" in page.content.decode()
    assert rules.next_promotion_period(timezone.localdate(), PARAMS) == page.context["period"]


def test_api_due_list_for_a_chosen_period_and_a_refused_one(agency, make_user, make_employee):
    from rest_framework.test import APIClient

    periods = _setup_page(make_employee)
    client = APIClient()
    client.force_authenticate(make_user("PERSONNEL", agency))
    url = "/api/v1/careers/due-lists/rank_promotion/"
    chosen = client.get(url, {"periode": periods[1].isoformat()})
    assert [row["name"] for row in chosen.json()["results"]] == ["Pegawai Nanti"]
    assert client.get(url).json()["results"] == []
    bad = client.get(url, {"periode": "2020-04-01"})
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "periode"


def test_page_in_english_names_the_new_lists_and_the_period(agency, make_user, login, make_employee):
    _setup_page(make_employee)
    client = login(make_user("PERSONNEL", agency))
    client.cookies["django_language"] = "en"
    page = client.get(reverse("careers:due_lists"), {"tab": "rank_by_position"})
    text = page.content.decode()
    assert "Promotion by position (pilihan)" in text
    assert "Move into a functional position" in text
    assert "Promotion period" in text
    assert "Holders of a structural post" in text
