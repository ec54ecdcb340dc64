from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from jenjang.core.errors import AccessDenied, InvalidData, NotFound, StaleEdit
from jenjang.core.models import AuditLog
from jenjang.performance import access, services
from jenjang.performance.models import (
    Appeal,
    CalibrationChange,
    CheckIn,
    Invitation,
    PeriodStatus,
    Relation,
    Rhk,
    Skp,
    SkpStatus,
)
from jenjang.personnel.models import PerformanceHistory

from .conftest import INDICATORS, approved, behaviours, draft, rated, submitted

pytestmark = pytest.mark.django_db


# --- the supervisor from the unit tree ---------------------------------------------------------------------------


def test_supervisor_is_the_unit_head_and_the_head_reports_to_the_unit_above(org):
    assert services.supervisor_id_of(org.worker) == org.supervisor.pk
    assert services.supervisor_id_of(org.supervisor) == org.superior.pk
    assert services.supervisor_id_of(org.superior) is None
    skp = services.skp_start(actor=org.users.worker, employee=org.worker, period=org.period)
    assert skp.supervisor_id == org.supervisor.pk


def test_starting_twice_gives_the_same_skp(org):
    first = services.skp_start(actor=org.users.worker, employee=org.worker, period=org.period)
    second = services.skp_start(actor=org.users.worker, employee=org.worker, period=org.period)
    assert first.pk == second.pk
    assert Skp.objects.count() == 1


def test_only_the_employee_or_personnel_start_an_skp(org):
    with pytest.raises(AccessDenied):
        services.skp_start(actor=org.users.peer, employee=org.worker, period=org.period)
    assert services.skp_start(actor=org.users.personnel, employee=org.worker, period=org.period).pk


# --- the workflow -----------------------------------------------------------------------------------------------


def test_draft_submit_approve_rate_gives_the_rules_predicate_with_reasons(org):
    skp = rated(org, work="ABOVE", behaviour="ABOVE")
    assert skp.status == SkpStatus.RATED
    assert skp.predicate == "SANGAT_BAIK"
    assert "Sangat Baik" in skp.predicate_reasons["id"]["reasons"][0]
    assert skp.predicate_reasons["en"]["rule"] == "skp-predicate"
    assert skp.behaviours.count() == 7
    assert AuditLog.objects.filter(action="performance.skp.rated", object_id=str(skp.pk)).exists()


def test_behaviour_below_gives_kurang_misconduct_reason(org):
    skp = rated(org, work="ABOVE", behaviour="BELOW")
    assert skp.predicate == "KURANG"
    assert len(skp.predicate_reasons["en"]["reasons"]) == 2


def test_agency_matrix_edit_changes_the_predicate(org):
    from jenjang.domain.parameters import ParameterValue, default_parameters

    matrix = dict(default_parameters().get("performance.predicate_matrix", dt.date(2026, 1, 1)))
    matrix["MEETS"] = {**matrix["MEETS"], "MEETS": "SANGAT_BAIK"}
    edited = ParameterValue(valid_from=dt.date(2024, 1, 1), value=matrix, legal_basis="Uji", source="agency")
    params = default_parameters().with_values([("performance.predicate_matrix", edited)])
    with mock.patch("jenjang.performance.rules.parameters_for", return_value=params):
        skp = rated(org, work="MEETS", behaviour="MEETS")
    assert skp.predicate == "SANGAT_BAIK"


def test_submit_needs_a_main_rhk(org):
    skp = services.skp_start(actor=org.users.worker, employee=org.worker, period=org.period)
    with pytest.raises(InvalidData):
        services.skp_submit(actor=org.users.worker, skp=skp, expected_version=skp.version)


def test_rhk_needs_an_indicator_with_a_target(org):
    skp = services.skp_start(actor=org.users.worker, employee=org.worker, period=org.period)
    with pytest.raises(InvalidData):
        services.rhk_add(actor=org.users.worker, skp=skp, expected_version=skp.version, kind="MAIN", text="X",
                         indicators=[{"text": "Indikator", "target": ""}])  # fmt: skip
    assert not Rhk.objects.exists()


def test_rhk_links_to_the_supervisors_rhk_only(org):
    boss_skp = draft(org, employee=org.supervisor, user=org.users.supervisor)
    boss_rhk = boss_skp.rhks.get()
    skp = services.skp_start(actor=org.users.worker, employee=org.worker, period=org.period)
    rhk = services.rhk_add(actor=org.users.worker, skp=skp, expected_version=skp.version, kind="MAIN", text="Y",
                           indicators=INDICATORS, parent=boss_rhk)  # fmt: skip
    assert rhk.parent == boss_rhk
    peer_skp = draft(org, employee=org.peer, user=org.users.peer)
    skp.refresh_from_db()
    with pytest.raises(InvalidData):
        services.rhk_add(actor=org.users.worker, skp=skp, expected_version=skp.version, kind="MAIN", text="Z",
                         indicators=INDICATORS, parent=peer_skp.rhks.get())  # fmt: skip


def test_double_submit_creates_nothing_twice(org):
    skp = draft(org)
    first = services.skp_submit(actor=org.users.worker, skp=skp, expected_version=skp.version)
    second = services.skp_submit(actor=org.users.worker, skp=skp, expected_version=skp.version)
    assert first.version == second.version
    assert AuditLog.objects.filter(action="performance.skp.submitted").count() == 1


def test_double_appeal_and_checkin_and_invitation_create_nothing_twice(org):
    skp = approved(org)
    services.checkin_record(actor=org.users.supervisor, skp=skp, number=1, notes="Baik")
    services.checkin_record(actor=org.users.supervisor, skp=skp, number=1, notes="Baik sekali")
    assert CheckIn.objects.get(skp=skp).notes == "Baik sekali"
    services.invite(actor=org.users.supervisor, skp=skp, respondents=[org.peer], relation="PEER")
    services.invite(actor=org.users.supervisor, skp=skp, respondents=[org.peer], relation="PEER")
    assert Invitation.objects.filter(skp=skp).count() == 1
    skp.refresh_from_db()
    skp = services.skp_rate(actor=org.users.supervisor, skp=skp, expected_version=skp.version, work_rating="MEETS",
                            behaviour_rating="MEETS", behaviours=behaviours())  # fmt: skip
    a = services.appeal_file(actor=org.users.worker, skp=skp, reason="Tidak setuju")
    b = services.appeal_file(actor=org.users.worker, skp=skp, reason="Tidak setuju")
    assert a.pk == b.pk and Appeal.objects.count() == 1


def test_concurrent_edit_of_one_skp_is_rejected(org):
    skp = draft(org)
    stale = skp.version
    services.rhk_add(actor=org.users.worker, skp=skp, expected_version=stale, kind="ADDITIONAL", text="Tambahan",
                     indicators=INDICATORS)  # fmt: skip
    with pytest.raises(StaleEdit):
        services.rhk_add(actor=org.users.worker, skp=skp, expected_version=stale, kind="ADDITIONAL", text="Lain",
                         indicators=INDICATORS)  # fmt: skip
    assert Rhk.objects.filter(skp=skp).count() == 2
    skp.refresh_from_db()
    services.skp_submit(actor=org.users.worker, skp=skp, expected_version=skp.version)
    skp.refresh_from_db()
    # the supervisor approves while the substitute (reading the same version) tries to return it
    substitute_user = org.users.other_head
    skp = services.substitute_appoint(actor=org.users.personnel, skp=skp, substitute=org.other_head,
                                      expected_version=skp.version)  # fmt: skip
    read = skp.version
    services.skp_approve(actor=org.users.supervisor, skp=skp, expected_version=read)
    with pytest.raises((StaleEdit, InvalidData)):
        services.skp_return(actor=substitute_user, skp=Skp.objects.get(pk=skp.pk), expected_version=read, comment="x")
    assert Skp.objects.get(pk=skp.pk).status == SkpStatus.APPROVED


def test_return_needs_a_comment_and_lets_the_employee_edit_again(org):
    skp = submitted(org)
    with pytest.raises(InvalidData):
        services.skp_return(actor=org.users.supervisor, skp=skp, expected_version=skp.version, comment=" ")
    skp = services.skp_return(actor=org.users.supervisor, skp=skp, expected_version=skp.version, comment="Target naik")
    assert skp.status == SkpStatus.RETURNED
    services.rhk_add(actor=org.users.worker, skp=skp, expected_version=skp.version, kind="MAIN", text="Lagi",
                     indicators=INDICATORS)  # fmt: skip


def test_approved_skp_is_locked_and_changes_only_by_an_approved_amendment(org):
    skp = approved(org)
    with pytest.raises(InvalidData):
        services.rhk_add(actor=org.users.worker, skp=skp, expected_version=skp.version, kind="MAIN", text="Baru",
                         indicators=INDICATORS)  # fmt: skip
    indicator = skp.rhks.get().indicators.get()
    amendment = services.amendment_request(actor=org.users.worker, indicator=indicator, new_target="150 usulan",
                                           reason="Tambahan formasi")  # fmt: skip
    indicator.refresh_from_db()
    assert indicator.target == "120 usulan"
    with pytest.raises(AccessDenied):
        services.amendment_decide(actor=org.users.worker, amendment=amendment, approve=True)
    services.amendment_decide(actor=org.users.supervisor, amendment=amendment, approve=True)
    indicator.refresh_from_db()
    assert indicator.target == "150 usulan"


# --- who may rate -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["worker", "peer", "superior", "other_head", "personnel", "foreign", "foreign_admin"])
def test_rating_by_anyone_but_the_supervisor_is_refused(org, who):
    skp = approved(org)
    with pytest.raises(AccessDenied):
        services.skp_rate(actor=getattr(org.users, who), skp=skp, expected_version=skp.version, work_rating="ABOVE",
                          behaviour_rating="ABOVE", behaviours=behaviours("ABOVE"))  # fmt: skip
    skp.refresh_from_db()
    assert skp.status == SkpStatus.APPROVED and skp.predicate == ""


def test_an_appointed_substitute_may_rate(org):
    skp = approved(org)
    skp = services.substitute_appoint(actor=org.users.personnel, skp=skp, substitute=org.other_head,
                                      expected_version=skp.version)  # fmt: skip
    skp = services.skp_rate(actor=org.users.other_head, skp=skp, expected_version=skp.version, work_rating="BELOW",
                            behaviour_rating="MEETS", behaviours=behaviours())  # fmt: skip
    assert skp.predicate == "BUTUH_PERBAIKAN"


def test_only_personnel_appoint_a_substitute(org):
    skp = approved(org)
    with pytest.raises(AccessDenied):
        services.substitute_appoint(actor=org.users.supervisor, skp=skp, substitute=org.peer,
                                    expected_version=skp.version)  # fmt: skip


def test_incomplete_behaviour_ratings_are_refused(org):
    skp = approved(org)
    partial = behaviours()
    partial.pop("LOYAL")
    with pytest.raises(InvalidData):
        services.skp_rate(actor=org.users.supervisor, skp=skp, expected_version=skp.version, work_rating="MEETS",
                          behaviour_rating="MEETS", behaviours=partial)  # fmt: skip


# --- reading ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [("worker", True), ("supervisor", True), ("superior", True), ("personnel", True), ("peer", False),
     ("other_head", False), ("other_worker", False), ("foreign", False), ("foreign_admin", False)],
)  # fmt: skip
def test_who_reads_an_skp(org, who, sees):
    skp = draft(org)
    user = getattr(org.users, who)
    if sees:
        assert access.skp_get(user, skp.pk, Skp.objects.all()).pk == skp.pk
    else:
        with pytest.raises(NotFound):
            access.skp_get(user, skp.pk, Skp.objects.all())


def test_team_is_the_skps_the_user_rates(org):
    draft(org)
    draft(org, employee=org.peer, user=org.users.peer)
    draft(org, employee=org.supervisor, user=org.users.supervisor)
    team = access.team_of(org.users.supervisor, Skp.objects.all())
    assert {s.employee_id for s in team} == {org.worker.pk, org.peer.pk}
    assert not access.team_of(org.users.foreign, Skp.objects.all()).exists()


# --- feedback, evidence, 360 ------------------------------------------------------------------------------------


def test_feedback_goes_both_ways_and_peers_cannot_write(org):
    skp = approved(org)
    assert services.feedback_add(actor=org.users.worker, skp=skp, text="Mohon arahan").direction == "TO_SUPERVISOR"
    assert services.feedback_add(actor=org.users.supervisor, skp=skp, text="Bagus").direction == "TO_EMPLOYEE"
    with pytest.raises(AccessDenied):
        services.feedback_add(actor=org.users.peer, skp=skp, text="Halo")


def test_evidence_needs_a_link_or_file(org):
    skp = approved(org)
    indicator = skp.rhks.get().indicators.get()
    with pytest.raises(InvalidData):
        services.evidence_add(actor=org.users.worker, indicator=indicator)
    assert services.evidence_add(actor=org.users.worker, indicator=indicator, link="https://contoh.go.id/sk").pk


def test_checkin_number_follows_the_cadence(org):
    skp = approved(org)
    with pytest.raises(InvalidData):
        services.checkin_record(actor=org.users.supervisor, skp=skp, number=5, notes="x")  # quarterly: 1..4
    with pytest.raises(AccessDenied):
        services.checkin_record(actor=org.users.worker, skp=skp, number=1, notes="x")


def _scores(n):
    return {v: n for v in ("PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF")}


def test_360_answers_are_anonymous_and_shown_only_from_three(org):
    skp = approved(org)
    invitations = services.invite(
        actor=org.users.supervisor, skp=skp, respondents=[org.peer, org.other_worker, org.other_head], relation="PEER"
    )
    services.self_assess(actor=org.users.worker, skp=skp, scores=_scores(5))
    by_person = {i.respondent_id: i for i in invitations}
    services.answer(actor=org.users.peer, invitation=by_person[org.peer.pk], scores=_scores(4))
    services.answer(actor=org.users.other_worker, invitation=by_person[org.other_worker.pk], scores=_scores(3))
    summary = services.aggregate_360(skp)
    assert summary["count"] == 2 and not summary["shown"] and summary["means"] == {}
    assert summary["self"]["LOYAL"] == 5
    with pytest.raises(InvalidData):  # answering twice
        services.answer(actor=org.users.peer, invitation=by_person[org.peer.pk], scores=_scores(1))
    with pytest.raises(AccessDenied):  # someone else's invitation
        services.answer(actor=org.users.peer, invitation=by_person[org.other_head.pk], scores=_scores(1))
    services.answer(actor=org.users.other_head, invitation=by_person[org.other_head.pk], scores=_scores(2))
    summary = services.aggregate_360(skp)
    assert summary["shown"] and summary["means"]["LOYAL"] == 3.0
    assert {f.name for f in skp.responses.model._meta.get_fields()} >= {"relation", "scores"}
    assert "respondent" not in {f.name for f in skp.responses.model._meta.get_fields()}
    assert skp.responses.filter(relation=Relation.SELF).count() == 1


# --- calibration, close, appeal -----------------------------------------------------------------------------------


def test_distribution_uses_the_rule_and_warns(org):
    rated(org, "ABOVE", "ABOVE")
    result = services.distribution(org.period)
    assert result["counts"]["SANGAT_BAIK"] == 1 and result["total"] == 1
    assert "MISSING_LOWER_PREDICATES" in result["decision"].blocked_by


def test_calibration_needs_a_reason_and_a_calibrator(org):
    skp = rated(org, "ABOVE", "ABOVE")
    session = services.calibration_session_create(actor=org.users.superior, period=org.period, title="Kalibrasi 2026")
    with pytest.raises(InvalidData):
        services.calibration_change(actor=org.users.superior, session=session, skp=skp, new_predicate="BAIK",
                                    reason="", expected_version=skp.version)  # fmt: skip
    with pytest.raises(AccessDenied):
        services.calibration_change(actor=org.users.supervisor, session=session, skp=skp, new_predicate="BAIK",
                                    reason="Kuota", expected_version=skp.version)  # fmt: skip
    services.calibration_change(actor=org.users.superior, session=session, skp=skp, new_predicate="BAIK",
                                reason="Distribusi unit", expected_version=skp.version)  # fmt: skip
    skp.refresh_from_db()
    assert skp.predicate == "SANGAT_BAIK" and skp.effective_predicate == "BAIK"
    assert CalibrationChange.objects.get().old_predicate == "SANGAT_BAIK"


def test_close_writes_history_and_nothing_changes_after_except_appeal_or_calibration(org):
    skp = rated(org, "MEETS", "MEETS")
    draft(org, employee=org.peer, user=org.users.peer)
    result = services.period_close(actor=org.users.personnel, period=org.period)
    assert result == {"written": 1, "unrated": 1, "year": 2026}
    history = PerformanceHistory.objects.get(employee=org.worker, year=2026)
    assert history.predicate == "BAIK" and history.scheme == "SKP_2022"
    skp.refresh_from_db()
    org.period.refresh_from_db()
    assert skp.status == SkpStatus.FINAL and org.period.status == PeriodStatus.CLOSED
    with pytest.raises(InvalidData):
        services.period_close(actor=org.users.personnel, period=org.period)
    with pytest.raises(InvalidData):
        services.skp_rate(actor=org.users.supervisor, skp=skp, expected_version=skp.version, work_rating="ABOVE",
                          behaviour_rating="ABOVE", behaviours=behaviours("ABOVE"))  # fmt: skip
    with pytest.raises(InvalidData):
        services.feedback_add(actor=org.users.worker, skp=skp, text="x")
    with pytest.raises(InvalidData):
        services.skp_start(actor=org.users.other_worker, employee=org.other_worker, period=org.period)
    assert PerformanceHistory.objects.get(employee=org.worker, year=2026).predicate == "BAIK"
    # an appeal, decided by the supervisor's superior, is the way it changes
    appeal = services.appeal_file(actor=org.users.worker, skp=skp, reason="Bukti kinerja belum dipertimbangkan")
    assert appeal.decider_id == org.superior.pk
    with pytest.raises(AccessDenied):
        services.appeal_decide(actor=org.users.supervisor, appeal=appeal, grant=True, reason="x",
                               new_predicate="SANGAT_BAIK")  # fmt: skip
    services.appeal_decide(actor=org.users.superior, appeal=appeal, grant=True, reason="Bukti kuat",
                           new_predicate="SANGAT_BAIK")  # fmt: skip
    assert PerformanceHistory.objects.get(employee=org.worker, year=2026).predicate == "SANGAT_BAIK"
    assert AuditLog.objects.filter(action="performance.appeal.decided").exists()


def test_close_recomputes_with_the_rule_and_keeps_calibrated_predicates(org):
    skp = rated(org, "BELOW", "BELOW")
    Skp.objects.filter(pk=skp.pk).update(predicate="BAIK")  # a stale stored value: the close asks the rule again
    services.period_close(actor=org.users.personnel, period=org.period)
    assert PerformanceHistory.objects.get(employee=org.worker).predicate == "SANGAT_KURANG"


def test_only_personnel_close(org):
    with pytest.raises(AccessDenied):
        services.period_close(actor=org.users.superior, period=org.period)


def test_appeal_window_is_a_parameter(org):
    skp = rated(org)
    later = dt.date.today() + dt.timedelta(days=15)
    with mock.patch("jenjang.performance.services.today", return_value=later), pytest.raises(InvalidData):
        services.appeal_file(actor=org.users.worker, skp=skp, reason="Terlambat")
    assert not Appeal.objects.exists()


def test_rating_cannot_change_once_appealed(org):
    skp = rated(org)
    services.appeal_file(actor=org.users.worker, skp=skp, reason="Keberatan")
    skp.refresh_from_db()
    with pytest.raises(InvalidData):
        services.skp_rate(actor=org.users.supervisor, skp=skp, expected_version=skp.version, work_rating="ABOVE",
                          behaviour_rating="ABOVE", behaviours=behaviours("ABOVE"))  # fmt: skip


def test_legacy_import_maps_scores_and_is_all_or_nothing(org):
    rows = [(org.worker.nip, 2019, 92.5), (org.peer.nip, 2019, "80,1"), (org.peer.nip, 2020, 55)]
    assert services.legacy_import(actor=org.users.personnel, agency=org.agency, rows=rows) == {"imported": 3}
    got = dict(PerformanceHistory.objects.filter(year=2019).values_list("employee_id", "predicate"))
    assert got == {org.worker.pk: "SANGAT_BAIK", org.peer.pk: "BAIK"}
    assert PerformanceHistory.objects.get(employee=org.peer, year=2020).predicate == "KURANG"
    bad = [(org.worker.nip, 2018, 70), ("000", 2018, 70), (org.worker.nip, 2030, 70)]
    with pytest.raises(InvalidData) as error:
        services.legacy_import(actor=org.users.personnel, agency=org.agency, rows=bad)
    assert len(error.value.details["errors"]) == 2
    assert not PerformanceHistory.objects.filter(year=2018).exists()
