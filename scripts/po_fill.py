"""Fill English translations into a catalogue and list what is still missing.

    uv run python scripts/po_fill.py src/jenjang/<app>/locale/en/LC_MESSAGES/django.po translations.json

translations.json maps each Indonesian msgid to its English text (a list of two strings for a plural entry).
Without a JSON file it only lists the untranslated and fuzzy msgids. Run `make messages` afterwards to compile.
"""

from __future__ import annotations

import json
import sys

import polib


def main(po_path: str, mapping_path: str | None = None) -> int:
    po = polib.pofile(po_path)
    mapping = {}
    if mapping_path:
        with open(mapping_path, encoding="utf-8") as f:
            mapping = json.load(f)
    for entry in po:
        if entry.obsolete or entry.msgid not in mapping:
            continue
        value = mapping[entry.msgid]
        if entry.msgid_plural:
            one, many = value if isinstance(value, list) else (value, value)
            entry.msgstr_plural = {0: one, 1: many}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    po.save(po_path)
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    for msgid in missing:
        print(json.dumps(msgid, ensure_ascii=False))
    print(f"{len(missing)} missing", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
