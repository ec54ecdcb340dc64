"""The SKP journey in a real browser: the employee drafts and submits, the supervisor approves, rates and sees the
predicate with the rule's reasons; the employee sees it and files an appeal."""

from __future__ import annotations

import pytest

from jenjang.performance.models import Appeal, Skp, SkpStatus
from tests.performance.conftest import org  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

VALUES = ("PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF")


def test_skp_from_draft_to_appeal(page, sign_in, org):  # noqa: F811
    page.set_default_timeout(60_000)  # the shared 2-core machine can be slow
    sign_in(org.users.worker)
    page.goto("/kinerja/")
    page.get_by_role("button", name="Susun SKP").click()
    page.wait_for_load_state()
    page.fill("#rhk-form textarea[name=text]", "Terselenggaranya layanan kenaikan pangkat tepat waktu")
    page.locator("#rhk-form input[name=indicator]").first.fill("Usulan kenaikan pangkat diproses")
    page.locator("#rhk-form input[name=target]").first.fill("120 usulan")
    page.locator("#rhk-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("RHK ditambahkan.").is_visible()
    page.click("#submit-skp")
    page.wait_for_load_state()
    assert page.locator("#skp-status").inner_text() == "Diajukan"
    skp = Skp.objects.get(employee=org.worker)

    page.context.clear_cookies()
    sign_in(org.users.supervisor)
    page.goto("/kinerja/tim/")
    page.get_by_role("link", name=org.worker.full_name).click()
    page.wait_for_load_state()
    page.fill("textarea[name=expectations]", "Layanan tanpa keluhan")
    page.click("#approve-skp")
    page.wait_for_load_state()
    assert page.locator("#skp-status").inner_text() == "Disetujui"
    page.select_option("#rate-form select[name=work_rating]", "ABOVE")
    for value in VALUES:
        page.select_option(f"#rate-form select[name=b_{value}]", "MEETS")
    page.select_option("#rate-form select[name=behaviour_rating]", "BELOW")
    page.click("#rate-skp")
    page.wait_for_load_state()
    assert page.locator("#predicate-value").inner_text() == "Kurang"
    assert page.get_by_text("Kurang/Misconduct").is_visible()  # the rule's own reason

    page.context.clear_cookies()
    sign_in(org.users.worker)
    page.goto(f"/kinerja/skp/{skp.pk}/")
    assert page.locator("#predicate-value").inner_text() == "Kurang"
    page.fill("#appeal-form textarea[name=reason]", "Perilaku kerja sudah sesuai; mohon ditinjau.")
    page.locator("#appeal-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#appeal-status").inner_text() == "Menunggu keputusan"
    skp.refresh_from_db()
    assert skp.status == SkpStatus.RATED and Appeal.objects.get(skp=skp).decider_id == org.superior.pk


def test_unit_agreement_becomes_the_heads_draft_and_feedback_double_click_stores_once(page, sign_in, org):  # noqa: F811
    from jenjang.performance.models import Feedback, Rhk

    page.set_default_timeout(60_000)
    sign_in(org.users.personnel)
    page.goto(f"/kinerja/periode/{org.period.pk}/perjanjian/")
    page.fill("#agreement-form input[name=unit]", org.section.code)
    page.locator("#agreement-form button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("#target-form textarea[name=goal]", "Meningkatnya ketepatan layanan kepegawaian")
    page.fill("#target-form input[name=indicator]", "Persentase usulan tepat waktu")
    page.fill("#target-form input[name=target]", "95%")
    page.locator("#target-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#agreement-targets").get_by_text("95%").is_visible()

    page.context.clear_cookies()
    sign_in(org.users.supervisor)  # the section's head
    page.goto("/kinerja/")
    page.get_by_role("button", name="Susun SKP").click()
    page.wait_for_load_state()
    assert page.get_by_text("Diturunkan dari perjanjian kinerja unit").is_visible()
    page.locator("details:has(form.indicator-edit) summary").first.click()
    page.fill("form.indicator-edit input[name=target]", "97%")
    page.locator("form.indicator-edit button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Indikator diperbarui.").is_visible()
    rhk = Rhk.objects.get(skp__employee=org.supervisor)
    assert rhk.agreement_target_id and rhk.indicators.get().target == "97%"

    page.fill("#feedback-form textarea[name=text]", "Mohon masukan atas target ini")
    page.locator("#feedback-form button[type=submit]").dblclick()  # an impatient double click
    page.get_by_text("Umpan balik terkirim.").wait_for()
    page.wait_for_load_state("networkidle")
    assert Feedback.objects.filter(skp=rhk.skp).count() == 1
