"""A unit's performance agreement (perjanjian kinerja) and the unit head's SKP drafted from it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jenjang.core.errors import AccessDenied, InvalidData, StaleEdit
from jenjang.core.models import AuditLog
from jenjang.performance import services
from jenjang.performance.models import PerformanceAgreement, Rhk, Skp, SkpStatus

pytestmark = pytest.mark.django_db


def _agreement(org, *targets):
    agreement = services.agreement_open(actor=org.users.personnel, period=org.period, unit=org.section)
    for goal, indicator, target in targets or [
        ("Meningkatnya ketepatan layanan kepegawaian", "Persentase usulan tepat waktu", "95%"),
        ("Tertibnya data kepegawaian", "Jumlah data terverifikasi", "1.200 data"),
    ]:
        services.agreement_target_add(actor=org.users.personnel, agreement=agreement, expected_version=None,
                                      goal=goal, indicator=indicator, target=target)  # fmt: skip
    agreement.refresh_from_db()
    return agreement


def test_unit_head_draft_is_prefilled_from_the_agreement_and_linked(org):
    agreement = _agreement(org)
    skp = services.skp_start(actor=org.users.supervisor, employee=org.supervisor, period=org.period)
    rhks = list(Rhk.objects.filter(skp=skp).select_related("agreement_target").prefetch_related("indicators"))
    assert [r.text for r in rhks] == ["Meningkatnya ketepatan layanan kepegawaian", "Tertibnya data kepegawaian"]
    assert {r.agreement_target.agreement_id for r in rhks} == {agreement.pk}
    assert [(i.text, i.target) for i in rhks[0].indicators.all()] == [("Persentase usulan tepat waktu", "95%")]
    assert all(r.kind == "MAIN" for r in rhks)
    assert AuditLog.objects.filter(action="performance.rhk.from_agreement", object_id=str(skp.pk)).exists()


def test_staff_draft_is_not_prefilled(org):
    _agreement(org)
    skp = services.skp_start(actor=org.users.worker, employee=org.worker, period=org.period)
    assert not Rhk.objects.filter(skp=skp).exists()


def test_head_edits_the_derived_rhk_before_submitting(org):
    _agreement(org)
    skp = services.skp_start(actor=org.users.supervisor, employee=org.supervisor, period=org.period)
    indicator = Rhk.objects.filter(skp=skp).first().indicators.get()
    services.indicator_update(actor=org.users.supervisor, indicator=indicator, expected_version=skp.version,
                              text="Persentase usulan tepat waktu", target="97%")  # fmt: skip
    indicator.refresh_from_db()
    assert indicator.target == "97%"
    skp.refresh_from_db()
    with pytest.raises(StaleEdit):  # the version read before the edit is stale now
        services.indicator_update(actor=org.users.supervisor, indicator=indicator, expected_version=skp.version - 1,
                                  text="x", target="1")  # fmt: skip
    extra = Rhk.objects.filter(skp=skp).last()
    services.rhk_delete(actor=org.users.supervisor, rhk=extra, expected_version=skp.version)
    skp.refresh_from_db()
    skp = services.skp_submit(actor=org.users.supervisor, skp=skp, expected_version=skp.version)
    assert skp.status == SkpStatus.SUBMITTED
    with pytest.raises(InvalidData):  # submitted: no more edits
        services.indicator_update(actor=org.users.supervisor, indicator=indicator, expected_version=skp.version,
                                  text="x", target="1")  # fmt: skip


def test_targets_added_later_are_taken_once(org):
    agreement = _agreement(org, ("Sasaran satu", "Indikator satu", "10"))
    skp = services.skp_start(actor=org.users.supervisor, employee=org.supervisor, period=org.period)
    services.agreement_target_add(actor=org.users.personnel, agreement=agreement, expected_version=agreement.version,
                                  goal="Sasaran dua", indicator="Indikator dua", target="20")  # fmt: skip
    added = services.skp_from_agreement(actor=org.users.supervisor, skp=skp, expected_version=skp.version)
    assert [r.text for r in added] == ["Sasaran dua"]
    skp.refresh_from_db()
    with pytest.raises(InvalidData):  # nothing left to take: nothing written twice
        services.skp_from_agreement(actor=org.users.supervisor, skp=skp, expected_version=skp.version)
    assert Rhk.objects.filter(skp=skp).count() == 2


def test_only_the_unit_head_derives_and_only_staff_edit_agreements(org):
    _agreement(org)
    skp = services.skp_start(actor=org.users.worker, employee=org.worker, period=org.period)
    with pytest.raises(InvalidData):
        services.skp_from_agreement(actor=org.users.worker, skp=skp, expected_version=skp.version)
    with pytest.raises(AccessDenied):
        services.agreement_open(actor=org.users.supervisor, period=org.period, unit=org.section)
    agreement = PerformanceAgreement.objects.get()
    with pytest.raises(InvalidData):
        services.agreement_target_add(actor=org.users.personnel, agreement=agreement, expected_version=None,
                                      goal="", indicator="x", target="1")  # fmt: skip
    with pytest.raises(StaleEdit):
        services.agreement_target_add(actor=org.users.personnel, agreement=agreement,
                                      expected_version=agreement.version - 1, goal="g", indicator="i",
                                      target="1")  # fmt: skip


def test_agreement_pages(org, client):
    client.force_login(org.users.personnel)
    response = client.post(reverse("performance:agreements", args=[org.period.pk]), {"unit": org.section.code})
    agreement = PerformanceAgreement.objects.get(unit=org.section)
    assert response.url == reverse("performance:agreement", args=[agreement.pk])
    client.post(reverse("performance:agreement", args=[agreement.pk]),
                {"version": agreement.version, "goal": "Sasaran layanan", "indicator": "Indeks kepuasan",
                 "target": "3,5", "aspect": "QUALITY"})  # fmt: skip
    page = client.get(reverse("performance:agreement", args=[agreement.pk]))
    assert b"Indeks kepuasan" in page.content
    listing = client.get(reverse("performance:agreements", args=[org.period.pk]))
    assert org.section.name.encode() in listing.content
    bad = client.post(reverse("performance:agreements", args=[org.period.pk]), {"unit": "NOPE"}, follow=True)
    assert "tidak ditemukan" in bad.content.decode()
    assert PerformanceAgreement.objects.count() == 1
    # the head sees the derived RHK on the SKP page, linked to the agreement
    client.force_login(org.users.supervisor)
    client.post(reverse("performance:skp_start", args=[org.period.pk]))
    skp = Skp.objects.get(employee=org.supervisor)
    detail = client.get(reverse("performance:skp_detail", args=[skp.pk])).content.decode()
    assert "Sasaran layanan" in detail and "perjanjian kinerja unit" in detail
    # staff of another agency do not see it
    client.force_login(org.users.foreign_admin)
    assert client.get(reverse("performance:agreement", args=[agreement.pk])).status_code == 404
    # an employee may not open the pages
    client.force_login(org.users.worker)
    assert client.get(reverse("performance:agreements", args=[org.period.pk])).status_code == 403


def test_agreement_list_paginates_with_fixed_queries(org, client, django_assert_max_num_queries):
    from tests.factories import UnitFactory

    for i in range(5):
        unit = UnitFactory(agency=org.agency, code=f"U{i}", name=f"Unit {i}", parent=org.root)
        services.agreement_open(actor=org.users.personnel, period=org.period, unit=unit)
    client.force_login(org.users.personnel)
    client.get(reverse("performance:agreements", args=[org.period.pk]))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("performance:agreements", args=[org.period.pk]))
    assert page.content.decode().count("/kinerja/perjanjian/") == 5


def test_demo_clear_removes_agreements_with_the_periods(org):
    from jenjang.performance import demo
    from jenjang.performance.models import Period

    _agreement(org)
    services.skp_start(actor=org.users.supervisor, employee=org.supervisor, period=org.period)
    demo.clear([org.agency.pk])
    assert not Period.objects.filter(agency=org.agency).exists()
    assert not PerformanceAgreement.objects.exists()


def _sheet(rows):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Kode unit", "Sasaran", "Indikator", "Aspek", "Target"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "pk.xlsx"
    return out


def test_agreement_import_is_all_or_nothing(org, client):
    client.force_login(org.users.personnel)
    url = reverse("performance:agreements", args=[org.period.pk])
    bad = _sheet([[org.section.code, "Sasaran A", "Indikator A", "Kuantitas", "10"],
                  ["NOPE", "Sasaran B", "Indikator B", "", "5"],
                  [org.section.code, "Sasaran C", "Indikator C", "Warna", "1"]])  # fmt: skip
    page = client.post(url, {"action": "import", "file": bad}, follow=True).content.decode()
    assert "NOPE" in page and "Warna" in page
    assert not PerformanceAgreement.objects.exists()
    good = _sheet([[org.section.code, "Sasaran A", "Indikator A", "Kualitas", "10"],
                   [org.section.code, "Sasaran B", "Indikator B", None, "5"],
                   [org.other_section.code, "Sasaran K", "Indikator K", "Waktu", "Desember"]])  # fmt: skip
    page = client.post(url, {"action": "import", "file": good}, follow=True).content.decode()
    assert "3 target perjanjian kinerja diimpor" in page
    section = PerformanceAgreement.objects.get(unit=org.section)
    assert list(section.targets.values_list("goal", "aspect", "order")) == [
        ("Sasaran A", "QUALITY", 1),
        ("Sasaran B", "QUANTITY", 2),
    ]
    assert PerformanceAgreement.objects.get(unit=org.other_section).targets.get().aspect == "TIME"
    # the head of the imported unit drafts from it
    skp = services.skp_start(actor=org.users.supervisor, employee=org.supervisor, period=org.period)
    assert list(Rhk.objects.filter(skp=skp).values_list("text", flat=True)) == ["Sasaran A", "Sasaran B"]
    client.force_login(org.users.supervisor)
    assert client.post(url, {"action": "import", "file": _sheet([])}).status_code == 403
