"""Bytes -> sheets of rows. The file's type is decided by its bytes, never by its name: an xlsx is a zip
archive; a csv must decode as UTF-8 text. Row numbers are those the user sees in a spreadsheet (header = 1)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .spec import INSTRUCTIONS_SHEET, Sheet, find_sheet

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc


class UnreadableFile(Exception):
    """The file cannot be read as an import at all (its message is translated and shown as is)."""


@dataclass
class SheetRows:
    sheet: Sheet
    headers: list[Any]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number, cell values)


def sniff(content: bytes) -> str:
    """'xlsx' or 'csv', or UnreadableFile saying what is wrong."""
    if not content or not content.strip():
        raise UnreadableFile(_("Berkas kosong."))
    if content.startswith(ZIP_MAGIC):
        return "xlsx"
    if content.startswith(OLE_MAGIC):
        raise UnreadableFile(_("Format .xls lama tidak didukung: simpan berkas sebagai .xlsx (Excel Workbook)."))
    if b"\x00" in content[:4096]:
        raise UnreadableFile(_("Jenis berkas tidak dikenali: unggah berkas .xlsx atau .csv (UTF-8)."))
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("Berkas CSV harus berkode UTF-8. Di Excel, pilih Simpan Sebagai → CSV UTF-8.")) from None
    return "csv"


def _blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_xlsx(content: bytes) -> tuple[list[SheetRows], list[str]]:
    """The recognised sheets and the names of the sheets that were not recognised."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UnreadableFile(_("Berkas bukan xlsx yang sah (arsip rusak atau bukan buku kerja Excel).")) from None
    except Exception:  # openpyxl raises assorted errors on a zip that is not a workbook
        raise UnreadableFile(_("Berkas bukan xlsx yang sah (arsip rusak atau bukan buku kerja Excel).")) from None
    found: list[SheetRows] = []
    unknown: list[str] = []
    try:
        for worksheet in workbook.worksheets:
            sheet = find_sheet(worksheet.title)
            if sheet is None:
                if worksheet.title.strip().lower() != INSTRUCTIONS_SHEET.lower():
                    unknown.append(worksheet.title)
                continue
            rows = worksheet.iter_rows(values_only=True)
            headers = list(next(rows, ()) or ())
            data = SheetRows(sheet=sheet, headers=headers)
            for number, values in enumerate(rows, start=2):
                cells = list(values)
                if not _blank(cells):
                    data.rows.append((number, cells))
            found.append(data)
    finally:
        workbook.close()
    return found, unknown


def read_csv(content: bytes, sheet: Sheet) -> SheetRows:
    text = content.decode("utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # Excel in Indonesian locales writes ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = next(reader, [])
    data = SheetRows(sheet=sheet, headers=list(headers))
    for number, values in enumerate(reader, start=2):
        if not _blank(values):
            data.rows.append((number, list(values)))
    return data


def read_file(content: bytes, sheet_name: str = "") -> tuple[list[SheetRows], list[str]]:
    kind = sniff(content)
    if kind == "xlsx":
        return read_xlsx(content)
    sheet = find_sheet(sheet_name or "Pegawai")
    if sheet is None:
        raise UnreadableFile(_("Lembar tidak dikenal: %(name)s.") % {"name": sheet_name})
    return [read_csv(content, sheet)], []
