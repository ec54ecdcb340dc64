"""GET /api/v1/jobs/<uuid>/: a job's status, progress and result (same access as the page)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import job_get


class JobOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    status = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    message = serializers.CharField()
    result = serializers.JSONField(allow_null=True)
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, job: Any) -> str:
        return reverse("jobs:detail", args=[job.pk])


class JobDetailApi(APIView):
    @extend_schema(responses=JobOutput)
    def get(self, request: Request, pk: str) -> Response:
        return Response(JobOutput(job_get(request.user, pk)).data)
