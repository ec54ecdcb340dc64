"""Documents: the SKP and the annual evaluation as PDF (WeasyPrint, imported when rendering), the xlsx export of a
unit's SKPs, and reading the PP 46/2011 score workbook."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.errors import InvalidData, NotFound
from jenjang.core.xlsx import xlsx_response
from jenjang.domain.vocab import PREDICATE_LABEL

from . import access
from .models import Evidence, Period, Rhk, Skp, SkpStatus

PDF_KINDS = ("skp", "evaluasi")


def evidence_file(user: Any, pk: Any) -> FileResponse:
    """An evidence file, to whoever may read its SKP (others: NotFound), as a download the browser never renders
    inline; the page and the API serve it through this."""
    evidence = Evidence.objects.filter(pk=pk).exclude(file="").first() if str(pk).isdigit() else None
    if evidence is None:
        raise NotFound()
    access.skp_get(user, evidence.skp_id, Skp.objects.all())
    extension = settings.DOCUMENT_CONTENT_TYPES.get(evidence.content_type, "")
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type or "application/octet-stream",
        as_attachment=True,
        filename=f"bukti-dukung-{evidence.pk}{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


MAX_IMPORT_ROWS = 50_000


def _label(code: str, lang: str) -> str:
    label = PREDICATE_LABEL.get(code)
    return label.render(lang) if label else code


def skp_html(skp: Skp, kind: str, lang: str) -> str:
    rhks = list(Rhk.objects.filter(skp=skp).prefetch_related("indicators").select_related("parent"))
    context = {
        "skp": skp,
        "kind": kind,
        "rhks": rhks,
        "behaviours": list(skp.behaviours.all()),
        "reasons": (skp.predicate_reasons or {}).get(lang, {}).get("reasons", []),
        "predicate": _label(skp.effective_predicate, lang) if skp.effective_predicate else "",
        "printed": timezone.localdate(),
    }
    return render_to_string("performance/pdf/skp.html", context)


def skp_pdf(skp: Skp, kind: str, lang: str) -> HttpResponse:
    """The SKP (kind "skp") or the annual evaluation ("evaluasi", once rated) in the layout of the official form."""
    if kind not in PDF_KINDS:
        raise NotFound()
    if kind == "evaluasi" and skp.status not in (SkpStatus.RATED, SkpStatus.FINAL):
        raise InvalidData(_("Evaluasi kinerja tersedia setelah SKP dinilai."))
    from weasyprint import HTML

    pdf = HTML(string=skp_html(skp, kind, lang)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{kind}-{skp.period.year}-{skp.employee.nip}.pdf"'
    return response


def unit_xlsx(period: Period, unit: Any, lang: str) -> Any:
    rows = (
        Skp.objects.filter(period=period)
        .select_related("employee", "unit", "supervisor")
        .order_by("unit__path", "employee__name", "id")
    )
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    headers = [_("NIP"), _("Nama"), _("Unit kerja"), _("Pejabat penilai"), _("Status"), _("Rating hasil kerja"),
               _("Rating perilaku kerja"), _("Predikat"), _("Predikat akhir")]  # fmt: skip
    statuses = dict(SkpStatus.choices)

    def data():
        for s in rows.iterator(chunk_size=2000):
            yield [s.employee.nip, s.employee.full_name, s.unit.name if s.unit else "",
                   s.supervisor.full_name if s.supervisor else "", str(statuses.get(s.status, s.status)),
                   s.work_rating, s.behaviour_rating, _label(s.predicate, lang) if s.predicate else "",
                   _label(s.effective_predicate, lang) if s.effective_predicate else ""]  # fmt: skip

    name = f"skp-{period.year}-{unit.code if unit else 'instansi'}.xlsx"
    return xlsx_response(name, [(f"SKP {period.year}", headers, data())])


def read_legacy(upload: Any) -> list[tuple[Any, Any, Any]]:
    """Rows (NIP, year, score) from the first sheet, after a header row. Malformed files are refused clearly."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception:
        raise InvalidData(_("Berkas bukan xlsx yang dapat dibaca."), field="file") from None
    sheet = workbook.worksheets[0]
    rows: list[tuple[Any, Any, Any]] = []
    for i, row in enumerate(sheet.iter_rows(min_row=2, values_only=True)):
        if i >= MAX_IMPORT_ROWS:
            raise InvalidData(_("Berkas terlalu besar (paling banyak 50.000 baris)."), field="file")
        if not row or all(v in (None, "") for v in row[:3]):
            continue
        cells = list(row[:3]) + [None] * (3 - len(row[:3]))
        rows.append((cells[0], cells[1], cells[2]))
    if not rows:
        raise InvalidData(_("Berkas tidak berisi baris data (NIP, tahun, nilai)."), field="file")
    return rows


def read_agreements(upload: Any) -> list[tuple[Any, ...]]:
    """Rows (unit code, goal, indicator, aspect, target) of a performance-agreement sheet, after a header row."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception:
        raise InvalidData(_("Berkas bukan xlsx yang dapat dibaca."), field="file") from None
    rows: list[tuple[Any, ...]] = []
    for i, row in enumerate(workbook.worksheets[0].iter_rows(min_row=2, values_only=True)):
        if i >= MAX_IMPORT_ROWS:
            raise InvalidData(_("Berkas terlalu besar (paling banyak 50.000 baris)."), field="file")
        cells = list(row[:5]) + [None] * (5 - len(row[:5])) if row else [None] * 5
        if all(v in (None, "") for v in cells):
            continue
        rows.append(tuple(cells))
    if not rows:
        raise InvalidData(_("Berkas tidak berisi baris data."), field="file")
    return rows
