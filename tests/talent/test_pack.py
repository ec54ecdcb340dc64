"""The talent-review pack (PDF): the 9-box counts, people per box explained, key positions with successors and
eligibility, bench strength and the review's moves with reasons."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jenjang.talent import services
from jenjang.talent.models import KeyPosition, Placement
from jenjang.talent.pack import pack_html
from tests.factories import PositionFactory
from tests.talent.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(agency, unit, make_user, make_talent, run_map):
    star = make_talent(("SANGAT_BAIK", "SANGAT_BAIK"), level=2, score=95, name="Rina Wulandari")
    solid = make_talent(("BAIK", "BAIK"), level=2, score=70, name="Budi Santoso")
    run_map()
    staff = make_user("PERSONNEL", agency)
    review = services.review_create(actor=staff, agency=agency, year=YEAR, held_on=dt.date(2026, 2, 3), title="TR 2025")
    services.box_move(
        actor=staff,
        review=review,
        placement=Placement.objects.get(employee=solid, year=YEAR),
        to_box=6,
        reason="Kinerja proyek SIMPEG luar biasa",
    )
    key = KeyPosition.objects.create(
        agency=agency,
        position=PositionFactory(agency=agency, unit=unit, level="ADMINISTRATOR", name="Kepala Bagian Umum"),
    )
    services.successor_nominate(
        actor=staff, key_position=key, employee=star, readiness="NOW", development="Diklat PKA",
        eligibility={"year": YEAR, "box": 9, "jpm": 100.0},
    )  # fmt: skip
    return staff


def test_the_pack_holds_the_map_people_successors_bench_and_moves(agency, reviewed):
    with CaptureQueriesContext(connection) as queries:
        html = pack_html(agency, YEAR, "id", dt.date(2026, 11, 28))
    assert len(queries) <= 20  # a fixed number, whatever the number of people
    assert "Paket talent review" in html and "Periode 2025" in html
    assert "2 pegawai dipetakan; 1 di kelompok rencana suksesi" in html
    assert "Kotak 9: 1 pegawai" in html and "Kotak 6: 1 pegawai" in html
    assert "Rina Wulandari" in html and "JPM 100.00% terhadap SKJ jabatannya" in html  # the placement explained
    assert "Dipindahkan oleh TR 2025 dari kotak 5 ke kotak 6: Kinerja proyek SIMPEG luar biasa" in html
    assert "Kepala Bagian Umum" in html and "Siap sekarang" in html and "Diklat PKA" in html
    assert "Tidak ada aturan syarat jabatan untuk jenjang ini" in html  # no eligibility rule for Administrator
    assert "Tanpa suksesor siap sekarang</th><td>0" in html


def test_the_pack_is_a_pdf_for_readers_only(agency, reviewed, make_user, login):
    client = login(reviewed)
    response = client.get(reverse("talent:review_pack") + f"?year={YEAR}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.cookies["django_language"] = "en"
    english = client.get(reverse("talent:review_pack") + f"?year={YEAR}")
    assert english.status_code == 200 and english.content.startswith(b"%PDF")
    assert login(make_user("EMPLOYEE", agency)).get(reverse("talent:review_pack")).status_code == 403


def test_the_pack_in_english(agency, reviewed):
    from django.utils import translation

    with translation.override("en"):
        html = pack_html(agency, YEAR, "en", dt.date(2026, 11, 28))
    assert "Talent review pack" in html and "Box 9: 1 employees" in html
    assert "Moved by TR 2025 from box 5 to box 6: Kinerja proyek SIMPEG luar biasa" in html
