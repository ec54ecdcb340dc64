"""/api/v1/talent: dictionary, standards, assessments, JPM, talent map, key positions, successors, talent review
meetings, box moves, xlsx imports.

Reads are scoped by agency (another agency's row is 404); writes go through talent.services and talent.exports (the
functions the pages call; audited). Creating requests take a one-time `request_key` (or the Idempotency-Key header):
the same key again returns what the first request made (200) instead of making it twice."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jenjang.core import access as core_access
from jenjang.core.api import request_key
from jenjang.core.errors import InvalidData, NotFound
from jenjang.domain.text import normalize_language
from jenjang.organization.models import Agency, Position

from . import access, exports, services
from . import eligibility as rule_check
from .models import (
    Assessment,
    AssessmentMethod,
    BoxMove,
    Competency,
    CompetencyKind,
    Impact,
    ImportKind,
    KeyPosition,
    Placement,
    Readiness,
    Successor,
    TalentImport,
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


def _agency(request: Request) -> Agency:
    agency = Agency.objects.filter(pk=_agency_id(request)).first()
    if agency is None:
        raise NotFound()
    return agency


def _version(v: dict[str, Any], message: str) -> int:
    if v.get("version") is None:
        raise InvalidData(message, field="version")
    return int(v["version"])


def _body_or_query(request: Request) -> Any:
    """A DELETE's fields: the JSON body, or the query string (what OpenAPI can describe for DELETE)."""
    return request.data if request.data else request.query_params


REQUEST_KEY_HELP = "Idempotency key (or the Idempotency-Key header): a repeat with the same key makes nothing twice."


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


class KeyPositionInput(serializers.Serializer):
    """Mark (POST): `position`, `impact`, `note` (marking a position that is already key returns it with the impact
    and note sent, 200). Change (PATCH): `impact` and/or `note` with the `version` read."""

    position = serializers.IntegerField(required=False, help_text="Mark only: a position of the agency.")
    impact = serializers.ChoiceField(choices=Impact.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, min_value=1, help_text="Change: the version read.")


class KeyPositionRemoveInput(serializers.Serializer):
    reason = serializers.CharField(help_text="Required: why it is removed (kept in the audit log).")
    version = serializers.IntegerField(required=False, min_value=1, help_text="The version read (stale: 409).")


class SuccessorUpdateInput(serializers.Serializer):
    readiness = serializers.ChoiceField(choices=Readiness.choices)
    development = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(min_value=1, help_text="The version read (stale: 409).")


class SuccessorRemoveInput(serializers.Serializer):
    reason = serializers.CharField(help_text="Required: why the successor leaves the plan (kept in the audit log).")


class TalentBoxMoveSerializer(serializers.ModelSerializer):
    employee = serializers.IntegerField(source="placement.employee_id", read_only=True)

    class Meta:
        model = BoxMove
        fields = ["id", "placement", "employee", "from_box", "to_box", "reason", "moved_at"]


class TalentReviewSerializer(serializers.ModelSerializer):
    moves = TalentBoxMoveSerializer(many=True, read_only=True)

    class Meta:
        model = TalentReview
        fields = ["id", "year", "held_on", "title", "members", "notes", "version", "moves"]


class TalentReviewInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="The talent map period reviewed.")
    held_on = serializers.DateField()
    title = serializers.CharField(max_length=200, allow_blank=True)
    members = serializers.CharField(required=False, allow_blank=True, default="", help_text="The committee.")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    request_key = serializers.CharField(required=False, allow_blank=True, max_length=64, help_text=REQUEST_KEY_HELP)


class TalentReviewQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class TalentImportInput(serializers.Serializer):
    file = serializers.FileField(help_text="The xlsx of the page's import (the same columns).")
    request_key = serializers.CharField(required=False, allow_blank=True, max_length=64, help_text=REQUEST_KEY_HELP)


class TalentImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = TalentImport
        fields = ["id", "kind", "rows", "created_at"]


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

    @extend_schema(request=KeyPositionInput, responses={201: KeyPositionSerializer, 200: KeyPositionSerializer})
    def post(self, request: Request) -> Response:
        """Mark a position of the agency as key (201); a position already key is returned (200) with the impact
        and note sent, so a repeated request marks nothing twice."""
        core_access.require(access.can_manage_talent(request.user))
        data = KeyPositionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if v.get("position") is None:
            raise InvalidData(_("Pilih jabatan."), field="position")
        position = core_access.scoped_get(request.user, Position.objects.all(), v["position"])
        existed = KeyPosition.objects.filter(position=position).exists()
        key = services.key_position_mark(actor=request.user, position=position, impact=v["impact"], note=v["note"])
        return Response(
            KeyPositionSerializer(_key_position(request, key.pk)).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


def _key_position(request: Request, pk: int) -> KeyPosition:
    return core_access.scoped_get(
        request.user,
        KeyPosition.objects.select_related("position").prefetch_related("successors__employee"),
        pk,
    )


class KeyPositionDetailApi(generics.GenericAPIView):
    """One key position with its successors; PATCH changes its impact and note with the `version` read (stale:
    409); DELETE unmarks it with a written `reason` and optionally the `version` read, in the body or the query
    string (its succession plan goes with it)."""

    serializer_class = KeyPositionSerializer

    @extend_schema(responses=KeyPositionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        core_access.require(access.can_read_talent(request.user))
        return Response(KeyPositionSerializer(_key_position(request, pk)).data)

    @extend_schema(request=KeyPositionInput, responses=KeyPositionSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        core_access.require(access.can_manage_talent(request.user))
        key = _key_position(request, pk)
        data = KeyPositionInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.key_position_update(
            actor=request.user,
            key_position=key,
            impact=v.get("impact", key.impact),
            note=v.get("note", key.note),
            expected_version=_version(v, _("Sertakan versi jabatan kunci yang dibaca.")),
        )
        return Response(KeyPositionSerializer(_key_position(request, pk)).data)

    @extend_schema(parameters=[KeyPositionRemoveInput], responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        core_access.require(access.can_manage_talent(request.user))
        key = _key_position(request, pk)
        data = KeyPositionRemoveInput(data=_body_or_query(request))
        data.is_valid(raise_exception=True)
        services.key_position_unmark(
            actor=request.user,
            key_position=key,
            reason=data.validated_data["reason"],
            expected_version=data.validated_data.get("version"),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


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


class SuccessorDetailApi(generics.GenericAPIView):
    """A successor of a key position: PATCH updates readiness and development actions with the `version` read
    (stale: 409); DELETE removes them from the plan with a written `reason` (in the body or the query string)."""

    serializer_class = SuccessorSerializer

    def _get(self, request: Request, pk: int, sid: int) -> Successor:
        core_access.require(access.can_manage_talent(request.user))
        key = core_access.scoped_get(request.user, KeyPosition.objects.all(), pk)
        successor = Successor.objects.filter(key_position=key, pk=sid).select_related("key_position").first()
        if successor is None:
            raise NotFound()
        return successor

    @extend_schema(request=SuccessorUpdateInput, responses=SuccessorSerializer)
    def patch(self, request: Request, pk: int, sid: int) -> Response:
        successor = self._get(request, pk, sid)
        data = SuccessorUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        row = services.successor_update(
            actor=request.user,
            successor=successor,
            readiness=v.get("readiness", successor.readiness),
            development=v.get("development", successor.development),
            expected_version=_version(v, _("Sertakan versi suksesor yang dibaca.")),
        )
        return Response(SuccessorSerializer(Successor.objects.select_related("employee").get(pk=row.pk)).data)

    @extend_schema(parameters=[SuccessorRemoveInput], responses={204: None})
    def delete(self, request: Request, pk: int, sid: int) -> Response:
        successor = self._get(request, pk, sid)
        data = SuccessorRemoveInput(data=_body_or_query(request))
        data.is_valid(raise_exception=True)
        services.successor_remove(actor=request.user, successor=successor, reason=data.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewListApi(generics.GenericAPIView):
    """Talent review meetings of the agency (newest first) with their box moves; POST records one (ADMIN,
    PERSONNEL). Box moves: POST placements/<id>/moves/."""

    serializer_class = TalentReviewSerializer

    @extend_schema(parameters=[TalentReviewQuery], responses=TalentReviewSerializer(many=True))
    def get(self, request: Request) -> Response:
        core_access.require(access.can_read_talent(request.user))
        query = TalentReviewQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        qs = core_access.agency_scope(request.user, TalentReview.objects.all())
        if "year" in query.validated_data:
            qs = qs.filter(year=query.validated_data["year"])
        qs = qs.prefetch_related("moves__placement").order_by("-held_on", "-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(TalentReviewSerializer(page, many=True).data)

    @extend_schema(request=TalentReviewInput, responses={201: TalentReviewSerializer, 200: TalentReviewSerializer})
    def post(self, request: Request) -> Response:
        """Record a meeting (201); the same `request_key` again returns the first meeting (200)."""
        core_access.require(access.can_review(request.user))
        data = TalentReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        review, created = services.review_create_once(
            form_key=request_key(request, v),
            actor=request.user,
            agency=_agency(request),
            year=v["year"],
            held_on=v["held_on"],
            title=v["title"],
            members=v["members"],
            notes=v["notes"],
        )
        review = TalentReview.objects.prefetch_related("moves__placement").get(pk=review.pk)
        return Response(
            TalentReviewSerializer(review).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class _ImportApi(generics.GenericAPIView):
    serializer_class = TalentImportSerializer
    parser_classes = [MultiPartParser]
    kind = ""

    def _import(self, request: Request) -> Response:
        core_access.require(access.can_manage_talent(request.user))
        agency = _agency(request)
        data = TalentImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        record, created = exports.import_once(
            form_key=request_key(request, data.validated_data),
            actor=request.user,
            agency=agency,
            kind=self.kind,
            upload=data.validated_data["file"],
        )
        return Response(
            TalentImportSerializer(record).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class AssessmentImportApi(_ImportApi):
    kind = ImportKind.ASSESSMENTS

    @extend_schema(
        request={"multipart/form-data": TalentImportInput},
        responses={201: TalentImportSerializer, 200: TalentImportSerializer},
    )
    def post(self, request: Request) -> Response:
        """Import assessment results from the xlsx template (nip, tanggal, metode, asesor, the nine competencies,
        potensial). All or nothing: any bad row answers 400 with every row's error in `error.details.rows` and
        writes nothing. The same `request_key` again returns the first import (200)."""
        return self._import(request)


class StandardImportApi(_ImportApi):
    kind = ImportKind.STANDARDS

    @extend_schema(
        request={"multipart/form-data": TalentImportInput},
        responses={201: TalentImportSerializer, 200: TalentImportSerializer},
    )
    def post(self, request: Request) -> Response:
        """Import SKJ levels from the standards xlsx (as exported: kode_jabatan, id_jabatan, nama_jabatan, the
        nine competencies). All or nothing: any bad row answers 400 with every row's error in `error.details.rows`
        and writes nothing. The same `request_key` again returns the first import (200)."""
        return self._import(request)


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
