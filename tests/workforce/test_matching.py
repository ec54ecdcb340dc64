"""Matching runs: eligibility, explained rankings, greedy comparison, decisions with reasons, access, queries."""

from __future__ import annotations

import datetime as dt

import pytest

from jenjang.core.models import AuditLog
from jenjang.domain.vocab import rank_code
from jenjang.workforce import matching
from jenjang.workforce.models import MatchingDecision, MatchingRun, RunStatus
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 6, 30)


def _performance(employee, predicates):
    from jenjang.personnel.models import PerformanceHistory

    for year, predicate in predicates.items():
        PerformanceHistory.objects.create(employee=employee, year=year, predicate=predicate)


@pytest.fixture
def world(agency, unit):
    """Two vacancies: a Kepala Subbagian (PENGAWAS, rank floor III/b, S1) and an Analis (JF Ahli Pertama, III/a)."""
    home = PositionFactory(agency=agency, unit=unit, name="Pengadministrasi", level="PELAKSANA", family="Umum",
                           required_education="")  # fmt: skip
    head = PositionFactory(agency=agency, unit=unit, name="Kepala Subbagian Umum", level="PENGAWAS", family="Umum",
                           required_education="S1")  # fmt: skip
    analyst = PositionFactory(agency=agency, unit=unit, name="Analis SDM", level="JF_AHLI_PERTAMA", family="SDM",
                              required_education="S1")  # fmt: skip
    # Ani: the best at everything, eligible for both; Budi: eligible only for the analyst post (rank III/a);
    # Citra: PPPK, cannot take the structural post; Dodi: education SLTA, eligible for neither.
    ani = EmployeeFactory(agency=agency, unit=unit, position=home, name="Ani", rank=rank_code("III/c"), education="S2")
    budi = EmployeeFactory(agency=agency, unit=unit, position=home, name="Budi", rank=rank_code("III/a"))
    citra = EmployeeFactory(agency=agency, unit=unit, position=home, name="Citra", employment_type="PPPK", rank=None)
    dodi = EmployeeFactory(agency=agency, unit=unit, position=home, name="Dodi", education="SLTA")
    _performance(ani, {2023: "SANGAT_BAIK", 2024: "SANGAT_BAIK"})
    _performance(budi, {2023: "BAIK", 2024: "BAIK"})
    _performance(citra, {2024: "BAIK"})
    return {"head": head, "analyst": analyst, "ani": ani, "budi": budi, "citra": citra, "dodi": dodi}


def _run(user, agency, positions, **kw):
    return matching.run_create(
        actor=user, agency_id=agency.pk, title="Uji", as_of=AS_OF, position_ids=[p.pk for p in positions],
        unit_id=kw.get("unit_id"),
    )  # fmt: skip


@pytest.fixture
def leader(make_user, agency):
    return make_user("LEADER", agency)


def test_run_is_saved_with_inputs_and_an_explained_optimal_result(leader, agency, world):
    run = _run(leader, agency, [world["head"], world["analyst"]])
    assert run.status == RunStatus.DONE
    assert set(run.inputs["candidate_ids"]) == {world[k].pk for k in ("ani", "budi", "citra", "dodi")}
    assert run.inputs["parameters"]["workforce.merit_weights"]["value"] == {"jpm": 50, "performance": 30, "fit": 20}
    by_position = {v["position_id"]: v for v in run.result["vacancies"]}
    head, analyst = by_position[world["head"].pk], by_position[world["analyst"].pk]
    # Only Ani may take the structural post; the optimum gives it to her and the analyst post to the next best.
    assert head["optimal"] == world["ani"].pk
    assert analyst["optimal"] in (world["budi"].pk, world["citra"].pk)
    assert world["dodi"].pk not in [r["employee_id"] for r in analyst["ranking"] + head["ranking"]]
    blocked = {b["code"]: b["count"] for b in head["blocked"]}
    assert blocked["EMPLOYMENT_TYPE"] == 1 and blocked["EDUCATION"] == 1 and blocked["RANK"] >= 1
    row = head["ranking"][0]
    assert row["employee_id"] == world["ani"].pk
    texts = [r["id"] for r in row["merit_reasons"]]
    assert any(t.startswith("JPM belum ada") for t in texts)  # no assessment: said, not invented
    assert row["points"]["performance"] == 30.0  # two Sangat Baik years: 100 × 30 / 100
    assert any("Terpenuhi: golongan III/c (minimal III/b)" in r["id"] for r in row["eligibility_reasons"])


def test_ineligible_candidate_is_never_assigned_even_when_alone(leader, agency, world):
    run = _run(leader, agency, [world["head"]], unit_id=None)
    head = run.result["vacancies"][0]
    assert head["optimal"] == world["ani"].pk
    world["ani"].status = "RETIRED"
    world["ani"].save()
    run = _run(leader, agency, [world["head"]])
    head = run.result["vacancies"][0]
    assert head["optimal"] is None and head["ranking"] == [] and run.result["summary"]["filled"] == 0


def test_optimum_beats_greedy_and_the_page_says_which_positions_differ(login, leader, agency, world):
    # Greedy hands Ani the analyst post (her highest score, fit for the SDM family) and leaves the head post
    # empty; the optimum gives her the head post and the analyst post to Budi.
    world["ani"].position.family = "SDM"
    world["ani"].position.save()
    run = _run(leader, agency, [world["head"], world["analyst"]])
    summary = run.result["summary"]
    by_position = {v["position_id"]: v for v in run.result["vacancies"]}
    head, analyst = by_position[world["head"].pk], by_position[world["analyst"].pk]
    # Ani: analyst 50 (fit 100 × 20 + performance 100 × 30), head 40; Budi: analyst 38 (fit 70, performance 80).
    assert (head["greedy"], analyst["greedy"]) == (None, world["ani"].pk)
    assert (head["optimal"], analyst["optimal"]) == (world["ani"].pk, world["budi"].pk)
    assert (summary["greedy_total"], summary["optimal_total"], summary["gain"]) == (50.0, 78.0, 28.0)
    assert summary["differing"] == 2 and head["differs"] and analyst["differs"]
    page = login(leader).get(f"/formasi/penempatan/{run.pk}/").content.decode()
    assert "Jumlah skor optimal" in page and "Kepala Subbagian Umum" in page


def test_a_departing_decision_needs_a_reason_and_is_audited_and_shown_to_the_auditor(
    login, leader, agency, world, make_user
):
    run = _run(leader, agency, [world["analyst"]])
    vacancy = run.result["vacancies"][0]
    other = next(r["employee_id"] for r in vacancy["ranking"] if r["employee_id"] != vacancy["optimal"])
    client = login(leader)
    url = f"/formasi/penempatan/{run.pk}/keputusan/{world['analyst'].pk}/"
    page = client.post(url, {"employee": other, "reason": ""}, follow=True).content.decode()
    assert "wajib disertai alasan tertulis" in page
    assert not MatchingDecision.objects.exists()
    reason = "Calon pilihan baru menyelesaikan tugas belajar bidang SDM."
    client.post(url, {"employee": other, "reason": reason})
    decision = MatchingDecision.objects.get()
    assert decision.departs and decision.reason == reason and decision.recommended_employee_id == vacancy["optimal"]
    # A double submit changes nothing.
    client.post(url, {"employee": other, "reason": reason})
    assert MatchingDecision.objects.count() == 1
    audit = AuditLog.objects.get(action="workforce.matching.decided")
    assert audit.reason == reason
    auditor_page = login(make_user("AUDITOR", agency)).get(f"/formasi/penempatan/{run.pk}/").content.decode()
    assert reason in auditor_page and "Keputusan yang berbeda dari rekomendasi" in auditor_page


def test_following_the_recommendation_needs_no_reason(login, leader, agency, world):
    run = _run(leader, agency, [world["analyst"]])
    vacancy = run.result["vacancies"][0]
    login(leader).post(
        f"/formasi/penempatan/{run.pk}/keputusan/{world['analyst'].pk}/", {"employee": vacancy["optimal"]}
    )
    decision = MatchingDecision.objects.get()
    assert not decision.departs and decision.chosen_rank == 1


def test_a_candidate_outside_the_ranking_is_refused(login, leader, agency, world):
    run = _run(leader, agency, [world["head"]])
    login(leader).post(
        f"/formasi/penempatan/{run.pk}/keputusan/{world['head'].pk}/",
        {"employee": world["dodi"].pk, "reason": "Alasan yang cukup panjang sekali."},
    )
    assert not MatchingDecision.objects.exists()


def test_create_from_the_page(login, leader, agency, world):
    response = login(leader).post(
        "/formasi/penempatan/",
        {"title": "Mutasi Juli", "as_of": "2025-06-30", "positions": [world["head"].pk], "unit": ""},
    )
    run = MatchingRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/formasi/penempatan/{run.pk}/")


def test_a_large_run_goes_through_a_job(leader, agency, world, monkeypatch):
    from jenjang.jobs.models import Job, JobStatus

    monkeypatch.setattr(matching, "INLINE_LIMIT", 1)
    run = _run(leader, agency, [world["head"], world["analyst"]])
    job = Job.objects.get(pk=run.job_id)
    assert job.kind == "workforce.matching" and job.status == JobStatus.SUCCEEDED
    assert run.status == RunStatus.DONE and job.result["filled"] == run.result["summary"]["filled"]


def test_employee_and_supervisor_cannot_see_matching_and_staff_cannot_decide(login, make_user, agency, world, leader):
    run = _run(leader, agency, [world["analyst"]])
    for role, person in (("EMPLOYEE", "budi"), ("SUPERVISOR", "citra")):
        client = login(make_user(role, agency, employee=world[person]))
        assert client.get("/formasi/penempatan/").status_code == 403
        assert client.get(f"/formasi/penempatan/{run.pk}/").status_code == 403
    staff = login(make_user("PERSONNEL", agency))
    assert staff.get(f"/formasi/penempatan/{run.pk}/").status_code == 200
    assert (
        staff.post(f"/formasi/penempatan/{run.pk}/keputusan/{world['analyst'].pk}/", {"employee": ""}).status_code
        == 403
    )
    auditor = login(make_user("AUDITOR", agency))
    assert auditor.post("/formasi/penempatan/", {"title": "x"}).status_code == 403


def test_other_agencys_run_is_404(login, make_user, other_agency, agency, world, leader):
    run = _run(leader, agency, [world["analyst"]])
    outsider = login(make_user("LEADER", other_agency))
    assert outsider.get(f"/formasi/penempatan/{run.pk}/").status_code == 404
    assert (
        outsider.post(f"/formasi/penempatan/{run.pk}/keputusan/{world['analyst'].pk}/", {"employee": ""}).status_code
        == 404
    )
    # Nor can a run name another agency's positions.
    foreign = PositionFactory(agency=other_agency, unit=UnitFactory(agency=other_agency))
    with pytest.raises(Exception, match="tidak ditemukan"):
        _run(leader, agency, [foreign])


def test_run_pages_take_a_constant_number_of_queries(login, leader, agency, unit, django_assert_max_num_queries):
    positions = [PositionFactory(agency=agency, unit=unit, level="PELAKSANA", required_education="") for _ in range(12)]
    home = PositionFactory(agency=agency, unit=unit, level="PELAKSANA")
    for _ in range(30):
        _performance(EmployeeFactory(agency=agency, unit=unit, position=home), {2024: "BAIK"})
    run = _run(leader, agency, positions)
    client = login(leader)
    with django_assert_max_num_queries(12):
        assert client.get(f"/formasi/penempatan/{run.pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/formasi/penempatan/").status_code == 200


def test_jpm_from_the_talent_app_enters_the_score_and_a_missing_one_is_explained(leader, agency, world, monkeypatch):
    from jenjang.talent import selectors as talent

    def fake(position_id, employee_ids):
        return {
            pk: talent.JpmScore(
                jpm=90.0 if pk == world["budi"].pk else None,
                gaps=[("integrity", 3, 2)] if pk == world["budi"].pk else [],
            )
            for pk in employee_ids
        }

    monkeypatch.setattr(talent, "jpm_scores", fake)
    run = _run(leader, agency, [world["analyst"]])
    vacancy = run.result["vacancies"][0]
    rows = {r["employee_id"]: r for r in vacancy["ranking"]}
    budi, ani = rows[world["budi"].pk], rows[world["ani"].pk]
    assert budi["jpm"] == 90.0 and budi["points"]["jpm"] == 45.0 and budi["jpm_gaps"] == [["integrity", 3, 2]]
    assert any(r["id"].startswith("JPM 90% × bobot 50 = 45") for r in budi["merit_reasons"])
    assert ani["jpm"] is None and ani["points"]["jpm"] == 0.0
    assert any(r["id"].startswith("JPM belum ada") for r in ani["merit_reasons"])
    # Budi: 45 + performance 80 × 0.3 = 24 + fit; he now outranks Ani (who has no JPM) for the analyst post.
    assert vacancy["optimal"] == world["budi"].pk
    assert run.result["summary"]["jpm_available"] is True
