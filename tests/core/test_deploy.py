import os
import secrets
import subprocess
import sys


def _environment() -> dict[str, str]:
    # The browser journeys set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; production never has it.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_production_settings_pass_check_deploy():
    env = {
        **_environment(),
        "DJANGO_SETTINGS_MODULE": "jenjang.config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "jenjang.example.go.id",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "-m", "jenjang", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**_environment(), "DJANGO_SETTINGS_MODULE": "jenjang.config.settings.production", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-m", "jenjang", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
