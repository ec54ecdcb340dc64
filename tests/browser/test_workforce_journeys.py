"""Workforce journeys in a real browser on the demo campus: ABK of a unit, a leader's reasoned decision."""

import pytest
from django.core.management import call_command

from jenjang.accounts.models import User
from jenjang.demo.campus import PASSWORD as DEMO_PASSWORD
from jenjang.organization.models import Unit
from jenjang.workforce.models import MatchingDecision, MatchingRun


@pytest.fixture
def campus(transactional_db):
    call_command("demo", "--today", "2026-11-28", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return User.objects.select_related("employee").in_bulk(field_name="username")


def test_staff_open_the_abk_of_a_unit_and_see_required_against_current_staff(page, sign_in, campus):
    staff = campus["kepegawaian"]
    sign_in(staff, DEMO_PASSWORD)
    page.get_by_role("link", name="Formasi (ABK)").click()
    page.wait_for_load_state()
    unit = Unit.objects.get(agency=staff.agency, code="ADM-KEP")
    page.get_by_role("link", name=unit.name).click()
    page.wait_for_load_state()
    assert unit.name in page.text_content("h1")
    table = page.locator("table.wf-abk")
    assert table.locator("th", has_text="Kebutuhan").count() == 1
    assert table.locator("th", has_text="Pegawai saat ini").count() == 1
    analysed = table.locator("tbody tr", has=page.locator("td[data-required]"))
    assert analysed.count() >= 2
    first = analysed.first
    assert first.locator("td[data-required]").text_content().strip()
    assert first.locator("td[data-current]").text_content().strip().isdigit()
    first.locator("a").first.click()
    page.wait_for_load_state()
    assert "Kebutuhan pegawai =" in page.text_content("main")


def test_a_leader_departs_from_the_ranking_only_with_a_written_reason(page, sign_in, campus):
    leader = campus["pimpinan"]
    MatchingDecision.objects.all().delete()
    run = MatchingRun.objects.get()
    vacancy = next(v for v in run.result["vacancies"] if len(v["ranking"]) >= 2)
    other = next(r for r in vacancy["ranking"] if r["employee_id"] != vacancy["optimal"])
    sign_in(leader, DEMO_PASSWORD)
    page.get_by_role("link", name="Penempatan", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name=run.title).click()
    page.wait_for_load_state()
    section = page.locator(f"#v{vacancy['position_id']}")
    section.locator("select[name=employee]").select_option(str(other["employee_id"]))
    section.get_by_role("button", name="Catat keputusan").click()
    page.wait_for_load_state()
    assert "wajib disertai alasan tertulis" in page.text_content("main")
    assert not MatchingDecision.objects.exists()
    section = page.locator(f"#v{vacancy['position_id']}")
    section.locator("select[name=employee]").select_option(str(other["employee_id"]))
    reason = "Calon rekomendasi sedang tugas belajar sampai akhir tahun."
    section.locator("textarea[name=reason]").fill(reason)
    section.get_by_role("button", name="Catat keputusan").click()
    page.wait_for_load_state()
    decision = MatchingDecision.objects.get()
    assert decision.departs and decision.reason == reason and decision.employee_id == other["employee_id"]
    assert reason in page.text_content("main")


def test_staff_copy_this_years_abk_to_next_year_and_a_second_copy_is_refused(page, sign_in, campus):
    from jenjang.workforce.models import WorkloadTask

    staff = campus["kepegawaian"]
    source = WorkloadTask.objects.filter(agency=staff.agency).order_by("-year").values_list("year", flat=True).first()
    sign_in(staff, DEMO_PASSWORD)
    page.goto(f"/formasi/?year={source}")
    form = page.locator("form#abk-copy")
    assert form.locator("input[name=target_year]").input_value() == str(source + 1)
    form.get_by_role("button", name="Salin ABK").click()
    page.wait_for_load_state()
    assert f"ABK {source} disalin ke {source + 1}" in page.text_content("main")
    assert WorkloadTask.objects.filter(agency=staff.agency, year=source + 1).count() == (
        WorkloadTask.objects.filter(agency=staff.agency, year=source, position__is_active=True).count()
    )
    # Copying into the now-filled year again is refused with a clear message.
    page.goto(f"/formasi/?year={source - 1}")
    form = page.locator("form#abk-copy")
    form.locator("input[name=target_year]").fill(str(source + 1))
    form.get_by_role("button", name="Salin ABK").click()
    page.wait_for_load_state()
    assert f"ABK tahun {source + 1} sudah berisi" in page.text_content("main")


def test_staff_import_an_abk_file_and_follow_the_job_to_its_summary(page, sign_in, campus, tmp_path):
    import io

    from openpyxl import Workbook

    from jenjang.organization.models import Position
    from jenjang.workforce.abk import HEADERS

    staff = campus["kepegawaian"]
    position = Position.objects.filter(agency=staff.agency, is_active=True).order_by("id").first()
    book = Workbook()
    sheet = book.active
    sheet.title = "ABK"
    sheet.append(list(HEADERS))
    sheet.append([2030, position.pk, position.name, "Menyusun rencana formasi", "dokumen", 4, 600])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "abk-2030.xlsx"
    path.write_bytes(buffer.getvalue())
    sign_in(staff, DEMO_PASSWORD)
    page.get_by_role("link", name="Formasi (ABK)").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Impor xlsx").click()
    page.wait_for_load_state()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Impor").click()
    page.wait_for_load_state()
    page.wait_for_selector("text=Impor ABK selesai")
    assert "1 tugas untuk 1 jabatan tersimpan" in page.text_content("main")
    page.get_by_role("link", name="2030").click()
    page.wait_for_load_state()
    assert "Analisis beban kerja (ABK) 2030" in page.text_content("h1")
