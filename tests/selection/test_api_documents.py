"""An outside candidate's documents through the API: the page's checks (type by the first bytes, size limit, known
document type), the own documents only, a repeat of the same file stores nothing twice; anyone else gets 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from jenjang.accounts.models import Role
from jenjang.core.models import AuditLog
from jenjang.selection.models import CandidateDocument

pytestmark = pytest.mark.django_db
URL = "/api/v1/selection/my/documents/"
PDF = b"%PDF-1.4\n% ijazah pelamar\n"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _file(content: bytes = PDF, name: str = "ijazah.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def candidate(make_user):
    return make_user(Role.CANDIDATE, None)


def test_candidate_uploads_and_a_repeat_stores_nothing_twice(candidate):
    api = _api(candidate)
    first = api.post(URL, {"doc_type": "IJAZAH", "file": _file()}, format="multipart")
    assert first.status_code == 201
    body = first.json()
    assert body["doc_type"] == "IJAZAH" and body["doc_type_label"] == "Ijazah/transkrip"
    assert body["content_type"] == "application/pdf" and body["size"] == len(PDF)
    again = api.post(URL, {"doc_type": "IJAZAH", "file": _file()}, format="multipart")  # double submit
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert CandidateDocument.objects.filter(user=candidate).count() == 1
    assert AuditLog.objects.filter(action="selection.candidate.document_uploaded").count() == 1
    other_type = api.post(URL, {"doc_type": "CV", "file": _file()}, format="multipart")
    assert other_type.status_code == 201
    listed = api.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()
    assert listed["count"] == 2
    assert {d["doc_type_label"] for d in listed["results"]} == {"Diploma/transcript", "Curriculum vitae"}


def test_the_pages_checks_apply_and_nothing_is_written(candidate, settings):
    api = _api(candidate)
    text = api.post(
        URL, {"doc_type": "KTP", "file": _file(b"bukan pdf", "ktp.pdf")}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert text.status_code == 400
    assert text.json()["error"] == {
        "code": "invalid_input",
        "message": "File type not accepted: only PDF, JPEG or PNG.",
        "field": "file",
    }
    unknown = api.post(URL, {"doc_type": "SIM", "file": _file()}, format="multipart")
    assert unknown.status_code == 400 and unknown.json()["error"]["field"] == "doc_type"
    assert unknown.json()["error"]["message"] == "Jenis dokumen tidak dikenal."
    missing = api.post(URL, {"doc_type": "KTP"}, format="multipart")
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "file"
    settings.DOCUMENT_MAX_BYTES = 10
    big = api.post(URL, {"doc_type": "KTP", "file": _file()}, format="multipart")
    assert big.status_code == 400 and big.json()["error"]["field"] == "file"
    assert not CandidateDocument.objects.exists()
    assert not AuditLog.objects.filter(action="selection.candidate.document_uploaded").exists()


def test_a_candidate_sees_only_their_own_documents(candidate, make_user):
    other = make_user(Role.CANDIDATE, None)
    _api(other).post(URL, {"doc_type": "CV", "file": _file(PDF + b"lain")}, format="multipart")
    mine = _api(candidate).get(URL).json()
    assert mine["count"] == 0
    _api(candidate).post(URL, {"doc_type": "CV", "file": _file()}, format="multipart")
    assert [d["doc_type"] for d in _api(candidate).get(URL).json()["results"]] == ["CV"]
    assert CandidateDocument.objects.count() == 2


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.PERSONNEL, Role.ADMIN])
def test_others_get_404_and_write_nothing(role, agency, make_user):
    user = make_user(role, agency)
    api = _api(user)
    assert api.get(URL).status_code == 404
    assert api.post(URL, {"doc_type": "CV", "file": _file()}, format="multipart").status_code == 404
    assert not CandidateDocument.objects.exists()


def test_anonymous_is_refused():
    assert APIClient().post(URL, {"doc_type": "CV", "file": _file()}, format="multipart").status_code in (401, 403)
    assert not CandidateDocument.objects.exists()


def test_the_page_too_stores_a_double_submitted_file_once(client, candidate):
    from django.urls import reverse

    client.force_login(candidate)
    for _n in range(2):
        response = client.post(reverse("selection:profile"), {"form": "document", "doc_type": "KTP", "file": _file()})
        assert response.status_code == 302
    assert CandidateDocument.objects.filter(user=candidate, doc_type="KTP").count() == 1
