"""/api/v1/cat: item banks (bank managers), sessions and results (committee), the participant's own exam
(form, answers, finish, score) and the public scoreboard. Access as in cat.access; another agency's or another
person's row is 404."""

from __future__ import annotations

import secrets
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from jenjang.core.errors import InvalidData, NotFound
from jenjang.core.pagination import CappedPaginator

from . import access, selectors, services
from .models import Attempt, ExamSession, FinishReason, Item, ItemBank
from .services import Saved

SCOREBOARD_PAGE_SIZE = 100


class BankSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemBank
        fields = ["id", "name", "agency"]


class ItemSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")

    class Meta:
        model = Item
        fields = ["id", "code", "category", "stem", "options", "correct_index", "option_points", "difficulty", "active"]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExamSession
        fields = ["id", "title", "blueprint", "starts_at", "ends_at", "duration_minutes", "reference"]


class ResultSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    total = serializers.FloatField()
    by_category = serializers.DictField(child=serializers.FloatField())
    passed = serializers.BooleanField(allow_null=True)
    decision = serializers.JSONField()
    finished_at = serializers.DateTimeField()


class QuestionSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    number = serializers.IntegerField()
    category = serializers.CharField()
    stem = serializers.CharField()
    options = serializers.ListField(child=serializers.CharField(), help_text="In the order shown; index = choice.")
    chosen = serializers.IntegerField(allow_null=True)


class FormSerializer(serializers.Serializer):
    attempt = serializers.IntegerField()
    deadline = serializers.DateTimeField()
    seconds_left = serializers.IntegerField()
    finished = serializers.BooleanField()
    token = serializers.CharField(required=False, help_text="Send as X-Attempt-Token when answering (start only).")
    questions = QuestionSerializer(many=True)


class ScoreSerializer(serializers.Serializer):
    number = serializers.CharField()
    total = serializers.FloatField(allow_null=True)
    by_category = serializers.DictField(child=serializers.FloatField())
    passed = serializers.BooleanField(allow_null=True)
    decision = serializers.JSONField()
    finished_at = serializers.DateTimeField(allow_null=True)


class ScoreboardRowSerializer(serializers.Serializer):
    number = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField(help_text="waiting, working or finished")
    total = serializers.FloatField(allow_null=True)
    by_category = serializers.DictField(child=serializers.FloatField())
    passed = serializers.BooleanField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


AnswerInput = inline_serializer(
    "CatAnswerInput",
    {"position": serializers.IntegerField(min_value=0), "choice": serializers.IntegerField(min_value=0)},
)
AnswerOutput = inline_serializer("CatAnswerOutput", {"status": serializers.CharField()})


# --- bank managers --------------------------------------------------------------------------------------------


class BankListApi(generics.ListAPIView):
    serializer_class = BankSerializer

    def get_queryset(self):
        return access.banks_managed_by(self.request.user).order_by("name", "pk")


class ItemListApi(generics.ListAPIView):
    """A bank's items with keys and option points: bank managers only."""

    serializer_class = ItemSerializer

    def get_queryset(self):
        bank = access.bank_get(self.request.user, self.kwargs["pk"])
        return Item.objects.filter(bank=bank).select_related("category").order_by("code")


# --- committee ------------------------------------------------------------------------------------------------


class SessionListApi(generics.ListAPIView):
    serializer_class = SessionSerializer

    def get_queryset(self):
        return access.sessions_visible_to(self.request.user).order_by("-starts_at", "-pk")


class SessionResultsApi(APIView):
    @extend_schema(responses=ResultSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        session = access.session_get(request.user, pk)
        return Response(ResultSerializer(selectors.session_results(session), many=True).data)


# --- the participant ------------------------------------------------------------------------------------------


def _participant(request: Request, pk: int):
    participant = selectors.participant_get(request.user, pk)
    if participant is None:
        raise NotFound()
    return participant


def _form(attempt: Attempt, *, token: str | None = None) -> dict[str, Any]:
    questions = selectors.form_questions(attempt) if attempt.finished_at is None else []
    data: dict[str, Any] = {
        "attempt": attempt.pk,
        "deadline": attempt.deadline,
        "seconds_left": selectors.seconds_left(attempt),
        "finished": attempt.finished_at is not None,
        "questions": [
            {
                "position": q.position,
                "number": q.number,
                "category": q.category,
                "stem": q.stem,
                "options": [text for _, text in q.options],
                "chosen": q.chosen,
            }
            for q in questions
        ],
    }
    if token:
        data["token"] = token
    return data


class AttemptStartApi(APIView):
    """Start or resume the own attempt (rotates the answering token: an older tab or browser is cut off)."""

    @extend_schema(request=None, responses=FormSerializer)
    def post(self, request: Request, pk: int) -> Response:
        participant = _participant(request, pk)
        browser = "api:" + (request.session.session_key or secrets.token_hex(8)) if hasattr(request, "session") else ""
        try:
            attempt = services.attempt_open(participant, browser=browser, request=request)
        except InvalidData:
            raise
        return Response(FormSerializer(_form(attempt, token=attempt.token or None)).data)


class AttemptFormApi(APIView):
    """The own form with saved choices (no keys, no points); empty once finished."""

    @extend_schema(responses=FormSerializer)
    def get(self, request: Request, pk: int) -> Response:
        participant = _participant(request, pk)
        attempt = Attempt.objects.filter(participant=participant).first()
        if attempt is None:
            raise NotFound()
        if attempt.finished_at is None and attempt.deadline <= timezone.now():
            attempt = services.attempt_finish(attempt.pk, reason=FinishReason.TIMEOUT)
        return Response(FormSerializer(_form(attempt)).data)


class AnswerApi(APIView):
    """Save one answer (header X-Attempt-Token). 200 saved/unchanged, 409 another tab took over, 410 time is up."""

    @extend_schema(request=AnswerInput, responses={200: AnswerOutput, 409: AnswerOutput, 410: AnswerOutput})
    def post(self, request: Request, pk: int) -> Response:
        data = AnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        token = request.headers.get("X-Attempt-Token", "")
        outcome = services.answer_save(
            pk, token, data.validated_data["position"], data.validated_data["choice"], request=request
        )
        code = {
            Saved.SAVED: status.HTTP_200_OK,
            Saved.UNCHANGED: status.HTTP_200_OK,
            Saved.STALE: status.HTTP_409_CONFLICT,
            Saved.CLOSED: status.HTTP_410_GONE,
            Saved.INVALID: status.HTTP_400_BAD_REQUEST,
        }[outcome]
        return Response({"status": outcome.value}, status=code)


def _score(participant, attempt: Attempt) -> dict[str, Any]:
    return {
        "number": participant.number,
        "total": attempt.total,
        "by_category": attempt.by_category,
        "passed": attempt.passed,
        "decision": attempt.decision,
        "finished_at": attempt.finished_at,
    }


class AttemptFinishApi(APIView):
    @extend_schema(request=None, responses=ScoreSerializer)
    def post(self, request: Request, pk: int) -> Response:
        participant = _participant(request, pk)
        attempt = Attempt.objects.filter(participant=participant).first()
        if attempt is None:
            raise NotFound()
        attempt = services.attempt_finish(attempt.pk, reason=FinishReason.SUBMITTED)
        return Response(ScoreSerializer(_score(participant, attempt)).data)


class AttemptScoreApi(APIView):
    @extend_schema(responses=ScoreSerializer)
    def get(self, request: Request, pk: int) -> Response:
        participant = _participant(request, pk)
        attempt = Attempt.objects.filter(participant=participant, finished_at__isnull=False).first()
        if attempt is None:
            raise NotFound()
        return Response(ScoreSerializer(_score(participant, attempt)).data)


# --- public ---------------------------------------------------------------------------------------------------


class ScoreboardApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        responses=inline_serializer(
            "CatScoreboard",
            {
                "session": serializers.CharField(),
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "pages": serializers.IntegerField(),
                "rows": ScoreboardRowSerializer(many=True),
            },
        ),
        parameters=[OpenApiParameter("page", int, description="1-based page of SCOREBOARD_PAGE_SIZE rows")],
    )
    def get(self, request: Request, pk: int) -> Response:
        """One page of the board (best total first; ranks continue across pages): the page's rows in one query."""
        session = ExamSession.objects.filter(pk=pk).select_related("blueprint").first()
        if session is None:
            raise NotFound()
        paginator = CappedPaginator(selectors.scoreboard_rows(session), SCOREBOARD_PAGE_SIZE)
        page = paginator.get_page(request.query_params.get("page"))
        rows = ScoreboardRowSerializer([selectors.scoreboard_row(p) for p in page], many=True).data
        return Response(
            {
                "session": session.title,
                "count": paginator.count,
                "page": page.number,
                "pages": paginator.num_pages,
                "rows": rows,
            }
        )
