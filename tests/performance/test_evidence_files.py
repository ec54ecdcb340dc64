"""Evidence files and links are safe to open: a file is accepted by its first bytes (PDF, JPEG, PNG), stored
under a random name, and served only through a download view to whoever may read the SKP; a link must be
http(s), so no script can hide behind the supervisor's click."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from jenjang.core.errors import InvalidData
from jenjang.performance import services
from jenjang.performance.models import Evidence, Indicator

from .conftest import approved

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 laporan triwulan"


def _pdf(name="laporan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_file_is_taken_by_its_bytes_not_its_name(org):
    skp = approved(org)
    indicator = Indicator.objects.get(rhk__skp=skp)
    page = SimpleUploadedFile("laporan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(InvalidData) as refused:
        services.evidence_add(actor=org.users.worker, indicator=indicator, file=page)
    assert refused.value.field == "file" and "PDF, JPEG" in str(refused.value)
    api = APIClient()
    api.force_authenticate(org.users.worker)
    html = SimpleUploadedFile("bukti.html", b"<svg onload=alert(1)>", content_type="text/html")
    response = api.post(f"/api/v1/performance/skps/{skp.pk}/evidence/", {"indicator": indicator.pk, "file": html},
                        format="multipart", HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 400 and "PDF, JPEG or PNG" in response.json()["error"]["message"]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.id/a"])
def test_only_http_links_are_accepted(org, client, link):
    skp = approved(org)
    indicator = Indicator.objects.get(rhk__skp=skp)
    client.force_login(org.users.worker)
    client.post(reverse("performance:skp_action", args=[skp.pk, "evidence"]), {"indicator": indicator.pk, "link": link})
    assert not Evidence.objects.exists()
    assert services.evidence_add(actor=org.users.worker, indicator=indicator, link="https://contoh.go.id/sk").pk


def test_the_file_is_stored_under_a_random_name_and_downloaded_by_readers_of_the_skp(org, client):
    skp = approved(org)
    indicator = Indicator.objects.get(rhk__skp=skp)
    evidence = services.evidence_add(actor=org.users.worker, indicator=indicator, file=_pdf("gaji Budi 2026.pdf"))
    assert "Budi" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert evidence.content_type == "application/pdf"
    url = reverse("performance:evidence_file", args=[evidence.pk])
    client.force_login(org.users.supervisor)
    detail = client.get(reverse("performance:skp_detail", args=[skp.pk]))
    assert url in detail.content.decode() and evidence.file.url not in detail.content.decode()
    for reader in (org.users.worker, org.users.supervisor, org.users.personnel):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200, reader
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
    for outsider in (org.users.other_worker, org.users.foreign_admin):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def _detail(user, skp):
    api = APIClient()
    api.force_authenticate(user)
    return api, api.get(f"/api/v1/performance/skps/{skp.pk}/")


def test_the_api_reads_back_evidence_feedback_and_checkins_and_downloads_the_file(org):
    skp = approved(org)
    indicator = Indicator.objects.get(rhk__skp=skp)
    services.evidence_add(actor=org.users.worker, indicator=indicator, link="https://contoh.go.id/laporan")
    stored = services.evidence_add(actor=org.users.worker, indicator=indicator, file=_pdf(), note="Laporan")
    services.feedback_add(actor=org.users.supervisor, skp=skp, text="Pertahankan ketepatan waktu")
    services.checkin_record(actor=org.users.supervisor, skp=skp, number=1, notes="Sesuai rencana", progress="MEETS")
    api, response = _detail(org.users.supervisor, skp)
    assert response.status_code == 200
    body = response.json()
    evidence = body["rhks"][0]["indicators"][0]["evidence"]
    assert [e["link"] for e in evidence] == ["https://contoh.go.id/laporan", ""]
    assert evidence[0]["file"] is None and evidence[1]["content_type"] == "application/pdf"
    assert [f["text"] for f in body["feedback"]] == ["Pertahankan ketepatan waktu"]
    assert body["checkins"][0]["number"] == 1 and body["checkins"][0]["progress"] == "MEETS"
    assert body["appeal"] is None and body["amendments"] == []
    download = api.get(evidence[1]["file"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert evidence[1]["file"] == f"/api/v1/performance/evidence/{stored.pk}/file/"
    for outsider in (org.users.other_worker, org.users.foreign_admin):
        other = APIClient()
        other.force_authenticate(outsider)
        assert other.get(evidence[1]["file"]).status_code == 404
        assert other.get(f"/api/v1/performance/skps/{skp.pk}/").status_code == 404


def test_the_detail_costs_the_same_queries_with_more_evidence_and_feedback(org, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    skp = approved(org)
    indicator = Indicator.objects.get(rhk__skp=skp)
    services.evidence_add(actor=org.users.worker, indicator=indicator, link="https://contoh.go.id/1")
    api = APIClient()
    api.force_authenticate(org.users.supervisor)
    with CaptureQueriesContext(connection) as few:
        assert api.get(f"/api/v1/performance/skps/{skp.pk}/").status_code == 200
    for n in range(2, 7):
        services.evidence_add(actor=org.users.worker, indicator=indicator, link=f"https://contoh.go.id/{n}")
        services.feedback_add(actor=org.users.supervisor, skp=skp, text=f"Catatan {n}", request_key=f"fb-{n}")
    with django_assert_max_num_queries(len(few)):
        assert len(api.get(f"/api/v1/performance/skps/{skp.pk}/").json()["feedback"]) == 5
