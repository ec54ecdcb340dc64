"""Careers in a real browser, on the demo campus: an employee opens "my career"."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import formats, timezone, translation

from jenjang.accounts.models import User
from jenjang.demo.campus import PASSWORD as DEMO_PASSWORD
from jenjang.domain.dates import add_years
from jenjang.organization.models import Position
from jenjang.personnel.models import Employee


@pytest.fixture
def campus(transactional_db):
    call_command("demo", "--today", timezone.localdate().isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return User.objects.select_related("employee").in_bulk(field_name="username")


def test_employee_sees_promotion_blocked_by_years_until_a_date_and_what_the_next_move_needs(page, sign_in, campus):
    user = campus["pegawai"]
    today = timezone.localdate()
    since = add_years(dt.date(today.year, today.month, 1), -1)  # one year in rank: four are needed
    first_expert = Position.objects.filter(agency=user.agency, level="JF_AHLI_PERTAMA").first()  # III/b, an expert
    Employee.objects.filter(pk=user.employee_id).update(rank=32, rank_since=since, position=first_expert,
                                                        position_since=add_years(since, -1))  # fmt: skip
    sign_in(user, DEMO_PASSWORD)
    page.get_by_role("link", name="Karier saya").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/karier/saya/")

    summary = page.locator("#rank-summary").text_content()
    with translation.override("id"):
        met_on = formats.date_format(add_years(since, 4))
    assert "Terhambat oleh masa kerja dalam pangkat" in summary
    assert met_on in summary

    move = page.locator("article.move[data-target='JF Ahli Muda']")  # the next rung of the published pattern
    assert move.is_visible()
    rank = move.locator("tr[data-requirement='MIN_RANK']")
    assert rank.get_attribute("data-met") == "0" and "III/c" in rank.text_content()
    years = move.locator("tr[data-requirement='YEARS_IN_RANK']")
    assert years.get_attribute("data-met") == "0"
    with translation.override("id"):
        assert formats.date_format(add_years(since, 2)) in years.text_content()  # two years in rank needed
    assert "20 JP" in move.locator("tr[data-requirement='TRAINING_JP']").text_content()
    assert move.locator("tr[data-requirement='COMPETENCY']").count() == 1
    assert page.locator("ol.timeline li.future").count() >= 2  # projected ranks and retirement


def test_personnel_staff_choose_a_later_promotion_period_and_download_its_proposals(page, sign_in, campus):
    from jenjang.careers import rules
    from jenjang.careers.duelists import promotion_periods
    from jenjang.personnel.models import PerformanceHistory

    staff = campus["kepegawaian"]
    periods = promotion_periods(timezone.localdate(), rules.parameters_for(staff.agency_id))
    later = periods[1]
    employee = Employee.objects.filter(agency=staff.agency, employment_type="PNS", status="ACTIVE").first()
    # III/a with an S1: four years in rank are met on the second period, not on the first.
    Employee.objects.filter(pk=employee.pk).update(
        name="Zulkifli Periode", rank=31, education="S1", rank_since=add_years(later, -4), front_title="", back_title=""
    )
    for year in {later.year - 1, later.year - 2, periods[0].year - 1, periods[0].year - 2}:
        PerformanceHistory.objects.update_or_create(employee=employee, year=year, defaults={"predicate": "BAIK"})
    sign_in(staff, DEMO_PASSWORD)
    page.goto("/karier/?tab=rank_promotion")
    assert "Zulkifli Periode" not in page.locator("table.due-table").text_content()
    page.select_option("#periode", later.isoformat())
    page.get_by_role("button", name="Saring").click()
    page.wait_for_url(f"**periode={later.isoformat()}**")
    assert "Zulkifli Periode" in page.locator("table.due-table").text_content()
    download_link = page.get_by_role("link", name="Unduh xlsx")
    assert f"periode={later.isoformat()}" in download_link.get_attribute("href")
    with page.expect_download() as info:
        download_link.click()
    assert later.isoformat() in info.value.suggested_filename
