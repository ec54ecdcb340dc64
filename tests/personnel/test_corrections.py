from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jenjang.accounts.models import Role
from jenjang.core.errors import AccessDenied, InvalidData
from jenjang.core.models import AuditLog
from jenjang.personnel import corrections
from jenjang.personnel.models import CorrectionRequest, CorrectionStatus
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("akta.pdf", PDF)


@pytest.fixture
def me(employee, agency, make_user):
    return make_user(Role.EMPLOYEE, agency, employee=employee)


@pytest.fixture
def staff(agency, make_user):
    return make_user(Role.PERSONNEL, agency)


def propose(me, employee, field="birth_place", value="Kampung Koreksi", upload=True):
    return corrections.correction_propose(
        actor=me, employee=employee, field=field, proposed_value=value, reason="Sesuai akta kelahiran",
        upload=pdf() if upload else None,
    )  # fmt: skip


def test_propose_through_the_page_then_staff_apply_changes_the_record(employee, me, staff, client):
    client.force_login(me)
    response = client.post(
        reverse("personnel:correction_propose", kwargs={"pk": employee.pk}),
        {"field": "birth_place", "proposed_value": "Kampung Koreksi", "reason": "Sesuai akta", "doc_type": "LAINNYA",
         "document": pdf()},
    )  # fmt: skip
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert request.status == CorrectionStatus.PENDING and request.document is not None

    client.force_login(staff)
    queue = client.get(reverse("personnel:correction_list"))
    assert employee.nip in queue.content.decode()
    response = client.post(reverse("personnel:correction_detail", kwargs={"pk": request.pk}), {"decision": "apply"})
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.birth_place == "Kampung Koreksi"
    request.refresh_from_db()
    assert request.status == CorrectionStatus.APPLIED and request.decided_by == staff
    update = AuditLog.objects.get(action="personnel.employee.updated", employee_id=employee.pk)
    assert update.changes["birth_place"][1] == "Kampung Koreksi" and f"#{request.pk}" in update.reason
    assert AuditLog.objects.filter(action="personnel.correction.applied", object_id=str(request.pk)).exists()


def test_reject_needs_a_reason_and_the_employee_sees_it(employee, me, staff, client):
    request = propose(me, employee)
    with pytest.raises(InvalidData):
        corrections.correction_reject(actor=staff, request=request, reason="  ")
    request.refresh_from_db()
    assert request.status == CorrectionStatus.PENDING
    corrections.correction_reject(actor=staff, request=request, reason="Akta tidak terbaca")
    employee.refresh_from_db()
    assert employee.birth_place != "Kampung Koreksi"
    client.force_login(me)
    body = client.get(reverse("personnel:employee_detail", kwargs={"pk": employee.pk})).content.decode()
    assert "Ditolak" in body and "Akta tidak terbaca" in body


def test_a_request_is_decided_once(employee, me, staff):
    request = propose(me, employee)
    corrections.correction_apply(actor=staff, request=request)
    with pytest.raises(InvalidData):
        corrections.correction_reject(actor=staff, request=request, reason="terlambat")
    with pytest.raises(InvalidData):
        corrections.correction_apply(actor=staff, request=request)
    request.refresh_from_db()
    assert request.status == CorrectionStatus.APPLIED
    assert AuditLog.objects.filter(action__startswith="personnel.correction.").count() == 2  # proposed, applied


def test_an_employee_cannot_propose_for_someone_else(employee, agency, unit, me, client):
    colleague = EmployeeFactory(agency=agency, unit=unit)
    with pytest.raises(AccessDenied):
        propose(me, colleague)
    client.force_login(me)
    url = reverse("personnel:correction_propose", kwargs={"pk": colleague.pk})
    assert client.get(url).status_code == 404
    assert not CorrectionRequest.objects.exists()


def test_staff_cannot_propose_on_behalf_of_an_employee(employee, staff):
    with pytest.raises(AccessDenied):
        propose(staff, employee)


def test_only_whitelisted_fields_and_valid_values(employee, me):
    with pytest.raises(InvalidData):
        propose(me, employee, field="rank", value="41")
    with pytest.raises(InvalidData):
        propose(me, employee, field="nip", value="199001012015011001")
    with pytest.raises(InvalidData):
        propose(me, employee, field="education", value="S9")
    with pytest.raises(InvalidData):  # identity data needs a supporting document
        propose(me, employee, upload=False)
    with pytest.raises(InvalidData):  # the NIP encodes the birth date
        propose(me, employee, field="birth_date", value="1990-01-01")
    assert propose(me, employee, field="phone", value="0812-1111", upload=False).status == CorrectionStatus.PENDING


def test_staff_of_another_agency_cannot_decide_or_see(employee, me, other_agency, make_user, client):
    request = propose(me, employee)
    foreign = make_user(Role.PERSONNEL, other_agency)
    with pytest.raises(AccessDenied):
        corrections.correction_apply(actor=foreign, request=request)
    client.force_login(foreign)
    assert client.get(reverse("personnel:correction_detail", kwargs={"pk": request.pk})).status_code == 404
    assert employee.nip not in client.get(reverse("personnel:correction_list")).content.decode()


def test_queue_lists_pending_first(employee, me, staff, client, django_assert_max_num_queries):
    older_pending = propose(me, employee, field="phone", value="0812", upload=False)
    newer_decided = propose(me, employee, field="birth_place", value="Kampung Tolak")
    corrections.correction_reject(actor=staff, request=newer_decided, reason="tidak sesuai")
    client.force_login(staff)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("personnel:correction_list"))
    assert [r.pk for r in response.context["page_obj"].object_list] == [older_pending.pk, newer_decided.pk]


def test_proposal_form_shows_current_values_to_the_employee(employee, me, client):
    client.force_login(me)
    body = client.get(reverse("personnel:correction_propose", kwargs={"pk": employee.pk})).content.decode()
    assert employee.birth_place in body and 'name="proposed_value"' in body
