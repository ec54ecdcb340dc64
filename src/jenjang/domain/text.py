"""Bilingual text for reasons and labels, rendered in the request's language without Django's gettext.

Rules write both languages next to the regulation they apply, so the legal wording stays in one place.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


class Text:
    """An Indonesian and an English template with their parameters, rendered on demand.

    A plain slotted class rather than a frozen dataclass: rules build several per decision in batch runs over
    millions of rows, and this construction is about twice as fast. Treat instances as immutable. Equality and
    hashing use the two templates (not the parameters), as before.
    """

    __slots__ = ("en", "id", "params")

    def __init__(self, id: str, en: str, params: dict[str, Any] | None = None) -> None:
        self.id = id
        self.en = en
        self.params: dict[str, Any] = params if params is not None else {}

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        template = self.en if normalize_language(lang) == "en" else self.id
        return template.format(**self.params) if self.params else template

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Text(id={self.id!r}, en={self.en!r}, params={self.params!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return (self.id, self.en) == (other.id, other.en)

    def __hash__(self) -> int:
        return hash((self.id, self.en))


def t(id: str, en: str, **params: Any) -> Text:
    """A bilingual message: Indonesian first (the default), English second."""
    return Text(id=id, en=en, params=params)


def normalize_language(lang: str | None) -> str:
    """Map an Accept-Language value or a code such as 'en-US' to one of LANGUAGES."""
    if not lang:
        return DEFAULT_LANGUAGE
    first = lang.split(",")[0].split(";")[0].strip().lower()
    code = first.split("-")[0].split("_")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE
