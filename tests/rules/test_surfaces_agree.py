"""The CLI, the API and the explorer give the same answer for every example of every registered rule."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from jenjang.domain.registry import all_rules, get_rule
from jenjang.rules.forms import widgets

EXAMPLES = [
    pytest.param(rule.name, example, id=f"{rule.name}-{i}")
    for rule in all_rules()
    for i, example in enumerate(rule.examples)
]


def via_cli(name: str, example: dict, lang: str) -> dict:
    out = io.StringIO()
    call_command("rules", "eval", name, "--lang", lang, stdin=io.StringIO(json.dumps(example)), stdout=out)
    return json.loads(out.getvalue())


def via_api(user, name: str, example: dict, lang: str) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    response = client.post(f"/api/v1/rules/{name}/evaluate", example, format="json", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, response.content
    return response.json()


def via_explorer(client, name: str, example: dict, lang: str) -> dict:
    """Fill the explorer form the way the page prefills it from this example, and submit it with htmx."""
    data = {}
    for widget in widgets(get_rule(name), example, lang):
        if widget.kind == "boolean":
            if widget.value:
                data[widget.name] = "on"
        elif widget.value != "":
            data[widget.name] = widget.value
    client.cookies["django_language"] = lang
    response = client.post(f"/rules/{name}/evaluate", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    match = re.search(r'<pre class="json" id="envelope-json">(.*?)</pre>', page, re.S)
    assert match, page
    envelope = json.loads(html.unescape(match.group(1)))
    for reason in envelope["reasons"]:
        assert html.escape(reason) in page  # shown in the reasons list, not only in the raw JSON
    return envelope


def test_every_rule_has_an_example():
    assert all(rule.examples for rule in all_rules())


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_cli_api_and_explorer_agree(name, example, lang, client, staff):
    cli = via_cli(name, example, lang)
    api = via_api(staff, name, example, lang)
    client.force_login(staff)
    explorer = via_explorer(client, name, example, lang)
    assert cli == api == explorer
    assert cli["rule"] == name
