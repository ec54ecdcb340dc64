"""/api/v1/me/ (the signed-in user) and /api/v1/audit/ (the agency's audit log, read-only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from . import access
from .models import AuditLog
from .selectors import audit_log_list


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    agency = serializers.IntegerField(source="agency_id", allow_null=True)
    agency_name = serializers.SerializerMethodField()
    employee = serializers.IntegerField(source="employee_id", allow_null=True)
    is_national = serializers.BooleanField(source="is_superuser")

    def get_agency_name(self, user: Any) -> str | None:
        return str(user.agency) if user.agency_id else None


class MeApi(generics.GenericAPIView):
    serializer_class = MeSerializer

    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


class AuditLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditLog
        fields = (
            "id", "at", "actor_label", "agency", "action", "object_type", "object_id", "object_repr",
            "employee_id", "changes", "reason", "decision",
        )  # fmt: skip
        read_only_fields = fields


class AuditFilter(serializers.Serializer):
    action = serializers.CharField(required=False, allow_blank=True, help_text="Action code prefix.")
    actor = serializers.CharField(required=False, allow_blank=True, help_text="Part of the actor's username.")
    employee = serializers.IntegerField(required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


class AuditLogListApi(generics.ListAPIView):
    """Auditors, personnel staff and administrators read their agency's log; nobody writes it here."""

    serializer_class = AuditLogSerializer

    @extend_schema(parameters=[AuditFilter])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        access.require(access.can_read_audit(self.request.user))
        params = AuditFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        f = params.validated_data
        qs = audit_log_list(
            self.request.user, employee_id=f.get("employee"), action=f.get("action", ""), actor=f.get("actor", "")
        )
        if "date_from" in f:
            qs = qs.filter(at__gte=_start_of(f["date_from"]))
        if "date_to" in f:
            qs = qs.filter(at__lt=_start_of(f["date_to"] + dt.timedelta(days=1)))
        return qs


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
