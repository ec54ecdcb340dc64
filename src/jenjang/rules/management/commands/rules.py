"""`jenjang rules list|eval|params`: the rules engine from the command line (shared/docs/rules-contract.md).

Output is JSON on standard output. Bad input and unknown rules exit with code 2 and an error object; nothing
ever prints a stack trace.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from jenjang.domain.errors import InvalidInput, UnknownRule
from jenjang.domain.parameters import ParameterSet, default_parameters
from jenjang.domain.registry import error_envelope, get_rule, rule_names
from jenjang.domain.text import normalize_language, t
from jenjang.organization.models import Agency
from jenjang.rules.selectors import parameter_description, parameter_set_for, rule_evaluate, today

EXIT_BAD_INPUT = 2


class Exit(Exception):
    def __init__(self, body: dict[str, Any], code: int) -> None:
        super().__init__(code)
        self.body = body
        self.code = code


class Command(BaseCommand):
    help = "Aturan Jenjang: list | eval <name> | params [name]"
    stealth_options = ("stdin",)
    requires_system_checks: list[str] = []  # a quick, read-only tool: no URL or model checks first

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Print the rule names as a JSON array")
        evaluate = sub.add_parser("eval", help="Evaluate a rule on the input JSON (stdin or --input)")
        evaluate.add_argument("name")
        evaluate.add_argument("--input", dest="input_file", help="Read the input JSON from this file")
        evaluate.add_argument("--lang", default="id", choices=("id", "en"), help="Language of the reasons")
        evaluate.add_argument("--agency", help="Apply this agency's parameter overrides (agency code)")
        params = sub.add_parser("params", help="Print parameters with their dated values and legal basis")
        params.add_argument("name", nargs="?", help="A rule name or a parameter name (default: all)")
        params.add_argument("--lang", default="id", choices=("id", "en"))
        params.add_argument("--agency", help="Include this agency's overrides (agency code)")

    def handle(self, *args: Any, **options: Any) -> None:
        lang = normalize_language(options.get("lang"))
        try:
            if options["action"] == "list":
                body: Any = rule_names()
            elif options["action"] == "eval":
                body = self.evaluate(options, lang)
            else:
                body = self.parameters(options.get("name"), self.params_for(options.get("agency")), lang)
        except (InvalidInput, UnknownRule) as error:
            self.emit(error_envelope(error, lang))
            raise SystemExit(EXIT_BAD_INPUT) from None
        except Exit as stop:
            self.emit(stop.body)
            raise SystemExit(stop.code) from None
        self.emit(body)

    def emit(self, body: Any) -> None:
        self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))

    def evaluate(self, options: dict[str, Any], lang: str) -> dict[str, Any]:
        rule = get_rule(options["name"])  # unknown_rule before reading any input
        payload = self.read_input(options)
        return rule_evaluate(
            rule.name, payload, params=self.params_for(options.get("agency")), lang=lang, today=today()
        )

    def read_input(self, options: dict[str, Any]) -> Any:
        path = options.get("input_file")
        try:
            if path:
                with open(path, encoding="utf-8") as handle:
                    raw = handle.read()
            else:
                raw = (options.get("stdin") or sys.stdin).read()
        except OSError as error:
            raise InvalidInput(
                "input",
                t(
                    "Berkas masukan tidak dapat dibaca: {error}",
                    "The input file cannot be read: {error}",
                    error=error.strerror or str(error),
                ),
            ) from None
        try:
            return json.loads(raw)
        except json.JSONDecodeError as error:
            raise InvalidInput(
                "",
                t(
                    "Masukan bukan JSON yang sah (baris {line}, kolom {column})",
                    "The input is not valid JSON (line {line}, column {column})",
                    line=error.lineno,
                    column=error.colno,
                ),
            ) from None

    def params_for(self, code: str | None) -> ParameterSet:
        if not code:
            try:
                return parameter_set_for(None)
            except DatabaseError:
                # Before `jenjang migrate` (a fresh clone): the defaults, and say so.
                self.stderr.write("jenjang rules: database not ready; using the default parameters only")
                return default_parameters()
        agency_id = Agency.objects.filter(code=code).values_list("pk", flat=True).first()
        if agency_id is None:
            raise InvalidInput("agency", t("Instansi tidak dikenal: {code}", "Unknown agency: {code}", code=code))
        return parameter_set_for(agency_id)

    def parameters(self, name: str | None, params: ParameterSet, lang: str) -> dict[str, Any]:
        if name is None:
            names = sorted(params.parameters)
        elif name in params.parameters:
            names = [name]
        else:
            names = list(get_rule(name).parameters)  # UnknownRule when it is neither
        return {n: parameter_description(params, n, lang) for n in names}
