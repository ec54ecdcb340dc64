"""REST API of the rules engine: the catalogue and `POST /api/v1/rules/<name>/evaluate` (rules-contract.md).

The error bodies are the contract's own ({"error": {"code", "field", "message"}}), returned here rather than
through the project's exception handler so that they stay exactly as documented.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jenjang.domain.errors import InvalidInput, UnknownRule
from jenjang.domain.registry import all_rules, error_envelope, get_rule
from jenjang.domain.text import normalize_language, t

from .selectors import parameter_set_for_user, rule_description, rule_evaluate, today


class EnvelopeSerializer(serializers.Serializer):
    rule = serializers.CharField()
    version = serializers.CharField()
    as_of = serializers.DateField()
    result = serializers.DictField(child=serializers.JSONField())
    reasons = serializers.ListField(child=serializers.CharField())
    legal_basis = serializers.ListField(child=serializers.CharField())
    blocked_by = serializers.ListField(child=serializers.CharField(), required=False)


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["invalid_input", "unknown_rule"])
    message = serializers.CharField()
    field = serializers.CharField(required=False, help_text="The input field at fault (invalid_input)")
    rule = serializers.CharField(required=False, help_text="The rule name asked for (unknown_rule)")


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


class FieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["date", "string", "choice", "integer", "number", "boolean", "mapping", "list"]
    )
    label = serializers.CharField()
    required = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.CharField(), required=False)


class ParameterValueSerializer(serializers.Serializer):
    valid_from = serializers.DateField()
    value = serializers.JSONField()
    legal_basis = serializers.CharField()
    confirmed = serializers.BooleanField()
    note = serializers.CharField()
    source = serializers.ChoiceField(choices=["default", "national", "agency"])


class ParameterSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    unit = serializers.CharField()
    values = ParameterValueSerializer(many=True)


class RuleSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    legal_basis = serializers.ListField(child=serializers.CharField())
    input_schema = FieldSerializer(many=True)
    parameters = ParameterSerializer(many=True)


class RuleDetailSerializer(RuleSerializer):
    blocked_by_codes = serializers.DictField(child=serializers.CharField())
    examples = serializers.ListField(child=serializers.DictField())


def request_language(request: Request) -> str:
    """English with `Accept-Language: en`, otherwise the language the locale middleware chose (Indonesian)."""
    header = request.headers.get("Accept-Language")
    return normalize_language(header) if header else normalize_language(get_language())


ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="`en` for English reasons and messages; Bahasa Indonesia (`id`) by default.",
)


class RuleListApi(APIView):
    @extend_schema(
        operation_id="rules_list",
        summary="Every rule: names, titles, input schema and parameters (with the caller's agency overrides)",
        parameters=[ACCEPT_LANGUAGE],
        responses={200: RuleSerializer(many=True)},
        tags=["rules"],
    )
    def get(self, request: Request) -> Response:
        lang = request_language(request)
        params = parameter_set_for_user(request.user)
        return Response([rule_description(rule, params, lang, full=False) for rule in all_rules()])


class RuleDetailApi(APIView):
    @extend_schema(
        operation_id="rules_retrieve",
        summary="One rule: its input schema, parameters, blocked_by codes and examples",
        parameters=[ACCEPT_LANGUAGE],
        responses={200: RuleDetailSerializer, 404: ErrorSerializer},
        tags=["rules"],
    )
    def get(self, request: Request, name: str) -> Response:
        lang = request_language(request)
        try:
            rule = get_rule(name)
        except UnknownRule as error:
            return Response(error_envelope(error, lang), status=status.HTTP_404_NOT_FOUND)
        return Response(rule_description(rule, parameter_set_for_user(request.user), lang))


class RuleEvaluateApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="rules_evaluate",
        summary="Evaluate a rule on the input facts; `as_of` defaults to today",
        parameters=[ACCEPT_LANGUAGE],
        request=OpenApiTypes.OBJECT,
        responses={
            200: EnvelopeSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Bad input: the field at fault and why"),
            404: OpenApiResponse(ErrorSerializer, description="Unknown rule"),
        },
        examples=[
            OpenApiExample("education-ceiling", value={"education": "S1"}, request_only=True),
        ],
        tags=["rules"],
    )
    def post(self, request: Request, name: str) -> Response:
        lang = request_language(request)
        try:
            get_rule(name)
            payload = self._payload(request)
            body = rule_evaluate(name, payload, params=parameter_set_for_user(request.user), lang=lang, today=today())
        except UnknownRule as error:
            return Response(error_envelope(error, lang), status=status.HTTP_404_NOT_FOUND)
        except InvalidInput as error:
            return Response(error_envelope(error, lang), status=status.HTTP_400_BAD_REQUEST)
        return Response(body)

    @staticmethod
    def _payload(request: Request) -> Any:
        try:
            return request.data
        except ParseError:
            raise InvalidInput("", t("Masukan bukan JSON yang sah", "The input is not valid JSON")) from None
