"""POST /api/v1/rules/<name>/evaluate and the catalogue, per the rules contract."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jenjang.domain.registry import rule_names
from jenjang.rules.services import parameter_value_add

pytestmark = pytest.mark.django_db

URL = "/api/v1/rules/{}/evaluate"


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_authenticate(staff)
    return client


def test_evaluate_returns_the_envelope(api):
    response = api.post(URL.format("education-ceiling"), {"education": "S1", "as_of": "2025-01-31"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["rule"] == "education-ceiling"
    assert body["as_of"] == "2025-01-31"
    assert body["result"] == {"start_rank": "III/a", "ceiling_rank": "III/d"}
    assert body["reasons"] == ["Pendidikan S1: golongan awal III/a, batas kenaikan pangkat reguler III/d"]


def test_accept_language_en_gives_english_reasons(api):
    response = api.post(
        URL.format("education-ceiling"), {"education": "S1"}, format="json", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert response.status_code == 200
    assert response.json()["reasons"] == ["Education S1: starting rank III/a, regular-promotion ceiling III/d"]


def test_bad_input_is_400_with_the_field_in_the_contract_shape(api):
    response = api.post(URL.format("education-ceiling"), {"education": "XX"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"code", "field", "message"}
    assert error["code"] == "invalid_input"
    assert error["field"] == "education"
    assert error["message"].startswith("Unknown code for education: XX")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"education": "S1", "as_of": "2025-13-01"}', "as_of"),
        ("[1]", ""),
        ("{broken", ""),
        ("", "education"),
    ],
)
def test_malformed_or_non_object_json_is_400(api, body, field):
    response = api.generic("POST", URL.format("education-ceiling"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"
    assert response.json()["error"]["field"] == field


def test_nested_field_path_is_named(api):
    payload = {
        "rank": "III/a",
        "rank_since": "2020-04-01",
        "education": "S1",
        "predicates": {"2023": "BAIK", "2024": "HEBAT"},
        "as_of": "2025-01-01",
    }
    response = api.post(URL.format("rank-promotion"), payload, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "predicates.2024"


def test_unknown_rule_is_404(api):
    response = api.post(URL.format("no-such-rule"), {}, format="json")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "unknown_rule", "message": "Aturan tidak dikenal: no-such-rule", "rule": "no-such-rule"}
    }
    assert api.get("/api/v1/rules/no-such-rule/").status_code == 404


def test_signed_out_is_refused():
    response = APIClient().post(URL.format("education-ceiling"), {"education": "S1"}, format="json")
    assert response.status_code in (401, 403)
    assert "result" not in response.json()
    assert APIClient().get("/api/v1/rules/").status_code in (401, 403)


def test_token_authentication_works(employee, make_user, agency):
    user = make_user("EMPLOYEE", agency, employee=employee)
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(URL.format("education-ceiling"), {"education": "D3"}, format="json")
    assert response.status_code == 200
    assert response.json()["result"]["ceiling_rank"] == "III/c"


def test_catalogue_lists_every_rule_with_schema_and_parameters(api):
    response = api.get("/api/v1/rules/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert [r["name"] for r in body] == rule_names()
    ceiling = next(r for r in body if r["name"] == "education-ceiling")
    assert ceiling["title"] == "Starting rank and ceiling by education"
    education = next(f for f in ceiling["input_schema"] if f["name"] == "education")
    assert education["kind"] == "choice"
    assert "S1" in education["choices"]
    assert ceiling["parameters"][0]["name"] == "rank.education_table"
    assert ceiling["parameters"][0]["values"][0]["legal_basis"]


def test_rule_detail_has_examples_and_blocked_by_labels(api):
    body = api.get("/api/v1/rules/rank-promotion/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["examples"]
    assert "MIN_YEARS_IN_RANK" in body["blocked_by_codes"]


def test_api_uses_the_callers_agency_overrides(api, agency, other_agency, agency_admin, make_user):
    parameter_value_add(
        actor=agency_admin,
        agency=agency,
        name="salary.increment_interval_years",
        valid_from=dt.date(2025, 1, 1),
        value=3,
        legal_basis="Keputusan uji 1/2025",
        note="",
    )
    case = {"last_increment": "2023-04-01", "as_of": "2025-04-01"}
    own = api.post(URL.format("salary-increment"), case, format="json").json()
    outsider = APIClient()
    outsider.force_authenticate(make_user("PERSONNEL", other_agency))
    other = outsider.post(URL.format("salary-increment"), case, format="json").json()
    assert own["result"]["next_date"] == "2026-04-01"
    assert other["result"]["next_date"] == "2025-04-01"


def test_openapi_schema_documents_the_rules_endpoints_without_warnings(api, capsys):
    from drf_spectacular.generators import SchemaGenerator

    from jenjang.rules import api_urls

    generator = SchemaGenerator(patterns=[*api_urls.urlpatterns])
    schema = generator.get_schema(request=None, public=True)
    captured = capsys.readouterr()
    assert "Warning" not in captured.err and "Error" not in captured.err, captured.err
    paths = schema["paths"]
    evaluate = next(op for path, op in paths.items() if path.endswith("/evaluate"))["post"]
    assert {"200", "400", "404"} <= set(evaluate["responses"])
