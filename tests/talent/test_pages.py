from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jenjang.core.models import AuditLog
from jenjang.domain.vocab import COMPETENCIES
from jenjang.talent.models import Assessment, KeyPosition, Placement, Standard, Successor, TalentReview
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory
from tests.talent.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(agency, unit):
    position = PositionFactory(agency=agency, unit=unit, level="ADMINISTRATOR", name="Kepala Bagian Umum")
    return KeyPosition.objects.create(agency=agency, position=position, impact="HIGH")


def test_staff_run_the_map_open_box_nine_and_nominate_a_successor(agency, make_user, login, make_talent, key):
    star = make_talent(("SANGAT_BAIK", "SANGAT_BAIK"), level=2, score=95, name="Rina Wulandari")
    make_talent(("BAIK", "BAIK"), level=2, score=70, name="Budi Santoso")
    client = login(make_user("PERSONNEL", agency))
    response = client.post(reverse("talent:map_run"), {"year": YEAR}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/jobs/")  # a background job with a progress page
    assert "2 pegawai dipetakan; 0 tanpa predikat kinerja, 0 tanpa hasil asesmen." in html
    html = client.get(reverse("talent:map") + f"?year={YEAR}").content.decode()
    assert "2 pegawai dipetakan" in html
    assert 'data-box="9"' in html
    box = client.get(reverse("talent:box", args=[YEAR, 9]))
    html = box.content.decode()
    assert "Rina Wulandari" in html and "Budi Santoso" not in html
    assert "kotak 9" in html.lower() and "JPM 100.00%" in html  # the placement explained
    response = client.post(
        reverse("talent:key_position", args=[key.pk]) + f"?year={YEAR}",
        {"employee": star.pk, "readiness": "ONE_TWO_YEARS", "development": "Pelatihan kepemimpinan administrator"},
        follow=True,
    )
    successor = Successor.objects.get()
    assert successor.employee == star and successor.eligibility["box"] == 9
    assert "Rina Wulandari" in response.content.decode()
    again = client.post(  # double submit: refused, nothing added
        reverse("talent:key_position", args=[key.pk]) + f"?year={YEAR}",
        {"employee": star.pk, "readiness": "NOW"},
        follow=True,
    )
    assert "sudah menjadi suksesor" in again.content.decode()
    assert Successor.objects.count() == 1
    assert AuditLog.objects.filter(action="talent.successor.nominate").exists()


def test_only_the_pool_can_be_nominated(agency, make_user, login, make_talent, key, run_map):
    steady = make_talent(("BAIK", "BAIK"), level=2, score=70)
    run_map()
    client = login(make_user("PERSONNEL", agency))
    response = client.post(
        reverse("talent:key_position", args=[key.pk]) + f"?year={YEAR}",
        {"employee": steady.pk, "readiness": "NOW"},
        follow=True,
    )
    assert "kotak 7-9" in response.content.decode()
    assert not Successor.objects.exists()


def test_box_list_query_count_does_not_grow(
    agency, make_user, login, make_talent, run_map, django_assert_max_num_queries
):
    for _ in range(12):
        make_talent(("SANGAT_BAIK", "SANGAT_BAIK"), level=2, score=95)
    run_map()
    client = login(make_user("LEADER", agency))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("talent:box", args=[YEAR, 9]))
    assert response.content.decode().count('class="card placement"') == 12


def test_the_employee_sees_their_own_gaps_and_not_the_map(agency, make_user, login, unit):
    target = PositionFactory(agency=agency, unit=unit, level="ADMINISTRATOR", name="Kepala Bagian Keuangan")
    me = EmployeeFactory(agency=agency, unit=unit)
    Assessment.objects.create(
        agency=agency,
        employee=me,
        assessed_on=dt.date(2025, 5, 1),
        method="CACT",
        levels={**dict.fromkeys(COMPETENCIES, 3), "communication": 2},
    )
    client = login(make_user("EMPLOYEE", agency, employee=me))
    html = client.get(reverse("talent:mine") + f"?target={target.pk}").content.decode()
    assert "Kepala Bagian Keuangan" in html
    assert "Komunikasi" in html and 'class="gap"' in html  # against the target (standard 3), communication 2
    assert client.get(reverse("talent:map")).status_code == 403
    assert client.get(reverse("talent:assessments")).status_code == 403


def test_another_agencys_rows_are_not_found(agency, other_agency, make_user, login, key):
    client = login(make_user("PERSONNEL", other_agency))
    assert client.get(reverse("talent:key_position", args=[key.pk])).status_code == 404
    assert client.get(reverse("talent:standard_edit", args=[key.position_id])).status_code == 404


def test_a_double_submitted_review_form_records_one_meeting(agency, make_user, login):
    client = login(make_user("PERSONNEL", agency))
    page = client.get(reverse("talent:reviews")).content.decode()
    form_key = page.split('name="form_key" value="')[1].split('"')[0]
    body = {"title": "Rapat komite talenta", "held_on": "2026-02-10", "year": YEAR, "form_key": form_key}
    first = client.post(reverse("talent:reviews"), body)
    second = client.post(reverse("talent:reviews"), body)
    assert TalentReview.objects.count() == 1
    assert first.status_code == second.status_code == 302 and first.url == second.url


def test_staff_change_and_unmark_a_key_position_on_its_page(agency, make_user, login, key):
    client = login(make_user("PERSONNEL", agency))
    url = reverse("talent:key_position", args=[key.pk])
    assert "Bukan jabatan kunci lagi" in client.get(url).content.decode()
    client.post(url, {"action": "key_update", "impact": "LOW", "note": "Dua pejabat", "version": 1})
    stale = client.post(url, {"action": "key_update", "impact": "MEDIUM", "version": 1}, follow=True)
    assert "telah diubah oleh pengguna lain" in stale.content.decode()
    key.refresh_from_db()
    assert (key.impact, key.note, key.version) == ("LOW", "Dua pejabat", 2)
    client.post(url, {"action": "key_remove", "reason": "", "version": 2})
    assert KeyPosition.objects.exists()
    response = client.post(url, {"action": "key_remove", "reason": "Dirampingkan", "version": 2})
    assert response.url == reverse("talent:key_positions") and not KeyPosition.objects.exists()
    reader = login(make_user("LEADER", agency))
    assert reader.post(url, {"action": "key_remove", "reason": "x"}).status_code in (403, 404)


def test_review_moves_need_a_reason_and_are_recorded(agency, make_user, login, make_talent, run_map):
    person = make_talent(("BAIK", "BAIK"), level=2, score=70)
    run_map()
    client = login(make_user("PERSONNEL", agency))
    response = client.post(
        reverse("talent:reviews"),
        {"title": "Rapat komite talenta", "held_on": "2026-02-10", "year": YEAR},
        follow=True,
    )
    review = TalentReview.objects.get()
    placement = Placement.objects.get(employee=person)
    url = reverse("talent:box_move", args=[placement.pk])
    client.post(url, {"review": review.pk, "to_box": 8, "reason": ""}, follow=True)
    placement.refresh_from_db()
    assert placement.box == 5
    client.post(url, {"review": review.pk, "to_box": 8, "reason": "Memimpin proyek SIASN"}, follow=True)
    placement.refresh_from_db()
    assert placement.box == 8
    response = client.get(reverse("talent:review_detail", args=[review.pk]))
    assert "Memimpin proyek SIASN" in response.content.decode()


def _xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "upload.xlsx"
    return buffer


def test_assessment_import_is_all_or_nothing(agency, make_user, login, unit):
    a = EmployeeFactory(agency=agency, unit=unit)
    b = EmployeeFactory(agency=agency, unit=unit)
    header = ["nip", "tanggal", "metode", "asesor", *COMPETENCIES, "potensial"]
    good = [a.nip, "2025-03-01", "AC", "UPT", *[3] * 9, 82]
    bad = [b.nip, "2025-03-01", "AC", "UPT", *[3] * 8, 7, 82]
    client = login(make_user("PERSONNEL", agency))
    response = client.post(reverse("talent:assessment_import"), {"file": _xlsx([header, good, bad])}, follow=True)
    assert "Baris 3" in response.content.decode()
    assert not Assessment.objects.exists()
    bad[-2] = 4
    client.post(reverse("talent:assessment_import"), {"file": _xlsx([header, good, bad])}, follow=True)
    assert Assessment.objects.filter(current=True).count() == 2
    garbage = io.BytesIO(b"not a workbook")
    garbage.name = "x.xlsx"
    response = client.post(reverse("talent:assessment_import"), {"file": garbage}, follow=True)
    assert "bukan xlsx yang dapat dibaca" in response.content.decode()


def test_standards_export_and_import_round_trip(agency, make_user, login, unit):
    position = PositionFactory(agency=agency, unit=unit, level="PENGAWAS")
    client = login(make_user("PERSONNEL", agency))
    exported = load_workbook(io.BytesIO(b"".join(client.get(reverse("talent:standards_export")).streaming_content)))
    rows = [list(r) for r in exported.active.iter_rows(values_only=True)]
    assert rows[1][3:] == [2] * 9  # PENGAWAS defaults
    rows[1][3] = 4
    client.post(reverse("talent:standards_import"), {"file": _xlsx(rows)}, follow=True)
    assert Standard.objects.get(position=position, competency__code="integrity").level == 4
    rows[1][4] = 9
    response = client.post(reverse("talent:standards_import"), {"file": _xlsx(rows)}, follow=True)
    assert "Tidak ada yang diimpor" in response.content.decode()
    assert Standard.objects.get(position=position, competency__code="teamwork").level == 2


def test_pages_render_for_readers(agency, make_user, login, key, make_talent, run_map):
    make_talent(("SANGAT_BAIK", "BAIK"), level=2, score=92)
    run_map()
    client = login(make_user("AUDITOR", agency))
    for name in (
        "talent:map",
        "talent:pool",
        "talent:key_positions",
        "talent:reviews",
        "talent:dictionary",
        "talent:standards",
        "talent:assessments",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.post(reverse("talent:map_run"), {"year": YEAR}).status_code == 403
    assert client.get(reverse("talent:map_export") + f"?year={YEAR}").status_code == 200
    UnitFactory  # noqa: B018
