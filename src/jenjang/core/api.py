"""REST plumbing shared by every app: pagination, one error format, idempotency keys."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import JenjangError
from .pagination import COUNT_CAP, CappedPaginator


class Pagination(PageNumberPagination):
    """Page-number pagination whose `count` stops at COUNT_CAP + 1 (10,001): at a million rows an exact COUNT(*)
    costs more than the page. `count_is_lower_bound` says when the real number is larger."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["count_is_lower_bound"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_is_lower_bound"] = {"type": "boolean", "example": False}
        paginated["properties"]["count"]["description"] = f"Exact up to {COUNT_CAP:,}; beyond that {COUNT_CAP + 1}."
        return paginated


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """JenjangError -> {"error": {"code", "message", "field"}} with its status; DRF errors keep DRF's format
    inside the same envelope."""
    if isinstance(exc, JenjangError):
        body: dict[str, Any] = {"code": exc.code, "message": str(exc.message)}
        if exc.field:
            body["field"] = exc.field
        if exc.details is not None:
            body["details"] = exc.details
        return Response({"error": body}, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "error": {
                "code": "invalid_input",
                "message": str(_first_message(exc.detail)),
                "details": exc.detail,
            }
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, exceptions.APIException):
        response.data = {
            "error": {
                "code": exc.get_codes() if isinstance(exc.get_codes(), str) else "error",
                "message": str(exc.detail),
            }
        }
    return response


def _first_message(detail: Any) -> Any:
    if isinstance(detail, dict):
        for key, value in detail.items():
            return f"{key}: {_first_message(value)}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return detail


def request_key(request: Request, values: dict[str, Any]) -> str:
    """The client's idempotency key (`request_key` in the body, or the `Idempotency-Key` header) made the user's
    own, so two users' equal keys never meet in a unique constraint: "api" + 37 hex digits (40 characters, the
    `form_key` columns' size), or "" without a key."""
    key = str(values.get("request_key") or request.headers.get("Idempotency-Key", ""))
    return "api" + hashlib.sha256(f"{request.user.pk}:{key}".encode()).hexdigest()[:37] if key else ""
