from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from jenjang.performance.models import Period, PeriodStatus, Skp, SkpStatus
from jenjang.personnel.models import PerformanceHistory

from .conftest import approved, draft, rated

pytestmark = pytest.mark.django_db
BASE = "/api/v1/performance"
VALUES = ("PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF")


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_full_workflow_through_the_api(org):
    worker, boss = api(org.users.worker), api(org.users.supervisor)
    created = worker.post(f"{BASE}/skps/", {"period": org.period.pk}, format="json")
    assert created.status_code == 201
    skp = created.json()
    rhk = {"version": skp["version"], "kind": "MAIN", "text": "Layanan tuntas",
           "indicators": [{"aspect": "TIME", "text": "Waktu layanan", "target": "3 hari"}]}  # fmt: skip
    skp = worker.post(f"{BASE}/skps/{skp['id']}/rhks/", rhk, format="json").json()
    assert skp["rhks"][0]["indicators"][0]["target"] == "3 hari"
    skp = worker.post(f"{BASE}/skps/{skp['id']}/submit/", {"version": skp["version"]}, format="json").json()
    assert skp["status"] == "SUBMITTED"
    skp = boss.post(f"{BASE}/skps/{skp['id']}/approve/", {"version": skp["version"]}, format="json").json()
    rate = {"version": skp["version"], "work_rating": "BELOW", "behaviour_rating": "BELOW",
            "behaviours": [{"value": v, "rating": "BELOW"} for v in VALUES]}  # fmt: skip
    refused = worker.post(f"{BASE}/skps/{skp['id']}/rate/", rate, format="json")
    assert refused.status_code == 403
    skp = boss.post(f"{BASE}/skps/{skp['id']}/rate/", rate, format="json").json()
    assert skp["predicate"] == "SANGAT_KURANG" and skp["reasons"]
    appeal = worker.post(f"{BASE}/skps/{skp['id']}/appeal/", {"reason": "Tidak adil"}, format="json")
    assert appeal.status_code == 200
    decided = api(org.users.superior).post(
        f"{BASE}/skps/{skp['id']}/appeal-decision/",
        {"grant": True, "reason": "Ok", "new_predicate": "BAIK"},
        format="json",
    )
    assert decided.json()["final_predicate"] == "BAIK"


def test_stale_version_is_409(org):
    skp = draft(org)
    client = api(org.users.worker)
    body = {"version": skp.version, "kind": "MAIN", "text": "A", "indicators": [{"text": "x", "target": "1"}]}
    assert client.post(f"{BASE}/skps/{skp.pk}/rhks/", body, format="json").status_code == 200
    response = client.post(f"{BASE}/skps/{skp.pk}/rhks/", body, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"


@pytest.mark.parametrize(("who", "code"), [("worker", 200), ("supervisor", 200), ("personnel", 200), ("peer", 404),
                                            ("other_head", 404), ("foreign", 404), ("foreign_admin", 404)])  # fmt: skip
def test_skp_read_access(org, who, code):
    skp = draft(org)
    assert api(getattr(org.users, who)).get(f"{BASE}/skps/{skp.pk}/").status_code == code


def test_list_is_scoped_and_counted_in_few_queries(org, django_assert_max_num_queries):
    draft(org)
    draft(org, employee=org.peer, user=org.users.peer)
    with django_assert_max_num_queries(8):
        rows = api(org.users.worker).get(f"{BASE}/skps/").json()["results"]
    assert [r["employee"] for r in rows] == [org.worker.pk]
    team = api(org.users.supervisor).get(f"{BASE}/skps/?team=1").json()["results"]
    assert {r["employee"] for r in team} == {org.worker.pk, org.peer.pk}
    assert api(org.users.foreign_admin).get(f"{BASE}/skps/").json()["results"] == []


def test_360_answer_and_summary(org):
    skp = approved(org)
    boss = api(org.users.supervisor)
    boss.post(f"{BASE}/skps/{skp.pk}/invitations/", {"respondents": [org.peer.pk], "relation": "PEER"}, format="json")
    mine = api(org.users.peer).get(f"{BASE}/invitations/").json()["results"]
    assert len(mine) == 1
    scores = {"scores": {v: 4 for v in VALUES}}
    assert (
        api(org.users.peer).post(f"{BASE}/invitations/{mine[0]['id']}/answer/", scores, format="json").status_code
        == 201
    )
    summary = api(org.users.worker).get(f"{BASE}/skps/{skp.pk}/360/").json()
    assert summary["count"] == 1 and summary["shown"] is False and summary["means"] == {}


def test_close_distribution_and_calibration(org):
    skp = rated(org, "ABOVE", "ABOVE")
    leader = api(org.users.superior)
    dist = leader.get(f"{BASE}/periods/{org.period.pk}/distribution/").json()
    assert dist["counts"]["SANGAT_BAIK"] == 1 and dist["blocked_by"] == ["MISSING_LOWER_PREDICATES"]
    session = leader.post(f"{BASE}/periods/{org.period.pk}/calibration-sessions/", {"title": "K"}, format="json").json()
    body = {"version": skp.version, "session": session["id"], "new_predicate": "BAIK", "reason": "Distribusi"}
    assert leader.post(f"{BASE}/skps/{skp.pk}/calibration/", body, format="json").json()["final_predicate"] == "BAIK"
    assert api(org.users.supervisor).post(f"{BASE}/periods/{org.period.pk}/close/").status_code == 403
    response = api(org.users.personnel).post(f"{BASE}/periods/{org.period.pk}/close/")
    assert response.status_code == 202
    assert Period.objects.get(pk=org.period.pk).status == PeriodStatus.CLOSED
    assert Skp.objects.get(pk=skp.pk).status == SkpStatus.FINAL
    assert PerformanceHistory.objects.get(employee=org.worker, year=2026).predicate == "BAIK"
