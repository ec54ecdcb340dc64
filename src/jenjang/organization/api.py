"""/api/v1 agencies, units and positions. Views parse, call a selector or a service, serialize; access is
decided by jenjang.core.access (another agency's IDs are 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from jenjang.core import access
from jenjang.core.errors import InvalidData

from . import services
from .models import Agency, Position, Unit
from .serializers import (
    AgencySerializer,
    PositionCreateInput,
    PositionFilter,
    PositionSerializer,
    PositionUpdateInput,
    UnitCreateInput,
    UnitFilter,
    UnitSerializer,
    UnitUpdateInput,
)

# --- reads -----------------------------------------------------------------------------------------------


def agencies_visible_to(user: Any) -> QuerySet[Agency]:
    """Every agency for a national administrator; otherwise the user's own agency."""
    qs = Agency.objects.all()
    if access.is_national(user):
        return qs
    if access.user_may_act_for_agency(user, user.agency_id):
        return qs.filter(pk=user.agency_id)
    return qs.none()


def unit_list(user: Any, *, parent_id: int | None = None) -> QuerySet[Unit]:
    access.require(access.can_read_agency(user))
    qs = access.agency_scope(user, Unit.objects.all())
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    return qs.order_by("agency_id", "path")


def position_list(user: Any, *, unit_id: int | None = None, level: str = "") -> QuerySet[Position]:
    access.require(access.can_read_agency(user))
    qs = access.agency_scope(user, Position.objects.all())
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("name", "id")


def target_agency(request: Request) -> Agency:
    """The agency a create writes to: the user's own; a national administrator names one with `agency`."""
    user = request.user
    if access.is_national(user):
        agency_id = request.data.get("agency") or user.agency_id
        if not agency_id:
            raise InvalidData(_("Instansi wajib dipilih."), field="agency")
        try:
            return agencies_visible_to(user).get(pk=int(agency_id))
        except (TypeError, ValueError, Agency.DoesNotExist):
            raise InvalidData(_("Instansi tidak ditemukan."), field="agency") from None
    if user.agency_id is None:
        access.require(False)
    return user.agency


def _version_of(serializer: Any) -> int:
    return serializer.validated_data.pop("version")


# --- agencies --------------------------------------------------------------------------------------------


class AgencyListApi(generics.ListAPIView):
    serializer_class = AgencySerializer

    def get_queryset(self) -> QuerySet[Agency]:
        return agencies_visible_to(self.request.user).order_by("name", "id")


class AgencyDetailApi(generics.RetrieveAPIView):
    serializer_class = AgencySerializer

    def get_queryset(self) -> QuerySet[Agency]:
        return agencies_visible_to(self.request.user)


# --- units -----------------------------------------------------------------------------------------------


class UnitListApi(generics.GenericAPIView):
    serializer_class = UnitSerializer

    @extend_schema(parameters=[UnitFilter], responses=UnitSerializer(many=True))
    def get(self, request: Request) -> Response:
        params = UnitFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = self.paginate_queryset(unit_list(request.user, parent_id=params.validated_data.get("parent")))
        return self.get_paginated_response(UnitSerializer(page, many=True).data)

    @extend_schema(request=UnitCreateInput, responses={201: UnitSerializer})
    def post(self, request: Request) -> Response:
        access.require(access.can_edit_records(request.user))
        agency = target_agency(request)
        data = UnitCreateInput(data=request.data, context={"agency_id": agency.pk})
        data.is_valid(raise_exception=True)
        data.validated_data.pop("agency", None)
        unit = services.unit_create(actor=request.user, agency=agency, data=data.validated_data)
        return Response(UnitSerializer(unit).data, status=status.HTTP_201_CREATED)


class UnitDetailApi(generics.GenericAPIView):
    serializer_class = UnitSerializer

    def get_object(self) -> Unit:
        return access.scoped_get(self.request.user, unit_list(self.request.user), self.kwargs["pk"])

    def get(self, request: Request, pk: int) -> Response:
        return Response(UnitSerializer(self.get_object()).data)

    @extend_schema(request=UnitUpdateInput, responses=UnitSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        unit = self.get_object()
        data = UnitUpdateInput(data=request.data, context={"agency_id": unit.agency_id})
        data.is_valid(raise_exception=True)
        version = _version_of(data)
        unit = services.unit_update(actor=request.user, unit=unit, data=data.validated_data, expected_version=version)
        return Response(UnitSerializer(unit).data)


# --- positions -------------------------------------------------------------------------------------------


class PositionListApi(generics.GenericAPIView):
    serializer_class = PositionSerializer

    @extend_schema(parameters=[PositionFilter], responses=PositionSerializer(many=True))
    def get(self, request: Request) -> Response:
        params = PositionFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = position_list(
            request.user, unit_id=params.validated_data.get("unit"), level=params.validated_data.get("level", "")
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PositionSerializer(page, many=True).data)

    @extend_schema(request=PositionCreateInput, responses={201: PositionSerializer})
    def post(self, request: Request) -> Response:
        access.require(access.can_edit_records(request.user))
        agency = target_agency(request)
        data = PositionCreateInput(data=request.data, context={"agency_id": agency.pk})
        data.is_valid(raise_exception=True)
        data.validated_data.pop("agency", None)
        position = services.position_create(actor=request.user, agency=agency, data=data.validated_data)
        return Response(PositionSerializer(position).data, status=status.HTTP_201_CREATED)


class PositionDetailApi(generics.GenericAPIView):
    serializer_class = PositionSerializer

    def get_object(self) -> Position:
        return access.scoped_get(self.request.user, position_list(self.request.user), self.kwargs["pk"])

    def get(self, request: Request, pk: int) -> Response:
        return Response(PositionSerializer(self.get_object()).data)

    @extend_schema(request=PositionUpdateInput, responses=PositionSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        position = self.get_object()
        data = PositionUpdateInput(data=request.data, context={"agency_id": position.agency_id})
        data.is_valid(raise_exception=True)
        version = _version_of(data)
        position = services.position_update(
            actor=request.user, position=position, data=data.validated_data, expected_version=version
        )
        return Response(PositionSerializer(position).data)
