from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jenjang.performance import services
from jenjang.performance.models import Appeal, Period, PeriodStatus, Skp, SkpStatus
from jenjang.personnel.models import PerformanceHistory
from tests.factories import EmployeeFactory

from .conftest import approved, draft, rated, submitted

pytestmark = pytest.mark.django_db


def _post(client, skp, action, **data):
    return client.post(reverse("performance:skp_action", args=[skp.pk, action]), data, follow=True)


def test_employee_drafts_and_submits_through_the_pages(org, client):
    client.force_login(org.users.worker)
    page = client.get(reverse("performance:my_skp"))
    assert page.status_code == 200 and b"2026" in page.content
    response = client.post(reverse("performance:skp_start", args=[org.period.pk]))
    skp = Skp.objects.get(employee=org.worker)
    assert response.url == reverse("performance:skp_detail", args=[skp.pk])
    _post(client, skp, "rhk", version=skp.version, kind="MAIN", text="Layanan kepegawaian tuntas",
          aspect=["QUANTITY", "QUALITY"], indicator=["Usulan diproses", ""], target=["100 usulan", ""])  # fmt: skip
    skp.refresh_from_db()
    assert skp.rhks.get().indicators.count() == 1
    page = _post(client, skp, "submit", version=skp.version)
    assert "SKP diajukan kepada atasan." in page.content.decode()
    skp.refresh_from_db()
    assert skp.status == SkpStatus.SUBMITTED


def test_stale_form_shows_a_clear_message_and_changes_nothing(org, client):
    skp = draft(org)
    client.force_login(org.users.worker)
    stale = skp.version
    _post(client, skp, "rhk", version=stale, kind="MAIN", text="A", aspect="TIME", indicator="Tepat", target="12 bln")
    page = _post(client, skp, "rhk", version=stale, kind="MAIN", text="B", aspect="TIME", indicator="x", target="y")
    assert "telah diubah oleh pengguna lain" in page.content.decode()
    assert skp.rhks.count() == 2


def test_supervisor_approves_and_rates_and_sees_the_predicate(org, client):
    skp = submitted(org)
    client.force_login(org.users.supervisor)
    _post(client, skp, "approve", version=skp.version, expectations="Responsif")
    skp.refresh_from_db()
    assert skp.status == SkpStatus.APPROVED
    data = {"version": skp.version, "work_rating": "ABOVE", "behaviour_rating": "ABOVE", "feedback": "Mantap"}
    data.update({f"b_{v}": "ABOVE" for v in ("PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF",
                                             "KOLABORATIF")})  # fmt: skip
    page = _post(client, skp, "rate", **data)
    html = page.content.decode()
    assert "Predikat: Sangat Baik" in html
    assert "menghasilkan predikat Sangat Baik" in html  # the rule's reason


def test_rating_by_the_employee_through_the_page_is_refused(org, client):
    skp = approved(org)
    client.force_login(org.users.worker)
    data = {"version": skp.version, "work_rating": "ABOVE", "behaviour_rating": "ABOVE"}
    page = _post(client, skp, "rate", **data)
    assert "Hanya atasan langsung" in page.content.decode()
    skp.refresh_from_db()
    assert skp.predicate == ""


@pytest.mark.parametrize("who", ["peer", "other_head", "other_worker", "foreign", "foreign_admin"])
def test_others_get_not_found(org, client, who):
    skp = draft(org)
    client.force_login(getattr(org.users, who))
    assert client.get(reverse("performance:skp_detail", args=[skp.pk])).status_code == 404
    assert client.post(reverse("performance:skp_action", args=[skp.pk, "submit"])).status_code == 404
    assert client.get(reverse("performance:skp_pdf", args=[skp.pk, "skp"])).status_code == 404


def test_post_forms_need_csrf(org):
    from django.test import Client

    skp = draft(org)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(org.users.worker)
    response = csrf_client.post(reverse("performance:skp_action", args=[skp.pk, "submit"]), {"version": skp.version})
    assert response.status_code == 403


def test_employee_files_an_appeal_and_the_superior_decides(org, client):
    skp = rated(org, "MEETS", "BELOW")
    client.force_login(org.users.worker)
    page = client.get(reverse("performance:skp_detail", args=[skp.pk])).content.decode()
    assert "Kurang" in page and "Ajukan keberatan" in page
    _post(client, skp, "appeal", reason="Perilaku sudah sesuai")
    _post(client, skp, "appeal", reason="Perilaku sudah sesuai")  # a double submit
    assert Appeal.objects.filter(skp=skp).count() == 1
    client.force_login(org.users.superior)
    assert b"Perilaku sudah sesuai" in client.get(reverse("performance:appeals")).content
    page = _post(client, skp, "decide", decision="grant", decision_reason="Bukti cukup", new_predicate="BAIK")
    assert "Dikabulkan" in page.content.decode()
    skp.refresh_from_db()
    assert skp.effective_predicate == "BAIK"


def test_team_list_is_paginated_with_bounded_queries(org, client, django_assert_max_num_queries):
    for _ in range(12):
        person = EmployeeFactory(agency=org.agency, unit=org.section)
        services.skp_start(actor=org.users.personnel, employee=person, period=org.period)
    client.force_login(org.users.supervisor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("performance:team"))
    assert page.status_code == 200
    assert page.content.decode().count("/kinerja/skp/") == 12


def test_calibration_page_draws_the_distribution_with_warnings(org, client, django_assert_max_num_queries):
    rated(org, "ABOVE", "ABOVE")
    client.force_login(org.users.superior)
    url = reverse("performance:calibration", args=[org.period.pk])
    with django_assert_max_num_queries(16):
        page = client.get(url)
    html = page.content.decode()
    assert "<svg" in html and "1 (100,0%)" in html
    assert "Tidak ada predikat Butuh Perbaikan atau Kurang" in html
    client.post(url, {"action": "session", "title": "Kalibrasi akhir tahun"})
    session = org.period.calibrations.get()
    skp = Skp.objects.get(employee=org.worker)
    page = client.post(url, {"session": session.pk, "skp": skp.pk, "version": skp.version, "new_predicate": "BAIK",
                             "reason": ""}, follow=True)  # fmt: skip
    assert "wajib disertai alasan tertulis" in page.content.decode()
    client.post(url, {"session": session.pk, "skp": skp.pk, "version": skp.version, "new_predicate": "BAIK",
                      "reason": "Kuota unit"})  # fmt: skip
    skp.refresh_from_db()
    assert skp.final_predicate == "BAIK"


def test_calibration_is_not_for_employees_or_other_agencies(org, client):
    client.force_login(org.users.worker)
    assert client.get(reverse("performance:calibration", args=[org.period.pk])).status_code == 403
    client.force_login(org.users.foreign_admin)
    assert client.get(reverse("performance:calibration", args=[org.period.pk])).status_code == 404


def test_period_close_runs_as_a_job_and_writes_history(org, client):
    rated(org, "MEETS", "MEETS")
    client.force_login(org.users.personnel)
    response = client.post(reverse("performance:period_close", args=[org.period.pk]))
    assert (response.status_code == 302 and "/jobs/" in response.url) or "/tugas/" in response.url
    job_page = client.get(response.url).content.decode()
    assert "Predikat ditulis ke riwayat kinerja" in job_page
    assert Period.objects.get(pk=org.period.pk).status == PeriodStatus.CLOSED
    assert PerformanceHistory.objects.get(employee=org.worker, year=2026).predicate == "BAIK"


def test_open_a_period_page(org, client):
    client.force_login(org.users.personnel)
    client.post(reverse("performance:periods"), {"year": 2027, "cadence": "MONTHLY", "organization_predicate": "BAIK"})
    client.post(reverse("performance:periods"), {"year": 2027, "cadence": "MONTHLY", "organization_predicate": "BAIK"})
    assert Period.objects.filter(agency=org.agency, year=2027).count() == 1
    client.force_login(org.users.supervisor)
    assert client.get(reverse("performance:periods")).status_code == 403


def test_pdfs_of_the_skp_and_the_evaluation(org, client):
    skp = rated(org)
    client.force_login(org.users.worker)
    for kind in ("skp", "evaluasi"):
        response = client.get(reverse("performance:skp_pdf", args=[skp.pk, kind]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_unit_xlsx_export(org, client):
    rated(org)
    client.force_login(org.users.personnel)
    response = client.get(reverse("performance:unit_xlsx", args=[org.period.pk]) + f"?unit={org.section.pk}")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == org.worker.nip and rows[1][7] == "Baik"


def _xlsx(rows):
    book = Workbook()
    book.active.append(["NIP", "Tahun", "Nilai"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "nilai.xlsx"
    return out


def test_legacy_import_page(org, client):
    client.force_login(org.users.personnel)
    url = reverse("performance:legacy_import")
    page = client.post(url, {"file": _xlsx([[org.worker.nip, 2018, 95], ["123", 2018, 80]])}, follow=True)
    assert "tidak ditemukan" in page.content.decode()
    assert not PerformanceHistory.objects.exists()
    client.post(url, {"file": _xlsx([[org.worker.nip, 2018, 95]])})
    assert PerformanceHistory.objects.get(employee=org.worker).predicate == "SANGAT_BAIK"
    bad = io.BytesIO(b"not a workbook")
    bad.name = "x.xlsx"
    assert "bukan xlsx yang dapat dibaca" in client.post(url, {"file": bad}, follow=True).content.decode()
