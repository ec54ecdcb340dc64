"""The foundation's user journeys in a real browser, on the demo campus."""

import pytest
from django.core.management import call_command

from jenjang.accounts.models import User
from jenjang.demo.campus import PASSWORD as DEMO_PASSWORD
from jenjang.personnel.models import Employee


@pytest.fixture
def campus(transactional_db):
    call_command("demo", "--today", "2026-11-28", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return User.objects.select_related("employee").in_bulk(field_name="username")


def test_staff_search_open_a_profile_and_see_the_timeline(page, sign_in, campus):
    staff = campus["kepegawaian"]
    target = Employee.objects.filter(agency=staff.agency, employment_type="PNS").order_by("nip").first()
    sign_in(staff, DEMO_PASSWORD)
    page.goto("/pegawai/")
    page.fill("#id_q", target.nip)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    link = page.get_by_role("link", name=target.full_name)
    link.first.click()
    page.wait_for_load_state()
    assert target.nip in page.text_content("main")
    timeline = page.locator("#linimasa")
    assert timeline.is_visible()
    text = timeline.text_content()
    assert "Hari ini" in text  # the past, today, then what the rules say comes next
    assert page.locator("#linimasa li.future").count() >= 3
    assert "BUP" in text or "pensiun" in text.lower()


def test_an_employee_sees_only_their_own_record(page, sign_in, campus):
    employee_user = campus["pegawai"]
    sign_in(employee_user, DEMO_PASSWORD)
    assert employee_user.employee.nip in page.text_content("main")  # lands on their own profile
    colleague = Employee.objects.filter(agency=employee_user.agency).exclude(pk=employee_user.employee_id).first()
    response = page.goto(f"/pegawai/{colleague.pk}/")
    assert response.status == 404
    assert colleague.nip not in page.content()
    response = page.goto("/pegawai/")
    assert response.status in (403, 404)


def test_an_import_with_one_bad_row_is_rejected_with_that_rows_message(page, sign_in, campus, tmp_path):
    staff = campus["kepegawaian"]
    before = Employee.objects.count()
    csv_path = tmp_path / "pegawai.csv"
    csv_path.write_text(
        "NIP;Nama;Tanggal lahir;Jenis kelamin;Jenis kepegawaian;TMT CPNS/PPPK;Pendidikan terakhir\n"
        "199001012015031004;Rudi Hartono;01/01/1990;L;PNS;2015-03-01;S1\n"
        "199013012015032005;Dewi Lestari;13/01/1990;P;PNS;2015-03-01;S1\n",
        encoding="utf-8",
    )
    sign_in(staff, DEMO_PASSWORD)
    page.goto("/pegawai/impor/")
    page.set_input_files("input[type=file]", str(csv_path))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.wait_for_selector("text=tidak ada data yang disimpan", timeout=20_000)
    body = page.text_content("main")
    assert "1 kesalahan" in body
    cells = [c.strip() for c in page.locator("table tbody tr").first.locator("td").all_text_contents()]
    assert cells[:3] == ["Pegawai", "3", "NIP"]  # the second data row is line 3 of the file
    assert "bukan tanggal lahir yang sah" in cells[3]
    assert Employee.objects.count() == before


def test_live_search_waits_for_three_letters(page, sign_in, campus):
    """Typing searches as you type from the third letter on (one or two letters match too much to be useful, and
    are the slowest search at a national scale); Enter still searches for anything."""
    staff = campus["kepegawaian"]
    target = Employee.objects.filter(agency=staff.agency).order_by("nip").first()
    word = target.name.split()[-1]
    sign_in(staff, DEMO_PASSWORD)
    page.goto("/pegawai/")
    page.locator("#id_q").press_sequentially(word[:2])
    page.wait_for_timeout(900)
    assert "q=" not in page.url
    page.locator("#id_q").press_sequentially(word[2])
    page.wait_for_url(f"**q={word[:3]}**")
    assert page.locator("#employee-table").get_by_role("link", name=target.full_name).count() >= 1
