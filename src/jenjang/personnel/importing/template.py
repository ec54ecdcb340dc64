"""The downloadable xlsx template: `Petunjuk` explains every column; one empty sheet per kind of row."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .spec import INSTRUCTIONS_SHEET, NIP, SHEETS

HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
REQUIRED_FILL = PatternFill("solid", fgColor="FDE4E1")
TEXT_ROWS = 1000  # rows pre-formatted as text in the NIP column so Excel keeps all 18 digits


def template_bytes() -> bytes:
    workbook = Workbook()
    guide = workbook.active
    guide.title = INSTRUCTIONS_SHEET
    lines = [
        _("Templat impor pegawai dan riwayat — Jenjang"),
        _("Isi satu baris per data mulai baris 2 pada setiap lembar; jangan mengubah nama lembar atau judul kolom. "
          "Lembar yang tidak diperlukan boleh dibiarkan kosong atau dihapus."),
        _("Semua baris diperiksa lebih dulu. Bila ada satu saja kesalahan, tidak ada data yang disimpan dan setiap "
          "kesalahan ditampilkan dengan lembar, nomor baris dan kolomnya."),
        _("Pegawai dikenali dari NIP. Mengimpor ulang memperbarui pegawai yang NIP-nya sudah ada; baris riwayat "
          "yang sudah tercatat (kunci yang sama) dilewati."),
        _("Tanggal: sel tanggal Excel, atau teks YYYY-MM-DD atau DD/MM/YYYY. NIP ditulis sebagai teks (18 angka)."),
        _("Berkas CSV (UTF-8) memuat satu lembar saja: pilih lembarnya saat mengunggah (bawaan: Pegawai)."),
        "",
    ]  # fmt: skip
    for line in lines:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    header_row = len(lines) + 1
    guide.append([_("Lembar"), _("Kolom"), _("Wajib"), _("Format"), _("Kode yang diizinkan"), _("Keterangan")])
    for cell in guide[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for sheet in SHEETS:
        if sheet.help:
            guide.append([sheet.name, "", "", "", "", str(sheet.help)])
        for column in sheet.columns:
            guide.append(
                [
                    sheet.name,
                    column.header,
                    _("ya") if column.required else "",
                    str(column.format_help()),
                    ", ".join(column.codes),
                    str(column.help),
                ]
            )
        if sheet.natural_key:
            keys = ", ".join(
                sheet.column(k).header for k in sheet.natural_key if any(c.key == k for c in sheet.columns)
            )
            guide.append([sheet.name, "", "", "", "", _("Kunci riwayat: NIP + %(keys)s") % {"keys": keys}])
    for letter, width in zip("ABCDEF", (20, 26, 8, 40, 50, 70), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append([c.header for c in sheet.columns])
        for index, column in enumerate(sheet.columns, start=1):
            cell = worksheet.cell(row=1, column=index)
            cell.font = Font(bold=True)
            cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
            letter = get_column_letter(index)
            worksheet.column_dimensions[letter].width = max(12, len(column.header) + 4)
            if column.kind == NIP:
                worksheet.column_dimensions[letter].width = 22
                for row in range(2, TEXT_ROWS + 2):
                    worksheet.cell(row=row, column=index).number_format = "@"
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
