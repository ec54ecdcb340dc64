"""Item bank xlsx import/export. The import validates every row and saves all or nothing.

Columns (first sheet, header row first): kode, kategori, pertanyaan, pilihan_a .. pilihan_e, kunci (A-E, for a
right/wrong item), poin_a .. poin_e (1-5, for a points item), kesulitan (1/2/3 or mudah/sedang/sulit).
An item whose code exists in the bank is updated; a new category code is created (TWK/TIU/TKP are linked to the
SKD sub-tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData

from .models import Category, Item, ItemBank, Scoring

LETTERS = "ABCDE"
HEADERS = [
    "kode",
    "kategori",
    "pertanyaan",
    *[f"pilihan_{c.lower()}" for c in LETTERS],
    "kunci",
    *[f"poin_{c.lower()}" for c in LETTERS],
    "kesulitan",
]
DIFFICULTY_WORDS = {"mudah": 1, "sedang": 2, "sulit": 3, "easy": 1, "medium": 2, "hard": 3}
MAX_ROWS = 5000


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_rows(rows: list[tuple[Any, ...]]) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """Validated item dicts and (row number, message) errors."""
    if not rows:
        return [], [(1, _("Berkas kosong: baris judul kolom tidak ditemukan."))]
    header = [_text(h).lower() for h in rows[0]]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        return [], [(1, _("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})]
    col = {h: header.index(h) for h in HEADERS}
    out: list[dict[str, Any]] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    if len(rows) - 1 > MAX_ROWS:
        return [], [(1, _("Paling banyak %(max)s soal per berkas.") % {"max": MAX_ROWS})]
    for number, raw in enumerate(rows[1:], start=2):
        row = [_text(raw[i]) if i < len(raw) else "" for i in range(len(header))]
        if not any(row):
            continue

        def get(name: str, row: list[str] = row) -> str:
            return row[col[name]]

        row_errors: list[str] = []
        code = get("kode")
        if not code:
            row_errors.append(_("kode soal wajib diisi"))
        elif len(code) > 30:
            row_errors.append(_("kode soal paling panjang 30 karakter"))
        elif code in seen:
            row_errors.append(
                _("kode soal %(code)s sudah dipakai di baris %(row)s") % {"code": code, "row": seen[code]}
            )
        else:
            seen[code] = number
        category = get("kategori").upper()
        if not category:
            row_errors.append(_("kategori wajib diisi"))
        elif len(category) > 20:
            row_errors.append(_("kode kategori paling panjang 20 karakter"))
        stem = get("pertanyaan")
        if not stem:
            row_errors.append(_("pertanyaan wajib diisi"))
        options = [get(f"pilihan_{c.lower()}") for c in LETTERS]
        while options and not options[-1]:
            options.pop()
        if len(options) < 2 or "" in options:
            row_errors.append(_("isi paling sedikit dua pilihan jawaban berurutan mulai dari A"))
        key = get("kunci").upper()
        points_raw = [get(f"poin_{c.lower()}") for c in LETTERS][: len(options)]
        correct = None
        points = None
        if key and any(points_raw):
            row_errors.append(_("isi kunci atau poin per pilihan, tidak keduanya"))
        elif key:
            if len(key) != 1 or key not in LETTERS[: len(options)]:
                row_errors.append(
                    _("kunci harus salah satu huruf pilihan yang terisi (A–%(last)s)")
                    % {"last": LETTERS[max(len(options), 1) - 1]}
                )
            else:
                correct = LETTERS.index(key)
        elif any(points_raw):
            try:
                points = [int(p) for p in points_raw]
            except ValueError:
                points = None
            if points is None or any(not 1 <= p <= 5 for p in points):
                row_errors.append(_("poin setiap pilihan harus bilangan bulat 1 sampai 5"))
                points = None
        else:
            row_errors.append(_("isi kunci (A–E) atau poin 1–5 untuk setiap pilihan"))
        difficulty_raw = get("kesulitan").lower()
        difficulty = DIFFICULTY_WORDS.get(difficulty_raw) or (
            int(difficulty_raw) if difficulty_raw in ("1", "2", "3") else None
        )
        if difficulty is None:
            row_errors.append(_("kesulitan harus 1, 2, 3 (mudah, sedang, sulit)"))
        if row_errors:
            errors.extend((number, e) for e in row_errors)
            continue
        out.append(
            {
                "code": code,
                "category": category,
                "stem": stem,
                "options": options,
                "correct_index": correct,
                "option_points": points,
                "difficulty": difficulty,
            }
        )
    return out, errors


MAX_BYTES = 20 * 1024 * 1024
ITEM_FIELDS = ("stem", "options", "correct_index", "option_points", "difficulty")


def read_workbook(upload: IO[bytes]) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise InvalidData(
            _("Berkas terlalu besar; paling besar %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}, field="file"
        )
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not xlsx
        raise InvalidData(_("Berkas bukan spreadsheet xlsx yang valid."), field="file") from None
    sheet = workbook.worksheets[0]
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    workbook.close()
    return rows


def import_items(bank: ItemBank, upload: IO[bytes], *, actor: Any) -> ImportReport:
    """Validate every row; if any row is wrong nothing is saved and every error is reported. An item whose values
    are already as in the file is left alone (`unchanged`), so importing the same file twice writes nothing the
    second time (no audit row either). Two imports into one bank run one after the other (the bank row is
    locked), so a code or category new in both is created once."""
    items, errors = parse_rows(read_workbook(upload))
    report = ImportReport(errors=errors)
    if errors:
        return report
    with transaction.atomic():
        ItemBank.objects.select_for_update().filter(pk=bank.pk).values_list("pk", flat=True).first()
        categories = {c.code: c for c in Category.objects.filter(bank=bank)}
        existing_items = {i.code: i for i in Item.objects.filter(bank=bank, code__in=[r["code"] for r in items])}
        for number, row in enumerate(items, start=2):
            cat = categories.get(row["category"])
            wanted = Scoring.POINTS if row["option_points"] else Scoring.RIGHT_WRONG
            if cat is not None and cat.scoring != wanted:
                report.errors.append(
                    (number, _("kategori %(code)s dinilai dengan cara lain") % {"code": row["category"]})
                )
        if report.errors:
            return report
        new_items: list[Item] = []
        changed: list[Item] = []
        for row in items:
            cat = categories.get(row["category"])
            if cat is None:
                code = row["category"]
                cat = categories[code] = Category.objects.create(
                    bank=bank,
                    code=code,
                    name=code,
                    scoring=Scoring.POINTS if row["option_points"] else Scoring.RIGHT_WRONG,
                    skd_subtest=code.lower() if code in ("TWK", "TIU", "TKP") else "",
                )
            values = {k: row[k] for k in ITEM_FIELDS}
            item = existing_items.get(row["code"])
            if item is None:
                new_items.append(Item(bank=bank, category=cat, code=row["code"], **values))
            elif item.category_id == cat.pk and all(getattr(item, k) == v for k, v in values.items()):
                report.unchanged += 1
            else:
                for k, v in values.items():
                    setattr(item, k, v)
                item.category = cat
                changed.append(item)
        Item.objects.bulk_create(new_items, batch_size=500)
        Item.objects.bulk_update(changed, ["category", *ITEM_FIELDS], batch_size=500)
        report.created, report.updated = len(new_items), len(changed)
        if new_items or changed:
            audit_record(
                actor=actor,
                action="cat.items_import",
                obj=bank,
                changes={"created": report.created, "updated": report.updated},
            )
    return report


def export_rows(bank: ItemBank):
    for item in Item.objects.filter(bank=bank).select_related("category").order_by("code").iterator(2000):
        options = list(item.options) + [""] * (5 - len(item.options))
        points = list(item.option_points or []) + [""] * (5 - len(item.option_points or []))
        key = LETTERS[item.correct_index] if item.correct_index is not None else ""
        yield [item.code, item.category.code, item.stem, *options, key, *points, item.difficulty]


TEMPLATE_ROWS = [
    [
        "TWK-001",
        "TWK",
        "Pancasila sebagai dasar negara tercantum dalam ...",
        "Pembukaan UUD 1945 alinea keempat",
        "Batang Tubuh UUD 1945",
        "Ketetapan MPR",
        "Undang-Undang",
        "Peraturan Pemerintah",
        "A",
        "",
        "",
        "",
        "",
        "",
        "mudah",
    ],
    [
        "TKP-001",
        "TKP",
        "Atasan memberi tugas mendesak menjelang jam pulang. Sikap Anda ...",
        "Menolak karena sudah waktunya pulang",
        "Mengerjakan besok pagi",
        "Meminta rekan mengerjakannya",
        "Mengerjakan sebagian lalu pulang",
        "Menyelesaikannya dan melapor kepada atasan",
        "",
        "1",
        "2",
        "3",
        "2",
        "5",
        "sedang",
    ],
]
