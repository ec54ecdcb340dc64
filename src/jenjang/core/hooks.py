"""Per-app extension points, so a capability plugs into the shell without editing it.

An installed Jenjang app may provide:
- `jenjang.<app>.nav` with `items(user, flags) -> list[tuple[str, str]]`: (label, url) entries for the main menu,
  already filtered by what the user may see (using `jenjang.core.access`), and optionally
  `flags(user) -> dict[str, Expression]`: named `Exists`/`Subquery` expressions (prefixed with the app's label) that
  the menu needs from the database. The shell evaluates every app's flags together in one query per page and passes
  the values to `items` as `flags`, so adding an app never adds a query to every page;
- `jenjang.<app>.demo` with `clear(agency_ids: list[int]) -> None` and
  `load(*, agencies: dict[str, Agency], today: date, seed: int) -> None`: the app's part of `jenjang demo`, called in
  INSTALLED_APPS order inside the demo's transaction, after the people and users exist.
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache
from types import ModuleType

from django.apps import apps


@cache
def app_modules(submodule: str) -> tuple[ModuleType, ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("jenjang."):
            continue
        name = f"{config.name}.{submodule}"
        if importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name))
    return tuple(found)
