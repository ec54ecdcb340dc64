"""The API for what only the pages could do before: performance agreements (list, detail, open, targets, the xlsx
import), the PP 46/2011 history import, the SKP actions rhk-delete / indicator-edit / from-agreement, and file
evidence. Same access as the pages, 409 on a stale version, 400 with nothing written for a bad file, and a double
submit that creates nothing twice."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from jenjang.core.models import AuditLog
from jenjang.performance import services
from jenjang.performance.models import (
    AgreementImport,
    AgreementTarget,
    Evidence,
    Indicator,
    PerformanceAgreement,
    Rhk,
)
from jenjang.personnel.models import PerformanceHistory

from .conftest import INDICATORS, approved, draft

pytestmark = pytest.mark.django_db
BASE = "/api/v1/performance"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _xlsx(header, rows, name="berkas.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/vnd.ms-excel")


def _agreement_sheet(rows):
    return _xlsx(["Kode unit", "Sasaran", "Indikator", "Aspek", "Target"], rows, "pk.xlsx")


def _scores_sheet(rows):
    return _xlsx(["NIP", "Tahun", "Nilai"], rows, "nilai.xlsx")


def _not_xlsx():
    return SimpleUploadedFile("x.xlsx", b"not a workbook", content_type="application/octet-stream")


def _agreement(org, targets=(("Tertibnya data kepegawaian", "Jumlah data terverifikasi", "1.200 data"),)):
    agreement = services.agreement_open(actor=org.users.personnel, period=org.period, unit=org.section)
    for goal, indicator, target in targets:
        services.agreement_target_add(actor=org.users.personnel, agreement=agreement, expected_version=None,
                                      goal=goal, indicator=indicator, target=target)  # fmt: skip
    agreement.refresh_from_db()
    return agreement


# --- performance agreements -------------------------------------------------------------------------------------


def test_personnel_open_an_agreement_and_keep_its_targets(org):
    staff = api(org.users.personnel)
    url = f"{BASE}/periods/{org.period.pk}/agreements/"
    opened = staff.post(url, {"unit": org.section.pk}, format="json")
    assert opened.status_code == 201
    body = opened.json()
    assert body["unit_code"] == org.section.code and body["targets"] == [] and body["year"] == 2026
    # opening it again (a double submit) returns the same agreement
    assert staff.post(url, {"unit": org.section.pk}, format="json").json()["id"] == body["id"]
    assert PerformanceAgreement.objects.count() == 1
    target = {"version": body["version"], "goal": "Tertibnya data", "indicator": "Data terverifikasi",
              "target": "1.200 data", "aspect": "QUALITY"}  # fmt: skip
    added = staff.post(f"{BASE}/agreements/{body['id']}/targets/", target, format="json")
    assert added.status_code == 201
    detail = added.json()
    assert [(t["goal"], t["aspect"]) for t in detail["targets"]] == [("Tertibnya data", "QUALITY")]
    assert detail["version"] == body["version"] + 1 and detail["n_targets"] == 1
    # the same form posted again names the old version: 409, nothing appended
    stale = staff.post(f"{BASE}/agreements/{body['id']}/targets/", target, format="json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert AgreementTarget.objects.count() == 1
    rows = staff.get(url).json()["results"]
    assert [(r["unit"], r["n_targets"]) for r in rows] == [(org.section.pk, 1)]
    assert staff.get(f"{BASE}/agreements/{body['id']}/").json()["targets"][0]["target"] == "1.200 data"
    # removing it: the version read, stale is 409 and the target stays
    target_url = f"{BASE}/agreements/{body['id']}/targets/{detail['targets'][0]['id']}/"
    assert staff.delete(f"{target_url}?version={body['version']}").status_code == 409
    assert staff.delete(target_url).status_code == 400  # no version named
    assert AgreementTarget.objects.count() == 1
    removed = staff.delete(target_url, {"version": detail["version"]}, format="json")
    assert removed.status_code == 200 and removed.json()["targets"] == []
    assert staff.delete(target_url, {"version": removed.json()["version"]}, format="json").status_code == 404
    actions = set(AuditLog.objects.filter(action__startswith="performance.agreement").values_list("action", flat=True))
    assert actions == {"performance.agreement.opened", "performance.agreement.target_added",
                       "performance.agreement.target_deleted"}  # fmt: skip


@pytest.mark.parametrize(("who", "read", "write"), [
    ("personnel", 200, 201), ("superior", 200, 403), ("supervisor", 403, 403), ("worker", 403, 403),
    ("other_worker", 403, 403), ("foreign", 404, 404), ("foreign_admin", 404, 404),
])  # fmt: skip
def test_agreement_access_is_the_pages(org, who, read, write):
    agreement = _agreement(org)
    client = api(getattr(org.users, who))
    assert client.get(f"{BASE}/periods/{org.period.pk}/agreements/").status_code == read
    assert client.get(f"{BASE}/agreements/{agreement.pk}/").status_code == read
    body = {"version": agreement.version, "goal": "G", "indicator": "I", "target": "1"}
    assert client.post(f"{BASE}/agreements/{agreement.pk}/targets/", body, format="json").status_code == write
    assert AgreementTarget.objects.count() == (2 if write == 201 else 1)
    opened = client.post(f"{BASE}/periods/{org.period.pk}/agreements/", {"unit": org.other_section.pk}, format="json")
    assert opened.status_code == write
    assert PerformanceAgreement.objects.filter(unit=org.other_section).exists() == (write == 201)


def test_another_agencys_unit_is_not_found(org):
    foreign_unit = org.foreign.unit
    response = api(org.users.personnel).post(
        f"{BASE}/periods/{org.period.pk}/agreements/", {"unit": foreign_unit.pk}, format="json"
    )
    assert response.status_code == 404 and not PerformanceAgreement.objects.exists()


def test_agreement_import_all_or_nothing_and_once(org):
    staff = api(org.users.personnel)
    url = f"{BASE}/periods/{org.period.pk}/agreements/import/"
    bad = _agreement_sheet([[org.section.code, "Sasaran A", "Indikator A", "Kuantitas", "10"],
                            ["NOPE", "Sasaran B", "Indikator B", "", "5"],
                            [org.section.code, "Sasaran C", "Indikator C", "Warna", "1"]])  # fmt: skip
    refused = staff.post(url, {"file": bad}, format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    error = refused.json()["error"]
    # the Indonesian aspect label is read in any language; every bad row is named by its sheet row
    assert error["details"]["errors"] == ["Row 3: no unit with code NOPE.", "Row 4: unknown aspect Warna."]
    assert "not imported" in error["message"]  # translated
    assert not PerformanceAgreement.objects.exists() and not AgreementImport.objects.exists()
    unreadable = staff.post(url, {"file": _not_xlsx()}, format="multipart")
    assert unreadable.status_code == 400 and unreadable.json()["error"]["field"] == "file"
    assert staff.post(url, {}, format="multipart").status_code == 400
    assert not PerformanceAgreement.objects.exists()

    rows = [[org.section.code, "Sasaran A", "Indikator A", "Kualitas", "10"],
            [org.other_section.code, "Sasaran K", "Indikator K", "Waktu", "Desember"]]  # fmt: skip
    first = staff.post(url, {"file": _agreement_sheet(rows), "request_key": "pk-1"}, format="multipart")
    assert first.status_code == 201
    assert first.json() | {"import": 0} == {"targets": 2, "units": 2, "import": 0, "repeat": False}
    # the same request again (a double submit, the key in the header this time): nothing appended
    again = staff.post(url, {"file": _agreement_sheet(rows)}, format="multipart", HTTP_IDEMPOTENCY_KEY="pk-1")
    assert again.status_code == 200 and again.json()["repeat"] is True
    assert again.json()["import"] == first.json()["import"]
    assert AgreementTarget.objects.count() == 2
    # without a key, the same rows twice within the window also import once
    more = [[org.section.code, "Sasaran B", "Indikator B", None, "5"]]
    assert staff.post(url, {"file": _agreement_sheet(more)}, format="multipart").status_code == 201
    assert staff.post(url, {"file": _agreement_sheet(more)}, format="multipart").status_code == 200
    section = PerformanceAgreement.objects.get(unit=org.section)
    assert list(section.targets.values_list("goal", "aspect", "order")) == [
        ("Sasaran A", "QUALITY", 1),
        ("Sasaran B", "QUANTITY", 2),
    ]
    assert AuditLog.objects.filter(action="performance.agreement.imported").count() == 2


def test_agreement_import_page_form_posted_twice_imports_once(org, client):
    import re

    from django.urls import reverse

    client.force_login(org.users.personnel)
    url = reverse("performance:agreements", args=[org.period.pk])
    key = re.search(r'name="request_key" value="([0-9a-f]+)"', client.get(url).content.decode()).group(1)
    rows = [[org.section.code, "Sasaran A", "Indikator A", "Kualitas", "10"]]
    for _ in range(2):
        client.post(url, {"action": "import", "file": _agreement_sheet(rows), "request_key": key})
    assert AgreementTarget.objects.count() == 1
    client.post(url, {"action": "import", "file": _agreement_sheet(rows), "request_key": "another-form"})
    assert AgreementTarget.objects.count() == 2  # a new form is a new import


@pytest.mark.parametrize(("who", "code"), [("worker", 403), ("supervisor", 403), ("superior", 403),
                                            ("foreign_admin", 404)])  # fmt: skip
def test_agreement_import_refused(org, who, code):
    rows = [[org.section.code, "Sasaran A", "Indikator A", "Kualitas", "10"]]
    url = f"{BASE}/periods/{org.period.pk}/agreements/import/"
    response = api(getattr(org.users, who)).post(url, {"file": _agreement_sheet(rows)}, format="multipart")
    assert response.status_code == code
    assert not AgreementTarget.objects.exists()


# --- PP 46/2011 history import --------------------------------------------------------------------------------


def test_history_import_all_or_nothing_and_once(org):
    staff = api(org.users.personnel)
    url = f"{BASE}/history-import/"
    bad = _scores_sheet([[org.worker.nip, 2018, 95], ["123", 2018, 80], [org.peer.nip, 2030, 70]])
    refused = staff.post(url, {"file": bad}, format="multipart")
    assert refused.status_code == 400
    assert len(refused.json()["error"]["details"]["errors"]) == 2
    assert staff.post(url, {"file": _not_xlsx()}, format="multipart").status_code == 400
    assert not PerformanceHistory.objects.exists()
    good = [[org.worker.nip, 2018, 95], [org.peer.nip, 2019, "80,1"]]
    for _ in range(2):  # a double submit writes one row per employee and year
        done = staff.post(url, {"file": _scores_sheet(good)}, format="multipart")
        assert done.status_code == 201 and done.json() == {"imported": 2}
    assert PerformanceHistory.objects.count() == 2
    assert PerformanceHistory.objects.get(employee=org.worker, year=2018).predicate == "SANGAT_BAIK"
    assert PerformanceHistory.objects.get(employee=org.peer, year=2019).predicate == "BAIK"


@pytest.mark.parametrize(("who", "code"), [("worker", 403), ("supervisor", 403), ("superior", 403),
                                            ("foreign_admin", 400)])  # fmt: skip
def test_history_import_refused(org, who, code):
    """Only personnel staff and admins import; another agency's admin finds none of these NIPs (400)."""
    file = _scores_sheet([[org.worker.nip, 2018, 95]])
    assert api(getattr(org.users, who)).post(f"{BASE}/history-import/", {"file": file}).status_code == code
    assert not PerformanceHistory.objects.exists()


# --- SKP actions ------------------------------------------------------------------------------------------------


def _action(client, skp, name, body, **extra):
    return client.post(f"{BASE}/skps/{skp.pk}/{name}/", body, **({"format": "json"} | extra))


def test_owner_deletes_an_rhk_while_drafting(org):
    skp = draft(org)
    services.rhk_add(actor=org.users.worker, skp=skp, expected_version=skp.version, kind="ADDITIONAL",
                     text="Tambahan", indicators=INDICATORS)  # fmt: skip
    skp.refresh_from_db()
    extra = Rhk.objects.get(skp=skp, text="Tambahan")
    body = {"version": skp.version, "rhk": extra.pk}
    assert _action(api(org.users.supervisor), skp, "rhk-delete", body).status_code == 403
    assert _action(api(org.users.peer), skp, "rhk-delete", body).status_code == 404
    assert _action(api(org.users.other_worker), skp, "rhk-delete", body).status_code == 404
    assert _action(api(org.users.foreign_admin), skp, "rhk-delete", body).status_code == 404
    assert Rhk.objects.filter(skp=skp).count() == 2
    owner = api(org.users.worker)
    done = _action(owner, skp, "rhk-delete", body)
    assert done.status_code == 200 and [r["text"] for r in done.json()["rhks"]] == [
        "Terlaksananya layanan kenaikan pangkat"
    ]
    # the repeat (double submit) names the old version: 409
    other = Rhk.objects.get(skp=skp)
    stale = _action(owner, skp, "rhk-delete", {"version": skp.version, "rhk": other.pk})
    assert stale.status_code == 409 and Rhk.objects.filter(skp=skp).count() == 1
    assert _action(owner, skp, "rhk-delete", {"version": done.json()["version"], "rhk": 999999}).status_code == 404


def test_owner_edits_an_indicator_only_while_drafting(org):
    skp = draft(org)
    indicator = Indicator.objects.get(rhk__skp=skp)
    body = {"version": skp.version, "indicator": indicator.pk, "text": "Jumlah usulan tuntas", "target": "150 usulan"}
    assert _action(api(org.users.supervisor), skp, "indicator-edit", body).status_code == 403
    assert _action(api(org.users.other_worker), skp, "indicator-edit", body).status_code == 404
    owner = api(org.users.worker)
    done = _action(owner, skp, "indicator-edit", body)
    assert done.status_code == 200
    assert done.json()["rhks"][0]["indicators"][0]["target"] == "150 usulan"
    again = _action(owner, skp, "indicator-edit", body | {"target": "200 usulan"})
    assert again.status_code == 409
    indicator.refresh_from_db()
    assert indicator.target == "150 usulan"
    submitted = services.skp_submit(actor=org.users.worker, skp=skp, expected_version=done.json()["version"])
    late = _action(owner, skp, "indicator-edit", body | {"version": submitted.version}, HTTP_ACCEPT_LANGUAGE="en")
    assert late.status_code == 400 and late.json()["error"]["message"]
    indicator.refresh_from_db()
    assert indicator.target == "150 usulan"


def test_unit_head_takes_targets_added_later_from_the_agreement(org):
    agreement = _agreement(org)
    head = services.skp_start(actor=org.users.supervisor, employee=org.supervisor, period=org.period)
    assert Rhk.objects.filter(skp=head).count() == 1  # prefilled from the agreement
    services.agreement_target_add(actor=org.users.personnel, agreement=agreement, expected_version=agreement.version,
                                  goal="Cepatnya layanan", indicator="Hari layanan", target="3 hari")  # fmt: skip
    body = {"version": head.version}
    assert _action(api(org.users.personnel), head, "from-agreement", body).status_code == 403
    assert _action(api(org.users.other_head), head, "from-agreement", body).status_code == 404
    assert _action(api(org.users.foreign), head, "from-agreement", body).status_code == 404
    client = api(org.users.supervisor)
    done = _action(client, head, "from-agreement", body)
    assert done.status_code == 200
    assert [r["text"] for r in done.json()["rhks"]][-1] == "Cepatnya layanan"
    assert _action(client, head, "from-agreement", body).status_code == 409  # the double submit
    assert Rhk.objects.filter(skp=head).count() == 2
    nothing_left = _action(client, head, "from-agreement", {"version": done.json()["version"]})
    assert nothing_left.status_code == 400 and Rhk.objects.filter(skp=head).count() == 2
    # staff are not unit heads
    staff_skp = draft(org)
    refused = _action(api(org.users.worker), staff_skp, "from-agreement", {"version": staff_skp.version})
    assert refused.status_code == 400 and Rhk.objects.filter(skp=staff_skp).count() == 1


# --- file evidence ---------------------------------------------------------------------------------------------


def _pdf(name="laporan.pdf", size=0):
    return SimpleUploadedFile(name, b"%PDF-1.4 laporan" + b"0" * size, content_type="application/pdf")


def test_evidence_file_or_link(org):
    skp = approved(org)
    indicator = Indicator.objects.get(rhk__skp=skp)
    owner = api(org.users.worker)
    url = f"{BASE}/skps/{skp.pk}/evidence/"
    for _ in range(2):  # a double submit with one key stores one file
        body = {"indicator": indicator.pk, "file": _pdf(), "note": "Laporan", "request_key": "ev-file-1"}
        assert owner.post(url, body, format="multipart").status_code == 200
    stored = Evidence.objects.get(skp=skp)
    assert stored.file.name.endswith(".pdf") and stored.link == "" and stored.note == "Laporan"
    linked = owner.post(url, {"indicator": indicator.pk, "link": "https://example.org/laporan"}, format="json")
    assert linked.status_code == 200
    assert Evidence.objects.filter(skp=skp).count() == 2
    assert AuditLog.objects.filter(action="performance.evidence.added").count() == 2


def test_evidence_bad_file_and_refusals_write_nothing(org):
    skp = approved(org)
    indicator = Indicator.objects.get(rhk__skp=skp)
    url = f"{BASE}/skps/{skp.pk}/evidence/"
    owner = api(org.users.worker)
    too_big = owner.post(url, {"indicator": indicator.pk, "file": _pdf(size=10 * 1024 * 1024)}, format="multipart",
                         HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert too_big.status_code == 400 and "10 MB" in too_big.json()["error"]["message"]
    empty = SimpleUploadedFile("kosong.pdf", b"", content_type="application/pdf")
    assert owner.post(url, {"indicator": indicator.pk, "file": empty}, format="multipart").status_code == 400
    assert owner.post(url, {"indicator": indicator.pk}, format="multipart").status_code == 400
    body = {"indicator": indicator.pk, "file": _pdf()}
    assert api(org.users.supervisor).post(url, body, format="multipart").status_code == 403
    body = {"indicator": indicator.pk, "file": _pdf()}
    assert api(org.users.other_worker).post(url, body, format="multipart").status_code == 404
    body = {"indicator": indicator.pk, "file": _pdf()}
    assert api(org.users.foreign_admin).post(url, body, format="multipart").status_code == 404
    assert not Evidence.objects.exists()
