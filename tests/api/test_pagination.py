import pytest

from jenjang.core.pagination import CappedPaginator
from tests.factories import EmployeeFactory


@pytest.mark.django_db
def test_api_lists_count_exactly_below_the_cap(login, make_user, agency, unit):
    EmployeeFactory.create_batch(3, agency=agency, unit=unit)
    body = login(make_user("PERSONNEL", agency)).get("/api/v1/employees/").json()
    assert body["count"] == 3
    assert body["count_is_lower_bound"] is False


@pytest.mark.django_db
def test_api_lists_stop_counting_at_the_cap_and_say_so(login, make_user, agency, unit, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    EmployeeFactory.create_batch(6, agency=agency, unit=unit)
    client = login(make_user("PERSONNEL", agency))
    body = client.get("/api/v1/employees/?page_size=2").json()
    assert body["count"] == 4  # cap + 1: "more than 3"
    assert body["count_is_lower_bound"] is True
    assert len(body["results"]) == 2 and body["next"]
