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
