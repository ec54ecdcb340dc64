"""One cell -> one value of its column's kind, or a translated message saying why not."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.utils.translation import gettext as _

from jenjang.domain.vocab import RANKS

from .spec import CODE, DATE, DECIMAL, INT, NIP, RANK, TEXT, Column

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
MIN_YEAR = 1900


class CellError(ValueError):
    pass


def is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _shown(raw: Any) -> str:
    text = str(raw).strip()
    return text if len(text) <= 40 else text[:37] + "…"


def parse(column: Column, raw: Any) -> Any:
    """The value (never None: callers skip empty cells first)."""
    parser = {TEXT: _text, NIP: _nip, DATE: _date, INT: _int, DECIMAL: _decimal, CODE: _code, RANK: _rank}
    return parser[column.kind](column, raw)


def _text(column: Column, raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime | dt.date):
        raw = raw.strftime("%Y-%m-%d")
    value = " ".join(str(raw).split())
    if column.max_length and len(value) > column.max_length:
        raise CellError(
            _("Terlalu panjang: %(n)s karakter (maksimal %(max)s).") % {"n": len(value), "max": column.max_length}
        )
    return value


def _nip(column: Column, raw: Any) -> str:
    if isinstance(raw, float):
        raise CellError(
            _("NIP tertulis sebagai angka sehingga digitnya bisa berubah; format selnya sebagai Teks lalu ketik ulang.")
        )
    return str(raw).strip().lstrip("'").replace(" ", "")


def _date(column: Column, raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if " " in text and len(text) > 10:  # "2020-01-31 00:00:00" as written by some exports
            text = text.split(" ", 1)[0]
        for fmt in DATE_FORMATS:
            try:
                value = dt.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise CellError(
                _("Tanggal tidak sah: “%(value)s” (gunakan YYYY-MM-DD atau DD/MM/YYYY, dengan tanggal yang ada).")
                % {"value": _shown(raw)}
            )
    else:
        raise CellError(_("Bukan tanggal: “%(value)s”.") % {"value": _shown(raw)})
    if value.year < MIN_YEAR:
        raise CellError(_("Tanggal tidak mungkin: %(value)s.") % {"value": value.isoformat()})
    return value


def _int(column: Column, raw: Any) -> int:
    if isinstance(raw, bool):
        raise CellError(_("Bukan bilangan bulat: “%(value)s”.") % {"value": _shown(raw)})
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        value = int(raw.strip())
    else:
        raise CellError(_("Bukan bilangan bulat: “%(value)s”.") % {"value": _shown(raw)})
    _check_range(column, value)
    return value


def _decimal(column: Column, raw: Any) -> decimal.Decimal:
    try:
        text = str(raw).strip().replace(",", ".") if isinstance(raw, str) else repr(raw)
        value = decimal.Decimal(text).quantize(decimal.Decimal("0.01"))
    except (decimal.InvalidOperation, ValueError):
        raise CellError(_("Bukan angka: “%(value)s”.") % {"value": _shown(raw)}) from None
    if not value.is_finite():
        raise CellError(_("Bukan angka: “%(value)s”.") % {"value": _shown(raw)})
    _check_range(column, value)
    return value


def _check_range(column: Column, value: Any) -> None:
    if column.min_value is not None and value < column.min_value:
        raise CellError(_("Nilai %(value)s di bawah batas %(min)s.") % {"value": value, "min": column.min_value})
    if column.max_value is not None and value > column.max_value:
        raise CellError(_("Nilai %(value)s di atas batas %(max)s.") % {"value": value, "max": column.max_value})


def _code(column: Column, raw: Any) -> str:
    text = str(raw).strip().upper().replace(" ", "_")
    text = column.aliases.get(text, text)
    if text not in column.codes:
        raise CellError(
            _("Kode tidak dikenal: “%(value)s”. Pilihan: %(codes)s.")
            % {"value": _shown(raw), "codes": ", ".join(column.codes)}
        )
    return text


def _rank(column: Column, raw: Any) -> str:
    text = str(raw).strip().replace(" ", "")
    group, _sep, room = text.partition("/")
    value = f"{group.upper()}/{room.lower()}"
    if value not in RANKS:
        raise CellError(
            _("Golongan tidak dikenal: “%(value)s”. Tulis seperti III/a (I/a sampai IV/e).") % {"value": _shown(raw)}
        )
    return value
