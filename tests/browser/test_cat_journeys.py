"""CAT journey: a candidate takes a short exam, reloads mid-way and finds the answers kept, finishes, sees the
score, and the public scoreboard (no login) shows it."""

from __future__ import annotations

import pytest

from jenjang.accounts.models import Role
from jenjang.cat import services
from jenjang.cat.models import Answer, Attempt
from tests.cat.factories import make_bank, make_blueprint, make_session


@pytest.mark.django_db(transaction=True)
def test_candidate_takes_a_short_exam_reloads_finishes_and_the_scoreboard_shows_it(
    page, sign_in, make_user, agency, browser, live_server
):
    staff = make_user(Role.PERSONNEL, agency)
    candidate = make_user(Role.CANDIDATE, None, first_name="Ayu", last_name="Lestari")
    session = make_session(agency, staff, blueprint=make_blueprint(make_bank(agency, per_category=2), per_category=1))
    services.enroll(session, [candidate], actor=staff)

    sign_in(candidate)
    page.goto("/ujian/")
    page.click(f"a[href='/ujian/sesi/{session.pk}/']")
    page.click("button:has-text('Mulai ujian')")
    page.wait_for_selector(".cat-q")
    questions = page.locator(".cat-q")
    assert questions.count() == 3
    # answer the first two questions: each click is saved on the server
    for n in (0, 1):
        questions.nth(n).locator("input[type=radio]").nth(2).check()
        page.wait_for_selector(f"#s{n} .cat-saved")
    assert Answer.objects.filter(attempt__participant__user=candidate).count() == 2

    page.reload()
    page.wait_for_selector(".cat-q")
    assert page.locator("#q1 input[type=radio]").nth(2).is_checked()
    assert page.locator("#q2 input[type=radio]").nth(2).is_checked()
    assert page.locator("#q3 input:checked").count() == 0
    timer = page.text_content("#cat-timer")
    assert ":" in timer

    page.locator("#q3 input[type=radio]").nth(0).check()
    page.wait_for_selector("#s2 .cat-saved")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Selesai')")
    page.wait_for_selector("#cat-total")
    attempt = Attempt.objects.get(participant__user=candidate)
    assert attempt.finished_at is not None
    assert page.text_content("#cat-total").strip() == f"{attempt.total:.0f}"
    assert "ambang batas" in page.text_content("main")

    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto(f"/ujian/papan/{session.pk}/")
    row = public.locator("#cat-board tr", has_text="Ayu Lestari")
    assert row.count() == 1
    assert f"{attempt.total:.0f}" in row.text_content()
    assert "Selesai" in row.text_content()
    public.context.close()


@pytest.mark.django_db(transaction=True)
def test_bank_manager_builds_a_blueprint_and_the_committee_runs_a_session_on_it(page, sign_in, make_user, agency):
    from jenjang.cat.models import Blueprint, ExamSession, Participant

    admin = make_user(Role.ADMIN, agency)  # manages the bank and sits on the committee
    candidate = make_user(Role.CANDIDATE, None, first_name="Budi", last_name="Santoso")
    bank = make_bank(agency, per_category=3)

    sign_in(admin)
    page.goto(f"/ujian/bank/{bank.pk}/")
    page.click("a:has-text('Buat kisi-kisi')")
    page.fill("#id_name", "Kisi-kisi kecil")
    rows = page.locator("form tbody tr")
    rows.nth(0).locator("select[name=category]").select_option("TWK")
    rows.nth(0).locator("input[name=count]").fill("5")  # the bank has 3 TWK items
    page.click("button:has-text('Simpan')")
    assert "TWK meminta 5 soal, tersedia 3 soal aktif" in page.text_content("#blueprint-errors")
    assert not Blueprint.objects.exists()
    page.locator("form tbody tr").nth(0).locator("input[name=count]").fill("2")
    page.click("button:has-text('Simpan')")
    page.wait_for_url(f"**/ujian/bank/{bank.pk}/")
    blueprint = Blueprint.objects.get()
    assert blueprint.rules == [{"category": "TWK", "difficulty": None, "count": 2}]

    page.goto("/ujian/panitia/")
    page.click("a:has-text('Buat sesi ujian')")
    page.fill("#id_title", "Ujian uji peramban")
    page.select_option("#id_blueprint", str(blueprint.pk))
    page.fill("#id_starts_at", "2030-01-02T08:00")
    page.fill("#id_ends_at", "2030-01-02T12:00")
    page.fill("#id_duration_minutes", "60")
    page.click("button:has-text('Simpan')")
    page.wait_for_url("**/peserta/")
    session = ExamSession.objects.get()
    page.fill("#id_identifiers", f"{candidate.username}\nbukan-pengguna")
    page.click("form:has(#id_identifiers) button:has-text('Daftarkan')")
    assert "bukan-pengguna" in page.text_content("#row-errors")
    assert not Participant.objects.exists()
    page.fill("#id_identifiers", candidate.username)
    page.click("form:has(#id_identifiers) button:has-text('Daftarkan')")
    page.wait_for_url(f"**/ujian/panitia/{session.pk}/")
    assert "Budi Santoso" in page.text_content("main")
    assert Participant.objects.filter(session=session, user=candidate).exists()
