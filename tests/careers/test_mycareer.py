"""My career: moves from the published pattern with what is met, missing and when; the projected path; access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jenjang.careers.demo import load_pattern
from jenjang.careers.models import PatternEdge
from jenjang.careers.mycareer import my_career, projected_path, requirements_for
from jenjang.domain.parameters import default_parameters
from jenjang.domain.vocab import rank_code
from jenjang.personnel.models import TrainingHistory
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db
PARAMS = default_parameters()
TODAY = dt.date(2025, 3, 1)


@pytest.fixture
def pattern(agency):
    return load_pattern(agency)


@pytest.fixture
def staff(agency, unit):
    """A Pelaksana, III/a since 1 April 2023 (four years in rank on 1 April 2027), in position since 2 Jan 2022."""
    position = PositionFactory(agency=agency, unit=unit, level="PELAKSANA", name="Pengadministrasi Kepegawaian")
    return EmployeeFactory(agency=agency, unit=unit, position=position, rank=rank_code("III/a"),
                           rank_since=dt.date(2023, 4, 1), position_since=dt.date(2022, 1, 2), education="S1",
                           name="Rina Wulandari")  # fmt: skip


def test_moves_say_what_is_met_missing_and_when(pattern, staff):
    view = my_career(staff, today=TODAY, params=PARAMS)
    moves = {move.target: move for move in view.moves}
    assert set(moves) == {"Pengawas (Kepala Subbagian)", "JF Ahli Pertama", "JF Terampil",
                          "Administrator (Kepala Bagian)"}  # fmt: skip
    to_pengawas = {r.code: r for r in moves["Pengawas (Kepala Subbagian)"].requirements}
    assert not to_pengawas["MIN_RANK"].met and to_pengawas["MIN_RANK"].when == dt.date(2027, 4, 1)
    assert to_pengawas["EDUCATION"].met
    assert not to_pengawas["YEARS_IN_POSITION"].met and to_pengawas["YEARS_IN_POSITION"].when == dt.date(2026, 1, 2)
    assert not to_pengawas["TRAINING_JP"].met and to_pengawas["TRAINING_JP"].when is None
    assert to_pengawas["COMPETENCY"].have == "belum ada asesmen"
    assert moves["Pengawas (Kepala Subbagian)"].ready_on is None  # training and competency need action

    TrainingHistory.objects.create(employee=staff, name="Diklat SDM", start_date=dt.date(2024, 5, 1),
                                   end_date=dt.date(2024, 5, 5), hours=24)  # fmt: skip
    view = my_career(staff, today=TODAY, params=PARAMS)
    to_ahli = {m.target: m for m in view.moves}["JF Ahli Pertama"]
    assert {r.code: r.met for r in to_ahli.requirements} == {
        "MIN_RANK": True, "EDUCATION": True, "YEARS_IN_RANK": True, "YEARS_IN_POSITION": True,
        "TRAINING_JP": True, "COMPETENCY": False}  # fmt: skip


@pytest.mark.parametrize(
    ("today", "met"),
    [(dt.date(2026, 1, 1), False), (dt.date(2026, 1, 2), True), (dt.date(2026, 1, 3), True)],
)
def test_years_in_position_boundary(pattern, staff, today, met):
    edge = PatternEdge.objects.get(pattern=pattern, source__label="Pelaksana", target__label__startswith="Pengawas")
    found = {r.code: r for r in requirements_for(edge, staff, today, training_hours=0, path=[], competency=None)}
    assert found["YEARS_IN_POSITION"].met is met
    assert found["YEARS_IN_POSITION"].when == dt.date(2026, 1, 2)


def test_projected_path_follows_the_regular_rule_to_the_ceiling():
    path = projected_path(rank_code("III/a"), dt.date(2023, 4, 1), "S1", TODAY, dt.date(2043, 4, 1), PARAMS)
    assert [(s.date, s.rank, s.promotion) for s in path] == [
        (dt.date(2027, 4, 1), "III/b", True),
        (dt.date(2031, 4, 1), "III/c", True),
        (dt.date(2035, 4, 1), "III/d", True),
        (dt.date(2039, 4, 1), "III/d", False),  # S1's ceiling
    ]
    assert (
        projected_path(rank_code("III/a"), dt.date(2023, 4, 1), "S1", TODAY, dt.date(2030, 1, 1), PARAMS)[-1].rank
        == "III/b"
    )


@pytest.mark.parametrize(
    ("today", "blocked"),
    [(dt.date(2027, 1, 31), True), (dt.date(2027, 2, 1), False), (dt.date(2027, 2, 2), False)],
)
def test_rank_promotion_years_boundary_on_the_page_data(staff, today, blocked):
    # Periods fall on the 1st of Feb/Apr/Jun/... and the page decides for the first period strictly after today:
    # on 31 Jan 2027 that is 1 Feb 2027, before four years in rank (1 Apr 2027); from 1 Feb it is 1 Apr 2027.
    view = my_career(staff, today=today, params=PARAMS)
    item = next(i for i in view.outlook if i.kind == "rank_promotion")
    assert ("MIN_YEARS_IN_RANK" in [code for code, _label in item.blocked_by]) is blocked


def test_page_shows_blocked_by_years_until_a_date(pattern, staff, agency, make_user, login, settings):
    user = make_user("EMPLOYEE", agency, employee=staff)
    html = login(user).get(reverse("careers:my_career")).content.decode()
    assert "Terhambat oleh masa kerja dalam pangkat" in html
    assert "Pengawas (Kepala Subbagian)" in html
    assert "Proyeksi jalur sampai pensiun" in html


def test_employee_sees_only_own_career(staff, agency, make_user, login):
    other = EmployeeFactory(agency=agency)
    client = login(make_user("EMPLOYEE", agency, employee=staff))
    assert client.get(reverse("careers:employee_career", args=[other.pk])).status_code == 404
    assert client.get(reverse("careers:employee_career", args=[staff.pk])).status_code == 302


def test_supervisor_sees_own_unit_not_others_and_other_agency_is_404(
    staff, agency, other_agency, unit, make_user, login
):
    head = EmployeeFactory(agency=agency, unit=unit)
    elsewhere = EmployeeFactory(agency=agency, unit=UnitFactory(agency=agency))
    foreign = EmployeeFactory(agency=other_agency)
    client = login(make_user("SUPERVISOR", agency, employee=head))
    assert client.get(reverse("careers:employee_career", args=[staff.pk])).status_code == 200
    assert client.get(reverse("careers:employee_career", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("careers:employee_career", args=[foreign.pk])).status_code == 404


def test_user_without_employee_record_is_refused(agency, make_user, login):
    assert login(make_user("PERSONNEL", agency)).get(reverse("careers:my_career")).status_code == 403


def test_page_query_count_is_bounded(pattern, staff, agency, make_user, login, django_assert_max_num_queries):
    client = login(make_user("EMPLOYEE", agency, employee=staff))
    for i in range(5):
        TrainingHistory.objects.create(employee=staff, name=f"Diklat {i}", start_date=dt.date(2024, 5, 1),
                                       end_date=dt.date(2024, 5, 5), hours=8)  # fmt: skip
    with django_assert_max_num_queries(30):
        assert client.get(reverse("careers:my_career")).status_code == 200
