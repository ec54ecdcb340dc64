"""ABK: the import as a background job (web and `jenjang import abk`), copy-forward to the next year, the needs
summary as xlsx and PDF, and the list pages' pagination and constant query counts."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from jenjang.core.models import AuditLog
from jenjang.jobs.models import Job, JobStatus
from jenjang.workforce.models import AbkCopy, WorkloadTask
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory
from tests.workforce.factories import WorkloadTaskFactory
from tests.workforce.test_abk import _workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user, agency):
    return make_user("PERSONNEL", agency)


@pytest.fixture
def setup(agency, unit):
    analyst = PositionFactory(agency=agency, unit=unit, name="Analis SDM", level="JF_AHLI_PERTAMA")
    clerk = PositionFactory(agency=agency, unit=unit, name="Pengadministrasi Umum", level="PELAKSANA")
    for _ in range(3):
        EmployeeFactory(agency=agency, unit=unit, position=analyst)
    WorkloadTaskFactory(position=analyst, year=2025, task="Analisis jabatan", volume=3000, minutes=45)
    WorkloadTaskFactory(position=analyst, year=2025, task="Evaluasi jabatan", volume=100, minutes=120)
    WorkloadTaskFactory(position=clerk, year=2025, task="Agenda surat", volume=1500, minutes=60)
    return analyst, clerk


def _file(content: bytes, name: str = "abk.xlsx") -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


# --- import as a job ----------------------------------------------------------------------------------------


def test_import_runs_as_a_job_with_progress_and_the_summary_on_the_job_page(login, staff, setup):
    analyst, _ = setup
    rows = [[2026, analyst.pk, "", f"Tugas {i}", "dokumen", i, 10] for i in range(1, 2501)]
    response = login(staff).post("/formasi/impor/", {"file": _file(_workbook(rows))})
    job = Job.objects.get(kind="workforce.abk_import")
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    assert job.status == JobStatus.SUCCEEDED
    assert job.total == 2500 and job.done == 2500  # progress was reported over the rows checked
    assert job.result["rows"] == 2500 and job.result["positions"] == 1 and job.result["years"] == [2026]
    assert not default_storage.exists(job.params["path"])  # the stored upload is removed afterwards
    assert WorkloadTask.objects.filter(position=analyst, year=2026).count() == 2500
    page = login(staff).get(response["Location"]).content.decode()
    assert "Impor ABK selesai: 2.500 tugas untuk 1 jabatan tersimpan." in page
    entry = AuditLog.objects.get(action="workforce.tasks.imported")
    assert entry.decision == {"job_id": str(job.pk)}


def test_an_invalid_import_job_writes_nothing_and_its_page_lists_the_row_errors(login, staff, setup):
    analyst, _ = setup
    rows = [[2025, analyst.pk, "", "Baru", "dokumen", 1, 1], [2025, analyst.pk, "", "Rusak", "dokumen", 1, -1]]
    before = sorted(WorkloadTask.objects.values_list("id", "task", "volume"))
    page = login(staff).post("/formasi/impor/", {"file": _file(_workbook(rows))}, follow=True).content.decode()
    job = Job.objects.get(kind="workforce.abk_import")
    assert job.status == JobStatus.FAILED
    assert job.result["errors"] == [
        {"row": 3, "column": "Norma waktu (menit)", "message": "Harus berupa angka 0 atau lebih."}
    ]
    assert "Harus berupa angka 0 atau lebih." in page and "Norma waktu (menit)" in page
    assert sorted(WorkloadTask.objects.values_list("id", "task", "volume")) == before


def test_a_web_dry_run_checks_the_file_and_writes_nothing(login, staff, setup):
    analyst, _ = setup
    content = _workbook([[2026, analyst.pk, "", "Tugas", "dokumen", 1, 1]])
    page = login(staff).post("/formasi/impor/", {"file": _file(content), "dry_run": "on"}, follow=True)
    assert "Periksa saja: berkas sah; 1 tugas untuk 1 jabatan akan diimpor." in page.content.decode()
    assert not WorkloadTask.objects.filter(year=2026).exists()


def test_a_double_submit_of_the_same_file_starts_one_job(login, staff, setup):
    analyst, _ = setup
    content = _workbook([[2026, analyst.pk, "", "Tugas", "dokumen", 1, 1]])
    client = login(staff)
    first = client.post("/formasi/impor/", {"file": _file(content)})
    second = client.post("/formasi/impor/", {"file": _file(content)})
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind="workforce.abk_import").count() == 1
    assert WorkloadTask.objects.filter(year=2026).count() == 1


def test_leader_cannot_import_and_another_agency_cannot_see_the_job(
    login, make_user, agency, other_agency, staff, setup
):
    analyst, _ = setup
    content = _workbook([[2026, analyst.pk, "", "Tugas", "dokumen", 1, 1]])
    assert login(make_user("LEADER", agency)).post("/formasi/impor/", {"file": _file(content)}).status_code == 403
    location = login(staff).post("/formasi/impor/", {"file": _file(content)})["Location"]
    assert login(make_user("PERSONNEL", other_agency)).get(location).status_code == 404


def test_import_page_lists_recent_imports(login, staff, setup):
    analyst, _ = setup
    client = login(staff)
    client.post("/formasi/impor/", {"file": _file(_workbook([[2026, analyst.pk, "", "T", "d", 1, 1]]), "mine.xlsx")})
    assert "mine.xlsx" in client.get("/formasi/impor/").content.decode()


def test_cli_imports_abk_and_reports_row_errors(tmp_path, agency, setup, capsys):
    analyst, _ = setup
    good = tmp_path / "abk.xlsx"
    good.write_bytes(_workbook([[2026, analyst.pk, "", "Tugas CLI", "dokumen", 12, 30]]))
    call_command("import", "abk", str(good), agency=agency.code)
    out = capsys.readouterr().out
    assert "Impor ABK selesai: 1 tugas untuk 1 jabatan (tahun 2026)." in out
    assert WorkloadTask.objects.get(year=2026).task == "Tugas CLI"
    assert AuditLog.objects.get(action="workforce.tasks.imported").actor_label == "console"

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_workbook([[2027, 999999, "", "Tugas", "dokumen", 1, 1]]))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "abk", str(bad), agency=agency.code)
    assert exit_info.value.code == 1
    assert "2:ID jabatan: ID jabatan tidak ditemukan di instansi Anda." in capsys.readouterr().err
    assert not WorkloadTask.objects.filter(year=2027).exists()


def test_cli_dry_run_checks_the_file_and_writes_nothing(tmp_path, agency, setup, capsys):
    analyst, _ = setup
    path = tmp_path / "abk.xlsx"
    path.write_bytes(_workbook([[2026, analyst.pk, "", "Tugas CLI", "dokumen", 12, 30]]))
    call_command("import", "abk", str(path), agency=agency.code, dry_run=True)
    assert "Periksa saja: berkas sah; 1 tugas untuk 1 jabatan (tahun 2026) akan diimpor." in capsys.readouterr().out
    assert not WorkloadTask.objects.filter(year=2026).exists()
    assert not AuditLog.objects.filter(action="workforce.tasks.imported").exists()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--sheet tidak berlaku untuk impor ABK"):
        call_command("import", "abk", str(path), agency=agency.code, sheet="Pegawai")


def test_api_import_answers_with_the_job_summary(login, staff, setup):
    analyst, _ = setup
    buffer = _file(_workbook([[2026, analyst.pk, "", "Tugas API", "dokumen", 1, 1]]))
    response = login(staff).post("/api/v1/workforce/abk/import/", {"file": buffer})
    assert response.status_code == 201
    body = response.json()
    assert body["rows"] == 1 and body["years"] == [2026] and Job.objects.filter(pk=body["job_id"]).exists()


# --- copy forward -------------------------------------------------------------------------------------------


def _copy(client, source=2025, target=2026, key="k1", **extra):
    data = {"source_year": source, "target_year": target, "request_key": key, **extra}
    return client.post("/formasi/salin/", data, follow=True)


def test_copy_forward_starts_next_year_from_this_year(login, staff, setup, agency, unit):
    retired = PositionFactory(agency=agency, unit=unit, name="Jabatan lama", is_active=False)
    WorkloadTaskFactory(position=retired, year=2025, task="Tugas lama")
    page = _copy(login(staff)).content.decode()
    assert "ABK 2025 disalin ke 2026: 3 tugas untuk 2 jabatan. 1 jabatan nonaktif dilewati." in page
    copied = sorted(
        WorkloadTask.objects.filter(year=2026).values_list("position_id", "task", "output_unit", "volume", "minutes")
    )
    original = sorted(
        WorkloadTask.objects.filter(year=2025, position__is_active=True).values_list(
            "position_id", "task", "output_unit", "volume", "minutes"
        )
    )
    assert copied == original
    copy = AbkCopy.objects.get()
    assert (copy.source_year, copy.target_year, copy.tasks, copy.positions, copy.created_by) == (
        2025,
        2026,
        3,
        2,
        staff,
    )
    entry = AuditLog.objects.get(action="workforce.tasks.copied")
    assert entry.changes["year"] == [2025, 2026] and entry.agency_id == agency.pk


def test_copy_forward_is_idempotent_on_double_submit(login, staff, setup):
    client = login(staff)
    _copy(client, key="same")
    page = _copy(client, key="same").content.decode()
    assert "ABK 2025 disalin ke 2026" in page  # the second submit shows the first copy, no error
    assert WorkloadTask.objects.filter(year=2026).count() == 3
    assert AbkCopy.objects.count() == 1 and AuditLog.objects.filter(action="workforce.tasks.copied").count() == 1


def test_copy_forward_refuses_a_year_that_already_has_tasks(login, staff, setup):
    analyst, _ = setup
    WorkloadTaskFactory(position=analyst, year=2026, task="Sudah ada")
    page = _copy(login(staff), key="other").content.decode()
    assert "ABK tahun 2026 sudah berisi 1 tugas; penyalinan hanya ke tahun yang masih kosong." in page
    assert list(WorkloadTask.objects.filter(year=2026).values_list("task", flat=True)) == ["Sudah ada"]
    assert not AbkCopy.objects.exists()


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        (2024, 2027, "ABK tahun 2024 belum berisi tugas; tidak ada yang disalin."),
        (2025, 2025, "Tahun tujuan harus berbeda dari tahun sumber."),
    ],
)
def test_copy_forward_refuses_bad_years(login, staff, setup, source, target, message):
    before = WorkloadTask.objects.count()
    assert message in _copy(login(staff), source=source, target=target).content.decode()
    assert WorkloadTask.objects.count() == before and not AbkCopy.objects.exists()


def test_copy_forward_is_for_personnel_staff_only(login, make_user, agency, setup):
    assert (
        login(make_user("LEADER", agency))
        .post("/formasi/salin/", {"source_year": 2025, "target_year": 2026})
        .status_code
        == 403
    )
    assert not WorkloadTask.objects.filter(year=2026).exists()


def test_overview_offers_the_copy_form_to_staff(login, staff, make_user, agency, setup):
    assert 'action="/formasi/salin/"' in login(staff).get("/formasi/?year=2025").content.decode()
    assert (
        'action="/formasi/salin/"' not in login(make_user("LEADER", agency)).get("/formasi/?year=2025").content.decode()
    )


def test_api_copy_forward(login, staff, setup):
    client = login(staff)
    body = {"source_year": 2025, "target_year": 2026, "request_key": "api-1"}
    first = client.post("/api/v1/workforce/abk/copy/", body, content_type="application/json")
    again = client.post("/api/v1/workforce/abk/copy/", body, content_type="application/json")
    assert first.status_code == 201 and first.json()["tasks"] == 3
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    refused = client.post(
        "/api/v1/workforce/abk/copy/", {**body, "request_key": "api-2"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "sudah berisi 3 tugas" in refused.json()["error"]["message"]


# --- needs summary exports ----------------------------------------------------------------------------------


def test_needs_xlsx_has_units_with_the_agency_total_and_positions(login, staff, setup, unit):
    response = login(staff).get("/formasi/kebutuhan/?year=2025&format=xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Per unit", "Per jabatan"]
    units = list(book["Per unit"].iter_rows(values_only=True))
    assert units[0][0] == "Unit" and units[1][0] == str(unit)
    # 3000×45 + 100×120 + 1500×60 = 237,000 min = 3.16 staff, need 3, present 3.
    assert units[-1][0] == "Instansi (total)" and units[-1][4] == 3 and units[-1][5] == 3
    positions = list(book["Per jabatan"].iter_rows(values_only=True))
    assert {r[1] for r in positions[1:]} == {"Analis SDM", "Pengadministrasi Umum"}


def test_needs_pdf_is_printable(login, staff, setup):
    response = login(staff).get("/formasi/kebutuhan/?year=2025&format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_needs_pdf_of_a_large_agency_prints_the_units_only(login, staff, setup, monkeypatch):
    from django.template import loader

    from jenjang.workforce import views_abk

    captured = {}
    original = loader.render_to_string

    def spy(name, context=None, request=None):
        html = original(name, context, request=request)
        captured["html"] = html
        return html

    monkeypatch.setattr(loader, "render_to_string", spy)
    monkeypatch.setattr(views_abk, "PDF_POSITION_LIMIT", 1)
    response = login(staff).get("/formasi/kebutuhan/?year=2025&format=pdf")
    assert response.content.startswith(b"%PDF")
    assert "2 jabatan dianalisis: terlalu banyak untuk dicetak" in captured["html"]
    assert "Analis SDM" not in captured["html"] and "Instansi (total)" in captured["html"]


def test_employee_cannot_get_the_needs_pdf(login, make_user, agency, setup):
    assert login(make_user("EMPLOYEE", agency)).get("/formasi/kebutuhan/?year=2025&format=pdf").status_code == 403


# --- list pages: pagination and constant queries ------------------------------------------------------------


def _grow(agency, units: int, positions_per_unit: int) -> None:
    from jenjang.workforce.models import MatchingRun

    for i in range(units):
        MatchingRun.objects.create(agency=agency, title=f"Run {i}", as_of="2025-01-01", vacancy_count=1)
    for u in range(units):
        unit = UnitFactory(agency=agency)
        for p in range(positions_per_unit):
            position = PositionFactory(agency=agency, unit=unit)
            EmployeeFactory(agency=agency, unit=unit, position=position)
            WorkloadTaskFactory(position=position, year=2025, task=f"Tugas {u}-{p}")


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    ["/formasi/?year=2025", "/formasi/kebutuhan/?year=2025", "/formasi/unit/{unit}/?year=2025", "/formasi/penempatan/"],
)
def test_list_pages_use_a_constant_number_of_queries(login, staff, agency, unit, setup, url):
    client = login(staff)
    url = url.format(unit=unit.pk)
    _grow(agency, units=1, positions_per_unit=1)  # at least one row of each kind before the baseline
    client.get(url)  # warm caches (parameters, session)
    small = _count(client, url)
    _grow(agency, units=4, positions_per_unit=5)
    for position in PositionFactory._meta.model.objects.filter(agency=agency)[:5]:
        position.unit = unit
        position.save()
    assert _count(client, url) == small


def test_overview_paginates_units(login, staff, agency, setup):
    for _ in range(55):
        PositionFactory(agency=agency, unit=UnitFactory(agency=agency))
    client = login(staff)
    first = client.get("/formasi/?year=2025").content.decode()
    assert "Halaman 1" in first and "page=2" in first
    assert "Halaman 2" in client.get("/formasi/?year=2025&page=2").content.decode()


def test_position_page_paginates_its_tasks(login, staff, setup):
    analyst, _ = setup
    for i in range(55):
        WorkloadTaskFactory(position=analyst, year=2025, task=f"Tugas tambahan {i:02d}")
    client = login(staff)
    first = client.get(f"/formasi/jabatan/{analyst.pk}/?year=2025").content.decode()
    second = client.get(f"/formasi/jabatan/{analyst.pk}/?year=2025&page=2").content.decode()
    assert "Halaman 1" in first and "Tugas tambahan 52" not in first
    assert "Tugas tambahan 52" in second
    # The result still covers every task of the position, not only the page.
    assert "Kebutuhan pegawai =" in second


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/workforce/abk/positions/?year=2025",
        "/api/v1/workforce/abk/units/?year=2025",
        "/api/v1/workforce/abk/tasks/?year=2025",
        "/api/v1/workforce/runs/",
    ],
)
def test_api_lists_use_a_constant_number_of_queries(login, staff, agency, setup, url):
    client = login(staff)
    _grow(agency, units=1, positions_per_unit=1)
    client.get(url)
    small = _count(client, url)
    _grow(agency, units=4, positions_per_unit=5)
    assert _count(client, url) == small
