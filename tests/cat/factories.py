"""CAT test data: a small SKD bank (TWK/TIU right-wrong, TKP 1-5 points) and helpers."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from openpyxl import Workbook

from jenjang.cat import importing, services
from jenjang.cat.models import Blueprint, Category, Item, ItemBank, Scoring


def make_bank(agency, *, per_category: int = 4, name: str = "Bank SKD") -> ItemBank:
    bank = ItemBank.objects.create(agency=agency, name=name)
    cats = {
        "TWK": Category.objects.create(
            bank=bank, code="TWK", name="Wawasan Kebangsaan", scoring=Scoring.RIGHT_WRONG, skd_subtest="twk"
        ),
        "TIU": Category.objects.create(
            bank=bank, code="TIU", name="Intelegensia Umum", scoring=Scoring.RIGHT_WRONG, skd_subtest="tiu"
        ),
        "TKP": Category.objects.create(
            bank=bank, code="TKP", name="Karakteristik Pribadi", scoring=Scoring.POINTS, skd_subtest="tkp"
        ),
    }
    for code, cat in cats.items():
        for n in range(per_category):
            options = [f"RAHASIA-{code}-{n}-pilihan-{k}" for k in range(5)]
            if cat.scoring == Scoring.POINTS:
                Item.objects.create(
                    bank=bank,
                    category=cat,
                    code=f"{code}-{n:02d}",
                    stem=f"Soal {code} nomor {n}",
                    options=options,
                    option_points=[1, 2, 3, 4, 5],
                    difficulty=1 + n % 3,
                )
            else:
                Item.objects.create(
                    bank=bank,
                    category=cat,
                    code=f"{code}-{n:02d}",
                    stem=f"Soal {code} nomor {n}",
                    options=options,
                    correct_index=(n % 5),
                    difficulty=1 + n % 3,
                )
    return bank


def make_blueprint(bank, *, per_category: int = 2, skd: bool = True) -> Blueprint:
    return Blueprint.objects.create(
        bank=bank,
        name="SKD mini",
        rules=[{"category": c, "difficulty": None, "count": per_category} for c in ("TWK", "TIU", "TKP")],
        skd=skd,
    )


def make_session(agency, actor, *, blueprint=None, start_offset=-5, minutes=60, window_minutes=120, **kw):
    blueprint = blueprint or make_blueprint(make_bank(agency))
    now = timezone.now()
    starts = now + dt.timedelta(minutes=start_offset)
    return services.session_create(
        agency=agency,
        title=kw.pop("title", "Ujian SKD uji"),
        blueprint=blueprint,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=window_minutes),
        duration_minutes=minutes,
        actor=actor,
        **kw,
    )


def workbook(rows):
    """An item-bank workbook (the import's headers, then `rows`) as an uploadable file."""
    wb = Workbook()
    ws = wb.active
    ws.append(importing.HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "soal.xlsx"
    return out
