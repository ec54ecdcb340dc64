"""Histories move the employee's current state; deletions need a reason; documents are checked by content."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jenjang.core.models import AuditLog
from jenjang.domain.vocab import rank_code
from jenjang.personnel.models import Document, PositionHistory, RankHistory
from tests.factories import PositionFactory, RankHistoryFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_rank_history_create_moves_the_current_rank(world, api):
    response = api("PERSONNEL").post(
        f"/api/v1/employees/{world.me.pk}/ranks/",
        {"rank": "III/c", "effective_date": "2023-04-01", "decree_number": "800/12/2023", "decree_date": "2023-03-15"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["rank"] == "III/c"
    world.me.refresh_from_db()
    assert (world.me.rank, world.me.rank_since) == (rank_code("III/c"), dt.date(2023, 4, 1))
    employee = api("PERSONNEL").get(f"/api/v1/employees/{world.me.pk}/").json()
    assert employee["rank"] == "III/c"


def test_older_rank_history_leaves_the_current_rank(world, api):
    response = api("PERSONNEL").post(
        f"/api/v1/employees/{world.me.pk}/ranks/", {"rank": "II/d", "effective_date": "2012-04-01"}, format="json"
    )
    assert response.status_code == 201
    world.me.refresh_from_db()
    assert world.me.rank == rank_code("III/b")


def test_position_history_with_a_position_moves_position_and_unit(world, api):
    position = PositionFactory(agency=world.agency, unit=world.lab, name="Pranata Laboratorium")
    response = api("ADMIN").post(
        f"/api/v1/employees/{world.me.pk}/positions/",
        {"position": position.pk, "start_date": "2024-07-01"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["position_name"] == "Pranata Laboratorium"
    world.me.refresh_from_db()
    assert (world.me.position_id, world.me.unit_id) == (position.pk, world.lab.pk)


def test_position_history_cannot_name_another_agencys_position(world, api):
    response = api("ADMIN").post(
        f"/api/v1/employees/{world.me.pk}/positions/",
        {"position": world.other_position.pk, "start_date": "2024-07-01"},
        format="json",
    )
    assert response.status_code == 400
    assert not PositionHistory.objects.filter(employee=world.me).exists()


def test_second_predicate_for_a_year_is_400(world, api):
    client = api("PERSONNEL")
    url = f"/api/v1/employees/{world.me.pk}/performance/"
    assert client.post(url, {"year": 2023, "predicate": "BAIK"}, format="json").status_code == 201
    again = client.post(url, {"year": 2023, "predicate": "SANGAT_BAIK"}, format="json")
    assert again.status_code == 400
    assert again.json()["error"]["field"] == "year"


def test_invalid_history_input_is_400_with_the_field(world, api):
    response = api("PERSONNEL").post(
        f"/api/v1/employees/{world.me.pk}/trainings/",
        {"name": "Latsar", "start_date": "2024-02-30", "end_date": "2024-03-01", "hours": 10},
        format="json",
    )
    assert response.status_code == 400
    assert "start_date" in response.json()["error"]["details"]


def test_history_delete_requires_a_reason_and_logs_it(world, api):
    row = RankHistoryFactory(employee=world.me)
    url = f"/api/v1/employees/{world.me.pk}/ranks/{row.pk}/"
    client = api("PERSONNEL")
    missing = client.delete(url)
    assert missing.status_code == 400
    assert missing.json()["error"]["field"] == "reason"
    assert RankHistory.objects.filter(pk=row.pk).exists()
    assert client.delete(f"{url}?reason=SK+ganda").status_code == 204
    assert not RankHistory.objects.filter(pk=row.pk).exists()
    assert AuditLog.objects.get(action="personnel.rankhistory.deleted").reason == "SK ganda"


def upload(client, employee_id, content, name="sk.pdf"):
    return client.post(
        f"/api/v1/employees/{employee_id}/documents/",
        {"file": SimpleUploadedFile(name, content), "doc_type": "SK_PANGKAT", "title": "SK III/b"},
        format="multipart",
    )


def test_document_upload_refuses_a_non_pdf_by_content(world, api):
    response = upload(api("PERSONNEL"), world.me.pk, b"MZ\x90\x00 not really a pdf", name="sk.pdf")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "file"
    assert "PDF, JPEG atau PNG" in response.json()["error"]["message"]
    assert not Document.objects.exists()


def test_document_upload_list_and_download(world, api):
    client = api("PERSONNEL")
    response = upload(client, world.me.pk, PDF)
    assert response.status_code == 201
    assert response.json()["content_type"] == "application/pdf"
    png = upload(client, world.me.pk, PNG, name="foto.jpg")  # the name lies; the content decides
    assert png.json()["content_type"] == "image/png"
    listed = api("EMPLOYEE").get(f"/api/v1/employees/{world.me.pk}/documents/").json()["results"]
    assert {row["id"] for row in listed} == {response.json()["id"], png.json()["id"]}
    download = api("EMPLOYEE").get(f"/api/v1/employees/{world.me.pk}/documents/{response.json()['id']}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "sk.pdf" in download["Content-Disposition"]


@pytest.mark.parametrize(("role", "status"), [("SUPERVISOR", 404), ("OTHER_ADMIN", 404), ("AUDITOR", 200)])
def test_document_download_checks_access(world, api, role, status):
    document_id = upload(api("PERSONNEL"), world.me.pk, PDF).json()["id"]
    response = api(role).get(f"/api/v1/employees/{world.me.pk}/documents/{document_id}/download/")
    assert response.status_code == status


def test_document_of_another_employee_is_404_under_this_one(world, api):
    document_id = upload(api("PERSONNEL"), world.peer.pk, PDF).json()["id"]
    response = api("EMPLOYEE").get(f"/api/v1/employees/{world.me.pk}/documents/{document_id}/download/")
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["EMPLOYEE", "LEADER", "AUDITOR"])
def test_document_upload_by_non_editors_is_403(world, api, role):
    assert upload(api(role), world.me.pk, PDF).status_code == 403
    assert not Document.objects.exists()
