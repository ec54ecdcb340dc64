"""Browser journey of the open selection: an outside candidate registers, confirms the e-mail, completes the
profile, applies, and sees the screening result once the committee publishes it."""

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
    committee = [UserFactory(role=Role.PERSONNEL, agency=agency), UserFactory(role=Role.SUPERVISOR, agency=agency)]
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
