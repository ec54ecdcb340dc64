"""/api/v1/workforce: ABK per position and unit, needs, tasks (optimistic locking), the xlsx import, matching runs
and decisions. Reads are scoped to the user's agency (another agency's row is 404); writes go through the same
services as the pages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jenjang.core import access as core_access
from jenjang.domain.text import normalize_language
from jenjang.organization.models import Unit
from jenjang.rules.selectors import parameter_set_for_user

from . import abk, matching
from .access import can_decide, can_edit_abk, can_run_matching, can_view_abk, can_view_matching
from .models import MatchingRun, WorkloadTask

YEAR = OpenApiParameter("year", int, description="ABK year (default: the latest year with tasks)")
UNIT = OpenApiParameter("unit", int, description="Unit id: that unit and the units below it")


class WorkloadSerializer(serializers.Serializer):
    tasks = serializers.IntegerField()
    workload_minutes = serializers.FloatField()
    required_staff = serializers.FloatField()
    need = serializers.IntegerField(help_text="Required staff rounded half up (the formasi)")
    current_staff = serializers.IntegerField()
    gap = serializers.IntegerField(help_text="need - current_staff: positive is a shortage, negative a surplus")
    efficiency = serializers.FloatField(allow_null=True)
    grade = serializers.CharField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    legal_basis = serializers.ListField(child=serializers.CharField())


class PositionWorkloadSerializer(serializers.Serializer):
    position_id = serializers.IntegerField(source="position.pk")
    name = serializers.CharField(source="position.name")
    level = serializers.CharField(source="position.level")
    unit_id = serializers.IntegerField(source="position.unit_id", allow_null=True)
    current_staff = serializers.IntegerField(source="position.current_staff")
    workload = WorkloadSerializer(allow_null=True)


class UnitWorkloadSerializer(serializers.Serializer):
    unit_id = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    positions = serializers.IntegerField()
    analysed = serializers.IntegerField()
    workload = WorkloadSerializer(allow_null=True)

    def get_unit_id(self, row: abk.UnitRow) -> int | None:
        return row.unit.pk if row.unit else None

    def get_name(self, row: abk.UnitRow) -> str:
        return row.unit.name if row.unit else ""


class UnitSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    agency = WorkloadSerializer(allow_null=True)
    units = UnitWorkloadSerializer(many=True)


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkloadTask
        fields = ["id", "year", "position", "task", "output_unit", "volume", "minutes", "version"]
        read_only_fields = ["id", "version"]


class TaskUpdateSerializer(serializers.Serializer):
    task = serializers.CharField(max_length=255)
    output_unit = serializers.CharField(max_length=100)
    volume = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    minutes = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    version = serializers.IntegerField()


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()


class ImportInput(serializers.Serializer):
    file = serializers.FileField()


class ImportResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    positions = serializers.IntegerField()
    years = serializers.ListField(child=serializers.IntegerField())
    job_id = serializers.UUIDField()


class CopyInput(serializers.Serializer):
    source_year = serializers.IntegerField(min_value=2000, max_value=2100)
    target_year = serializers.IntegerField(min_value=2000, max_value=2100)
    request_key = serializers.CharField(max_length=64, required=False, allow_blank=True)


class CopySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source_year = serializers.IntegerField()
    target_year = serializers.IntegerField()
    tasks = serializers.IntegerField()
    positions = serializers.IntegerField()
    skipped_positions = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class RunSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="PENDING, DONE or FAILED")

    class Meta:
        model = MatchingRun
        fields = [
            "id", "title", "as_of", "status", "vacancy_count", "candidate_count", "job_id", "error", "created_at",
        ]  # fmt: skip


class RunDetailSerializer(RunSerializer):
    result = serializers.JSONField()
    inputs = serializers.JSONField()
    decisions = serializers.SerializerMethodField()

    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "inputs", "result", "decisions"]

    def get_decisions(self, run: MatchingRun) -> list[dict[str, Any]]:
        return [
            {
                "position_id": d.position_id,
                "employee_id": d.employee_id,
                "recommended_employee_id": d.recommended_employee_id,
                "departs": d.departs,
                "reason": d.reason,
                "version": d.version,
            }
            for d in matching.decisions_by_position(run).values()
        ]


class RunInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    as_of = serializers.DateField(required=False)
    position_ids = serializers.ListField(child=serializers.IntegerField(), max_length=matching.MAX_VACANCIES)
    unit_id = serializers.IntegerField(required=False, allow_null=True)


class DecisionInput(serializers.Serializer):
    position_id = serializers.IntegerField()
    employee_id = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True)


class DecisionSerializer(serializers.Serializer):
    position_id = serializers.IntegerField()
    employee_id = serializers.IntegerField(allow_null=True)
    recommended_employee_id = serializers.IntegerField(allow_null=True)
    departs = serializers.BooleanField()
    reason = serializers.CharField()
    version = serializers.IntegerField()


def _agency_id(request: Request, allowed: bool) -> int:
    core_access.require(allowed and getattr(request.user, "agency_id", None) is not None)
    return int(request.user.agency_id)


def _year(request: Request, agency_id: int) -> int:
    raw = request.query_params.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    years = abk.years_with_tasks(agency_id)
    return years[0] if years else timezone.localdate().year


def _lang(request: Request) -> str:
    return normalize_language(request.headers.get("Accept-Language") or getattr(request, "LANGUAGE_CODE", None))


def _workload(w: abk.Workload | None) -> dict[str, Any] | None:
    if w is None:
        return None
    return {
        "tasks": w.tasks, "workload_minutes": w.workload_minutes, "required_staff": w.required_staff,
        "need": w.need, "current_staff": w.current_staff, "gap": w.gap, "efficiency": w.efficiency,
        "grade": w.grade, "reasons": w.reasons, "legal_basis": w.legal_basis,
    }  # fmt: skip


class AbkPositionListApi(generics.GenericAPIView):
    serializer_class = PositionWorkloadSerializer

    @extend_schema(parameters=[YEAR, UNIT], responses=PositionWorkloadSerializer(many=True))
    def get(self, request: Request) -> Response:
        agency_id = _agency_id(request, can_view_abk(request.user))
        unit = None
        raw = request.query_params.get("unit", "")
        if raw:
            unit = core_access.scoped_get(request.user, Unit.objects.all(), raw)
        year = _year(request, agency_id)
        rows = abk.position_rows(agency_id, year, parameter_set_for_user(request.user), _lang(request), unit=unit)
        page = self.paginate_queryset(rows)
        data = [
            {
                "position": row.position,
                "workload": _workload(row.workload),
            }
            for row in page
        ]
        return self.get_paginated_response(PositionWorkloadSerializer(data, many=True).data)


class AbkUnitListApi(generics.GenericAPIView):
    serializer_class = UnitSummarySerializer
    pagination_class = None

    @extend_schema(parameters=[YEAR], responses=UnitSummarySerializer)
    def get(self, request: Request) -> Response:
        agency_id = _agency_id(request, can_view_abk(request.user))
        year = _year(request, agency_id)
        rows, total = abk.unit_rows(agency_id, year, parameter_set_for_user(request.user), _lang(request))
        units = [
            {"unit": r.unit, "positions": r.positions, "analysed": r.analysed, "workload": _workload(r.workload)}
            for r in rows
        ]
        return Response(
            {
                "year": year,
                "agency": _workload(total),
                "units": [
                    {
                        "unit_id": u["unit"].pk if u["unit"] else None,
                        "name": u["unit"].name if u["unit"] else "",
                        "positions": u["positions"],
                        "analysed": u["analysed"],
                        "workload": u["workload"],
                    }
                    for u in units
                ],
            }
        )


class TaskListApi(generics.ListCreateAPIView):
    serializer_class = TaskSerializer

    @extend_schema(parameters=[YEAR, OpenApiParameter("position", int)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        agency_id = _agency_id(self.request, can_view_abk(self.request.user))
        qs = WorkloadTask.objects.filter(agency_id=agency_id, year=_year(self.request, agency_id)).order_by("id")
        raw = self.request.query_params.get("position", "")
        if raw.isdigit():
            qs = qs.filter(position_id=int(raw))
        return qs

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _agency_id(request, can_edit_abk(request.user))
        serializer = TaskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        position = abk.position_for(request.user, data["position"].pk)
        row = abk.task_create(
            actor=request.user, position=position, year=data["year"], task=data["task"],
            output_unit=data["output_unit"], volume=data["volume"], minutes=data["minutes"],
        )  # fmt: skip
        return Response(TaskSerializer(row).data, status=status.HTTP_201_CREATED)


class TaskDetailApi(generics.GenericAPIView):
    serializer_class = TaskSerializer

    def get(self, request: Request, pk: int) -> Response:
        _agency_id(request, can_view_abk(request.user))
        return Response(TaskSerializer(abk.task_for(request.user, pk)).data)

    @extend_schema(request=TaskUpdateSerializer, responses=TaskSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        _agency_id(request, can_edit_abk(request.user))
        row = abk.task_for(request.user, pk)
        payload = TaskUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        version = values.pop("version")
        row = abk.task_update(actor=request.user, row=row, version=version, **values)
        return Response(TaskSerializer(row).data)

    @extend_schema(request=VersionSerializer, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        _agency_id(request, can_edit_abk(request.user))
        row = abk.task_for(request.user, pk)
        payload = VersionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        abk.task_delete(actor=request.user, row=row, version=payload.validated_data["version"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class AbkImportApi(generics.GenericAPIView):
    serializer_class = ImportInput
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": ImportInput}, responses={201: ImportResultSerializer})
    def post(self, request: Request) -> Response:
        """The file is imported by a background job (`workforce.abk_import`). When the job has already ended (the
        inline runner) the answer is 201 with the summary, or 400 with every row error; otherwise 202 with the job's
        ID, to follow at /api/v1/jobs/<id>/."""
        from jenjang.core.errors import InvalidData
        from jenjang.jobs.models import JobStatus

        _agency_id(request, can_edit_abk(request.user))
        payload = ImportInput(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        job = abk.import_submit(
            actor=request.user,
            agency=request.user.agency,  # type: ignore[union-attr]
            content=upload.read(),
            filename=getattr(upload, "name", "") or "",
        )
        if job.status == JobStatus.SUCCEEDED:
            result = job.result or {}
            return Response(
                {"rows": result.get("rows"), "positions": result.get("positions"), "years": result.get("years"),
                 "job_id": str(job.pk)},
                status=status.HTTP_201_CREATED,
            )  # fmt: skip
        if job.status == JobStatus.FAILED:
            raise InvalidData(job.error, field="file", details=job.result if isinstance(job.result, dict) else None)
        return Response({"job_id": str(job.pk), "status": job.status}, status=status.HTTP_202_ACCEPTED)


class AbkCopyApi(generics.GenericAPIView):
    serializer_class = CopyInput

    @extend_schema(request=CopyInput, responses={201: CopySerializer, 200: CopySerializer})
    def post(self, request: Request) -> Response:
        """Start `target_year`'s ABK from `source_year`'s. 201 with the copy; 200 with the first copy when the same
        `request_key` is sent again; 400 when the target year already has tasks or the source has none."""
        agency_id = _agency_id(request, can_edit_abk(request.user))
        payload = CopyInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        result = abk.abk_copy_forward(
            actor=request.user,
            agency_id=agency_id,
            source_year=data["source_year"],
            target_year=data["target_year"],
            request_key=data.get("request_key", ""),
        )
        return Response(
            CopySerializer(result.copy).data, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )


class RunListApi(generics.ListAPIView):
    serializer_class = RunSerializer

    def get_queryset(self) -> Any:
        agency_id = _agency_id(self.request, can_view_matching(self.request.user))
        return MatchingRun.objects.filter(agency_id=agency_id).order_by("-created_at", "-id")

    @extend_schema(request=RunInput, responses={201: RunSerializer})
    def post(self, request: Request) -> Response:
        agency_id = _agency_id(request, can_run_matching(request.user))
        payload = RunInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        run = matching.run_create(
            actor=request.user, agency_id=agency_id, title=data["title"],
            as_of=data.get("as_of") or timezone.localdate(), position_ids=data["position_ids"],
            unit_id=data.get("unit_id"),
        )  # fmt: skip
        return Response(RunSerializer(run).data, status=status.HTTP_201_CREATED)


class RunDetailApi(generics.GenericAPIView):
    serializer_class = RunDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        _agency_id(request, can_view_matching(request.user))
        return Response(RunDetailSerializer(matching.run_get(request.user, pk)).data)


class DecisionApi(generics.GenericAPIView):
    serializer_class = DecisionInput

    @extend_schema(request=DecisionInput, responses={200: DecisionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        _agency_id(request, can_view_matching(request.user))
        run = matching.run_get(request.user, pk)
        core_access.require(can_decide(request.user))
        payload = DecisionInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        decision = matching.decision_record(
            actor=request.user, run=run, position_id=data["position_id"], employee_id=data["employee_id"],
            reason=data.get("reason", ""), version=data.get("version"),
        )  # fmt: skip
        return Response(
            {
                "position_id": decision.position_id,
                "employee_id": decision.employee_id,
                "recommended_employee_id": decision.recommended_employee_id,
                "departs": decision.departs,
                "reason": decision.reason,
                "version": decision.version,
            }
        )
