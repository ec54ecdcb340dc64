"""Item bank pages: visible only to bank managers (access.banks_managed_by); anyone else gets 404."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jenjang.core.errors import InvalidData, NotFound, StaleEdit
from jenjang.core.pagination import CappedPaginator
from jenjang.core.xlsx import xlsx_response

from . import access, importing, services
from .models import Blueprint, Difficulty, Item


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
    blueprints = Blueprint.objects.filter(bank=bank).order_by("name", "pk")[:100]
    return render(
        request,
        "cat/bank_detail.html",
        {
            "bank": bank,
            "page_obj": page,
            "categories": categories,
            "category": category,
            "letters": "ABCDE",
            "blueprints": blueprints,
        },
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
                        _("Impor berhasil: %(created)s soal baru, %(updated)s soal diperbarui, %(unchanged)s tetap.")
                        % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
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


# --- blueprints ------------------------------------------------------------------------------------------------

EMPTY_RULE_ROWS = 3


def _rules_from_post(request: HttpRequest) -> list[dict[str, Any]]:
    """The rule rows of the blueprint form (`category`, `difficulty`, `count` lists); blank rows are skipped and
    anything unreadable is passed on as it is, for blueprint_validate to name."""
    rules = []
    rows = zip(
        request.POST.getlist("category"),
        request.POST.getlist("difficulty"),
        request.POST.getlist("count"),
        strict=False,
    )
    for category, difficulty, count in rows:
        if not category.strip() and not count.strip():
            continue
        rule: dict[str, Any] = {"category": category.strip()}
        rule["difficulty"] = int(difficulty) if difficulty.strip().isdigit() else (difficulty.strip() or None)
        rule["count"] = int(count) if count.strip().isdigit() else count.strip()
        rules.append(rule)
    return rules


@login_required
def blueprint_form(request: HttpRequest, pk: int, bp: int | None = None) -> HttpResponse:
    """Create (bp None) or change a blueprint: rules of category, optional difficulty and number of items, checked
    against the bank's active items; a stale version or a blueprint of a started session is refused."""
    bank = access.bank_get(request.user, pk)
    blueprint = access.blueprint_get(request.user, bank, bp) if bp is not None else None
    errors: list[str] = []
    if request.method == "POST":
        rules = _rules_from_post(request)
        name = request.POST.get("name", "")
        skd = request.POST.get("skd") == "on"
        version = request.POST.get("version", "")
        try:
            saved, _created = services.blueprint_save(
                bank,
                actor=request.user,
                name=name,
                rules=rules,
                skd=skd,
                blueprint=blueprint,
                expected_version=int(version) if version.isdigit() else None,
                form_key=request.POST.get("form_key", "")[:40],
            )
        except StaleEdit as error:
            errors = [str(error.message)]
        except InvalidData as error:
            errors = [str(m) for m in (error.details or [error.message])]
        else:
            messages.success(request, _("Kisi-kisi %(name)s disimpan.") % {"name": saved.name})
            return redirect("cat:bank_detail", pk=bank.pk)
        form_key = request.POST.get("form_key", "")
    else:
        rules = list(blueprint.rules) if blueprint else []
        name = blueprint.name if blueprint else ""
        skd = blueprint.skd if blueprint else False
        version = str(blueprint.version) if blueprint else ""
        form_key = "" if blueprint else secrets.token_hex(16)
    available = services.available_items(bank.pk)
    categories = [
        {
            "code": c.code,
            "name": c.name,
            "skd": c.skd_subtest,
            "by_level": [available.get((c.code, d), 0) for d in (1, 2, 3)],
            "total": sum(available.get((c.code, d), 0) for d in (1, 2, 3)),
        }
        for c in bank.categories.order_by("code")
    ]
    rows = [*rules, *({"category": "", "difficulty": None, "count": ""} for _n in range(EMPTY_RULE_ROWS))]
    return render(
        request,
        "cat/blueprint_form.html",
        {
            "bank": bank,
            "blueprint": blueprint,
            "name": name,
            "skd": skd,
            "version": version,
            "form_key": form_key,
            "rows": rows,
            "categories": categories,
            "difficulties": Difficulty.choices,
            "errors": errors,
        },
    )
