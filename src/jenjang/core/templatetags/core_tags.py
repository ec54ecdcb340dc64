"""Template helpers: query-string editing, Indonesian number and rupiah formatting, bilingual domain text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

from jenjang.domain.text import Text

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def intcomma_id(value: Any) -> str:
    """1234567 -> "1.234.567" in Indonesian, "1,234,567" in English."""
    if value in (None, ""):
        return ""
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


@register.filter
def rupiah(value: Any) -> str:
    """Rupiah without decimals: "Rp1.250.000"."""
    if value in (None, ""):
        return "—"
    amount = Decimal(str(value)).quantize(Decimal(1))
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{number_format(abs(amount), decimal_pos=0, use_l10n=True, force_grouping=True)}"


@register.filter
def lang_text(value: Any) -> str:
    """Render a domain Text in the active language."""
    if isinstance(value, Text):
        return value.render(get_language() or "id")
    return "" if value is None else str(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None
