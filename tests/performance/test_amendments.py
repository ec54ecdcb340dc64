"""Amendments of an approved SKP: targets, and the work results themselves, each a recorded, approved change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jenjang.core.errors import AccessDenied, InvalidData
from jenjang.core.models import AuditLog
from jenjang.performance import services
from jenjang.performance.models import Amendment, AmendmentStatus, Indicator, Rhk

from .conftest import approved

pytestmark = pytest.mark.django_db


def _propose(org, skp, kind, **kw):
    return services.amendment_propose(actor=org.users.worker, skp=skp, kind=kind, reason="Penugasan baru", **kw)


def test_a_new_rhk_is_added_only_when_the_rater_approves(org):
    skp = approved(org)
    row = {"aspect": "QUANTITY", "text": "Dokumen peta jabatan", "target": "1 dokumen"}
    amendment = _propose(org, skp, "ADD_RHK", text="Tersusunnya peta jabatan", rhk_kind="ADDITIONAL", indicators=[row])
    assert Rhk.objects.filter(skp=skp).count() == 1
    services.amendment_decide(actor=org.users.supervisor, amendment=amendment, approve=True)
    added = Rhk.objects.get(skp=skp, text="Tersusunnya peta jabatan")
    assert added.kind == "ADDITIONAL"
    assert [(i.text, i.target) for i in added.indicators.all()] == [("Dokumen peta jabatan", "1 dokumen")]
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.APPROVED and amendment.rhk_id == added.pk
    assert AuditLog.objects.filter(action="performance.amendment.approved").exists()


def test_an_indicator_is_added_and_another_removed(org):
    skp = approved(org)
    rhk = skp.rhks.get()
    add = _propose(org, skp, "ADD_INDICATOR", rhk=rhk,
                   indicators=[{"aspect": "TIME", "text": "Waktu proses", "target": "5 hari"}])  # fmt: skip
    services.amendment_decide(actor=org.users.supervisor, amendment=add, approve=True)
    assert rhk.indicators.count() == 2
    old = rhk.indicators.get(text="Jumlah usulan diproses")
    remove = _propose(org, skp, "REMOVE_INDICATOR", indicator=old)
    services.amendment_decide(actor=org.users.supervisor, amendment=remove, approve=True)
    assert list(rhk.indicators.values_list("text", flat=True)) == ["Waktu proses"]
    remove.refresh_from_db()  # the record survives the indicator and still says what was removed
    assert remove.indicator_id is None and remove.payload["text"] == "Jumlah usulan diproses"
    with pytest.raises(InvalidData):  # the last indicator of an RHK goes only with the RHK
        _propose(org, skp, "REMOVE_INDICATOR", indicator=rhk.indicators.get())


def test_an_rhk_is_removed_and_a_rejected_change_changes_nothing(org):
    skp = approved(org)
    first = skp.rhks.get()
    with pytest.raises(InvalidData):  # the only main RHK cannot go
        _propose(org, skp, "REMOVE_RHK", rhk=first)
    add = _propose(org, skp, "ADD_RHK", text="RHK kedua",
                   indicators=[{"aspect": "QUANTITY", "text": "Jumlah", "target": "3"}])  # fmt: skip
    services.amendment_decide(actor=org.users.supervisor, amendment=add, approve=True)
    remove = _propose(org, skp, "REMOVE_RHK", rhk=first)
    rejected = services.amendment_decide(actor=org.users.supervisor, amendment=remove, approve=False)
    assert rejected.status == AmendmentStatus.REJECTED and Rhk.objects.filter(pk=first.pk).exists()
    remove = _propose(org, skp, "REMOVE_RHK", rhk=first)
    services.amendment_decide(actor=org.users.supervisor, amendment=remove, approve=True)
    services.amendment_decide(actor=org.users.supervisor, amendment=remove, approve=True)  # twice: no effect
    assert list(Rhk.objects.filter(skp=skp).values_list("text", flat=True)) == ["RHK kedua"]
    remove.refresh_from_db()
    assert remove.payload["text"] == first.text and remove.payload["indicators"][0]["target"] == "120 usulan"


def test_only_the_owner_proposes_and_only_the_rater_decides(org):
    skp = approved(org)
    with pytest.raises(AccessDenied):
        services.amendment_propose(actor=org.users.supervisor, skp=skp, kind="ADD_RHK", reason="x", text="y",
                                   indicators=[{"text": "a", "target": "1"}])  # fmt: skip
    amendment = _propose(org, skp, "ADD_RHK", text="RHK", indicators=[{"text": "a", "target": "1"}])
    for who in ("worker", "peer", "superior", "personnel"):
        with pytest.raises(AccessDenied):
            services.amendment_decide(actor=getattr(org.users, who), amendment=amendment, approve=True)
    with pytest.raises(InvalidData):
        _propose(org, skp, "ADD_RHK", text="RHK tanpa indikator", indicators=[])
    with pytest.raises(InvalidData):
        services.amendment_propose(actor=org.users.worker, skp=skp, kind="ADD_RHK", reason=" ", text="y",
                                   indicators=[{"text": "a", "target": "1"}])  # fmt: skip


def test_amendment_pages_for_employee_and_rater(org, client):
    skp = approved(org)
    rhk = skp.rhks.get()
    client.force_login(org.users.worker)
    url = reverse("performance:skp_action", args=[skp.pk, "amend"])
    client.post(url, {"kind": "ADD_INDICATOR", "rhk": rhk.pk, "aspect": "QUALITY", "indicator_text": "Mutu layanan",
                      "target": "Tanpa keluhan", "reason": "Arahan pimpinan"})  # fmt: skip
    page = client.get(reverse("performance:skp_detail", args=[skp.pk])).content.decode()
    assert "Mutu layanan" in page and "Tambah indikator" in page
    client.force_login(org.users.supervisor)
    amendment = Amendment.objects.get()
    client.post(reverse("performance:skp_action", args=[skp.pk, "amend-decide"]),
                {"amendment": amendment.pk, "decision": "approve"})  # fmt: skip
    assert Indicator.objects.filter(rhk=rhk, text="Mutu layanan", target="Tanpa keluhan").exists()


def test_amendment_api(org):
    from rest_framework.test import APIClient

    skp = approved(org)
    api = APIClient()
    api.force_authenticate(org.users.worker)
    body = {"kind": "ADD_RHK", "reason": "Penugasan", "text": "RHK dari API",
            "indicators": [{"aspect": "QUANTITY", "text": "Jumlah", "target": "2"}]}  # fmt: skip
    assert api.post(reverse("api-performance-skp-amendments", args=[skp.pk]), body, format="json").status_code == 200
    api.force_authenticate(org.users.supervisor)
    decision = {"amendment": Amendment.objects.get().pk, "approve": True}
    url = reverse("api-performance-skp-amendment-decision", args=[skp.pk])
    assert api.post(url, decision, format="json").status_code == 200
    assert Rhk.objects.filter(skp=skp, text="RHK dari API").exists()


def test_skp_page_queries_do_not_grow_with_rhks_and_amendments(org, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    skp = approved(org)
    client.force_login(org.users.worker)
    url = reverse("performance:skp_detail", args=[skp.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        amendment = _propose(org, skp, "ADD_RHK", text=f"RHK {n}", indicators=[{"text": f"I{n}", "target": "1"}])
        services.amendment_decide(actor=org.users.supervisor, amendment=amendment, approve=True)
    _propose(org, skp, "REMOVE_RHK", rhk=Rhk.objects.filter(skp=skp).last())
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert "RHK 2" in page.content.decode()
    assert len(many) == len(few)
