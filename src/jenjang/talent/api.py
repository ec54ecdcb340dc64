"""/api/v1/talent: dictionary, standards, assessments, JPM, talent map, key positions, successors, box moves.

Reads are scoped by agency (another agency's row is 404); writes go through talent.services (audited)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from jenjang.core import access as core_access
from jenjang.core.errors import InvalidData, NotFound
from jenjang.domain.text import normalize_language
from jenjang.organization.models import Agency, Position

from . import access, services
from . import eligibility as rule_check
from .models import (
    Assessment,
    AssessmentMethod,
    Competency,
    CompetencyKind,
    KeyPosition,
    Placement,
    Readiness,
    Successor,
    TalentReview,
)
from .selectors import dictionary, jpm_scores, parameters_for, standards_for_positions


def _lang(request: Request) -> str:
    return normalize_language(get_language())


def _agency_id(request: Request) -> int:
    user = request.user
    if user.agency_id:
        return int(user.agency_id)
    raw = str(request.query_params.get("agency") or request.data.get("agency") or "")
    if core_access.is_national(user) and raw.isdigit():
        return int(raw)
    raise InvalidData("agency", field="agency")


# --- serializers ------------------------------------------------------------------------------------------


class LevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    description_id = serializers.CharField()
    description_en = serializers.CharField()


class CompetencySerializer(serializers.ModelSerializer):
    levels = LevelSerializer(many=True, read_only=True)

    class Meta:
        model = Competency
        fields = [
            "id", "code", "kind", "family", "name_id", "name_en", "definition_id", "definition_en", "levels",
            "is_active", "version",
        ]  # fmt: skip


class LevelInput(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, max_value=5)
    description_id = serializers.CharField(allow_blank=True)
    description_en = serializers.CharField(allow_blank=True, required=False, default="")


class TechnicalCompetencyInput(serializers.Serializer):
    """An agency's technical competency. Create: `code` (fixed afterwards); change (PATCH): the fields to change and
    the `version` read; `levels`, when sent, replaces every level description (an empty one is removed)."""

    code = serializers.CharField(max_length=40, required=False)
    family = serializers.CharField(max_length=100)
    name_id = serializers.CharField(max_length=150)
    name_en = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    levels = LevelInput(many=True, required=False)
    is_active = serializers.BooleanField(required=False, default=True)
    version = serializers.IntegerField(required=False, min_value=1)


def _levels(rows: list[dict[str, Any]] | None) -> dict[int, tuple[str, str]] | None:
    if rows is None:
        return None
    return {r["level"]: (r["description_id"], r.get("description_en", "")) for r in rows}


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "employee", "assessed_on", "method", "assessor", "levels", "potential_score", "note", "current"]
        read_only_fields = ["current"]


class AssessmentInput(serializers.Serializer):
    employee = serializers.IntegerField()
    assessed_on = serializers.DateField()
    method = serializers.ChoiceField(choices=AssessmentMethod.choices)
    assessor = serializers.CharField(required=False, allow_blank=True, default="")
    levels = serializers.DictField(child=serializers.IntegerField())
    potential_score = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class GapSerializer(serializers.Serializer):
    competency = serializers.CharField()
    required = serializers.IntegerField()
    actual = serializers.IntegerField()


class JpmSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    position = serializers.IntegerField()
    jpm = serializers.FloatField(allow_null=True)
    category = serializers.CharField(allow_null=True)
    gaps = GapSerializer(many=True)


class JpmQuery(serializers.Serializer):
    position = serializers.IntegerField()
    employee = serializers.IntegerField(required=False)


class StandardSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    levels = serializers.DictField(child=serializers.IntegerField())


class StandardInput(serializers.Serializer):
    levels = serializers.DictField(child=serializers.IntegerField())
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PlacementSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip", read_only=True)
    name = serializers.CharField(source="employee.name", read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id", "employee", "nip", "name", "year", "performance", "potential", "computed_box", "box",
            "potential_value", "jpm", "potential_score", "predicates",
        ]  # fmt: skip


class PlacementQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    box = serializers.IntegerField(min_value=1, max_value=9, required=False)


class MapRunInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class MapRunSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    placed = serializers.IntegerField()
    unplaced_no_performance = serializers.IntegerField()
    unplaced_no_potential = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())


class MoveInput(serializers.Serializer):
    review = serializers.IntegerField()
    to_box = serializers.IntegerField(min_value=1, max_value=9)
    reason = serializers.CharField(allow_blank=True)


class SuccessorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="employee.name", read_only=True)

    class Meta:
        model = Successor
        fields = ["id", "employee", "name", "readiness", "development", "eligibility", "version"]


class SuccessorInput(serializers.Serializer):
    employee = serializers.IntegerField()
    readiness = serializers.ChoiceField(choices=Readiness.choices)
    development = serializers.CharField(required=False, allow_blank=True, default="")
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class KeyPositionSerializer(serializers.ModelSerializer):
    position_name = serializers.CharField(source="position.name", read_only=True)
    successors = SuccessorSerializer(many=True, read_only=True)

    class Meta:
        model = KeyPosition
        fields = ["id", "position", "position_name", "impact", "note", "version", "successors"]


# --- views ------------------------------------------------------------------------------------------------


class CompetencyListApi(generics.GenericAPIView):
    serializer_class = CompetencySerializer
    pagination_class = None

    @extend_schema(responses=CompetencySerializer(many=True))
    def get(self, request: Request) -> Response:
        core_access.require(access.can_read_talent(request.user) or access.can_see_own_competencies(request.user))
        agency_id = request.user.agency_id
        return Response(CompetencySerializer(dictionary(agency_id), many=True).data)

    @extend_schema(request=TechnicalCompetencyInput, responses={201: CompetencySerializer})
    def post(self, request: Request) -> Response:
        """Add a technical competency to the user's agency (personnel staff)."""
        core_access.require(access.can_manage_talent(request.user) and request.user.agency_id is not None)
        data = TechnicalCompetencyInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        competency = services.technical_competency_create(
            actor=request.user,
            agency=request.user.agency,
            code=v.get("code", ""),
            family=v["family"],
            name_id=v["name_id"],
            name_en=v["name_en"],
            levels=_levels(v.get("levels")),
        )
        competency = Competency.objects.prefetch_related("levels").get(pk=competency.pk)
        return Response(CompetencySerializer(competency).data, status=status.HTTP_201_CREATED)


class CompetencyDetailApi(generics.GenericAPIView):
    serializer_class = CompetencySerializer

    def _get(self, request: Request, pk: int) -> Competency:
        competency = (
            Competency.objects.filter(agency_id=request.user.agency_id, kind=CompetencyKind.TECHNICAL, pk=pk)
            .prefetch_related("levels")
            .first()
        )
        if competency is None or request.user.agency_id is None:
            raise NotFound()
        return competency

    @extend_schema(request=TechnicalCompetencyInput, responses=CompetencySerializer)
    def patch(self, request: Request, pk: int) -> Response:
        """Change a technical competency of the user's agency with the `version` read (stale: 409)."""
        core_access.require(access.can_manage_talent(request.user))
        competency = self._get(request, pk)
        data = TechnicalCompetencyInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if "version" not in v:
            raise InvalidData(_("Sertakan versi kompetensi yang dibaca."), field="version")
        services.technical_competency_update(
            actor=request.user,
            competency=competency,
            expected_version=v["version"],
            family=v.get("family", competency.family),
            name_id=v.get("name_id", competency.name_id),
            name_en=v.get("name_en", competency.name_en),
            levels=_levels(v.get("levels")),
            is_active=v.get("is_active", competency.is_active),
        )
        return Response(CompetencySerializer(self._get(request, pk)).data)


class AssessmentListApi(generics.GenericAPIView):
    serializer_class = AssessmentSerializer

    @extend_schema(responses=AssessmentSerializer(many=True))
    def get(self, request: Request) -> Response:
        core_access.require(access.can_read_talent(request.user))
        qs = core_access.agency_scope(request.user, Assessment.objects.all()).order_by("-assessed_on", "-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(AssessmentSerializer(page, many=True).data)

    @extend_schema(request=AssessmentInput, responses={201: AssessmentSerializer})
    def post(self, request: Request) -> Response:
        core_access.require(access.can_manage_talent(request.user))
        data = AssessmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        employee = core_access.employee_get(request.user, v["employee"])
        row = services.assessment_record(
            actor=request.user,
            employee=employee,
            assessed_on=v["assessed_on"],
            method=v["method"],
            levels=v["levels"],
            potential_score=v.get("potential_score"),
            assessor=v["assessor"],
            note=v["note"],
        )
        return Response(AssessmentSerializer(row).data, status=status.HTTP_201_CREATED)


class JpmApi(generics.GenericAPIView):
    """An employee's JPM and gaps against a position: their own for anyone, others' for agency readers."""

    serializer_class = JpmSerializer
    pagination_class = None

    @extend_schema(parameters=[JpmQuery], responses=JpmSerializer)
    def get(self, request: Request) -> Response:
        query = JpmQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        user = request.user
        employee_id = query.validated_data.get("employee") or user.employee_id
        if not employee_id:
            raise NotFound()
        employee = core_access.employee_get(user, employee_id)
        core_access.require(access.can_see_employee_competencies(user, employee))
        position = core_access.scoped_get(user, Position.objects.all(), query.validated_data["position"])
        score = jpm_scores(position.pk, [employee.pk])[employee.pk]
        return Response(
            {
                "employee": employee.pk,
                "position": position.pk,
                "jpm": score.jpm,
                "category": score.category,
                "gaps": [{"competency": c, "required": r, "actual": a} for c, r, a in score.gaps],
            }
        )


class StandardApi(generics.GenericAPIView):
    serializer_class = StandardSerializer
    pagination_class = None

    def _position(self, request: Request, pk: int) -> Position:
        core_access.require(access.can_read_talent(request.user))
        return core_access.scoped_get(request.user, Position.objects.all(), pk)

    def _data(self, position: Position) -> dict[str, Any]:
        params = parameters_for(position.agency_id)
        levels = standards_for_positions([(position.pk, position.level)], timezone.localdate(), params)
        return {"position": position.pk, "levels": levels[position.pk]}

    @extend_schema(responses=StandardSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(self._data(self._position(request, pk)))

    @extend_schema(request=StandardInput, responses=StandardSerializer)
    def put(self, request: Request, pk: int) -> Response:
        position = self._position(request, pk)
        core_access.require(access.can_manage_talent(request.user))
        data = StandardInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.standards_set(
            actor=request.user, position=position, levels=data.validated_data["levels"],
            reason=data.validated_data["reason"],
        )  # fmt: skip
        return Response(self._data(position))


class PlacementListApi(generics.GenericAPIView):
    serializer_class = PlacementSerializer

    @extend_schema(parameters=[PlacementQuery], responses=PlacementSerializer(many=True))
    def get(self, request: Request) -> Response:
        core_access.require(access.can_read_talent(request.user))
        query = PlacementQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        qs = core_access.agency_scope(request.user, Placement.objects.select_related("employee")).filter(
            year=query.validated_data["year"]
        )
        if "box" in query.validated_data:
            qs = qs.filter(box=query.validated_data["box"])
        page = self.paginate_queryset(qs.order_by("-box", "-potential_value", "pk"))
        return self.get_paginated_response(PlacementSerializer(page, many=True).data)


class MapRunJob(serializers.Serializer):
    job = serializers.CharField(help_text="the job id: GET /api/v1/jobs/<id>/ for its progress and result")
    status = serializers.CharField()
    result = MapRunSerializer(allow_null=True, help_text="the map's counts once the job has succeeded")


class MapRunApi(generics.GenericAPIView):
    serializer_class = MapRunJob

    @extend_schema(request=MapRunInput, responses={202: MapRunJob})
    def post(self, request: Request) -> Response:
        """Start the talent map of a period as a background job (the same run sent again within a few minutes
        returns the first job)."""
        from jenjang.jobs.services import job_submit

        from .tasks import MAP

        core_access.require(access.can_manage_talent(request.user))
        data = MapRunInput(data=request.data)
        data.is_valid(raise_exception=True)
        agency_id = _agency_id(request)
        year = data.validated_data["year"]
        job = job_submit(
            actor=request.user,
            agency=Agency.objects.get(pk=agency_id),
            kind=MAP,
            params={"agency_id": agency_id, "year": year, "user_id": request.user.pk},
            dedupe_key=f"talent-map-{agency_id}-{year}",
        )
        job.refresh_from_db()
        return Response(
            {"job": str(job.pk), "status": job.status, "result": job.result if job.status == "SUCCEEDED" else None},
            status=status.HTTP_202_ACCEPTED,
        )


class MoveApi(generics.GenericAPIView):
    serializer_class = PlacementSerializer

    @extend_schema(request=MoveInput, responses={200: PlacementSerializer})
    def post(self, request: Request, pk: int) -> Response:
        core_access.require(access.can_review(request.user))
        placement = core_access.scoped_get(request.user, Placement.objects.select_related("employee"), pk)
        data = MoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = core_access.scoped_get(request.user, TalentReview.objects.all(), data.validated_data["review"])
        services.box_move(
            actor=request.user, review=review, placement=placement, to_box=data.validated_data["to_box"],
            reason=data.validated_data["reason"],
        )  # fmt: skip
        placement.refresh_from_db()
        return Response(PlacementSerializer(placement).data)


class KeyPositionListApi(generics.GenericAPIView):
    serializer_class = KeyPositionSerializer

    @extend_schema(responses=KeyPositionSerializer(many=True))
    def get(self, request: Request) -> Response:
        core_access.require(access.can_read_talent(request.user))
        qs = (
            core_access.agency_scope(request.user, KeyPosition.objects.all())
            .select_related("position")
            .prefetch_related("successors__employee")
            .order_by("position__name", "pk")
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(KeyPositionSerializer(page, many=True).data)


class SuccessorCreateApi(generics.GenericAPIView):
    serializer_class = SuccessorSerializer

    @extend_schema(request=SuccessorInput, responses={201: SuccessorSerializer})
    def post(self, request: Request, pk: int) -> Response:
        core_access.require(access.can_manage_talent(request.user))
        key = core_access.scoped_get(request.user, KeyPosition.objects.all(), pk)
        data = SuccessorInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        employee = core_access.employee_get(request.user, v["employee"])
        eligibility = rule_check.for_nomination(
            key, employee, v["year"], timezone.localdate(), parameters_for(key.agency_id)
        )
        row = services.successor_nominate(
            actor=request.user,
            key_position=key,
            employee=employee,
            readiness=v["readiness"],
            development=v["development"],
            eligibility=eligibility,
        )  # fmt: skip
        return Response(SuccessorSerializer(row).data, status=status.HTTP_201_CREATED)


class CandidateSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.CharField(allow_null=True)
    box = serializers.IntegerField()
    jpm = serializers.FloatField(allow_null=True)
    category = serializers.CharField(allow_null=True)
    gaps = serializers.ListField(child=serializers.ListField())
    eligible = serializers.BooleanField(
        allow_null=True, help_text="the jpt-eligibility rule's answer for a JPT key position; null: no rule decides"
    )
    rules = serializers.ListField(child=serializers.DictField(), help_text="each rule applied, with its reasons")


class CandidateQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class CandidateListApi(generics.GenericAPIView):
    """The talent pool (boxes 7-9) of a period as candidates for a key position, with the JPM and gaps against
    it and what the rules say about their eligibility (reasons in the request's language)."""

    serializer_class = CandidateSerializer

    @extend_schema(parameters=[CandidateQuery], responses=CandidateSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        core_access.require(access.can_read_talent(request.user))
        key = core_access.scoped_get(request.user, KeyPosition.objects.select_related("position"), pk)
        query = CandidateQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        qs = (
            Placement.objects.filter(agency_id=key.agency_id, year=query.validated_data["year"], box__in=(7, 8, 9))
            .exclude(employee__position_id=key.position_id)
            .select_related("employee", "employee__position")
            .order_by("-box", "-potential_value", "employee__name", "pk")
        )
        page = self.paginate_queryset(qs)
        scores = jpm_scores(key.position_id, [p.employee_id for p in page])
        checker = rule_check.Checker(key.position.level, timezone.localdate(), parameters_for(key.agency_id))
        lang = _lang(request)
        rows = []
        for p in page:
            score = scores[p.employee_id]
            found = rule_check.render(checker.check(p.employee), lang)
            rows.append(
                {
                    "employee": p.employee_id,
                    "name": p.employee.name,
                    "position": p.employee.position.name if p.employee.position_id else None,
                    "box": p.box,
                    "jpm": score.jpm,
                    "category": score.category,
                    "gaps": [list(g) for g in score.gaps],
                    "eligible": found["eligible"],
                    "rules": found["rules"],
                }
            )
        return self.get_paginated_response(CandidateSerializer(rows, many=True).data)
