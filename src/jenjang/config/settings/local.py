"""The embedded demo: SQLite, no broker (jobs run in-process), DEBUG on, a fixed development key."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "jenjang-demo-only-not-secret-0f4c2a9e7b1d"  # noqa: F405
VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
