"""`jenjang rules list|eval|params` per the rules contract: JSON out, exit 2 with an error object on bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone

from jenjang.domain.registry import rule_names
from jenjang.rules.services import parameter_value_add


def run(*args: str, stdin: str | None = None) -> tuple[int, object]:
    out = io.StringIO()
    code = 0
    kwargs = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    try:
        call_command("rules", *args, stdout=out, stderr=io.StringIO(), **kwargs)
    except SystemExit as stop:
        code = int(stop.code or 0)
    return code, json.loads(out.getvalue())


def test_list_prints_every_registered_rule_name():
    code, body = run("list")
    assert code == 0
    assert body == rule_names()
    assert {"nip", "education-ceiling"} <= set(body)


@pytest.mark.django_db
def test_eval_reads_stdin_and_prints_the_envelope():
    code, body = run("eval", "education-ceiling", stdin='{"education": "S1", "as_of": "2025-01-31"}')
    assert code == 0
    assert body["rule"] == "education-ceiling"
    assert body["as_of"] == "2025-01-31"
    assert body["result"] == {"start_rank": "III/a", "ceiling_rank": "III/d"}
    assert body["reasons"] == ["Pendidikan S1: golongan awal III/a, batas kenaikan pangkat reguler III/d"]
    assert body["legal_basis"]


@pytest.mark.django_db
def test_eval_defaults_as_of_to_today():
    code, body = run("eval", "education-ceiling", stdin='{"education": "SLTA"}')
    assert code == 0
    assert body["as_of"] == timezone.localdate().isoformat()


@pytest.mark.django_db
def test_eval_reads_input_file_and_english_reasons(tmp_path):
    case = tmp_path / "case.json"
    case.write_text('{"education": "S2"}', encoding="utf-8")
    code, body = run("eval", "education-ceiling", "--input", str(case), "--lang", "en")
    assert code == 0
    assert body["reasons"] == ["Education S2: starting rank III/b, regular-promotion ceiling IV/a"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        ('{"education": "XX"}', "education"),
        ("{}", "education"),
        ('{"education": 3}', "education"),
        ('{"education": "S1", "as_of": "2025-02-30"}', "as_of"),
        ('{"education": "S1", "extra": 1}', "extra"),
        ("[1, 2]", ""),
        ('"S1"', ""),
        ("{not json", ""),
        ("", ""),
    ],
)
def test_eval_bad_input_exits_2_with_the_field(stdin, field):
    code, body = run("eval", "education-ceiling", stdin=stdin)
    assert code == 2
    assert body["error"]["code"] == "invalid_input"
    assert body["error"]["field"] == field
    assert body["error"]["message"]


@pytest.mark.django_db
def test_eval_bad_input_message_in_english_with_lang_en():
    code, body = run("eval", "education-ceiling", "--lang", "en", stdin='{"education": "XX"}')
    assert code == 2
    assert body["error"]["message"].startswith("Unknown code for education: XX")


def test_eval_unknown_rule_exits_2():
    code, body = run("eval", "no-such-rule", stdin="{}")
    assert code == 2
    assert body == {
        "error": {"code": "unknown_rule", "message": "Aturan tidak dikenal: no-such-rule", "rule": "no-such-rule"}
    }


@pytest.mark.django_db
def test_eval_missing_input_file_exits_2(tmp_path):
    code, body = run("eval", "education-ceiling", "--input", str(tmp_path / "missing.json"))
    assert code == 2
    assert body["error"]["field"] == "input"


@pytest.mark.django_db
def test_eval_unknown_agency_exits_2():
    code, body = run("eval", "education-ceiling", "--agency", "NOPE", stdin='{"education": "S1"}')
    assert code == 2
    assert body["error"]["field"] == "agency"


@pytest.mark.django_db
def test_eval_agency_option_applies_that_agencys_overrides(agency, other_agency, agency_admin):
    parameter_value_add(
        actor=agency_admin,
        agency=agency,
        name="salary.increment_interval_years",
        valid_from=dt.date(2025, 1, 1),
        value=3,
        legal_basis="Keputusan uji 1/2025",
        note="",
    )
    case = '{"last_increment": "2023-04-01", "as_of": "2025-04-01"}'
    _, own = run("eval", "salary-increment", "--agency", agency.code, stdin=case)
    _, other = run("eval", "salary-increment", "--agency", other_agency.code, stdin=case)
    _, national = run("eval", "salary-increment", stdin=case)
    assert own["result"]["next_date"] == "2026-04-01"
    assert own["result"]["due"] is False
    assert "Keputusan uji 1/2025" in " ".join(own["legal_basis"])
    assert other["result"] == national["result"]
    assert national["result"]["next_date"] == "2025-04-01"
    assert national["result"]["due"] is True


@pytest.mark.django_db
def test_params_prints_dated_values_with_legal_basis():
    code, body = run("params", "education-ceiling")
    assert code == 0
    table = body["rank.education_table"]
    assert table["values"][0]["valid_from"] == "2002-01-01"
    assert table["values"][0]["legal_basis"].startswith("PP 98/2000")
    assert table["values"][0]["source"] == "default"
    assert table["values"][0]["value"]["S1"] == {"start": "III/a", "ceiling": "III/d"}


@pytest.mark.django_db
def test_params_for_one_parameter_and_all():
    _, one = run("params", "nip.min_age_at_appointment", "--lang", "en")
    assert list(one) == ["nip.min_age_at_appointment"]
    assert one["nip.min_age_at_appointment"]["values"][0]["confirmed"] is False
    assert one["nip.min_age_at_appointment"]["description"].startswith("Minimum age")
    _, every = run("params")
    assert {"nip.min_age_at_appointment", "rank.education_table"} <= set(every)


@pytest.mark.django_db
def test_params_unknown_name_exits_2():
    code, body = run("params", "nothing-like-this")
    assert code == 2
    assert body["error"]["code"] == "unknown_rule"


def test_real_console_command_lists_rules_as_json():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jenjang.config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-m", "jenjang.cli", "rules", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == rule_names()


def test_real_console_command_unknown_rule_exits_2_without_traceback():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jenjang.config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-m", "jenjang.cli", "rules", "eval", "no-such-rule"],
        input="{}",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"]["code"] == "unknown_rule"
    assert "Traceback" not in done.stderr
