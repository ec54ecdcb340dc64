from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jenjang.accounts.models import Role
from jenjang.personnel.models import Document

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(client, employee, content, name="sk.pdf"):
    return client.post(
        reverse("personnel:document_upload", kwargs={"pk": employee.pk}),
        {"doc_type": "SK_PANGKAT", "title": "SK", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_upload_and_download_a_pdf(employee, agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    upload(client, employee, PDF)
    document = Document.objects.get(employee=employee)
    assert document.content_type == "application/pdf"
    response = client.get(reverse("personnel:document_download", kwargs={"pk": employee.pk, "doc_id": document.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_a_renamed_executable_is_refused(employee, agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    response = upload(client, employee, b"MZ\x90\x00 not a pdf", name="sk.pdf")
    assert "Jenis berkas tidak diterima" in response.content.decode()
    assert not Document.objects.exists()


def test_a_too_large_file_is_refused(employee, agency, make_user, login, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    client = login(make_user(Role.PERSONNEL, agency))
    response = upload(client, employee, PDF + b"0" * 200)
    assert "terlalu besar" in response.content.decode()
    assert not Document.objects.exists()


def test_other_agency_cannot_download(employee, agency, other_agency, make_user, login):
    staff = make_user(Role.PERSONNEL, agency)
    upload(login(staff), employee, PDF)
    document = Document.objects.get()
    client = login(make_user(Role.PERSONNEL, other_agency))
    url = reverse("personnel:document_download", kwargs={"pk": employee.pk, "doc_id": document.pk})
    assert client.get(url).status_code == 404


def test_a_colleague_cannot_download_and_readers_cannot_upload(employee, agency, unit, make_user, login):
    from tests.factories import EmployeeFactory

    upload(login(make_user(Role.PERSONNEL, agency)), employee, PDF)
    document = Document.objects.get()
    colleague = EmployeeFactory(agency=agency, unit=unit)
    client = login(make_user(Role.EMPLOYEE, agency, employee=colleague))
    assert (
        client.get(
            reverse("personnel:document_download", kwargs={"pk": employee.pk, "doc_id": document.pk})
        ).status_code
        == 404
    )
    leader = login(make_user(Role.LEADER, agency))
    response = leader.post(reverse("personnel:document_upload", kwargs={"pk": employee.pk}),
                           {"doc_type": "SK_PANGKAT", "file": SimpleUploadedFile("a.pdf", PDF)})  # fmt: skip
    assert response.status_code == 403
    assert Document.objects.count() == 1
