from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jenjang.accounts.models import Role
from jenjang.cat import importing
from jenjang.cat.models import Item, ItemBank

from .factories import workbook

pytestmark = pytest.mark.django_db


GOOD = importing.TEMPLATE_ROWS


@pytest.fixture
def bank(agency):
    return ItemBank.objects.create(agency=agency, name="Bank uji")


@pytest.fixture
def admin_client(agency, make_user, login):
    return login(make_user(Role.ADMIN, agency))


def test_import_creates_items_and_categories(bank, admin_client):
    response = admin_client.post(reverse("cat:bank_import", args=[bank.pk]), {"file": workbook(GOOD)})
    assert response.status_code == 302
    twk = Item.objects.get(bank=bank, code="TWK-001")
    assert twk.correct_index == 0 and twk.category.skd_subtest == "twk" and twk.difficulty == 1
    tkp = Item.objects.get(bank=bank, code="TKP-001")
    assert tkp.option_points == [1, 2, 3, 2, 5] and tkp.correct_index is None
    # a second import of the same codes updates, creates nothing
    changed = [list(GOOD[0]), list(GOOD[1])]
    changed[0][2] = "Pertanyaan yang diperbaiki"
    admin_client.post(reverse("cat:bank_import", args=[bank.pk]), {"file": workbook(changed)})
    assert Item.objects.filter(bank=bank).count() == 2
    assert Item.objects.get(bank=bank, code="TWK-001").stem == "Pertanyaan yang diperbaiki"


def test_a_bad_row_saves_nothing_and_every_error_is_listed(bank, admin_client):
    bad_key = list(GOOD[0])
    bad_key[0], bad_key[8] = "TWK-002", "F"
    bad_points = list(GOOD[1])
    bad_points[0], bad_points[10] = "TKP-002", "9"
    both = list(GOOD[0])
    both[0], both[9] = "TWK-003", "3"
    rows = [GOOD[0], bad_key, bad_points, both, GOOD[0]]
    response = admin_client.post(reverse("cat:bank_import", args=[bank.pk]), {"file": workbook(rows)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tidak ada yang disimpan" in html
    assert "Baris 3" in html and "Baris 4" in html and "Baris 5" in html and "Baris 6" in html
    assert "sudah dipakai di baris 2" in html
    assert not Item.objects.filter(bank=bank).exists()


def test_errors_are_translated(bank, admin_client):
    admin_client.cookies["django_language"] = "en"
    bad = list(GOOD[0])
    bad[14] = "sangat sulit"
    html = admin_client.post(reverse("cat:bank_import", args=[bank.pk]), {"file": workbook([bad])}).content.decode()
    assert "difficulty must be 1, 2, 3" in html and "Row 2" in html


def test_not_a_spreadsheet(bank, admin_client):
    junk = io.BytesIO(b"bukan xlsx")
    junk.name = "soal.xlsx"
    response = admin_client.post(reverse("cat:bank_import", args=[bank.pk]), {"file": junk})
    assert "bukan spreadsheet xlsx" in response.content.decode()


def test_export_round_trips(bank, admin_client):
    admin_client.post(reverse("cat:bank_import", args=[bank.pk]), {"file": workbook(GOOD)})
    response = admin_client.get(reverse("cat:bank_export", args=[bank.pk]))
    data = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert list(rows[0]) == importing.HEADERS
    assert rows[1][0] == "TKP-001" and rows[2][8] == "A"


def test_import_is_bank_managers_only(bank, agency, make_user, login):
    client = login(make_user(Role.PERSONNEL, agency))
    assert client.post(reverse("cat:bank_import", args=[bank.pk]), {"file": workbook(GOOD)}).status_code == 404
    assert not Item.objects.exists()
