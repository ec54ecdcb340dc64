"""The demo campus: `jenjang demo` builds two agencies of synthetic people whose histories obey the rules."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command

from jenjang.accounts.models import User
from jenjang.core.models import AuditLog
from jenjang.demo.campus import PASSWORD
from jenjang.demo.careers import ceiling_of, start_rank_of
from jenjang.domain.parameters import default_parameters
from jenjang.domain.personnel.nip import check_nip
from jenjang.domain.vocab import RANK_ORDINAL, rank_from_code
from jenjang.personnel.models import Employee, PerformanceHistory, PositionHistory, RankHistory, SalaryIncrementHistory
from jenjang.protected.models import ProtectedAttributes

TODAY = dt.date(2026, 3, 1)
PARAMS = default_parameters()


@pytest.fixture
def demo(db):
    out = io.StringIO()
    call_command("demo", "--today", TODAY.isoformat(), "--seed", "7", stdout=out)
    return out.getvalue()


def _add_years(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def test_demo_creates_two_agencies_of_about_200_and_30(demo):
    counts = Counter(Employee.objects.values_list("agency__code", flat=True))
    assert 180 <= counts["IPDN-NTB"] <= 220
    assert 25 <= counts["BKD-NTB"] <= 35
    types = Counter(Employee.objects.filter(agency__code="IPDN-NTB").values_list("employment_type", flat=True))
    total = sum(types.values())
    assert 0.18 <= types["PPPK"] / total <= 0.32
    assert 1 <= types["CPNS"] <= 10
    assert types["PNS"] > total / 2
    assert ProtectedAttributes.objects.count() == Employee.objects.count()
    assert AuditLog.objects.filter(action="demo.loaded").count() == 1


def test_every_nip_is_valid_and_matches_the_record(demo):
    for nip, birth, gender, kind in Employee.objects.values_list("nip", "birth_date", "gender", "employment_type"):
        decision = check_nip(nip, TODAY, PARAMS, birth_date=birth, gender=gender)
        assert decision.result["valid"], (nip, [r.id for r in decision.reasons])
        assert decision.result["kind"] == ("PPPK" if kind == "PPPK" else "PNS")


def test_ranks_never_exceed_the_education_ceiling_and_start_at_the_start_rank(demo):
    for employee in Employee.objects.exclude(rank=None):
        assert (
            RANK_ORDINAL[rank_from_code(employee.rank)] <= RANK_ORDINAL[ceiling_of(employee.education, TODAY, PARAMS)]
        ), employee.nip
    first_ranks = {}
    for employee_id, rank, kind in RankHistory.objects.order_by("effective_date").values_list(
        "employee_id", "rank", "kind"
    ):
        first_ranks.setdefault(employee_id, (rank, kind))
    educations = dict(Employee.objects.values_list("pk", "education"))
    lower_start = 0
    for employee_id, (rank, kind) in first_ranks.items():
        assert kind == "CPNS"
        # Appointed with this education, or with a lower one and the degree earned later.
        lower_start += (
            RANK_ORDINAL[rank_from_code(rank)] < RANK_ORDINAL[start_rank_of(educations[employee_id], TODAY, PARAMS)]
        )
    assert lower_start < len(first_ranks) / 4


def test_histories_are_ordered_and_end_in_the_current_state(demo):
    employees = {e.pk: e for e in Employee.objects.all()}
    last_rank, last_position, last_kgb = {}, {}, {}
    for row in RankHistory.objects.order_by("employee_id", "effective_date"):
        previous = last_rank.get(row.employee_id)
        if previous:
            assert row.rank > previous.rank and row.effective_date >= _add_years(previous.effective_date, 4)
        last_rank[row.employee_id] = row
    for row in PositionHistory.objects.order_by("employee_id", "start_date"):
        previous = last_position.get(row.employee_id)
        if previous:
            assert previous.end_date is not None and previous.end_date < row.start_date
        last_position[row.employee_id] = row
    for row in SalaryIncrementHistory.objects.order_by("employee_id", "effective_date"):
        last_kgb[row.employee_id] = row
    for pk, employee in employees.items():
        if employee.employment_type == "PPPK":
            assert employee.rank is None and employee.pppk_grade and pk not in last_rank
        else:
            assert (last_rank[pk].rank, last_rank[pk].effective_date) == (employee.rank, employee.rank_since)
        assert last_position[pk].end_date is None
        assert last_position[pk].start_date == employee.position_since
        assert last_position[pk].position_id == employee.position_id
        if pk in last_kgb:
            assert last_kgb[pk].effective_date == employee.last_salary_increment
            assert employee.last_salary_increment <= TODAY < _add_years(employee.last_salary_increment, 2)
        assert employee.birth_date < employee.appointment_date <= TODAY


def test_performance_uses_skp_2022_from_2022_and_scores_before(demo):
    for year, scheme, score in PerformanceHistory.objects.values_list("year", "scheme", "score"):
        if year >= 2022:
            assert scheme == "SKP_2022" and score is None
        elif year < 2021:
            assert scheme in ("PP46_2011",) and score is not None


def test_due_lists_have_rows(demo):
    employees = list(Employee.objects.select_related("position").filter(agency__code="IPDN-NTB"))
    next_months = dt.date(2026, 6, 1)
    promotable = [
        e
        for e in employees
        if e.rank
        and _add_years(e.rank_since, 4) <= next_months
        and RANK_ORDINAL[rank_from_code(e.rank)] < RANK_ORDINAL[ceiling_of(e.education, TODAY, PARAMS)]
    ]
    kgb_due = [e for e in employees if TODAY <= _add_years(e.last_salary_increment, 2) <= next_months]
    long_in_post = [e for e in employees if e.position_since < _add_years(TODAY, -5)]
    retiring = [e for e in employees if (TODAY - e.birth_date).days / 365.25 >= 57]
    assert len(promotable) >= 5
    assert len(kgb_due) >= 5
    assert len(long_in_post) >= 5
    assert len(retiring) >= 3


def test_a_second_run_changes_nothing_and_prints_the_logins(demo):
    before = list(Employee.objects.order_by("nip").values_list("nip", "version", "updated_at"))
    out = io.StringIO()
    call_command("demo", "--today", TODAY.isoformat(), "--seed", "99", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert "kepegawaian" in out.getvalue() and PASSWORD in out.getvalue()
    assert list(Employee.objects.order_by("nip").values_list("nip", "version", "updated_at")) == before
    assert AuditLog.objects.filter(action="demo.loaded").count() == 1


def test_reset_rebuilds_the_same_people_from_the_same_seed(demo):
    first = list(Employee.objects.order_by("nip").values_list("nip", "name", "rank", "position__name"))
    call_command("demo", "--today", TODAY.isoformat(), "--seed", "7", "--reset", stdout=io.StringIO())
    again = list(Employee.objects.order_by("nip").values_list("nip", "name", "rank", "position__name"))
    assert again == first
    call_command("demo", "--today", TODAY.isoformat(), "--seed", "8", "--reset", stdout=io.StringIO())
    other = list(Employee.objects.order_by("nip").values_list("nip", "name", "rank", "position__name"))
    assert other != first
    assert User.objects.filter(username="admin").count() == 1


def test_one_user_per_role_can_sign_in(demo, client):
    expected = {
        "admin": "ADMIN", "kepegawaian": "PERSONNEL", "pimpinan": "LEADER", "atasan": "SUPERVISOR",
        "pegawai": "EMPLOYEE", "auditor": "AUDITOR", "admin.bkd": "ADMIN",
    }  # fmt: skip
    users = {u.username: u for u in User.objects.select_related("agency", "employee__unit")}
    for username, role in expected.items():
        assert users[username].role == role
        assert client.login(username=username, password=PASSWORD), username
        client.logout()
    assert users["admin.bkd"].agency.code == "BKD-NTB"
    assert users["atasan"].employee.position.level == "PENGAWAS"
    assert users["pegawai"].employee.unit_id == users["atasan"].employee.unit_id
    assert "demo" not in str(users["pegawai"].employee.nip)


def test_names_carry_academic_titles_and_places_in_ntb(demo):
    employees = list(Employee.objects.all())
    backs = Counter(title for e in employees for title in e.back_title.split(", ") if title)
    assert backs["M.Si."] > 5 and backs["S.Sos."] + backs["S.IP."] > 10
    assert any(e.front_title.startswith("Dr.") for e in employees)
    assert (
        sum(e.birth_place in ("Mataram", "Praya", "Selong", "Bima", "Dompu", "Sumbawa Besar") for e in employees) > 10
    )


def test_demo_output_ends_with_the_logins_not_buried_under_its_emails(transactional_db, capsys, settings):
    # as in the demo itself; transactional: the e-mails go out when the demo's transactions commit
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = io.StringIO()
    call_command("demo", "--today", TODAY.isoformat(), "--seed", "7", stdout=out)
    printed = out.getvalue() + capsys.readouterr().out
    assert "Subject:" not in printed
    assert "e-mails of the demo's story were not printed" in printed
    assert printed.rstrip().splitlines()[-1].startswith("Administrator instansi  admin.bkd")
