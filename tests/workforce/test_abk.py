"""ABK: required versus current staff per position, unit and agency; edits; import and export; access."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from jenjang.core.models import AuditLog
from jenjang.workforce.models import WorkloadTask
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory
from tests.workforce.factories import WorkloadTaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user, agency):
    return make_user("PERSONNEL", agency)


@pytest.fixture
def setup(agency, unit):
    """Analis (3,000 × 45 min = 135,000 min = 1.8 staff) held by 3 active employees and 1 retired one."""
    analyst = PositionFactory(agency=agency, unit=unit, name="Analis SDM", level="JF_AHLI_PERTAMA")
    clerk = PositionFactory(agency=agency, unit=unit, name="Pengadministrasi Umum", level="PELAKSANA")
    for _ in range(3):
        EmployeeFactory(agency=agency, unit=unit, position=analyst)
    EmployeeFactory(agency=agency, unit=unit, position=analyst, status="RETIRED")
    WorkloadTaskFactory(position=analyst, year=2025, task="Analisis jabatan", volume=3000, minutes=45)
    WorkloadTaskFactory(position=clerk, year=2025, task="Agenda surat", volume=1500, minutes=60)
    return analyst, clerk


def test_unit_page_shows_required_and_current_staff_and_grade(login, staff, setup, unit):
    page = login(staff).get(f"/formasi/unit/{unit.pk}/?year=2025").content.decode()
    # Analis: 1.8 needed, 3 active holders (the retired one does not count), EJ 0.6 grade D.
    assert "Analis SDM" in page and "1,8" in page and "0,6" in page and ">D<" in page
    # The clerk post is vacant: 90,000 min = 1.2 needed, no grade.
    assert "1,2" in page
    # Unit total: 225,000 min / 75,000 = 3.0 needed, 3 present.
    assert "225.000" in page


def test_position_page_explains_the_rule(login, staff, setup):
    analyst, _ = setup
    page = login(staff).get(f"/formasi/jabatan/{analyst.pk}/?year=2025").content.decode()
    assert "Kebutuhan pegawai = 135000 / 75000 = 1.8" in page
    assert "PermenPANRB 1/2020" in page


def test_needs_summary_counts_shortage_and_surplus(login, staff, setup):
    page = login(staff).get("/formasi/kebutuhan/?year=2025").content.decode()
    # Analis needs 2 (1.8 half up), has 3: surplus 1; the clerk post needs 1, has 0: shortage 1.
    assert "Kekurangan 1 orang" in page and "kelebihan 1 orang" in page


def test_staff_adds_edits_and_deletes_a_task_with_audit(login, staff, setup):
    analyst, _ = setup
    client = login(staff)
    response = client.post(
        f"/formasi/jabatan/{analyst.pk}/",
        {"year": 2025, "task": "Menyusun SKP", "output_unit": "dokumen", "volume": "10", "minutes": "30"},
    )
    assert response.status_code == 302
    row = WorkloadTask.objects.get(task="Menyusun SKP")
    stale = row.version
    assert (
        client.post(
            f"/formasi/tugas/{row.pk}/ubah/",
            {"task": "Menyusun SKP", "output_unit": "dokumen", "volume": "12", "minutes": "30", "version": stale},
        ).status_code
        == 302
    )
    # A second editor who read the old version is refused and nothing is overwritten.
    page = client.post(
        f"/formasi/tugas/{row.pk}/ubah/",
        {"task": "Menyusun SKP", "output_unit": "dokumen", "volume": "99", "minutes": "30", "version": stale},
    )
    assert "diubah oleh pengguna lain" in page.content.decode()
    row.refresh_from_db()
    assert row.volume == 12
    client.post(f"/formasi/tugas/{row.pk}/hapus/", {"version": row.version})
    assert not WorkloadTask.objects.filter(pk=row.pk).exists()
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"workforce.task.created", "workforce.task.updated", "workforce.task.deleted"} <= actions


def _workbook(rows, headers=None) -> bytes:
    from jenjang.workforce.abk import HEADERS

    book = Workbook()
    sheet = book.active
    sheet.title = "ABK"
    sheet.append(list(headers or HEADERS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, content: bytes):
    return client.post("/formasi/impor/", {"file": io.BytesIO(content)}, format="multipart")


def test_import_replaces_the_tasks_of_the_positions_in_the_file(login, staff, setup):
    analyst, clerk = setup
    content = _workbook(
        [
            [2025, analyst.pk, "Analis SDM", "Analisis jabatan", "dokumen", 2000, 45],
            [2025, analyst.pk, "Analis SDM", "Evaluasi jabatan", "dokumen", 100, 120],
        ]
    )
    upload = io.BytesIO(content)
    upload.name = "abk.xlsx"
    response = login(staff).post("/formasi/impor/", {"file": upload})
    assert response.status_code == 302
    assert sorted(WorkloadTask.objects.filter(position=analyst).values_list("task", "volume")) == [
        ("Analisis jabatan", 2000), ("Evaluasi jabatan", 100)
    ]  # fmt: skip
    assert WorkloadTask.objects.filter(position=clerk).count() == 1  # not in the file: untouched
    assert AuditLog.objects.filter(action="workforce.tasks.imported").count() == 1


def test_a_malformed_import_writes_nothing_and_lists_every_row_error(login, staff, setup, other_agency):
    analyst, _ = setup
    foreign = PositionFactory(agency=other_agency, unit=UnitFactory(agency=other_agency))
    content = _workbook(
        [
            [2025, analyst.pk, "", "Tugas baru yang sah", "dokumen", 10, 30],
            [2025, foreign.pk, "", "Tugas di instansi lain", "dokumen", 10, 30],
            [2025, analyst.pk, "", "Volume negatif", "dokumen", -5, 30],
            ["dua ribu", analyst.pk, "", "Tahun salah", "dokumen", 5, "x"],
            [2025, analyst.pk, "", "Tugas baru yang sah", "dokumen", 10, 30],
        ]
    )
    upload = io.BytesIO(content)
    upload.name = "abk.xlsx"
    before = list(WorkloadTask.objects.order_by("id").values_list("id", "task", "volume"))
    page = login(staff).post("/formasi/impor/", {"file": upload}, follow=True).content.decode()
    assert list(WorkloadTask.objects.order_by("id").values_list("id", "task", "volume")) == before
    assert "Tidak ada data yang disimpan." in page and "Berkas memuat 5 kesalahan" in page
    assert "ID jabatan tidak ditemukan di instansi Anda." in page
    assert "Harus berupa angka 0 atau lebih." in page
    assert "Tahun harus bilangan bulat 2000–2100." in page
    assert "Tugas yang sama sudah ada di baris 2." in page


@pytest.mark.parametrize("content", [b"not a spreadsheet", b"PK\x03\x04broken zip"])
def test_a_file_that_is_not_xlsx_is_refused_clearly(login, staff, setup, content):
    upload = io.BytesIO(content)
    upload.name = "abk.xlsx"
    page = login(staff).post("/formasi/impor/", {"file": upload}, follow=True).content.decode()
    assert "Berkas bukan xlsx yang sah" in page


def test_wrong_headers_are_refused(login, staff, setup):
    upload = io.BytesIO(_workbook([[2025, 1, "", "x", "y", 1, 1]], headers=["a", "b"]))
    upload.name = "abk.xlsx"
    page = login(staff).post("/formasi/impor/", {"file": upload}, follow=True).content.decode()
    assert "Judul kolom lembar ABK harus" in page


def test_export_round_trips_through_import(login, staff, setup):
    client = login(staff)
    exported = b"".join(client.get("/formasi/ekspor/?year=2025").streaming_content)
    sheet = load_workbook(io.BytesIO(exported)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "Uraian tugas" and len(rows) == 3
    upload = io.BytesIO(exported)
    upload.name = "abk.xlsx"
    before = sorted(WorkloadTask.objects.values_list("position_id", "task", "volume", "minutes"))
    assert client.post("/formasi/impor/", {"file": upload}).status_code == 302
    assert sorted(WorkloadTask.objects.values_list("position_id", "task", "volume", "minutes")) == before


def test_template_lists_the_agencys_positions(login, staff, setup):
    analyst, _ = setup
    content = login(staff).get("/formasi/impor/templat/?year=2025").content
    rows = list(load_workbook(io.BytesIO(content))["ABK"].iter_rows(values_only=True))
    assert (2025, analyst.pk, "Analis SDM") in [tuple(r[:3]) for r in rows]


def test_other_agencys_unit_and_position_are_404(login, make_user, other_agency, setup, unit):
    analyst, _ = setup
    outsider = login(make_user("PERSONNEL", other_agency))
    assert outsider.get(f"/formasi/unit/{unit.pk}/").status_code == 404
    assert outsider.get(f"/formasi/jabatan/{analyst.pk}/").status_code == 404
    task = WorkloadTask.objects.filter(position=analyst).first()
    assert outsider.post(f"/formasi/tugas/{task.pk}/hapus/", {"version": task.version}).status_code == 404
    assert WorkloadTask.objects.filter(pk=task.pk).exists()


def test_employee_cannot_see_abk_and_leader_cannot_edit(login, make_user, agency, setup):
    analyst, _ = setup
    assert login(make_user("EMPLOYEE", agency)).get("/formasi/").status_code == 403
    leader = login(make_user("LEADER", agency))
    assert leader.get("/formasi/").status_code == 200
    response = leader.post(
        f"/formasi/jabatan/{analyst.pk}/", {"year": 2025, "task": "x", "output_unit": "y", "volume": 1, "minutes": 1}
    )
    assert response.status_code == 403


def test_lists_take_a_constant_number_of_queries(login, staff, agency, unit, django_assert_max_num_queries):
    for i in range(30):
        position = PositionFactory(agency=agency, unit=UnitFactory(agency=agency, parent=unit, code=f"U{i}"))
        EmployeeFactory(agency=agency, unit=position.unit, position=position)
        WorkloadTaskFactory(position=position, year=2025)
    client = login(staff)
    for url in ("/formasi/?year=2025", f"/formasi/unit/{unit.pk}/?year=2025", "/formasi/kebutuhan/?year=2025"):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
