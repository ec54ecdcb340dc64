"""/api/v1/careers/: the career pattern, my career, due lists with reasons, early warnings and the IDP.
Same access and services as the pages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jenjang.core import access
from jenjang.core.api import Pagination
from jenjang.core.errors import NotFound

from . import access as careers_access
from . import idp
from . import pattern as svc
from .duelists import KINDS, due_lists_get
from .models import FollowUp
from .mycareer import my_career
from .views import promotion_period_choice
from .warnings import warning_follow_up, warnings_for


class CareerPatternOutput(serializers.Serializer):
    id = serializers.IntegerField()
    agency_id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField(allow_null=True)


class CareerNodeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    level = serializers.CharField()
    family = serializers.CharField()
    position_id = serializers.IntegerField(allow_null=True)


class CareerEdgeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    source_id = serializers.IntegerField()
    target_id = serializers.IntegerField()
    move_type = serializers.CharField()
    direction = serializers.CharField()
    min_rank = serializers.SerializerMethodField()
    min_education = serializers.CharField()
    min_years_in_rank = serializers.IntegerField(allow_null=True)
    min_years_in_position = serializers.IntegerField(allow_null=True)
    min_training_hours = serializers.IntegerField(allow_null=True)
    min_competency_level = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()

    def get_min_rank(self, edge: Any) -> str | None:
        return edge.get_min_rank_display() if edge.min_rank else None


class CareerPatternDetailOutput(CareerPatternOutput):
    nodes = CareerNodeOutput(many=True)
    edges = CareerEdgeOutput(many=True)


class PatternListApi(APIView):
    @extend_schema(responses=CareerPatternOutput(many=True))
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(svc.pattern_list(request.user).order_by("id"), request, view=self)
        return paginator.get_paginated_response(CareerPatternOutput(page, many=True).data)


class PatternDetailApi(APIView):
    @extend_schema(responses=CareerPatternDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        pattern = svc.pattern_get(request.user, pk)
        nodes, edges = svc.pattern_detail(pattern)
        data = dict(CareerPatternOutput(pattern).data)
        data["nodes"] = CareerNodeOutput(nodes, many=True).data
        data["edges"] = CareerEdgeOutput(edges, many=True).data
        return Response(data)


class CareerRequirementOutput(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    need = serializers.CharField()
    have = serializers.CharField()
    met = serializers.BooleanField()
    when = serializers.DateField(allow_null=True)
    gaps = serializers.ListField(child=serializers.ListField())


class CareerMoveOutput(serializers.Serializer):
    title = serializers.CharField()
    target = serializers.CharField()
    move_type = serializers.CharField()
    direction = serializers.CharField()
    met = serializers.BooleanField()
    ready_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()
    legal_basis = serializers.ListField(child=serializers.CharField())
    requirements = CareerRequirementOutput(many=True)


class CareerPathStepOutput(serializers.Serializer):
    date = serializers.DateField()
    rank = serializers.CharField()
    note = serializers.CharField()
    promotion = serializers.BooleanField()


class CareerOutlookOutput(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    legal_basis = serializers.ListField(child=serializers.CharField())
    blocked_by = serializers.SerializerMethodField()

    def get_blocked_by(self, item: Any) -> list[str]:
        return [code for code, _label in item.blocked_by]


class CareerActionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    hours = serializers.IntegerField(allow_null=True)
    target_date = serializers.DateField()
    goal = serializers.CharField()
    status = serializers.CharField()
    supervisor_note = serializers.CharField()
    training_id = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()


class CareerMyCareerOutput(serializers.Serializer):
    employee_id = serializers.IntegerField()
    rank_eligible_from = serializers.DateField(allow_null=True)
    retirement = serializers.DateField(allow_null=True)
    training_hours = serializers.IntegerField()
    assessed = serializers.BooleanField()
    outlook = CareerOutlookOutput(many=True)
    moves = CareerMoveOutput(many=True)
    path = CareerPathStepOutput(many=True)
    actions = CareerActionOutput(many=True)


def _career_data(employee: Any) -> dict[str, Any]:
    view = my_career(employee, today=timezone.localdate())
    return {
        "employee_id": employee.pk,
        "rank_eligible_from": view.rank_eligible_from,
        "retirement": view.retirement,
        "training_hours": view.training_hours,
        "assessed": view.assessed,
        "outlook": view.outlook,
        "moves": view.moves,
        "path": view.path,
        "actions": view.actions,
    }


class MyCareerApi(APIView):
    @extend_schema(responses=CareerMyCareerOutput)
    def get(self, request: Request) -> Response:
        user = request.user
        access.require(careers_access.has_own_record(user))
        employee = access.employee_get(user, user.employee_id)
        return Response(CareerMyCareerOutput(_career_data(employee)).data)


class EmployeeCareerApi(APIView):
    @extend_schema(responses=CareerMyCareerOutput)
    def get(self, request: Request, pk: int) -> Response:
        employee = access.employee_get(request.user, pk)
        return Response(CareerMyCareerOutput(_career_data(employee)).data)


class CareerActionInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.CharField(help_text="TRAINING, EDUCATION, COACHING, ASSIGNMENT or OTHER")
    target_date = serializers.DateField()
    hours = serializers.IntegerField(required=False, allow_null=True)
    goal = serializers.CharField(required=False, allow_blank=True, default="")


class IdpProposeApi(APIView):
    @extend_schema(request=CareerActionInput, responses={201: CareerActionOutput})
    def post(self, request: Request) -> Response:
        data = CareerActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        action = idp.idp_propose(request.user, **data.validated_data)
        return Response(CareerActionOutput(action).data, status=status.HTTP_201_CREATED)


class CareerDecisionInput(serializers.Serializer):
    agree = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField()


class IdpDecideApi(APIView):
    @extend_schema(request=CareerDecisionInput, responses=CareerActionOutput)
    def post(self, request: Request, pk: int) -> Response:
        data = CareerDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        action = idp.idp_decide(request.user, pk, agree=v["agree"], note=v["note"], expected_version=v["version"])
        return Response(CareerActionOutput(action).data)


class CareerDueRowOutput(serializers.Serializer):
    employee_id = serializers.IntegerField()
    nip = serializers.CharField()
    name = serializers.CharField()
    rank = serializers.CharField()
    unit = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    rule = serializers.CharField()
    blocked_by = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=serializers.CharField())
    legal_basis = serializers.ListField(child=serializers.CharField())


class DueListApi(APIView):
    @extend_schema(responses=CareerDueRowOutput(many=True))
    def get(self, request: Request, kind: str) -> Response:
        if kind not in KINDS:
            raise NotFound()
        raw = request.query_params.get("unit", "")
        today = timezone.localdate()
        _choices, period, bad_period = promotion_period_choice(request, today)
        if bad_period:
            message = _("Periode kenaikan pangkat tidak dikenal; pilih salah satu periode yang ditawarkan.")
            error = {"code": "invalid_input", "field": "periode", "message": message}
            return Response({"error": error}, status=status.HTTP_400_BAD_REQUEST)
        found = due_lists_get(request.user, today=today, unit_id=int(raw) if raw.isdigit() else None,
                              kinds=(kind,), period=period)[kind]  # fmt: skip
        paginator = Pagination()
        page = paginator.paginate_queryset(found.rows, request, view=self)
        return paginator.get_paginated_response(CareerDueRowOutput(page, many=True).data)


class CareerWarningOutput(serializers.Serializer):
    id = serializers.IntegerField()
    employee_id = serializers.IntegerField()
    kind = serializers.CharField()
    due_date = serializers.DateField()
    last_stage = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    note = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    legal_basis = serializers.ListField(child=serializers.CharField())
    version = serializers.IntegerField()


class WarningListApi(APIView):
    @extend_schema(responses=CareerWarningOutput(many=True))
    def get(self, request: Request) -> Response:
        access.require(careers_access.can_follow_up_warnings(request.user))
        qs = warnings_for(request.user).order_by("due_date", "id")
        if request.query_params.get("status") in FollowUp.values:
            qs = qs.filter(status=request.query_params["status"])
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(CareerWarningOutput(page, many=True).data)


class CareerFollowUpInput(serializers.Serializer):
    status = serializers.CharField(help_text="OPEN, IN_PROGRESS or DONE")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField()


class WarningFollowUpApi(APIView):
    @extend_schema(request=CareerFollowUpInput, responses=CareerWarningOutput)
    def patch(self, request: Request, pk: int) -> Response:
        data = CareerFollowUpInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        warning = warning_follow_up(request.user, pk, status=v["status"], note=v["note"],
                                    expected_version=v["version"])  # fmt: skip
        return Response(CareerWarningOutput(warning).data)
