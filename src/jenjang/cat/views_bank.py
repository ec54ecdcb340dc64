"""Item bank pages: visible only to bank managers (access.banks_managed_by); anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jenjang.core.errors import InvalidData, NotFound
from jenjang.core.pagination import CappedPaginator
from jenjang.core.xlsx import xlsx_response

from . import access, importing
from .models import Item


@login_required
def bank_list(request: HttpRequest) -> HttpResponse:
    banks = access.banks_managed_by(request.user).annotate(n_items=Count("items")).order_by("name")
    if not access.is_bank_manager(request.user):
        raise NotFound()
    return render(request, "cat/bank_list.html", {"banks": banks})


@login_required
def bank_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bank = access.bank_get(request.user, pk)
    qs = Item.objects.filter(bank=bank).select_related("category").order_by("category__code", "code")
    category = request.GET.get("kategori", "")
    if category:
        qs = qs.filter(category__code=category)
    page = CappedPaginator(qs, 50).get_page(request.GET.get("page"))
    categories = bank.categories.annotate(n=Count("items")).order_by("code")
    return render(
        request,
        "cat/bank_detail.html",
        {"bank": bank, "page_obj": page, "categories": categories, "category": category, "letters": "ABCDE"},
    )


@login_required
def bank_import(request: HttpRequest, pk: int) -> HttpResponse:
    bank = access.bank_get(request.user, pk)
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Pilih berkas xlsx untuk diimpor."))
        else:
            try:
                report = importing.import_items(bank, upload, actor=request.user)
            except InvalidData as error:
                messages.error(request, str(error.message))
            else:
                if not report.errors:
                    messages.success(
                        request,
                        _("Impor berhasil: %(created)s soal baru, %(updated)s soal diperbarui.")
                        % {"created": report.created, "updated": report.updated},
                    )
                    return redirect("cat:bank_detail", pk=bank.pk)
    return render(request, "cat/bank_import.html", {"bank": bank, "report": report})


@login_required
def bank_export(request: HttpRequest, pk: int) -> HttpResponse:
    bank = access.bank_get(request.user, pk)
    return xlsx_response(f"bank-soal-{bank.pk}.xlsx", [(_("Soal"), importing.HEADERS, importing.export_rows(bank))])


@login_required
def bank_template(request: HttpRequest) -> HttpResponse:
    if not access.is_bank_manager(request.user):
        raise NotFound()
    return xlsx_response("templat-bank-soal.xlsx", [(_("Soal"), importing.HEADERS, importing.TEMPLATE_ROWS)])
