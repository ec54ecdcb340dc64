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
