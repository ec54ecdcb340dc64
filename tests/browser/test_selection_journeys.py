"""Browser journeys of the open selection: an outside candidate registers, confirms the e-mail, completes the
profile, applies, and sees the screening result once the committee publishes it; personnel staff extend an
announced vacancy, a candidate withdraws, and the staff cancel the vacancy with a reason."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from jenjang.accounts.models import Role
from jenjang.selection import services
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_outside_candidate_registers_applies_and_sees_the_published_screening(page):
    agency = AgencyFactory(code="IPDN-NTB", name="IPDN Kampus NTB")
    manager = UserFactory(role=Role.PERSONNEL, agency=agency)
    committee = [
        UserFactory(role=Role.PERSONNEL, agency=agency),
        UserFactory(role=Role.SUPERVISOR, agency=agency),
        UserFactory(role=Role.EMPLOYEE, agency=agency),
    ]  # selection.min_panel_members: 3 for an assessment stage
    today = timezone.localdate()
    vacancy = services.vacancy_create(
        actor=manager,
        agency=agency,
        committee=committee,
        data={
            "title": "Seleksi Terbuka Pranata Komputer",
            "announcement_start": today - dt.timedelta(days=2),
            "announcement_end": today + dt.timedelta(days=5),
            "assessment_date": today + dt.timedelta(days=20),
            "announce": True,
            "requirements": {"min_education": "S1", "max_age": 35},
        },
    )

    page.goto("/seleksi/")
    page.get_by_role("link", name="Seleksi Terbuka Pranata Komputer").click()
    page.get_by_role("link", name="Daftar untuk melamar").click()
    page.get_by_label("Nama lengkap").fill("Rina Wulandari")
    page.get_by_label("Surel").fill("rina@example.org")
    page.locator("#id_password").fill("Sangat-kuat-2026!")
    page.get_by_label("Ulangi kata sandi").fill("Sangat-kuat-2026!")
    page.get_by_role("button", name="Daftar").click()
    page.get_by_text("Periksa surel Anda").first.wait_for()

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rina@example.org"]
    link = re.search(r"https?://\S+/seleksi/konfirmasi/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_text("Surel Anda telah dikonfirmasi").wait_for()
    page.get_by_label("Tanggal lahir").fill("1996-04-12")
    page.get_by_label("Pendidikan terakhir").select_option("S1")
    page.get_by_role("button", name="Simpan profil").click()
    page.get_by_text("Profil disimpan.").wait_for()

    page.goto(f"/seleksi/lowongan/{vacancy.pk}/")
    page.get_by_role("link", name="Lamar", exact=True).click()
    page.get_by_text("Rina Wulandari").first.wait_for()
    page.get_by_label("Motivasi").fill("Ingin membangun layanan digital kepegawaian.")
    page.get_by_role("button", name="Kirim lamaran").click()
    page.get_by_text("Lamaran terkirim").wait_for()
    page.get_by_text("Hasil seleksi administrasi belum diumumkan.").wait_for()

    # the committee closes the announcement (past any extension), screens and publishes
    services.screening_run(actor=committee[0], vacancy=vacancy, on=today + dt.timedelta(days=30))
    services.screening_publish(actor=committee[0], vacancy=vacancy)

    page.reload()
    page.get_by_text("Lulus seleksi administrasi").first.wait_for()
    assert page.get_by_text("Terpenuhi: pendidikan S1 (minimal S1)").is_visible()
    page.goto("/seleksi/lamaran/")
    assert page.get_by_role("cell", name="Lulus", exact=True).is_visible()


def _sign_in(page, user, password):
    page.goto("/akun/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_staff_extend_a_candidate_withdraws_and_the_staff_cancel(page, browser, live_server):
    from jenjang.selection.models import CandidateProfile
    from tests.factories import PASSWORD

    agency = AgencyFactory(code="IPDN-NTB", name="IPDN Kampus NTB")
    manager = UserFactory(role=Role.PERSONNEL, agency=agency)
    committee = [UserFactory(role=Role.PERSONNEL, agency=agency) for _i in range(3)]
    today = timezone.localdate()
    vacancy = services.vacancy_create(
        actor=manager,
        agency=agency,
        committee=committee,
        data={
            "title": "Seleksi Terbuka Analis Data",
            "announcement_start": today - dt.timedelta(days=2),
            "announcement_end": today + dt.timedelta(days=5),
            "interview_date": today + dt.timedelta(days=20),
            "announce": True,
            "requirements": {"min_education": "S1"},
        },
    )
    candidate = UserFactory(role=Role.CANDIDATE, agency=None)
    CandidateProfile.objects.create(user=candidate, full_name="Dewi Anggraini", education="S1")
    application, _new = services.application_submit(actor=candidate, vacancy=vacancy)

    # personnel staff extend the announcement by a week
    _sign_in(page, manager, PASSWORD)
    page.goto(f"/seleksi/kelola/{vacancy.pk}/")
    page.get_by_role("link", name="Ubah lowongan").click()
    assert page.get_by_label("Judul").is_disabled()
    new_end = today + dt.timedelta(days=12)
    page.get_by_label("Pengumuman berakhir").fill(new_end.isoformat())
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Lowongan disimpan.").wait_for()

    # the candidate withdraws in another browser context
    other = browser.new_context(base_url=live_server.url, locale="id-ID")
    candidate_page = other.new_page()
    candidate_page.set_default_timeout(15_000)
    _sign_in(candidate_page, candidate, PASSWORD)
    candidate_page.goto(f"/seleksi/lamaran/{application.pk}/")
    candidate_page.get_by_label("Alasan (tidak wajib)").fill("Sudah diterima di instansi lain")
    candidate_page.get_by_role("button", name="Tarik lamaran").click()
    candidate_page.get_by_text("Lamaran ditarik.").wait_for()
    assert candidate_page.get_by_text("Sudah diterima di instansi lain").is_visible()
    other.close()

    # the staff cancel the vacancy: a reason is required, and the board shows the cancellation
    page.get_by_role("link", name="Batalkan lowongan").click()
    page.get_by_label("Alasan pembatalan").fill("Formasi ditarik oleh KemenPANRB")
    page.get_by_role("button", name="Batalkan lowongan").click()
    page.get_by_text("Lowongan dibatalkan; pelamar diberi tahu.").wait_for()
    page.goto(f"/seleksi/lowongan/{vacancy.pk}/")
    page.get_by_text("Seleksi ini dibatalkan").wait_for()
    assert page.get_by_text("Formasi ditarik oleh KemenPANRB").is_visible()
