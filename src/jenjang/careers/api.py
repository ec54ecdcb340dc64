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
from jenjang.core.api import Pagination, request_key
from jenjang.core.errors import InvalidData, NotFound

from . import access as careers_access
from . import idp
from . import pattern as svc
from .duelists import KINDS, due_lists_get
from .models import RANK_CHOICES, CareerPattern, FollowUp, PatternEdge, PatternNode
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


REQUEST_KEY_HELP = "Idempotency key (or the Idempotency-Key header): a repeat with the same key creates nothing twice."


class CareerPatternCreateInput(serializers.Serializer):
    """A new pattern of the user's agency, created as a draft (ADMIN, PERSONNEL)."""

    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    request_key = serializers.CharField(required=False, allow_blank=True, max_length=64, help_text=REQUEST_KEY_HELP)


class CareerPatternUpdateInput(serializers.Serializer):
    """Rename, describe, publish (`status` PUBLISHED; the pattern needs at least one move) or return to draft
    (`status` DRAFT), with the pattern `version` read (stale: 409)."""

    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    status = serializers.CharField(required=False, help_text="DRAFT or PUBLISHED")
    version = serializers.IntegerField(min_value=1)


class PatternListApi(APIView):
    @extend_schema(responses=CareerPatternOutput(many=True))
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(svc.pattern_list(request.user).order_by("id"), request, view=self)
        return paginator.get_paginated_response(CareerPatternOutput(page, many=True).data)

    @extend_schema(request=CareerPatternCreateInput, responses={201: CareerPatternOutput, 200: CareerPatternOutput})
    def post(self, request: Request) -> Response:
        """Create a draft pattern of the user's agency: 201, or 200 with the first pattern for a repeated key."""
        data = CareerPatternCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        pattern, created = svc.pattern_create(request.user, name=v["name"], description=v["description"],
                                              request_key=request_key(request, v))  # fmt: skip
        return Response(
            CareerPatternOutput(pattern).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class PatternDetailApi(APIView):
    @extend_schema(responses=CareerPatternDetailOutput)
    def get(self, request: Request, pk: int) -> Response:
        pattern = svc.pattern_get(request.user, pk)
        nodes, edges = svc.pattern_detail(pattern)
        data = dict(CareerPatternOutput(pattern).data)
        data["nodes"] = CareerNodeOutput(nodes, many=True).data
        data["edges"] = CareerEdgeOutput(edges, many=True).data
        return Response(data)

    @extend_schema(request=CareerPatternUpdateInput, responses=CareerPatternOutput)
    def patch(self, request: Request, pk: int) -> Response:
        """Change the pattern itself (ADMIN, PERSONNEL of its agency) with the `version` read."""
        data = CareerPatternUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        pattern = svc.pattern_update(request.user, pk, expected_version=version, values=values)
        return Response(CareerPatternOutput(pattern).data)


# --- editing nodes and moves: every write names the pattern version read and bumps it by one ---------------


class CareerNodeInput(serializers.Serializer):
    """A node: one position of the agency, or a position level (optionally of one functional family). Create:
    every field but `family`/`position_id`, the pattern `version` read and optionally a `request_key`; change
    (PATCH): the fields to change and the pattern `version` read."""

    label = serializers.CharField(max_length=200)
    level = serializers.CharField(help_text="Position level: " + ", ".join(svc.TIER))
    family = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    position_id = serializers.IntegerField(required=False, allow_null=True, default=None,
                                           help_text="A position of the pattern's agency.")  # fmt: skip
    version = serializers.IntegerField(min_value=1, help_text="The pattern's version read.")
    request_key = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                        help_text=REQUEST_KEY_HELP + " Create only.")  # fmt: skip


class CareerNodeSavedOutput(CareerNodeOutput):
    pattern_version = serializers.IntegerField(help_text="The pattern's version after this write.")


class CareerEdgeInput(serializers.Serializer):
    """A move between two nodes of the pattern with its requirements (null or empty: no requirement). Create: the
    nodes, `move_type`, `direction`, the pattern `version` read and optionally a `request_key`; change (PATCH):
    the fields to change and the pattern `version` read."""

    source_id = serializers.IntegerField()
    target_id = serializers.IntegerField()
    move_type = serializers.CharField(help_text="VERTICAL, HORIZONTAL, DIAGONAL, S_TO_F or F_TO_S")
    direction = serializers.CharField(help_text="ENRICHMENT, LATERAL, VERTICAL, RELOCATION, EXPLORATION or DOWNWARD")
    min_rank = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None,
                                     help_text="A rank, e.g. III/b")  # fmt: skip
    min_education = serializers.CharField(required=False, allow_blank=True, default="", help_text="e.g. D3, S1")
    min_years_in_rank = serializers.IntegerField(required=False, allow_null=True, default=None)
    min_years_in_position = serializers.IntegerField(required=False, allow_null=True, default=None)
    min_training_hours = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="JP")
    min_competency_level = serializers.IntegerField(required=False, allow_null=True, default=None,
                                                    help_text="1-5")  # fmt: skip
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=1, help_text="The pattern's version read.")
    request_key = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                        help_text=REQUEST_KEY_HELP + " Create only.")  # fmt: skip


class CareerEdgeSavedOutput(CareerEdgeOutput):
    pattern_version = serializers.IntegerField(help_text="The pattern's version after this write.")


class PatternVersionInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The pattern's version read.")


RANK_OF_LABEL = {label: code for code, label in RANK_CHOICES}


def _edge_values(v: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    """The service's values: the sent fields over the current move's, the rank as its storage code."""
    values = dict(current or {})
    values.update({k: val for k, val in v.items() if k in svc.EDGE_FIELDS})
    if "min_rank" in v:
        raw = (v["min_rank"] or "").strip()
        if raw and raw not in RANK_OF_LABEL:
            raise InvalidData(_("Golongan tidak dikenal."), field="min_rank")
        values["min_rank"] = RANK_OF_LABEL.get(raw)
    return values


def _saved(output: type[serializers.Serializer], row: Any, pattern_id: int, created: bool) -> Response:
    row.pattern_version = CareerPattern.objects.values_list("version", flat=True).get(pk=pattern_id)
    return Response(output(row).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _version(request: Request) -> int:
    data = PatternVersionInput(data=request.data if hasattr(request.data, "get") and request.data else
                               request.query_params)  # fmt: skip
    data.is_valid(raise_exception=True)
    return data.validated_data["version"]


class PatternNodeCreateApi(APIView):
    @extend_schema(request=CareerNodeInput, responses={201: CareerNodeSavedOutput, 200: CareerNodeSavedOutput})
    def post(self, request: Request, pk: int) -> Response:
        """Add a node (ADMIN, PERSONNEL of the pattern's agency): 201, or 200 with the first node for a repeated
        key."""
        data = CareerNodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        node, created = svc.node_save(request.user, pk, expected_version=v["version"],
                                      values={k: v[k] for k in svc.NODE_FIELDS},
                                      request_key=request_key(request, v))  # fmt: skip
        return _saved(CareerNodeSavedOutput, node, pk, created)


class PatternNodeApi(APIView):
    @extend_schema(request=CareerNodeInput, responses=CareerNodeSavedOutput)
    def patch(self, request: Request, pk: int, node_pk: int) -> Response:
        """Change a node with the pattern `version` read."""
        data = CareerNodeInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if "version" not in v:
            raise InvalidData(_("Sertakan versi pola karier yang dibaca."), field="version")
        current = PatternNode.objects.filter(pattern_id=pk, pk=node_pk).values(*svc.NODE_FIELDS).first() or {}
        values = {**current, **{k: v[k] for k in svc.NODE_FIELDS if k in v}}
        node, _created = svc.node_save(request.user, pk, expected_version=v["version"], values=values,
                                       node_id=node_pk)  # fmt: skip
        return _saved(CareerNodeSavedOutput, node, pk, False)

    @extend_schema(request=PatternVersionInput, responses={204: None})
    def delete(self, request: Request, pk: int, node_pk: int) -> Response:
        """Remove a node and its moves with the pattern `version` read (body or `?version=`)."""
        svc.child_delete(request.user, pk, kind="node", child_id=node_pk, expected_version=_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PatternEdgeCreateApi(APIView):
    @extend_schema(request=CareerEdgeInput, responses={201: CareerEdgeSavedOutput, 200: CareerEdgeSavedOutput})
    def post(self, request: Request, pk: int) -> Response:
        """Add a move (ADMIN, PERSONNEL of the pattern's agency): 201, or 200 with the first move for a repeated
        key."""
        data = CareerEdgeInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        edge, created = svc.edge_save(request.user, pk, expected_version=v["version"], values=_edge_values(v),
                                      request_key=request_key(request, v))  # fmt: skip
        return _saved(CareerEdgeSavedOutput, edge, pk, created)


class PatternEdgeApi(APIView):
    @extend_schema(request=CareerEdgeInput, responses=CareerEdgeSavedOutput)
    def patch(self, request: Request, pk: int, edge_pk: int) -> Response:
        """Change a move with the pattern `version` read."""
        data = CareerEdgeInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if "version" not in v:
            raise InvalidData(_("Sertakan versi pola karier yang dibaca."), field="version")
        current = PatternEdge.objects.filter(pattern_id=pk, pk=edge_pk).values(*svc.EDGE_FIELDS).first() or {}
        edge, _created = svc.edge_save(request.user, pk, expected_version=v["version"],
                                       values=_edge_values(v, current), edge_id=edge_pk)  # fmt: skip
        return _saved(CareerEdgeSavedOutput, edge, pk, False)

    @extend_schema(request=PatternVersionInput, responses={204: None})
    def delete(self, request: Request, pk: int, edge_pk: int) -> Response:
        """Remove a move with the pattern `version` read (body or `?version=`)."""
        svc.child_delete(request.user, pk, kind="edge", child_id=edge_pk, expected_version=_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


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
    @extend_schema(request=CareerActionInput, responses={201: CareerActionOutput, 200: CareerActionOutput})
    def post(self, request: Request) -> Response:
        """Propose an action; the same action (title and target date) again answers 200 with the first one."""
        data = CareerActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        action, created = idp.idp_propose(request.user, **data.validated_data)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(CareerActionOutput(action).data, status=code)


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


class CareerCompletionInput(serializers.Serializer):
    training_id = serializers.IntegerField(required=False, allow_null=True, default=None,
                                           help_text="One of the employee's own training records.")  # fmt: skip
    version = serializers.IntegerField()


class IdpCompleteApi(APIView):
    @extend_schema(request=CareerCompletionInput, responses=CareerActionOutput)
    def post(self, request: Request, pk: int) -> Response:
        """The employee marks an agreed action of their own plan done, optionally linking one of their training
        records, with the `version` read. Sending the same completion again changes nothing."""
        data = CareerCompletionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        action = idp.idp_complete(request.user, pk, training_id=v["training_id"], expected_version=v["version"])
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
