from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jenjang.core import access

from .models import PositionLevelChoices
from .selectors import position_list, unit_tree


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    access.require(access.can_read_agency(request.user))
    return render(request, "organization/unit_list.html", {"rows": unit_tree(request.user)})


@login_required
def position_index(request: HttpRequest) -> HttpResponse:
    access.require(access.can_read_agency(request.user))
    unit_id = request.GET.get("unit")
    level = request.GET.get("level", "")
    rows = position_list(request.user, unit_id=int(unit_id) if unit_id and unit_id.isdigit() else None, level=level)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organization/position_list.html",
        {"page_obj": page, "levels": PositionLevelChoices, "level": level, "units": unit_tree(request.user)},
    )
