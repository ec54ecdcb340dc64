"""Talent management journeys in a real browser, on the demo campus."""

import pytest
from django.core.management import call_command

from jenjang.accounts.models import User
from jenjang.demo.campus import PASSWORD as DEMO_PASSWORD
from jenjang.domain.vocab import COMPETENCIES
from jenjang.organization.models import Position
from jenjang.talent.models import Assessment


@pytest.fixture
def campus(transactional_db):
    call_command("demo", "--today", "2026-11-28", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return User.objects.select_related("employee").in_bulk(field_name="username")


def test_the_employee_sees_their_own_gaps(page, sign_in, campus):
    employee_user = campus["pegawai"]
    me = employee_user.employee
    Assessment.objects.filter(employee=me).delete()
    Assessment.objects.create(
        agency=me.agency, employee=me, assessed_on="2026-05-04", method="CACT",
        levels={**dict.fromkeys(COMPETENCIES, 5), "communication": 1},
    )  # fmt: skip
    sign_in(employee_user, DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("link", name="Kompetensi saya").first.click()
    assert "JPM" in page.text_content("main")
    target = Position.objects.filter(agency=me.agency, level="ADMINISTRATOR").order_by("name").first()
    page.locator("select[name=target]").select_option(str(target.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Bandingkan").click()
    assert f"Jabatan target: {target.name}" in page.text_content("main")
    gap = page.locator("tr.gap", has_text="Komunikasi")
    gap.first.wait_for()
    assert gap.count() >= 1
    assert page.goto("/talenta/").status == 403


def test_staff_run_the_map_open_box_9_and_nominate_a_successor(page, sign_in, campus):
    from jenjang.talent.models import KeyPosition, Placement, Successor

    staff = campus["kepegawaian"]
    year = Placement.objects.filter(agency=staff.agency).order_by("-year").values_list("year", flat=True).first()
    sign_in(staff, DEMO_PASSWORD)
    page.goto(f"/talenta/?year={year}")
    with page.expect_navigation():
        page.get_by_role("button", name="Jalankan pemetaan talenta").click()
    page.get_by_text(f"Pemetaan talenta {year} selesai").wait_for()  # the job's page, polled until it ends
    with page.expect_navigation():
        page.get_by_role("link", name="Buka peta talenta").click()
    box9 = Placement.objects.filter(agency=staff.agency, year=year, box=9).select_related("employee")
    assert box9.exists()
    with page.expect_navigation():
        page.locator("svg.ninebox a[data-box='9']").click()
    assert f"Kotak 9 · periode {year}" in page.text_content("main")
    key = KeyPosition.objects.filter(agency=staff.agency).select_related("position").order_by("position__name").first()
    taken = set(Successor.objects.filter(key_position=key).values_list("employee_id", flat=True))
    person = next(p for p in box9 if p.employee_id not in taken and p.employee.position_id != key.position_id)
    card = page.locator(f"#placement-{person.pk}")
    card.get_by_text("Nominasikan sebagai suksesor").click()
    form = card.locator("form", has_text=key.position.name).first
    form.locator("select[name=readiness]").select_option("ONE_TWO_YEARS")
    form.locator("input[name=development]").fill("Diklat PIM dan penugasan lintas unit")
    with page.expect_navigation():
        form.get_by_role("button", name="Nominasikan").click()
    assert f"{person.employee.name} dinominasikan sebagai suksesor." in page.text_content("main")
    row = page.locator("tr.successor", has_text=person.employee.name)
    assert row.count() == 1
    successor = Successor.objects.get(key_position=key, employee=person.employee)
    assert successor.readiness == "ONE_TWO_YEARS"
    assert successor.eligibility["box"] == 9
