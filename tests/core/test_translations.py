"""Every user-facing string has an English translation, and the compiled catalogue matches its source.

Bahasa Indonesia is the source language (msgids); `locale/en` holds English. The extraction check needs GNU gettext
(xgettext): it is skipped on a machine without it, and required under CI (.ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "jenjang"
# The project's catalogue and every app's own (apps that keep their strings apart: `<app>/locale`).
CATALOGUES = sorted(PACKAGE.glob("**/locale/en/LC_MESSAGES/django.po"))


def _entries(po: polib.POFile) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_english_entry_is_translated_and_not_fuzzy(path):
    po = polib.pofile(str(path))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"{len(missing)} untranslated: {missing[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_compiled_catalogue_matches_the_source(path):
    po = _entries(polib.pofile(str(path)))
    mo = _entries(polib.mofile(str(path.with_suffix(".mo"))))
    stale = [key for key, entry in po.items() if entry.msgid and (key not in mo or _text(mo[key]) != _text(entry))]
    assert not stale, f"locale/en .mo is stale for {len(stale)} entries (run `make messages`): {stale[:5]}"


def _text(entry: polib.POEntry) -> object:
    return (entry.msgstr_plural and sorted(entry.msgstr_plural.items())) or entry.msgstr


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) is required under CI")
        pytest.skip("GNU gettext not installed (apt-get install gettext)")
    copy = tmp_path / "jenjang"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "migrations"))
    (copy / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "jenjang", "makemessages", "-l", "en", "--no-location"],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "jenjang.config.settings.test"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    extracted = _entries(polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")))
    committed = {key: entry for path in CATALOGUES for key, entry in _entries(polib.pofile(str(path))).items()}
    missing = sorted(key[1] for key in extracted if key[1] and key not in committed)
    assert not missing, f"{len(missing)} strings not in locale/en (run `make messages` and translate): {missing[:10]}"
