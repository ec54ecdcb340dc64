"""/api/v1/performance: periods, SKPs and every workflow step, the 360° answers, calibration and appeals.

Reads are scoped by performance.access (another agency's or an unrelated SKP is 404); writes go through
performance.services, which refuse anyone but the owner / rater / decider (403) and a stale version (409)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jenjang.core import access as core_access
from jenjang.core.errors import NotFound
from jenjang.organization.models import Unit
from jenjang.personnel.models import Employee

from . import access, documents, services
from .models import (
    AgreementTarget,
    Amendment,
    Appeal,
    Aspect,
    BerAkhlak,
    CalibrationSession,
    CheckIn,
    Evidence,
    Feedback,
    Indicator,
    Invitation,
    OrganizationPredicate,
    PerformanceAgreement,
    Period,
    Relation,
    Rhk,
    RhkKind,
    Skp,
    SkpStatus,
)

PREDICATE_HELP = "SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG or SANGAT_KURANG"

# --- serializers ----------------------------------------------------------------------------------------------


class PeriodSerializer(serializers.ModelSerializer):
    cadence = serializers.CharField(read_only=True, help_text="MONTHLY, QUARTERLY or SEMESTER")
    organization_predicate = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="OPEN, CLOSING or CLOSED")

    class Meta:
        model = Period
        fields = ["id", "year", "cadence", "organization_predicate", "status", "closed_at", "version"]


class PeriodInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2022, max_value=2100)
    cadence = serializers.ChoiceField(choices=["MONTHLY", "QUARTERLY", "SEMESTER"])
    organization_predicate = serializers.ChoiceField(choices=OrganizationPredicate.values, default="BAIK")


class EvidenceOut(serializers.ModelSerializer):
    file = serializers.SerializerMethodField(help_text="The file's download URL (`evidence/<id>/file/`), or null.")

    class Meta:
        model = Evidence
        fields = ["id", "link", "file", "content_type", "note", "added_by", "added_at"]

    def get_file(self, evidence: Evidence) -> str | None:
        return reverse("api-performance-evidence-file", args=[evidence.pk]) if evidence.file else None


class IndicatorSerializer(serializers.ModelSerializer):
    aspect = serializers.CharField(read_only=True, help_text="QUANTITY, QUALITY, TIME or COST")
    evidence = EvidenceOut(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "aspect", "text", "target", "evidence"]


class RhkSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)
    kind = serializers.CharField(read_only=True, help_text="MAIN or ADDITIONAL")

    class Meta:
        model = Rhk
        fields = ["id", "kind", "text", "parent", "indicators"]


class SkpListSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="period.year", read_only=True)
    employee_nip = serializers.CharField(source="employee.nip", read_only=True)
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)
    status = serializers.CharField(read_only=True, help_text="DRAFT, SUBMITTED, RETURNED, APPROVED, RATED or FINAL")
    predicate = serializers.CharField(read_only=True)
    final_predicate = serializers.CharField(read_only=True, help_text="Set by calibration or a granted appeal")

    class Meta:
        model = Skp
        fields = ["id", "period", "year", "employee", "employee_nip", "employee_name", "unit", "supervisor",
                  "substitute", "status", "predicate", "final_predicate", "version"]  # fmt: skip


class BehaviourOut(serializers.Serializer):
    value = serializers.CharField()
    rating = serializers.CharField()
    feedback = serializers.CharField()


class FeedbackOut(serializers.ModelSerializer):
    direction = serializers.CharField(read_only=True, help_text="TO_EMPLOYEE or TO_SUPERVISOR")

    class Meta:
        model = Feedback
        fields = ["id", "direction", "text", "author", "created_at"]


class CheckInOut(serializers.ModelSerializer):
    progress = serializers.CharField(read_only=True, help_text="ABOVE, MEETS, BELOW or empty")

    class Meta:
        model = CheckIn
        fields = ["number", "notes", "progress", "author", "created_at"]


class AmendmentOut(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="PENDING, APPROVED or REJECTED")

    class Meta:
        model = Amendment
        fields = ["id", "kind", "rhk", "indicator", "old_target", "new_target", "payload", "reason", "status",
                  "requested_by", "requested_at", "decided_by", "decided_at"]  # fmt: skip


class AppealOut(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="PENDING, GRANTED or REJECTED")

    class Meta:
        model = Appeal
        fields = ["id", "reason", "filed_by", "filed_at", "deadline", "decider", "status", "old_predicate",
                  "new_predicate", "decision_reason", "decided_by", "decided_at"]  # fmt: skip


class SkpSerializer(SkpListSerializer):
    """One SKP as its readers see it on its page: RHKs with indicators and their evidence, the rating, feedback,
    check-ins, amendments (the latest 50) and the appeal."""

    rhks = RhkSerializer(many=True, read_only=True)
    behaviours = BehaviourOut(many=True, read_only=True)
    reasons = serializers.SerializerMethodField()
    work_rating = serializers.CharField(read_only=True)
    behaviour_rating = serializers.CharField(read_only=True)
    feedback = FeedbackOut(many=True, read_only=True)
    checkins = CheckInOut(many=True, read_only=True)
    amendments = serializers.SerializerMethodField()
    appeal = serializers.SerializerMethodField()

    class Meta(SkpListSerializer.Meta):
        fields = [*SkpListSerializer.Meta.fields, "expectations", "return_comment", "work_rating", "behaviour_rating",
                  "rating_feedback", "rated_at", "rhks", "behaviours", "reasons", "feedback", "checkins",
                  "amendments", "appeal"]  # fmt: skip

    @extend_schema_field(AmendmentOut(many=True))
    def get_amendments(self, skp: Skp) -> Any:
        return AmendmentOut(skp.amendments.all()[:50], many=True).data

    @extend_schema_field(AppealOut(allow_null=True))
    def get_appeal(self, skp: Skp) -> Any:
        appeal = getattr(skp, "appeal", None)
        return AppealOut(appeal).data if appeal is not None else None

    def get_reasons(self, skp: Skp) -> list[str]:
        lang = "en" if str(self.context.get("lang", "id")).startswith("en") else "id"
        return list((skp.predicate_reasons or {}).get(lang, {}).get("reasons", []))


class SkpStartInput(serializers.Serializer):
    period = serializers.IntegerField()
    employee = serializers.IntegerField(required=False, help_text="Default: the signed-in user's own record.")


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class IndicatorInput(serializers.Serializer):
    aspect = serializers.ChoiceField(choices=Aspect.values, default="QUANTITY")
    text = serializers.CharField(max_length=300)
    target = serializers.CharField(max_length=100)


class RhkInput(VersionInput):
    kind = serializers.ChoiceField(choices=RhkKind.choices, default=RhkKind.MAIN)
    text = serializers.CharField()
    parent = serializers.IntegerField(required=False, allow_null=True)
    indicators = IndicatorInput(many=True)


class ReturnInput(VersionInput):
    comment = serializers.CharField()


class ApproveInput(VersionInput):
    expectations = serializers.CharField(required=False, allow_blank=True, default="")


class BehaviourInput(serializers.Serializer):
    value = serializers.ChoiceField(choices=BerAkhlak.values)
    rating = serializers.CharField(help_text="ABOVE, MEETS or BELOW")
    feedback = serializers.CharField(required=False, allow_blank=True, default="")


class RateInput(VersionInput):
    work_rating = serializers.CharField(help_text="ABOVE, MEETS or BELOW")
    behaviour_rating = serializers.CharField(help_text="ABOVE, MEETS or BELOW")
    behaviours = BehaviourInput(many=True)
    feedback = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackInput(serializers.Serializer):
    text = serializers.CharField()
    request_key = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=64,
        help_text="Idempotency key (or the Idempotency-Key header): a repeat with the same key stores nothing twice.",
    )


class CheckInInput(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=12)
    notes = serializers.CharField()
    progress = serializers.CharField(required=False, allow_blank=True, default="", help_text="ABOVE, MEETS or BELOW")


class EvidenceInput(serializers.Serializer):
    indicator = serializers.IntegerField()
    link = serializers.URLField(required=False, allow_blank=True, default="", help_text="A link, or send `file`.")
    file = serializers.FileField(
        required=False, allow_null=True, default=None, help_text="A file of at most 10 MB (multipart), or send `link`."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    request_key = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=64,
        help_text="Idempotency key (or the Idempotency-Key header): a repeat with the same key stores nothing twice.",
    )


class RhkDeleteInput(VersionInput):
    rhk = serializers.IntegerField()


class IndicatorEditInput(VersionInput):
    indicator = serializers.IntegerField()
    text = serializers.CharField(max_length=300)
    target = serializers.CharField(max_length=100)


class AmendmentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["TARGET", "ADD_RHK", "REMOVE_RHK", "ADD_INDICATOR", "REMOVE_INDICATOR"])
    reason = serializers.CharField()
    indicator = serializers.IntegerField(required=False, allow_null=True, help_text="TARGET, REMOVE_INDICATOR")
    rhk = serializers.IntegerField(required=False, allow_null=True, help_text="REMOVE_RHK, ADD_INDICATOR")
    new_target = serializers.CharField(required=False, allow_blank=True, default="", help_text="TARGET")
    text = serializers.CharField(required=False, allow_blank=True, default="", help_text="ADD_RHK: the work result")
    rhk_kind = serializers.ChoiceField(choices=RhkKind.choices, required=False, default=RhkKind.MAIN)
    indicators = IndicatorInput(many=True, required=False, default=list, help_text="ADD_RHK, ADD_INDICATOR")


class AmendmentDecisionInput(serializers.Serializer):
    amendment = serializers.IntegerField()
    approve = serializers.BooleanField()


class InviteInput(serializers.Serializer):
    respondents = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=50)
    relation = serializers.ChoiceField(choices=[Relation.PEER, Relation.SUBORDINATE])


class ScoresInput(serializers.Serializer):
    scores = serializers.DictField(child=serializers.IntegerField(min_value=1, max_value=5))
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SubstituteInput(VersionInput):
    substitute = serializers.IntegerField(allow_null=True)


class AppealInput(serializers.Serializer):
    reason = serializers.CharField()


class DecideInput(serializers.Serializer):
    grant = serializers.BooleanField()
    reason = serializers.CharField()
    new_predicate = serializers.CharField(required=False, allow_blank=True, default="", help_text=PREDICATE_HELP)


class CalibrateInput(VersionInput):
    session = serializers.IntegerField()
    new_predicate = serializers.CharField(help_text=PREDICATE_HELP)
    reason = serializers.CharField()


class CalibrationSessionInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    unit = serializers.IntegerField(required=False, allow_null=True)
    request_key = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=64,
        help_text="Idempotency key (or the Idempotency-Key header): a repeat with the same key stores nothing twice.",
    )


class CalibrationSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalibrationSession
        fields = ["id", "period", "unit", "title", "held_on"]


class InvitationSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="skp.employee.full_name", read_only=True)
    year = serializers.IntegerField(source="skp.period.year", read_only=True)
    relation = serializers.CharField(read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "skp", "employee_name", "year", "relation", "answered"]


class Summary360(serializers.Serializer):
    count = serializers.IntegerField()
    minimum = serializers.IntegerField()
    shown = serializers.BooleanField()
    means = serializers.DictField(child=serializers.FloatField())
    self = serializers.DictField(child=serializers.IntegerField(), allow_null=True)


Distribution = inline_serializer(
    "PerformanceDistribution",
    fields={
        "total": serializers.IntegerField(),
        "counts": serializers.DictField(child=serializers.IntegerField()),
        "conforms": serializers.BooleanField(allow_null=True),
        "blocked_by": serializers.ListField(child=serializers.CharField()),
        "reasons": serializers.ListField(child=serializers.CharField()),
    },
)
JobRef = inline_serializer(
    "PerformanceCloseJob", fields={"job": serializers.UUIDField(), "status": serializers.CharField()}
)


# --- helpers --------------------------------------------------------------------------------------------------


def _skps() -> QuerySet[Skp]:
    evidence = Prefetch("evidence", queryset=Evidence.objects.order_by("added_at", "id"))
    rhks = Rhk.objects.prefetch_related(Prefetch("indicators", queryset=Indicator.objects.prefetch_related(evidence)))
    return Skp.objects.select_related("period", "employee", "appeal").prefetch_related(
        Prefetch("rhks", queryset=rhks),
        "behaviours",
        Prefetch("feedback", queryset=Feedback.objects.order_by("created_at", "id")),
        Prefetch("checkins", queryset=CheckIn.objects.order_by("number")),
        Prefetch("amendments", queryset=Amendment.objects.order_by("-requested_at", "-id")),
    )


def _lang(request: Request) -> str:
    return getattr(request, "LANGUAGE_CODE", "id") or "id"


def _out(request: Request, skp: Skp, code: int = status.HTTP_200_OK) -> Response:
    skp = access.skp_get(request.user, skp.pk, _skps())
    return Response(SkpSerializer(skp, context={"lang": _lang(request)}).data, status=code)


def _employee(request: Request, pk: Any) -> Employee:
    found = core_access.agency_scope(request.user, Employee.objects.all()).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


# --- periods --------------------------------------------------------------------------------------------------


class PeriodListApi(generics.GenericAPIView):
    serializer_class = PeriodSerializer

    @extend_schema(responses=PeriodSerializer(many=True))
    def get(self, request: Request) -> Response:
        qs = core_access.agency_scope(request.user, Period.objects.all()).order_by("-year", "id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PeriodSerializer(page, many=True).data)

    @extend_schema(request=PeriodInput, responses={201: PeriodSerializer})
    def post(self, request: Request) -> Response:
        data = PeriodInput(data=request.data)
        data.is_valid(raise_exception=True)
        period = services.period_open(actor=request.user, agency=request.user.agency, **data.validated_data)
        return Response(PeriodSerializer(period).data, status=status.HTTP_201_CREATED)


class PeriodCloseApi(generics.GenericAPIView):
    serializer_class = PeriodSerializer

    @extend_schema(request=None, responses={202: JobRef})
    def post(self, request: Request, pk: int) -> Response:
        from jenjang.jobs.services import job_submit

        from .tasks import CLOSE

        period = core_access.scoped_get(request.user, Period.objects.all(), pk)
        core_access.require(access.can_manage_periods(request.user, period.agency_id))
        job = job_submit(actor=request.user, agency=period.agency, kind=CLOSE,
                         params={"period_id": period.pk, "user_id": request.user.pk},
                         dedupe_key=f"performance-close-{period.pk}")  # fmt: skip
        return Response({"job": str(job.pk), "status": job.status}, status=status.HTTP_202_ACCEPTED)


class DistributionApi(generics.GenericAPIView):
    serializer_class = PeriodSerializer

    @extend_schema(responses=Distribution)
    def get(self, request: Request, pk: int) -> Response:
        period = core_access.scoped_get(request.user, Period.objects.all(), pk)
        core_access.require(access.can_calibrate(request.user, period.agency_id) or access.can_read_all(request.user))
        unit = None
        if request.query_params.get("unit"):
            unit = core_access.scoped_get(request.user, Unit.objects.all(), request.query_params["unit"])
        result = services.distribution(period, unit)
        decision = result["decision"]
        lang = "en" if _lang(request).startswith("en") else "id"
        return Response({
            "total": result["total"], "counts": result["counts"],
            "conforms": (not decision.blocked_by) if decision else None,
            "blocked_by": list(decision.blocked_by) if decision else [],
            "reasons": result.get("envelope", {}).get(lang, {}).get("reasons", []),
        })  # fmt: skip


class SessionListApi(generics.GenericAPIView):
    serializer_class = CalibrationSessionSerializer

    @extend_schema(responses=CalibrationSessionSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        period = core_access.scoped_get(request.user, Period.objects.all(), pk)
        core_access.require(access.can_calibrate(request.user, period.agency_id) or access.can_read_all(request.user))
        page = self.paginate_queryset(CalibrationSession.objects.filter(period=period).order_by("-held_on", "-id"))
        return self.get_paginated_response(CalibrationSessionSerializer(page, many=True).data)

    @extend_schema(request=CalibrationSessionInput, responses={201: CalibrationSessionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        period = core_access.scoped_get(request.user, Period.objects.all(), pk)
        data = CalibrationSessionInput(data=request.data)
        data.is_valid(raise_exception=True)
        unit = None
        if data.validated_data.get("unit"):
            unit = core_access.scoped_get(request.user, Unit.objects.all(), data.validated_data["unit"])
        key = _request_key(request, data.validated_data)
        session = services.calibration_session_create(actor=request.user, period=period,
                                                      title=data.validated_data["title"], unit=unit,
                                                      request_key=key)  # fmt: skip
        return Response(CalibrationSessionSerializer(session).data, status=status.HTTP_201_CREATED)


# --- SKPs ------------------------------------------------------------------------------------------------------


class SkpListApi(generics.GenericAPIView):
    serializer_class = SkpListSerializer

    @extend_schema(
        parameters=[
            inline_serializer(
                "SkpFilter",
                fields={
                    "period": serializers.IntegerField(required=False),
                    "status": serializers.ChoiceField(choices=SkpStatus.values, required=False),
                    "team": serializers.BooleanField(required=False, help_text="Only the SKPs the user rates."),
                },
            )
        ],
        responses=SkpListSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        base = Skp.objects.select_related("period", "employee")
        qs = (
            access.team_of(request.user, base)
            if request.query_params.get("team") in ("1", "true")
            else (access.skps_visible_to(request.user, base))
        )
        if str(request.query_params.get("period", "")).isdigit():
            qs = qs.filter(period_id=request.query_params["period"])
        if request.query_params.get("status") in SkpStatus.values:
            qs = qs.filter(status=request.query_params["status"])
        page = self.paginate_queryset(qs.order_by("-period__year", "employee__name", "id"))
        return self.get_paginated_response(SkpListSerializer(page, many=True).data)

    @extend_schema(request=SkpStartInput, responses={201: SkpSerializer})
    def post(self, request: Request) -> Response:
        data = SkpStartInput(data=request.data)
        data.is_valid(raise_exception=True)
        period = core_access.scoped_get(request.user, Period.objects.all(), data.validated_data["period"])
        employee = _employee(request, data.validated_data.get("employee") or request.user.employee_id or 0)
        skp = services.skp_start(actor=request.user, employee=employee, period=period)
        return _out(request, skp, status.HTTP_201_CREATED)


class SkpDetailApi(generics.GenericAPIView):
    serializer_class = SkpSerializer

    def get(self, request: Request, pk: int) -> Response:
        skp = access.skp_get(request.user, pk, _skps())
        return Response(SkpSerializer(skp, context={"lang": _lang(request)}).data)


class Skp360Api(generics.GenericAPIView):
    serializer_class = Summary360

    def get(self, request: Request, pk: int) -> Response:
        skp = access.skp_get(request.user, pk, Skp.objects.all())
        core_access.require(access.is_owner(request.user, skp) or access.is_rater(request.user, skp)
                            or access.can_read_all(request.user))  # fmt: skip
        return Response(Summary360(services.aggregate_360(skp)).data)


def _rhk(request: Request, skp: Skp, v: dict[str, Any]) -> Skp:
    parent = Rhk.objects.select_related("skp").filter(pk=v["parent"]).first() if v.get("parent") else None
    services.rhk_add(actor=request.user, skp=skp, expected_version=v["version"], kind=v["kind"], text=v["text"],
                     indicators=v["indicators"], parent=parent)  # fmt: skip
    return skp


def _indicator(skp: Skp, pk: int) -> Indicator:
    found = Indicator.objects.select_related("rhk__skp").filter(pk=pk, rhk__skp=skp).first()
    if found is None:
        raise NotFound()
    return found


def _appeal(skp: Skp) -> Any:
    from .models import Appeal

    found = Appeal.objects.select_related("skp").filter(skp=skp).first()
    if found is None:
        raise NotFound()
    return found


def _decide(request: Request, skp: Skp, v: dict[str, Any]) -> Skp:
    services.appeal_decide(actor=request.user, appeal=_appeal(skp), **v)
    return skp


def _calibrate(request: Request, skp: Skp, v: dict[str, Any]) -> Skp:
    session = CalibrationSession.objects.filter(pk=v["session"], period_id=skp.period_id).first()
    if session is None:
        raise NotFound()
    services.calibration_change(actor=request.user, session=session, skp=skp, new_predicate=v["new_predicate"],
                                reason=v["reason"], expected_version=v["version"])  # fmt: skip
    return skp


def _substitute(request: Request, skp: Skp, v: dict[str, Any]) -> Skp:
    person = _employee(request, v["substitute"]) if v.get("substitute") else None
    return services.substitute_appoint(actor=request.user, skp=skp, substitute=person, expected_version=v["version"])


def _invite(request: Request, skp: Skp, v: dict[str, Any]) -> Skp:
    people = list(core_access.agency_scope(request.user, Employee.objects.filter(pk__in=v["respondents"])))
    if len(people) != len(set(v["respondents"])):
        raise NotFound()
    services.invite(actor=request.user, skp=skp, respondents=people, relation=v["relation"])
    return skp


def _request_key(request: Request, v: dict[str, Any]) -> str:
    return str(v.get("request_key") or request.headers.get("Idempotency-Key", ""))


def _amend(request: Request, skp: Skp, v: dict[str, Any]) -> Skp:
    indicator = _indicator(skp, v["indicator"]) if v.get("indicator") else None
    rhk = None
    if v.get("rhk"):
        rhk = Rhk.objects.filter(pk=v["rhk"], skp=skp).first()
        if rhk is None:
            raise NotFound()
    services.amendment_propose(actor=request.user, skp=skp, kind=v["kind"], reason=v["reason"], indicator=indicator,
                               rhk=rhk, new_target=v["new_target"], text=v["text"], rhk_kind=v["rhk_kind"],
                               indicators=[dict(i) for i in v["indicators"]])  # fmt: skip
    return skp


def _rhk_delete(request: Request, skp: Skp, v: dict[str, Any]) -> Skp:
    rhk = Rhk.objects.filter(pk=v["rhk"], skp=skp).select_related("skp").first()
    if rhk is None:
        raise NotFound()
    services.rhk_delete(actor=request.user, rhk=rhk, expected_version=v["version"])
    return skp


def _amend_decide(request: Request, skp: Skp, v: dict[str, Any]) -> Skp:
    amendment = Amendment.objects.filter(pk=v["amendment"], skp=skp).select_related("skp").first()
    if amendment is None:
        raise NotFound()
    services.amendment_decide(actor=request.user, amendment=amendment, approve=v["approve"])
    return skp


U = Any
ACTIONS: dict[str, tuple[type[serializers.Serializer] | None, Callable[[Request, Skp, dict[str, Any]], U], str]] = {
    "rhks": (RhkInput, _rhk, "Add a work result (RHK) with its indicators to a draft or returned SKP."),
    "submit": (VersionInput, lambda r, s, v: services.skp_submit(actor=r.user, skp=s, expected_version=v["version"]),
               "Submit the SKP to the supervisor (a repeat changes nothing)."),
    "return": (ReturnInput, lambda r, s, v: services.skp_return(actor=r.user, skp=s, expected_version=v["version"],
                                                               comment=v["comment"]), "Return with a comment."),
    "approve": (ApproveInput, lambda r, s, v: services.skp_approve(actor=r.user, skp=s, expected_version=v["version"],
                                                                  expectations=v["expectations"]),
                "Approve and lock the SKP with the supervisor's expectations."),
    "rate": (RateInput, lambda r, s, v: services.skp_rate(
        actor=r.user, skp=s, expected_version=v["version"], work_rating=v["work_rating"],
        behaviour_rating=v["behaviour_rating"], feedback=v["feedback"],
        behaviours={b["value"]: (b["rating"], b["feedback"]) for b in v["behaviours"]}),
        "Rate work and the seven BerAKHLAK values; the skp-predicate rule gives the predicate."),
    "feedback": (FeedbackInput, lambda r, s, v: (services.feedback_add(actor=r.user, skp=s, text=v["text"],
                                                                       request_key=_request_key(r, v)), s)[1],
                 "Continuous feedback (employee to supervisor or back)."),
    "checkins": (CheckInInput, lambda r, s, v: (services.checkin_record(actor=r.user, skp=s, **v), s)[1],
                 "Record (or update) a periodic check-in."),
    "rhk-delete": (RhkDeleteInput, _rhk_delete, "Delete a work result (RHK) of a draft or returned SKP (the owner)."),
    "indicator-edit": (IndicatorEditInput, lambda r, s, v: (services.indicator_update(
        actor=r.user, indicator=_indicator(s, v["indicator"]), expected_version=v["version"], text=v["text"],
        target=v["target"]), s)[1], "Edit an indicator's text and target in a draft or returned SKP (the owner)."),
    "from-agreement": (VersionInput, lambda r, s, v: (services.skp_from_agreement(
        actor=r.user, skp=s, expected_version=v["version"]), s)[1],
        "A unit head takes the unit performance agreement's targets not yet taken as main RHKs."),
    "evidence": (EvidenceInput, lambda r, s, v: (services.evidence_add(
        actor=r.user, indicator=_indicator(s, v["indicator"]), link=v["link"], file=v["file"], note=v["note"],
        request_key=_request_key(r, v)), s)[1],
        "Add a link, or a file (multipart, at most 10 MB), as evidence against an indicator."),
    "amendments": (AmendmentInput, _amend, "Propose a change to an approved SKP: a target, or an RHK or indicator "
                   "added or removed; applied once the rater approves."),
    "amendment-decision": (AmendmentDecisionInput, _amend_decide, "The rater approves or rejects a proposed change."),
    "invitations": (InviteInput, _invite, "Invite peers or subordinates to a 360° review."),
    "self-assessment": (ScoresInput, lambda r, s, v: (services.self_assess(actor=r.user, skp=s, **v), s)[1],
                        "The employee's self-assessment (scores 1-5 per BerAKHLAK value)."),
    "substitute": (SubstituteInput, _substitute, "Appoint (or clear) a substitute rater."),
    "appeal": (AppealInput, lambda r, s, v: (services.appeal_file(actor=r.user, skp=s, reason=v["reason"]), s)[1],
               "File an appeal (keberatan) within the window."),
    "appeal-decision": (DecideInput, _decide, "The supervisor's superior decides the appeal."),
    "calibration": (CalibrateInput, _calibrate, "Change the predicate in a calibration session with a reason."),
}  # fmt: skip


def _action_view(name: str) -> type[generics.GenericAPIView]:
    input_class, handler, summary = ACTIONS[name]

    def post(self: Any, request: Request, pk: int) -> Response:
        skp = access.skp_get(request.user, pk, Skp.objects.select_related("period", "employee"))
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        handler(request, skp, dict(data.validated_data))
        return _out(request, skp)

    decorated = extend_schema(
        request=input_class,
        responses={200: SkpSerializer, 409: OpenApiResponse(description="Stale version: nothing was changed.")},
        summary=summary,
        operation_id=f"performance_skp_{name.replace('-', '_')}",
    )(post)
    camel = "".join(part.capitalize() for part in name.split("-"))
    return type(f"Skp{camel}Api", (generics.GenericAPIView,), {"post": decorated, "serializer_class": SkpSerializer})


ACTION_VIEWS = {name: _action_view(name) for name in ACTIONS}


class EvidenceFileApi(generics.GenericAPIView):
    """An evidence file as a download, to whoever may read its SKP (others 404)."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> FileResponse:
        return documents.evidence_file(request.user, pk)


class InvitationListApi(generics.GenericAPIView):
    serializer_class = InvitationSerializer

    @extend_schema(responses=InvitationSerializer(many=True))
    def get(self, request: Request) -> Response:
        qs = Invitation.objects.filter(respondent_id=request.user.employee_id or 0, answered=False).select_related(
            "skp__employee", "skp__period"
        )
        page = self.paginate_queryset(qs.order_by("-invited_at", "id"))
        return self.get_paginated_response(InvitationSerializer(page, many=True).data)


class InvitationAnswerApi(generics.GenericAPIView):
    serializer_class = ScoresInput

    @extend_schema(request=ScoresInput, responses={201: None})
    def post(self, request: Request, pk: int) -> Response:
        invitation = (
            Invitation.objects.select_related("skp").filter(pk=pk, respondent_id=request.user.employee_id or 0).first()
        )
        if invitation is None:
            raise NotFound()
        data = ScoresInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.answer(actor=request.user, invitation=invitation, **data.validated_data)
        return Response(status=status.HTTP_201_CREATED)


# --- performance agreements (perjanjian kinerja) and imports ---------------------------------------------------


class AgreementTargetSerializer(serializers.ModelSerializer):
    aspect = serializers.CharField(read_only=True, help_text="QUANTITY, QUALITY, TIME or COST")

    class Meta:
        model = AgreementTarget
        fields = ["id", "goal", "indicator", "aspect", "target", "order"]


class AgreementListSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="period.year", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    n_targets = serializers.IntegerField(read_only=True)

    class Meta:
        model = PerformanceAgreement
        fields = ["id", "period", "year", "unit", "unit_code", "unit_name", "n_targets", "version"]


class AgreementSerializer(AgreementListSerializer):
    targets = AgreementTargetSerializer(many=True, read_only=True)

    class Meta(AgreementListSerializer.Meta):
        fields = [*AgreementListSerializer.Meta.fields, "targets"]


class AgreementOpenInput(serializers.Serializer):
    unit = serializers.IntegerField(help_text="The unit (of the period's agency) whose agreement is opened.")


class AgreementTargetInput(VersionInput):
    goal = serializers.CharField(help_text="The goal (sasaran).")
    indicator = serializers.CharField(max_length=300)
    target = serializers.CharField(max_length=100)
    aspect = serializers.ChoiceField(choices=Aspect.values, default="QUANTITY")


class PerformanceImportInput(serializers.Serializer):
    file = serializers.FileField(help_text="An xlsx workbook: the first sheet, a header row, then the data rows.")


class PerformanceAgreementImportInput(PerformanceImportInput):
    request_key = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=64,
        help_text="Idempotency key (or the Idempotency-Key header): a repeat with the same key imports nothing twice.",
    )


AgreementImportResult = inline_serializer(
    "PerformanceAgreementImport",
    fields={
        "targets": serializers.IntegerField(help_text="Targets appended."),
        "units": serializers.IntegerField(help_text="Units whose agreement received targets."),
        "import": serializers.IntegerField(),
        "repeat": serializers.BooleanField(help_text="True: this request repeated an earlier import; nothing written."),
    },
)
LegacyImportResult = inline_serializer("PerformanceLegacyImport", fields={"imported": serializers.IntegerField()})
IMPORT_REFUSED = OpenApiResponse(
    description="Nothing imported: `error.details.errors` lists every bad row (or the file is not a readable xlsx)."
)
STALE = OpenApiResponse(description="Stale version: nothing was changed.")


def _agreement(request: Request, pk: Any) -> PerformanceAgreement:
    """The agreement, readable by agency readers and personnel staff (another agency's: 404; anyone else: 403)."""
    queryset = PerformanceAgreement.objects.select_related("period", "unit")
    found = core_access.scoped_get(request.user, queryset, pk, "period__agency")
    core_access.require(access.can_read_all(request.user)
                        or access.can_manage_periods(request.user, found.period.agency_id))  # fmt: skip
    return found


def _agreement_out(agreement: PerformanceAgreement, code: int = status.HTTP_200_OK) -> Response:
    found = (
        PerformanceAgreement.objects.select_related("period", "unit")
        .annotate(n_targets=Count("targets"))
        .prefetch_related(Prefetch("targets", queryset=AgreementTarget.objects.order_by("order", "id")))
        .get(pk=agreement.pk)
    )
    return Response(AgreementSerializer(found).data, status=code)


def _upload(request: Request, input_class: type[PerformanceImportInput]) -> dict[str, Any]:
    data = input_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


class AgreementListApi(generics.GenericAPIView):
    """The period's unit performance agreements; personnel staff open one for a unit (a repeat returns it)."""

    serializer_class = AgreementListSerializer

    @extend_schema(responses=AgreementListSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        period = core_access.scoped_get(request.user, Period.objects.all(), pk)
        core_access.require(access.can_read_all(request.user)
                            or access.can_manage_periods(request.user, period.agency_id))  # fmt: skip
        rows = (
            PerformanceAgreement.objects.filter(period=period)
            .select_related("period", "unit")
            .annotate(n_targets=Count("targets"))
            .order_by("unit__path", "id")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(AgreementListSerializer(page, many=True).data)

    @extend_schema(request=AgreementOpenInput, responses={201: AgreementSerializer})
    def post(self, request: Request, pk: int) -> Response:
        period = core_access.scoped_get(request.user, Period.objects.all(), pk)
        data = AgreementOpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        unit = core_access.scoped_get(request.user, Unit.objects.all(), data.validated_data["unit"])
        agreement = services.agreement_open(actor=request.user, period=period, unit=unit)
        return _agreement_out(agreement, status.HTTP_201_CREATED)


class AgreementImportApi(generics.GenericAPIView):
    """Targets from an xlsx (unit code, goal, indicator, aspect, target), appended to each unit's agreement (opened
    when missing). All or nothing: 400 with every bad row. A repeat with the same `request_key` (or, without one, the
    same rows within 30 s) imports nothing twice: 200 with the first import's counts."""

    serializer_class = PerformanceAgreementImportInput
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": PerformanceAgreementImportInput},
                   responses={201: AgreementImportResult, 200: AgreementImportResult, 400: IMPORT_REFUSED})  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        period = core_access.scoped_get(request.user, Period.objects.all(), pk)
        core_access.require(access.can_manage_periods(request.user, period.agency_id))
        v = _upload(request, PerformanceAgreementImportInput)
        result = services.agreement_import(actor=request.user, period=period, rows=documents.read_agreements(v["file"]),
                                           request_key=_request_key(request, v))  # fmt: skip
        return Response(result, status=status.HTTP_200_OK if result["repeat"] else status.HTTP_201_CREATED)


class AgreementDetailApi(generics.GenericAPIView):
    serializer_class = AgreementSerializer

    def get(self, request: Request, pk: int) -> Response:
        return _agreement_out(_agreement(request, pk))


class AgreementTargetListApi(generics.GenericAPIView):
    """Add a target to the agreement (personnel staff), naming the agreement version read."""

    serializer_class = AgreementSerializer

    @extend_schema(request=AgreementTargetInput, responses={201: AgreementSerializer, 409: STALE})
    def post(self, request: Request, pk: int) -> Response:
        agreement = _agreement(request, pk)
        data = AgreementTargetInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        services.agreement_target_add(actor=request.user, agreement=agreement, expected_version=v.pop("version"), **v)
        return _agreement_out(agreement, status.HTTP_201_CREATED)


class AgreementTargetDetailApi(generics.GenericAPIView):
    """Remove a target from the agreement (personnel staff), naming the agreement version read."""

    serializer_class = AgreementSerializer

    @extend_schema(
        request=VersionInput,
        parameters=[OpenApiParameter("version", int, description="The agreement version read (or in the body).")],
        responses={200: AgreementSerializer, 409: STALE},
    )
    def delete(self, request: Request, pk: int, target: int) -> Response:
        agreement = _agreement(request, pk)
        found = AgreementTarget.objects.filter(pk=target, agreement=agreement).first()
        if found is None:
            raise NotFound()
        data = VersionInput(data=request.data or request.query_params)
        data.is_valid(raise_exception=True)
        found.agreement = agreement
        services.agreement_target_delete(actor=request.user, target=found,
                                         expected_version=data.validated_data["version"])  # fmt: skip
        return _agreement_out(agreement)


class LegacyImportApi(generics.GenericAPIView):
    """Past scores under PP 46/2011 (NIP, year 2011-2021, score 0-100) into the performance history, mapped to
    predicates by `performance.pp46_score_bands`. All or nothing: 400 with every bad row. One history row per
    employee and year: sending the same file again writes no second row."""

    serializer_class = PerformanceImportInput
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": PerformanceImportInput},
                   responses={201: LegacyImportResult, 400: IMPORT_REFUSED})  # fmt: skip
    def post(self, request: Request) -> Response:
        user = request.user
        core_access.require(user.agency_id is not None and access.can_manage_periods(user, user.agency_id))
        v = _upload(request, PerformanceImportInput)
        result = services.legacy_import(actor=user, agency=user.agency, rows=documents.read_legacy(v["file"]))
        return Response(result, status=status.HTTP_201_CREATED)
