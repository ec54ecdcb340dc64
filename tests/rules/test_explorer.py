"""The rule explorer pages: the list, one page per rule (parameters, form, htmx evaluation)."""

from __future__ import annotations

import html
import json
import re

import pytest

from jenjang.domain.registry import all_rules

pytestmark = pytest.mark.django_db


def envelope_in(page: str) -> dict:
    match = re.search(r'<pre class="json" id="envelope-json">(.*?)</pre>', page, re.S)
    assert match, "no envelope in the page"
    return json.loads(html.unescape(match.group(1)))


@pytest.fixture
def client_as_employee(login, make_user, agency, employee):
    return login(make_user("EMPLOYEE", agency, employee=employee))


def test_rule_list_shows_every_rule_with_title_and_legal_basis(client_as_employee, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client_as_employee.get("/rules/")
    assert response.status_code == 200
    page = response.content.decode()
    for rule in all_rules():
        assert f'href="/rules/{rule.name}/"' in page
        assert html.escape(rule.title.render("id")) in page
        assert html.escape(rule.legal_basis[0]) in page


def test_explorer_requires_sign_in(client):
    response = client.get("/rules/")
    assert response.status_code == 302
    assert "/akun/" in response["Location"] or "login" in response["Location"]


def test_rule_page_shows_parameters_with_unconfirmed_badge_and_prefilled_form(client_as_employee):
    response = client_as_employee.get("/rules/nip/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Peraturan Kepala BKN 22/2007" in page
    assert "nip.min_age_at_appointment" in page
    assert "belum terkonfirmasi" in page  # the minimum age is an UNCONFIRMED parameter
    assert "bawaan" in page
    assert 'value="198503142010012003"' in page  # the first example
    assert 'hx-post="/rules/nip/evaluate"' in page


def test_rule_page_of_unknown_rule_is_404(client_as_employee):
    assert client_as_employee.get("/rules/no-such-rule/").status_code == 404


def test_form_fields_follow_the_schema(client_as_employee):
    page = client_as_employee.get("/rules/rank-promotion/").content.decode()
    assert 'type="date" id="f-rank_since"' in page
    assert '<select id="f-education"' in page
    assert '<textarea id="f-predicates"' in page
    assert 'type="checkbox" id="f-sanction_active"' in page
    assert 'type="date" id="f-as_of"' in page
    assert "MIN_YEARS_IN_RANK" in page  # the blocked_by codes with their labels


def test_htmx_evaluate_shows_result_reasons_and_envelope(client_as_employee):
    response = client_as_employee.post(
        "/rules/education-ceiling/evaluate", {"education": "S1", "as_of": "2025-01-31"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page  # a fragment for htmx
    assert 'data-key="ceiling_rank">III/d' in page
    assert "Pendidikan S1: golongan awal III/a, batas kenaikan pangkat reguler III/d" in page
    assert envelope_in(page)["result"] == {"start_rank": "III/a", "ceiling_rank": "III/d"}


def test_htmx_evaluate_reasons_follow_the_ui_language(client_as_employee):
    client_as_employee.cookies["django_language"] = "en"
    page = client_as_employee.post(
        "/rules/education-ceiling/evaluate", {"education": "S1"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Education S1: starting rank III/a, regular-promotion ceiling III/d" in page


def test_bad_input_shows_the_message_next_to_the_field(client_as_employee):
    page = client_as_employee.post(
        "/rules/rank-promotion/evaluate",
        {
            "rank": "III/a",
            "rank_since": "2020-04-01",
            "education": "S1",
            "predicates": '{"2023": "BAIK", "2024": "HEBAT"}',
            "as_of": "2025-01-01",
        },
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'id="error-predicates"' in page
    assert "Kode tidak dikenal untuk predicates.2024: HEBAT" in page
    assert "envelope-json" not in page
    assert "HEBAT" in page  # the user's input is kept


def test_invalid_json_and_non_number_are_reported_per_field(client_as_employee):
    page = client_as_employee.post(
        "/rules/rank-promotion/evaluate",
        {"rank": "III/a", "rank_since": "2020-04-01", "education": "S1", "predicates": "{2023: BAIK"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'id="error-predicates"' in page
    assert "predicates bukan JSON yang sah" in page


def test_evaluate_without_htmx_renders_the_whole_page(client_as_employee):
    response = client_as_employee.post("/rules/education-ceiling/", {"education": "D3"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert envelope_in(page)["result"]["ceiling_rank"] == "III/c"
