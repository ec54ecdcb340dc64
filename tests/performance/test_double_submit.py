"""A double submit creates nothing twice: every POST of the SKP page and the API, posted twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jenjang.core.models import AuditLog
from jenjang.performance import services
from jenjang.performance.models import (
    Amendment,
    Appeal,
    CalibrationSession,
    CheckIn,
    Evidence,
    Feedback,
    Invitation,
    Response,
)

from .conftest import approved, rated

pytestmark = pytest.mark.django_db


def _post(client, skp, action, **data):
    return client.post(reverse("performance:skp_action", args=[skp.pk, action]), data, follow=True)


def _key(client, skp, name):
    """The idempotency key the rendered form carries."""
    import re

    html = client.get(reverse("performance:skp_detail", args=[skp.pk])).content.decode()
    return re.search(rf'name="request_key" value="([0-9a-f]+-{name})"', html).group(1)


def test_feedback_form_posted_twice_is_stored_once(org, client):
    skp = approved(org)
    client.force_login(org.users.worker)
    key = _key(client, skp, "f")
    for _ in range(2):
        _post(client, skp, "feedback", text="Mohon arahan untuk triwulan dua", request_key=key)
    assert Feedback.objects.filter(skp=skp).count() == 1
    assert AuditLog.objects.filter(action="performance.feedback.added").count() == 1
    # a fresh form (a new key) with the same words is a new message
    _post(client, skp, "feedback", text="Mohon arahan untuk triwulan dua", request_key=_key(client, skp, "f"))
    assert Feedback.objects.filter(skp=skp).count() == 2


def test_feedback_without_key_twice_within_the_window_is_stored_once(org):
    skp = approved(org)
    for _ in range(2):
        services.feedback_add(actor=org.users.supervisor, skp=skp, text="Bagus, pertahankan")
    assert Feedback.objects.filter(skp=skp).count() == 1
    Feedback.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    services.feedback_add(actor=org.users.supervisor, skp=skp, text="Bagus, pertahankan")  # later: a new one
    assert Feedback.objects.filter(skp=skp).count() == 2


def test_evidence_link_and_file_posted_twice_are_stored_once(org, client):
    skp = approved(org)
    indicator = skp.rhks.get().indicators.get()
    client.force_login(org.users.worker)
    key = _key(client, skp, f"e{indicator.pk}")
    for _ in range(2):
        _post(client, skp, "evidence", indicator=indicator.pk, link="https://example.org/laporan", request_key=key)
    assert Evidence.objects.filter(skp=skp).count() == 1
    key = _key(client, skp, f"e{indicator.pk}")
    for _ in range(2):
        upload = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4 laporan", content_type="application/pdf")
        _post(client, skp, "evidence", indicator=indicator.pk, file=upload, request_key=key)
    assert Evidence.objects.filter(skp=skp).count() == 2
    assert AuditLog.objects.filter(action="performance.evidence.added").count() == 2


def test_api_feedback_and_evidence_with_an_idempotency_key(org):
    skp = approved(org)
    indicator = skp.rhks.get().indicators.get()
    api = APIClient()
    api.force_authenticate(org.users.worker)
    url = reverse("api-performance-skp-feedback", args=[skp.pk])
    for _ in range(2):
        assert api.post(url, {"text": "Catatan"}, format="json", HTTP_IDEMPOTENCY_KEY="abc-1").status_code == 200
    url = reverse("api-performance-skp-evidence", args=[skp.pk])
    for _ in range(2):
        body = {"indicator": indicator.pk, "link": "https://example.org/x", "request_key": "ev-1"}
        assert api.post(url, body, format="json").status_code == 200
    assert Feedback.objects.count() == 1 and Evidence.objects.count() == 1


def test_checkin_invitation_appeal_self_assessment_and_amendment_twice(org, client):
    skp = approved(org)
    client.force_login(org.users.supervisor)
    for _ in range(2):
        _post(client, skp, "checkin", number=1, notes="Sesuai rencana", progress="MEETS")
        _post(client, skp, "invite", respondent=org.peer.nip, relation="PEER")
    assert CheckIn.objects.filter(skp=skp).count() == 1
    assert Invitation.objects.filter(skp=skp).count() == 1
    client.force_login(org.users.worker)
    indicator = skp.rhks.get().indicators.get()
    for _ in range(2):
        _post(client, skp, "amend", kind="TARGET", indicator=indicator.pk, new_target="130", reason="Formasi")
        _post(client, skp, "amend", kind="ADD_RHK", text="RHK baru", indicator_text="Jumlah", target="5",
              reason="Penugasan")  # fmt: skip
        _post(client, skp, "self", comment="", **{f"s_{v}": 4 for v in services.BerAkhlak.values})
    assert Amendment.objects.filter(skp=skp).count() == 2
    assert Response.objects.filter(skp=skp).count() == 1
    invitation = Invitation.objects.get()
    client.force_login(org.users.peer)
    for _ in range(2):
        client.post(reverse("performance:invitation_answer", args=[invitation.pk]),
                    {f"s_{v}": 3 for v in services.BerAkhlak.values})  # fmt: skip
    assert Response.objects.filter(skp=skp).count() == 2  # the self-assessment and one peer answer


def test_appeal_posted_twice_is_filed_once(org, client):
    skp = rated(org)
    client.force_login(org.users.worker)
    for _ in range(2):
        _post(client, skp, "appeal", reason="Capaian melebihi target")
    assert Appeal.objects.filter(skp=skp).count() == 1
    assert AuditLog.objects.filter(action="performance.appeal.filed").count() == 1


def test_calibration_session_posted_twice_opens_once(org, client):
    client.force_login(org.users.superior)
    url = reverse("performance:calibration", args=[org.period.pk])
    import re

    key = re.search(r'name="request_key" value="([0-9a-f]+)"', client.get(url).content.decode()).group(1)
    for _ in range(2):
        client.post(url, {"action": "session", "title": "Kalibrasi 2026", "request_key": key})
    assert CalibrationSession.objects.count() == 1
