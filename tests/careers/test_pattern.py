"""Career pattern: visibility by status and agency, the drawn picture, editing with optimistic locking."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jenjang.careers.demo import load_pattern
from jenjang.careers.models import CareerPattern, PatternEdge, PatternNode, PatternStatus
from jenjang.core.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(agency):
    return load_pattern(agency)


@pytest.fixture
def draft(agency):
    return CareerPattern.objects.create(agency=agency, name="Pola draf")


def test_every_employee_reads_the_published_picture(published, agency, employee, make_user, login):
    html = login(make_user("EMPLOYEE", agency, employee=employee)).get(
        reverse("careers:pattern_detail", args=[published.pk])).content.decode()  # fmt: skip
    assert "<svg" in html and html.count("<rect") == 10 and html.count("<line") == PatternEdge.objects.count()
    assert "JF Ahli Madya" in html and "Penyetaraan/pindah ke JF setara" in html


def test_drafts_are_hidden_from_employees_and_other_agencies_see_nothing(
    published, draft, agency, other_agency, employee, make_user, login, client
):
    employee_client = login(make_user("EMPLOYEE", agency, employee=employee))
    assert employee_client.get(reverse("careers:pattern_detail", args=[draft.pk])).status_code == 404
    listing = employee_client.get(reverse("careers:pattern_list")).content.decode()
    assert published.name in listing and draft.name not in listing
    foreign = login(make_user("PERSONNEL", other_agency))
    assert foreign.get(reverse("careers:pattern_detail", args=[published.pk])).status_code == 404
    assert foreign.get(reverse("careers:pattern_edit", args=[published.pk])).status_code == 404


def test_personnel_builds_and_publishes_a_pattern(agency, make_user, login):
    client = login(make_user("PERSONNEL", agency))
    response = client.post(reverse("careers:pattern_list"), {"name": "Pola baru"})
    pattern = CareerPattern.objects.get(name="Pola baru")
    assert response.status_code == 302 and pattern.status == PatternStatus.DRAFT
    url = reverse("careers:pattern_edit", args=[pattern.pk])
    client.post(url, {"action": "node", "version": 1, "label": "Pelaksana", "level": "PELAKSANA"})
    client.post(url, {"action": "node", "version": 2, "label": "Pengawas", "level": "PENGAWAS"})
    low, high = PatternNode.objects.filter(pattern=pattern).order_by("id")
    refused = client.post(url, {"action": "pattern", "version": 3, "name": "Pola baru", "status": "PUBLISHED"})
    assert "tanpa perpindahan tidak dapat diterbitkan" in refused.content.decode()
    edge = {"source_id": low.pk, "target_id": high.pk, "move_type": "VERTICAL", "direction": "VERTICAL"}
    client.post(url, {"action": "edge", "version": 3, "min_rank": 32, "min_training_hours": "20", **edge})
    client.post(url, {"action": "pattern", "version": 4, "name": "Pola baru", "status": "PUBLISHED"})
    pattern.refresh_from_db()
    assert pattern.status == PatternStatus.PUBLISHED and pattern.version == 5
    edge = PatternEdge.objects.get(pattern=pattern)
    assert edge.min_rank == 32 and edge.min_training_hours == 20
    assert AuditLog.objects.filter(action="careers.pattern.published", object_id=str(pattern.pk)).exists()


def test_stale_edit_is_refused_and_keeps_the_typed_values(draft, agency, make_user, login):
    client = login(make_user("PERSONNEL", agency))
    url = reverse("careers:pattern_edit", args=[draft.pk])
    assert client.post(url, {"action": "node", "version": 1, "label": "A", "level": "PELAKSANA"}).status_code == 302
    stale = client.post(url, {"action": "node", "version": 1, "label": "Simpul Lama", "level": "PENGAWAS"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "diubah oleh pengguna lain" in html and 'value="Simpul Lama"' in html
    assert list(PatternNode.objects.filter(pattern=draft).values_list("label", flat=True)) == ["A"]


def test_bad_input_is_explained(draft, agency, make_user, login):
    client = login(make_user("PERSONNEL", agency))
    url = reverse("careers:pattern_edit", args=[draft.pk])
    client.post(url, {"action": "node", "version": 1, "label": "A", "level": "PELAKSANA"})
    node = PatternNode.objects.get(pattern=draft)
    loop = client.post(url, {"action": "edge", "version": 2, "source_id": node.pk, "target_id": node.pk,
                             "move_type": "VERTICAL", "direction": "VERTICAL"})  # fmt: skip
    assert loop.status_code == 400 and "harus berbeda" in loop.content.decode()
    duplicate = client.post(url, {"action": "node", "version": 2, "label": "A", "level": "PENGAWAS"})
    assert duplicate.status_code == 400 and "sudah dipakai" in duplicate.content.decode()
    assert CareerPattern.objects.get(pk=draft.pk).version == 2  # refused edits do not bump the version


def test_employees_cannot_edit(published, agency, employee, make_user, login):
    client = login(make_user("EMPLOYEE", agency, employee=employee))
    assert client.get(reverse("careers:pattern_edit", args=[published.pk])).status_code == 403


def test_picture_query_count_is_constant(published, agency, make_user, login, django_assert_max_num_queries):
    client = login(make_user("LEADER", agency))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("careers:pattern_detail", args=[published.pk])).status_code == 200


def test_a_double_submitted_new_pattern_is_created_once(agency, make_user, login):
    client = login(make_user("PERSONNEL", agency))
    page = client.get(reverse("careers:pattern_list")).content.decode()
    key = page.split('name="form_key" value="')[1].split('"')[0]
    for _ in range(2):
        assert client.post(reverse("careers:pattern_list"), {"name": "Pola baru", "form_key": key}).status_code == 302
    assert CareerPattern.objects.filter(name="Pola baru").count() == 1


def test_publishing_tells_every_user_of_the_agency_once_in_the_app(
    draft, agency, other_agency, employee, make_user, mailoutbox
):
    from jenjang.careers import pattern as patterns
    from jenjang.notifications.models import Notification

    staff = make_user("PERSONNEL", agency)
    reader = make_user("EMPLOYEE", agency, employee=employee)
    leader = make_user("LEADER", agency)
    gone = make_user("EMPLOYEE", agency, is_active=False)
    foreign = make_user("EMPLOYEE", other_agency)
    low = PatternNode.objects.create(pattern=draft, label="Pelaksana", level="PELAKSANA")
    high = PatternNode.objects.create(pattern=draft, label="Pengawas", level="PENGAWAS")
    PatternEdge.objects.create(pattern=draft, source=low, target=high, move_type="VERTICAL", direction="VERTICAL")
    patterns.pattern_update(staff, draft.pk, expected_version=draft.version, values={"status": "PUBLISHED"})
    sent = Notification.objects.filter(kind="careers.pattern.published")
    assert sorted(sent.values_list("recipient_id", flat=True)) == sorted([reader.pk, leader.pk])
    assert {n.url for n in sent} == {reverse("careers:pattern_detail", args=[draft.pk])}
    assert draft.name in sent.first().subject and not mailoutbox
    draft.refresh_from_db()  # the same publish sent again changes nothing and tells nobody again
    patterns.pattern_update(staff, draft.pk, expected_version=draft.version, values={"status": "PUBLISHED"})
    assert sent.count() == 2 and not Notification.objects.filter(recipient__in=[gone, foreign]).exists()
