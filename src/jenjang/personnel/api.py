"""/api/v1 employees, their dated histories and documents. Views parse, call a selector or a service, serialize.

Reads are scoped by jenjang.core.access.employees_visible_to (an employee outside the scope, another agency's
included, is 404); writes go through personnel.services, which refuse non-editors (403)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jenjang.core import access
from jenjang.core.errors import NotFound
from jenjang.organization.api import target_agency

from . import services
from .models import Document, Employee
from .serializers import (
    HISTORIES,
    DocumentSerializer,
    DocumentUploadInput,
    EmployeeFilter,
    EmployeeInput,
    EmployeeListSerializer,
    EmployeeSerializer,
    EmployeeUpdateInput,
    HistoryDeleteInput,
)

# --- reads -----------------------------------------------------------------------------------------------


def employee_search(
    user: Any,
    *,
    q: str = "",
    unit_id: int | None = None,
    rank: int | None = None,
    level: str = "",
    employment_type: str = "",
    status: str = "",
    ordering: str = "",
) -> QuerySet[Employee]:
    """The employees the user may read, searched (name, or the start of a NIP) and filtered; two queries a page."""
    qs = access.employees_visible_to(user).select_related("unit", "position")
    q = q.strip()
    if q:
        qs = qs.filter(nip__startswith=q) if q.isdigit() else qs.filter(Q(name__icontains=q) | Q(nip=q))
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if rank is not None:
        qs = qs.filter(rank=rank)
    if level:
        qs = qs.filter(position__level=level)
    if employment_type:
        qs = qs.filter(employment_type=employment_type)
    if status:
        qs = qs.filter(status=status)
    order = ordering or "name"
    return qs.order_by(order, "id" if not order.startswith("-") else "-id")


def history_rows(employee: Employee, segment: str) -> QuerySet[Any]:
    kind, serializer = HISTORIES[segment]
    model = serializer.Meta.model
    related = ("position",) if kind == "position" else ()
    return model._default_manager.filter(employee=employee).select_related(*related).order_by("-pk")


def _history_segment(segment: str) -> str:
    if segment not in HISTORIES:
        raise NotFound()
    return segment


# --- employees -------------------------------------------------------------------------------------------


class EmployeeListApi(generics.GenericAPIView):
    serializer_class = EmployeeListSerializer

    @extend_schema(parameters=[EmployeeFilter], responses=EmployeeListSerializer(many=True))
    def get(self, request: Request) -> Response:
        params = EmployeeFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        qs = employee_search(
            request.user,
            q=f.get("q", ""),
            unit_id=f.get("unit"),
            rank=f.get("rank"),
            level=f.get("level", ""),
            employment_type=f.get("employment_type", ""),
            status=f.get("status", ""),
            ordering=f.get("ordering", ""),
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(EmployeeListSerializer(page, many=True).data)

    @extend_schema(request=EmployeeInput, responses={201: EmployeeSerializer})
    def post(self, request: Request) -> Response:
        access.require(access.can_edit_records(request.user))
        agency = target_agency(request)
        data = EmployeeInput(data=request.data, context={"agency_id": agency.pk})
        data.is_valid(raise_exception=True)
        data.validated_data.pop("agency", None)
        employee = services.employee_create(actor=request.user, agency=agency, data=data.validated_data)
        return Response(EmployeeSerializer(employee).data, status=status.HTTP_201_CREATED)


class EmployeeDetailApi(generics.GenericAPIView):
    serializer_class = EmployeeSerializer

    def get_object(self) -> Employee:
        return access.employee_get(
            self.request.user, self.kwargs["pk"], Employee.objects.select_related("unit", "position")
        )

    def get(self, request: Request, pk: int) -> Response:
        return Response(EmployeeSerializer(self.get_object()).data)

    @extend_schema(
        request=EmployeeUpdateInput,
        responses={200: EmployeeSerializer, 409: OpenApiResponse(description="Stale version: nothing was changed.")},
    )
    def patch(self, request: Request, pk: int) -> Response:
        employee = self.get_object()
        data = EmployeeUpdateInput(data=request.data, partial=True, context={"agency_id": employee.agency_id})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        if "agency" in values:
            # The agency never changes: naming the current one is harmless, naming another is refused.
            values["agency"] = employee.agency if values["agency"] == employee.agency_id else values["agency"]
        employee = services.employee_update(
            actor=request.user, employee=employee, data=values, expected_version=version
        )
        return Response(EmployeeSerializer(employee).data)


# --- histories -------------------------------------------------------------------------------------------


class HistoryListApi(generics.ListAPIView):
    """One dated history of an employee; the URL names which (`segment`)."""

    segment = ""

    def get_serializer_class(self) -> Any:
        return HISTORIES[_history_segment(self.segment)][1]

    def get_queryset(self) -> QuerySet[Any]:
        return history_rows(access.employee_get(self.request.user, self.kwargs["employee_id"]), self.segment)

    def post(self, request: Request, employee_id: int) -> Response:
        employee = access.employee_get(request.user, employee_id)
        kind, serializer_class = HISTORIES[_history_segment(self.segment)]
        data = serializer_class(data=request.data, context={"agency_id": employee.agency_id})
        data.is_valid(raise_exception=True)
        row = services.history_add(actor=request.user, employee=employee, kind=kind, data=data.validated_data)
        return Response(serializer_class(row).data, status=status.HTTP_201_CREATED)


class HistoryDetailApi(generics.GenericAPIView):
    segment = ""

    def get_serializer_class(self) -> Any:
        return HISTORIES[_history_segment(self.segment)][1]

    def get_object(self) -> Any:
        rows = history_rows(access.employee_get(self.request.user, self.kwargs["employee_id"]), self.segment)
        try:
            return rows.get(pk=self.kwargs["pk"])
        except (ValueError, TypeError, rows.model.DoesNotExist):
            raise NotFound() from None

    def get(self, request: Request, employee_id: int, pk: int) -> Response:
        return Response(self.get_serializer_class()(self.get_object()).data)

    @extend_schema(request=HistoryDeleteInput, responses={204: None})
    def delete(self, request: Request, employee_id: int, pk: int) -> Response:
        row = self.get_object()
        reason = request.data.get("reason") if hasattr(request.data, "get") else None
        reason = str(reason or request.query_params.get("reason") or "")
        services.history_delete(actor=request.user, row=row, reason=reason)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- documents -------------------------------------------------------------------------------------------


class DocumentListApi(generics.ListAPIView):
    serializer_class = DocumentSerializer
    parser_classes = (MultiPartParser, FormParser)

    def get_queryset(self) -> QuerySet[Document]:
        employee = access.employee_get(self.request.user, self.kwargs["employee_id"])
        return Document.objects.filter(employee=employee).order_by("-uploaded_at", "-id")

    @extend_schema(request={"multipart/form-data": DocumentUploadInput}, responses={201: DocumentSerializer})
    def post(self, request: Request, employee_id: int) -> Response:
        employee = access.employee_get(request.user, employee_id)
        data = DocumentUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_upload(
            actor=request.user,
            employee=employee,
            upload=data.validated_data["file"],
            doc_type=data.validated_data["doc_type"],
            title=data.validated_data.get("title", ""),
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentDownloadApi(generics.GenericAPIView):
    serializer_class = DocumentSerializer

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file.")}
    )
    def get(self, request: Request, employee_id: int, pk: int) -> FileResponse:
        employee = access.employee_get(request.user, employee_id)
        try:
            document = Document.objects.get(employee=employee, pk=pk)
        except Document.DoesNotExist:
            raise NotFound() from None
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )
