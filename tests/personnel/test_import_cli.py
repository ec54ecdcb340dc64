"""`jenjang import employees FILE --agency CODE`: summary on stdout, exit code 1 with the row errors."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from jenjang.core.models import AuditLog
from jenjang.personnel.models import Employee
from tests.personnel.test_import import person, workbook_bytes


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.JOBS_RUNNER = "inline"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_valid_file_is_imported_with_a_summary(tmp_path, agency, unit):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(workbook_bytes({"Pegawai": [person(1), person(2)]}))
    code, out, err = run("employees", str(path), "--agency", agency.code)
    assert code == 0, err
    assert "Impor selesai." in out and "Pegawai: created 2" in out
    assert Employee.objects.filter(agency=agency).count() == 2
    assert AuditLog.objects.get(action="personnel.import.completed").actor_label == "console"


def test_invalid_file_exits_1_with_the_row_errors_and_writes_nothing(tmp_path, agency, unit):
    path = tmp_path / "pegawai.csv"
    row = person(1)
    path.write_text(f"NIP,Nama,Tanggal lahir,Jenis kelamin,Jenis kepegawaian,TMT CPNS/PPPK,Pendidikan terakhir\n"
                    f"{row['NIP']},Ani,{row['Tanggal lahir']},M,PNS,2005-03-01,S1\n"
                    f"{row['NIP'][:-1]},Budi,1980-01-01,Q,PNS,2005-03-01,S1\n", encoding="utf-8")  # fmt: skip
    code, _out, err = run("employees", str(path), "--agency", agency.code)
    assert code == 1
    assert "Pegawai:3:NIP: NIP tidak sah" in err and "Pegawai:3:Jenis kelamin: Kode tidak dikenal" in err
    assert not Employee.objects.exists()


def test_dry_run_and_user_options(tmp_path, agency, unit, make_user):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(workbook_bytes({"Pegawai": [person(1)]}))
    code, out, _err = run("employees", str(path), "--agency", agency.code, "--dry-run")
    assert code == 0 and "Periksa saja" in out and not Employee.objects.exists()
    auditor = make_user("AUDITOR", agency, username="auditor1")
    with pytest.raises(CommandError, match="tidak berwenang"):
        run("employees", str(path), "--agency", agency.code, "--user", auditor.username)
    staff = make_user("PERSONNEL", agency, username="staf1")
    code, _out, _err = run("employees", str(path), "--agency", agency.code, "--user", staff.username)
    assert code == 0 and AuditLog.objects.get(action="personnel.employee.created").actor == staff


def test_unknown_agency_is_an_error(tmp_path, db):
    path = tmp_path / "a.csv"
    path.write_text("NIP\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Instansi tidak dikenal"):
        run("employees", str(path), "--agency", "NOPE")
