"""The spreadsheet import: the template round trip, every failure mode writing nothing, re-import by NIP,
csv, access, and a query count that does not grow with the number of rows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jenjang.core.errors import AccessDenied
from jenjang.core.models import AuditLog
from jenjang.domain.vocab import rank_code
from jenjang.jobs.models import Job, JobStatus
from jenjang.personnel.importing.services import ImportInvalid, employees_import, import_submit
from jenjang.personnel.models import (
    EducationHistory,
    Employee,
    PerformanceHistory,
    PositionHistory,
    RankHistory,
    SalaryIncrementHistory,
)
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory

EMPLOYEE_HEADERS = [
    "NIP", "Nama", "Gelar depan", "Gelar belakang", "Tempat lahir", "Tanggal lahir", "Jenis kelamin",
    "Jenis kepegawaian", "TMT CPNS/PPPK", "TMT PNS", "Golongan", "TMT golongan", "Pendidikan terakhir",
    "Kode unit", "Kode jabatan", "TMT jabatan",
]  # fmt: skip


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.JOBS_RUNNER = "inline"


@pytest.fixture
def staff(make_user, agency):
    return make_user("PERSONNEL", agency)


@pytest.fixture
def position(agency, unit):
    return PositionFactory(agency=agency, unit=unit, code="JAB-01", name="Analis SDM Aparatur Ahli Pertama")


def nip(birth: dt.date, appointed: dt.date, gender: str = "M", seq: int = 1) -> str:
    return f"{birth:%Y%m%d}{appointed:%Y%m}{1 if gender == 'M' else 2}{seq:03d}"


def person(seq: int, **overrides):
    birth, appointed = dt.date(1970 + seq % 15, 1 + seq % 12, 1 + seq % 28), dt.date(2005, 3, 1)
    row = {
        "NIP": nip(birth, appointed, "M", seq),
        "Nama": f"Pegawai Uji {seq}",
        "Tanggal lahir": birth,
        "Jenis kelamin": "M",
        "Jenis kepegawaian": "PNS",
        "TMT CPNS/PPPK": appointed,
        "Pendidikan terakhir": "S1",
        "Kode unit": "BAG-UMUM",
    }
    row.update(overrides)
    return row


def workbook_bytes(sheets: dict[str, list[dict]], headers: dict[str, list[str]] | None = None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        columns = (headers or {}).get(name) or list(dict.fromkeys(k for row in rows for k in row))
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(actor, agency, content: bytes, **kwargs):
    return employees_import(actor=actor, agency=agency, content=content, filename="uji.xlsx", **kwargs)


def nothing_written(before_employees: int) -> None:
    assert Employee.objects.count() == before_employees
    assert not RankHistory.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="personnel.").exists()


# --- the template round trip -----------------------------------------------------------------------------


def test_template_filled_and_uploaded_creates_employees_and_histories(login, staff, agency, unit, position):
    client = login(staff)
    response = client.get(reverse("personnel:import_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Petunjuk", "Pegawai", "Riwayat Golongan", "Riwayat Jabatan", "Riwayat Pendidikan", "Riwayat Pelatihan",
        "Riwayat Kinerja", "Penghargaan", "Hukuman Disiplin", "Riwayat KGB",
    ]  # fmt: skip
    guide_text = " ".join(str(c.value) for row in workbook["Petunjuk"].iter_rows() for c in row if c.value)
    assert "III/a" in guide_text and "SANGAT_BAIK" in guide_text and "JF_AHLI_PERTAMA" in guide_text

    def fill(name: str, values: dict) -> None:
        sheet = workbook[name]
        headers = [c.value for c in sheet[1]]
        sheet.append([values.get(h) for h in headers])

    ani = person(1, **{"Nama": "Ani Lestari", "Jenis kelamin": "F", "Pendidikan terakhir": None})
    ani["NIP"] = nip(ani["Tanggal lahir"], ani["TMT CPNS/PPPK"], "F", 7)
    budi = person(2, **{"Tanggal lahir": "1982-03-02"})
    budi["NIP"] = nip(dt.date(1982, 3, 2), budi["TMT CPNS/PPPK"], "M", 2)
    fill("Pegawai", ani)
    fill("Pegawai", budi)
    fill("Riwayat Golongan", {"NIP": ani["NIP"], "Golongan": "III/a", "TMT golongan": dt.date(2005, 3, 1)})
    fill(
        "Riwayat Golongan", {"NIP": ani["NIP"], "Golongan": "III/b", "TMT golongan": "01/04/2009", "Nomor SK": "823/1"}
    )
    fill("Riwayat Jabatan", {"NIP": ani["NIP"], "Kode jabatan": "JAB-01", "TMT jabatan": dt.date(2015, 1, 2)})
    fill("Riwayat Pendidikan", {"NIP": ani["NIP"], "Jenjang": "S2", "Lembaga pendidikan": "Universitas Mataram",
                                "Tanggal lulus": dt.date(2012, 8, 30)})  # fmt: skip
    fill("Riwayat Kinerja", {"NIP": ani["NIP"], "Tahun": 2023, "Predikat": "BAIK"})
    fill("Riwayat Kinerja", {"NIP": budi["NIP"], "Tahun": 2023, "Predikat": "sangat_baik"})
    fill("Riwayat KGB", {"NIP": ani["NIP"], "TMT KGB": dt.date(2024, 3, 1), "Gaji pokok": 3500000})
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "pegawai.xlsx"

    response = client.post(reverse("personnel:import"), {"file": upload, "sheet": "Pegawai"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED, job.result
    assert job.result["sheets"]["Pegawai"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert job.result["sheets"]["Riwayat Golongan"] == {"created": 2, "skipped": 0}

    created = Employee.objects.get(nip=ani["NIP"])
    assert created.agency == agency and created.unit == unit and created.name == "Ani Lestari"
    assert (created.rank, created.rank_since) == (rank_code("III/b"), dt.date(2009, 4, 1))  # follows history
    assert created.education == "S2" and created.position == position
    assert created.position_since == dt.date(2015, 1, 2) and created.last_salary_increment == dt.date(2024, 3, 1)
    assert RankHistory.objects.get(employee=created, rank=rank_code("III/b")).decree_number == "823/1"
    assert PositionHistory.objects.get(employee=created).position_name == "Analis SDM Aparatur Ahli Pertama"
    assert EducationHistory.objects.filter(employee=created).count() == 1
    assert SalaryIncrementHistory.objects.get(employee=created).base_salary == 3500000
    assert PerformanceHistory.objects.get(employee__nip=budi["NIP"]).predicate == "SANGAT_BAIK"
    assert AuditLog.objects.filter(action="personnel.employee.created").count() == 2
    summary = AuditLog.objects.get(action="personnel.import.completed")
    assert summary.actor == staff and summary.agency_id == agency.pk

    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert "Impor selesai" in page.content.decode()


# --- every failure mode writes nothing and names the row and column --------------------------------------


@pytest.mark.parametrize(
    ("overrides", "row", "column", "fragment"),
    [
        ({"NIP": "19850314201001100"}, 3, "NIP", "18 angka"),
        ({"Tanggal lahir": dt.date(1985, 3, 15)}, 3, "NIP", "berbeda dengan data"),
        ({"Jenis kepegawaian": "HONORER"}, 3, "Jenis kepegawaian", "Kode tidak dikenal"),
        ({"Golongan": "V/z"}, 3, "Golongan", "Golongan tidak dikenal"),
        ({"Pendidikan terakhir": "SMA"}, 3, "Pendidikan terakhir", "Kode tidak dikenal"),
        ({"Kode unit": "TIDAK-ADA"}, 3, "Kode unit", "tidak ada di instansi ini"),
        ({"TMT CPNS/PPPK": "31/02/2005"}, 3, "TMT CPNS/PPPK", "Tanggal tidak sah"),
        ({"TMT PNS": dt.date(1960, 1, 1)}, 3, "TMT PNS", "sebelum tanggal lahir"),
        ({"Nama": None}, 3, "Nama", "Wajib diisi"),
    ],
)
def test_one_bad_cell_rejects_the_whole_file(staff, agency, unit, overrides, row, column, fragment):
    good = person(1)
    bad = person(2, **overrides)
    if "NIP" not in overrides:
        birth = overrides.get("Tanggal lahir") if "Tanggal lahir" not in overrides else dt.date(1985, 3, 14)
        bad["Tanggal lahir"] = overrides.get("Tanggal lahir", bad["Tanggal lahir"])
        if "Tanggal lahir" in overrides:
            bad["NIP"] = nip(dt.date(1985, 3, 14), dt.date(2005, 3, 1), "M", 2)
        del birth
    content = workbook_bytes({"Pegawai": [good, bad]}, {"Pegawai": EMPLOYEE_HEADERS})
    with pytest.raises(ImportInvalid) as caught:
        run_import(staff, agency, content)
    errors = caught.value.details["errors"]
    assert caught.value.details["nothing_saved"] is True
    assert any(e["sheet"] == "Pegawai" and e["row"] == row and e["column"] == column and fragment in e["message"]
               for e in errors), errors  # fmt: skip
    nothing_written(0)


def test_every_error_is_reported_not_only_the_first(staff, agency, unit):
    rows = [person(1, **{"Jenis kelamin": "X"}), person(2), person(3, **{"Golongan": "III/z"})]
    rows[1]["NIP"] = rows[0]["NIP"]
    with pytest.raises(ImportInvalid) as caught:
        run_import(staff, agency, workbook_bytes({"Pegawai": rows}, {"Pegawai": EMPLOYEE_HEADERS}))
    found = {(e["row"], e["column"]) for e in caught.value.details["errors"]}
    assert {(2, "Jenis kelamin"), (3, "NIP"), (4, "Golongan")} <= found
    assert any("NIP ganda dalam berkas (juga di baris 2)" in e["message"] for e in caught.value.details["errors"])
    nothing_written(0)


def test_a_nip_of_another_agency_is_refused(staff, agency, unit, other_agency):
    theirs = EmployeeFactory(agency=other_agency)
    row = person(1, **{"NIP": theirs.nip, "Tanggal lahir": theirs.birth_date, "Jenis kelamin": theirs.gender})
    with pytest.raises(ImportInvalid) as caught:
        run_import(staff, agency, workbook_bytes({"Pegawai": [row]}))
    assert caught.value.details["errors"][0]["message"] == "NIP ini terdaftar di instansi lain."
    theirs.refresh_from_db()
    assert theirs.agency == other_agency and theirs.version == 1
    history = workbook_bytes({"Riwayat Kinerja": [{"NIP": theirs.nip, "Tahun": 2023, "Predikat": "KURANG"}]})
    with pytest.raises(ImportInvalid):
        run_import(staff, agency, history)
    assert not PerformanceHistory.objects.exists()


def test_history_row_for_an_unknown_nip_is_refused(staff, agency, unit):
    unknown = nip(dt.date(1990, 1, 1), dt.date(2015, 1, 1))
    content = workbook_bytes(
        {
            "Pegawai": [person(1)],
            "Riwayat Golongan": [{"NIP": unknown, "Golongan": "III/a", "TMT golongan": "2015-01-01"}],
        }
    )
    with pytest.raises(ImportInvalid) as caught:
        run_import(staff, agency, content)
    [error] = caught.value.details["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("Riwayat Golongan", 2, "NIP")
    nothing_written(0)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "Berkas kosong"),
        (b"%PDF-1.7\x00\x01binary", "Jenis berkas tidak dikenali"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", ".xls lama"),
        ("NIP;Nama\n1985;Ánï\n".encode("latin-1"), "UTF-8"),
        (b"PK\x03\x04not really a zip", "bukan xlsx yang sah"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_clear_message(staff, agency, content, fragment):
    with pytest.raises(ImportInvalid) as caught:
        run_import(staff, agency, content)
    assert fragment in caught.value.details["errors"][0]["message"]
    nothing_written(0)


def test_a_workbook_with_headers_only_is_empty(staff, agency):
    with pytest.raises(ImportInvalid) as caught:
        run_import(staff, agency, workbook_bytes({"Pegawai": []}, {"Pegawai": EMPLOYEE_HEADERS}))
    assert "tidak berisi data" in caught.value.details["errors"][0]["message"]


def test_missing_required_column_is_reported_on_the_header_row(staff, agency, unit):
    row = person(1)
    del row["Tanggal lahir"]
    with pytest.raises(ImportInvalid) as caught:
        run_import(staff, agency, workbook_bytes({"Pegawai": [row]}))
    assert {
        "sheet": "Pegawai",
        "row": 1,
        "column": "Tanggal lahir",
        "message": "Kolom wajib tidak ada di baris judul.",
    } in caught.value.details["errors"]


# --- re-import updates by NIP ----------------------------------------------------------------------------


def test_reimport_updates_by_nip_bumps_version_and_audits_the_changes(staff, agency, unit):
    existing = EmployeeFactory(agency=agency, unit=unit, gender="M", name="Nama Lama")
    RankHistory.objects.create(employee=existing, rank=rank_code("III/a"), effective_date=dt.date(2015, 4, 1))
    row = {"NIP": existing.nip, "Nama": "Nama Baru", "Tanggal lahir": existing.birth_date, "Jenis kelamin": "M",
           "Jenis kepegawaian": "PNS", "TMT CPNS/PPPK": existing.appointment_date}  # fmt: skip
    ranks = [
        {"NIP": existing.nip, "Golongan": "III/a", "TMT golongan": dt.date(2015, 4, 1)},  # already recorded
        {"NIP": existing.nip, "Golongan": "III/c", "TMT golongan": dt.date(2023, 4, 1)},
    ]
    content = workbook_bytes({"Pegawai": [row], "Riwayat Golongan": ranks})
    summary = run_import(staff, agency, content)
    assert summary["sheets"]["Pegawai"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert summary["sheets"]["Riwayat Golongan"] == {"created": 1, "skipped": 1}
    existing.refresh_from_db()
    assert existing.name == "Nama Baru" and existing.version == 2
    assert existing.rank == rank_code("III/c") and existing.rank_since == dt.date(2023, 4, 1)
    assert existing.education == "S1"  # left empty in the sheet: unchanged
    audit = AuditLog.objects.get(action="personnel.employee.updated", employee_id=existing.pk)
    assert audit.changes["name"] == ["Nama Lama", "Nama Baru"]
    assert audit.changes["rank"] == [rank_code("III/b"), rank_code("III/c")]
    assert audit.actor == staff

    again = run_import(staff, agency, content)
    assert again["sheets"]["Pegawai"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert again["sheets"]["Riwayat Golongan"] == {"created": 0, "skipped": 2}
    assert RankHistory.objects.filter(employee=existing).count() == 2
    existing.refresh_from_db()
    assert existing.version == 2


def test_a_new_open_position_closes_the_previous_one(staff, agency, unit, position):
    existing = EmployeeFactory(agency=agency, unit=unit, position_since=dt.date(2015, 1, 1))
    old = PositionHistory.objects.create(
        employee=existing, position_name="Pengadministrasi", start_date=dt.date(2015, 1, 1)
    )
    rows = [{"NIP": existing.nip, "Kode jabatan": "JAB-01", "TMT jabatan": dt.date(2022, 7, 1)}]
    run_import(staff, agency, workbook_bytes({"Riwayat Jabatan": rows}))
    old.refresh_from_db()
    existing.refresh_from_db()
    assert old.end_date == dt.date(2022, 6, 30)
    assert existing.position == position and existing.position_since == dt.date(2022, 7, 1)
    assert AuditLog.objects.filter(employee_id=existing.pk, action="personnel.employee.updated").exists()


def test_dry_run_validates_and_writes_nothing(staff, agency, unit):
    summary = run_import(staff, agency, workbook_bytes({"Pegawai": [person(1)]}), dry_run=True)
    assert summary["dry_run"] is True and summary["sheets"]["Pegawai"]["created"] == 1
    nothing_written(0)


# --- csv -------------------------------------------------------------------------------------------------


def test_csv_with_the_employee_sheet_and_a_history_sheet(staff, agency, unit):
    a = person(1)
    csv_text = "NIP;Nama;Tanggal lahir;Jenis kelamin;Jenis kepegawaian;TMT CPNS/PPPK;Pendidikan terakhir\n"
    csv_text += f"{a['NIP']};Citra Dewi;{a['Tanggal lahir']:%d/%m/%Y};L;PNS;2005-03-01;D3\n"
    summary = run_import(staff, agency, ("\ufeff" + csv_text).encode())
    assert summary["sheets"]["Pegawai"]["created"] == 1
    employee = Employee.objects.get(nip=a["NIP"])
    assert (employee.name, employee.gender, employee.education) == ("Citra Dewi", "M", "D3")

    history = f"NIP,Tahun,Predikat\n{a['NIP']},2023,BAIK\n{a['NIP']},2024,SANGAT_BAIK\n"
    run_import(staff, agency, history.encode(), sheet="Riwayat Kinerja")
    assert list(employee.performancehistory_set.values_list("year", "predicate")) == [
        (2023, "BAIK"),
        (2024, "SANGAT_BAIK"),
    ]


# --- pages, double submit and access ---------------------------------------------------------------------


def test_the_page_shows_the_row_error_and_says_nothing_was_saved(login, staff, agency, unit):
    bad = person(1, **{"Golongan": "III/x"})
    upload = io.BytesIO(workbook_bytes({"Pegawai": [bad]}))
    upload.name = "salah.xlsx"
    response = login(staff).post(reverse("personnel:import"), {"file": upload}, follow=True)
    html = response.content.decode()
    assert "Tidak ada data yang disimpan." in html
    assert "Golongan tidak dikenal: “III/x”" in html
    assert Employee.objects.count() == 0


def test_a_wrong_file_type_is_refused_on_the_form(login, staff, agency):
    upload = io.BytesIO(b"%PDF-1.4\x00\x00")
    upload.name = "pegawai.xlsx"
    response = login(staff).post(reverse("personnel:import"), {"file": upload})
    assert response.status_code == 200
    assert "Jenis berkas tidak dikenali" in response.content.decode()
    assert not Job.objects.exists()


def test_double_submit_imports_once(staff, agency, unit):
    content = workbook_bytes({"Pegawai": [person(1)]})
    first = import_submit(actor=staff, agency=agency, content=content, filename="a.xlsx")
    second = import_submit(actor=staff, agency=agency, content=content, filename="a.xlsx")
    assert first.pk == second.pk and Job.objects.count() == 1
    assert Employee.objects.count() == 1


@pytest.mark.parametrize("role", ["EMPLOYEE", "SUPERVISOR", "AUDITOR", "LEADER"])
def test_only_personnel_staff_and_admins_reach_the_import(login, make_user, agency, role):
    client = login(make_user(role, agency))
    assert client.get(reverse("personnel:import")).status_code == 403
    assert client.get(reverse("personnel:import_template")).status_code == 403
    upload = io.BytesIO(b"NIP\n1\n")
    upload.name = "a.csv"
    assert client.post(reverse("personnel:import"), {"file": upload}).status_code == 403
    assert not Job.objects.exists()


def test_admin_reaches_the_import_page(login, make_user, agency):
    response = login(make_user("ADMIN", agency)).get(reverse("personnel:import"))
    assert response.status_code == 200
    assert reverse("personnel:import_template") in response.content.decode()


def test_staff_of_another_agency_cannot_touch_this_agencys_nips(make_user, agency, other_agency, unit):
    ours = EmployeeFactory(agency=agency, unit=unit, gender="M")
    intruder = make_user("PERSONNEL", other_agency)
    row = {"NIP": ours.nip, "Nama": "Diubah", "Tanggal lahir": ours.birth_date, "Jenis kelamin": "M",
           "Jenis kepegawaian": "PNS", "TMT CPNS/PPPK": ours.appointment_date, "Pendidikan terakhir": "S1"}  # fmt: skip
    with pytest.raises(ImportInvalid):
        run_import(intruder, other_agency, workbook_bytes({"Pegawai": [row]}))
    with pytest.raises(AccessDenied):
        run_import(intruder, agency, workbook_bytes({"Pegawai": [row]}))
    ours.refresh_from_db()
    assert ours.name != "Diubah" and ours.version == 1


# --- no per-row queries ----------------------------------------------------------------------------------


def _file_with(n: int) -> bytes:
    people = [person(i) for i in range(1, n + 1)]
    ranks = [{"NIP": p["NIP"], "Golongan": "III/a", "TMT golongan": dt.date(2006, 3, 1)} for p in people]
    kinerja = [{"NIP": p["NIP"], "Tahun": 2023, "Predikat": "BAIK"} for p in people]
    return workbook_bytes({"Pegawai": people, "Riwayat Golongan": ranks, "Riwayat Kinerja": kinerja})


def test_query_count_does_not_grow_with_rows(staff, agency, unit):
    UnitFactory(agency=agency, code="BAG-LAIN")
    counts = []
    # 30 rows stay within one INSERT on SQLite too (its variable limit splits bigger inserts into batches).
    for n, batch in ((3, _file_with(3)), (30, _file_with(30))):
        Employee.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            run_import(staff, agency, batch)
        counts.append(len(ctx.captured_queries))
        assert Employee.objects.count() == n
    assert counts[0] == counts[1], counts
    # and re-importing (updates) is just as flat
    with CaptureQueriesContext(connection) as ctx:
        run_import(staff, agency, _file_with(30))
    assert len(ctx.captured_queries) <= counts[1] + 2
