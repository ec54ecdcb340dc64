"""Bilingual text for reasons and labels, rendered in the request's language without Django's gettext.

Rules write both languages next to the regulation they apply, so the legal wording stays in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


@dataclass(frozen=True)
class Text:
    id: str
    en: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        template = self.en if normalize_language(lang) == "en" else self.id
        return template.format(**self.params) if self.params else template

    def __str__(self) -> str:
        return self.render()


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
