"""Numbers in pages: identifiers print as digits (a form value or an element id must match the database), counts
and rupiah are grouped the Indonesian way, or the English way when English is chosen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load core_tags %}" + source).render(context)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_id_of_four_digits_prints_as_digits_in_a_form_value(lang):
    with translation.override(lang):
        assert render('<option value="{{ pk }}">', pk=1739) == '<option value="1739">'


@pytest.mark.parametrize(
    ("lang", "count", "amount", "expected"),
    [
        ("id", 1234567, Decimal("4250000"), "1.234.567 pegawai, Rp4.250.000"),
        ("en", 1234567, Decimal("4250000"), "1,234,567 pegawai, Rp4,250,000"),
    ],
)
def test_counts_and_rupiah_are_grouped_for_the_language(lang, count, amount, expected):
    with translation.override(lang):
        assert render("{{ n|intcomma_id }} pegawai, {{ amount|rupiah }}", n=count, amount=amount) == expected


def test_a_decimal_keeps_the_indonesian_decimal_comma():
    with translation.override("id"):
        assert render('{{ x|floatformat:"-2g" }}', x=Decimal("225000.5")) == "225.000,50"
