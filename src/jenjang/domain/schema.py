"""Input schemas for rules: each field is parsed and checked before a rule sees it.

Bad input (a missing field, a wrong type, an unknown code, an impossible date) raises InvalidInput naming the
field; it never reaches a rule. The same schema describes the rule explorer's form and the API's documentation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import InvalidInput
from .text import Text, t

KINDS = ("date", "string", "choice", "integer", "number", "boolean", "mapping", "list")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    label: Text
    required: bool = True
    choices: tuple[str, ...] = ()
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    # mapping: keys must be in key_choices (when given) or match key_pattern ("year"); values parsed as `item`.
    key_choices: tuple[str, ...] = ()
    key_kind: str = "string"
    item: Field | None = None
    # list: each element is an object with these fields.
    fields: tuple[Field, ...] = ()
    help: Text | None = None
    example: Any = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind}")


@dataclass(frozen=True)
class Schema:
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def parse(self, payload: Any) -> dict[str, Any]:
        if not isinstance(payload, Mapping):
            raise InvalidInput("", t("Masukan harus berupa objek JSON", "The input must be a JSON object"))
        return parse_fields(self.fields, payload, prefix="")


def parse_fields(fields: Sequence[Field], payload: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    known = {f.name for f in fields} | {"as_of"}
    for key in payload:
        if key not in known and not prefix:
            raise InvalidInput(key, t("Kolom tidak dikenal: {key}", "Unknown field: {key}", key=key))
    parsed: dict[str, Any] = {}
    for f in fields:
        path = f"{prefix}{f.name}"
        raw = payload.get(f.name)
        if raw is None or raw == "":
            if f.required:
                raise InvalidInput(path, t("Kolom {name} wajib diisi", "Field {name} is required", name=path))
            parsed[f.name] = f.default
            continue
        parsed[f.name] = parse_value(f, raw, path)
    return parsed


def parse_value(f: Field, raw: Any, path: str) -> Any:
    kind = f.kind
    if kind == "date":
        return parse_date(raw, path)
    if kind == "string":
        if not isinstance(raw, str):
            raise _wrong_type(path, "teks", "text")
        return raw.strip()
    if kind == "choice":
        if not isinstance(raw, str) or raw not in f.choices:
            raise InvalidInput(
                path,
                t(
                    "Kode tidak dikenal untuk {name}: {value} (pilihan: {choices})",
                    "Unknown code for {name}: {value} (choices: {choices})",
                    name=path,
                    value=raw,
                    choices=", ".join(f.choices),
                ),
            )
        return raw
    if kind == "boolean":
        if not isinstance(raw, bool):
            raise _wrong_type(path, "true/false", "true/false")
        return raw
    if kind in ("integer", "number"):
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise _wrong_type(path, "angka", "a number")
        if kind == "integer" and (isinstance(raw, float) and not raw.is_integer()):
            raise _wrong_type(path, "bilangan bulat", "a whole number")
        value: int | float = int(raw) if kind == "integer" else raw
        if f.minimum is not None and value < f.minimum:
            raise InvalidInput(
                path, t("{name} minimal {min}", "{name} must be at least {min}", name=path, min=f.minimum)
            )
        if f.maximum is not None and value > f.maximum:
            raise InvalidInput(
                path, t("{name} maksimal {max}", "{name} must be at most {max}", name=path, max=f.maximum)
            )
        return value
    if kind == "mapping":
        if not isinstance(raw, Mapping):
            raise _wrong_type(path, "objek", "an object")
        out: dict[str, Any] = {}
        for key, value in raw.items():
            key_path = f"{path}.{key}"
            if f.key_choices and key not in f.key_choices:
                raise InvalidInput(
                    key_path,
                    t(
                        "Kode tidak dikenal untuk {name}: {value}",
                        "Unknown code for {name}: {value}",
                        name=path,
                        value=key,
                    ),
                )
            if f.key_kind == "year" and not (isinstance(key, str) and key.isdigit() and len(key) == 4):
                raise InvalidInput(key_path, t("Tahun tidak sah: {value}", "Not a valid year: {value}", value=key))
            assert f.item is not None
            out[str(key)] = parse_value(f.item, value, key_path)
        return out
    # list of objects
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        raise _wrong_type(path, "daftar", "a list")
    items = []
    for i, element in enumerate(raw):
        element_path = f"{path}[{i}]"
        if not isinstance(element, Mapping):
            raise _wrong_type(element_path, "objek", "an object")
        items.append(parse_fields(f.fields, element, prefix=f"{element_path}."))
    return items


def parse_date(raw: Any, path: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            if len(raw) == 10:
                return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise InvalidInput(
        path,
        t(
            "{name} bukan tanggal yang sah (format YYYY-MM-DD): {value}",
            "{name} is not a valid date (format YYYY-MM-DD): {value}",
            name=path,
            value=raw,
        ),
    )


def _wrong_type(path: str, expected_id: str, expected_en: str) -> InvalidInput:
    return InvalidInput(path, Text(id=f"{path} harus berupa {expected_id}", en=f"{path} must be {expected_en}"))
