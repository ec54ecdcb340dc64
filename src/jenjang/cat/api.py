"""/api/v1/cat: item banks (bank managers), sessions and results (committee), the participant's own exam
(form, answers, finish, score) and the public scoreboard. Access as in cat.access; another agency's or another
person's row is 404."""

from __future__ import annotations

import secrets
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from jenjang.core.api import request_key
from jenjang.core.errors import InvalidData, NotFound
from jenjang.core.pagination import CappedPaginator

from . import access, importing, selectors, services
from .models import Attempt, Blueprint, EventKind, ExamSession, FinishReason, IntegrityEvent, Item, ItemBank
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
        fields = ["id", "title", "blueprint", "starts_at", "ends_at", "duration_minutes", "reference", "version"]


class SessionInputSerializer(serializers.Serializer):
    """A session's editable fields. On create, `vacancy` opens it as that selection vacancy's CAT (the applicants who
    passed the screening are enrolled) and `request_key` (or the Idempotency-Key header) makes a repeat of the same
    request return the first session instead of creating a second. On update, `version` is the version read."""

    title = serializers.CharField(max_length=200)
    blueprint = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=32767)
    vacancy = serializers.IntegerField(required=False, allow_null=True, help_text="Create only.")
    request_key = serializers.CharField(required=False, allow_blank=True, max_length=40, help_text="Create only.")
    version = serializers.IntegerField(required=False, min_value=1, help_text="Update: the version read.")


class EnrolInputSerializer(serializers.Serializer):
    identifiers = serializers.ListField(
        child=serializers.CharField(max_length=254),
        allow_empty=False,
        max_length=services.MAX_ENROL_ROWS,
        help_text="Usernames, e-mail addresses or NIPs; all or nothing.",
    )


class EnrolOutputSerializer(serializers.Serializer):
    added = serializers.ListField(child=serializers.CharField(), help_text="Participant numbers enrolled now.")
    already = serializers.ListField(child=serializers.CharField(), help_text="Participant numbers enrolled before.")


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
ErrorSerializer = inline_serializer(
    "CatError",
    {
        "error": inline_serializer(
            "CatErrorBody",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(help_text="Translated (Accept-Language)."),
                "field": serializers.CharField(required=False),
                "details": serializers.JSONField(required=False),
            },
        )
    },
)


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


ImportInput = inline_serializer("CatItemImportInput", {"file": serializers.FileField(help_text="The xlsx (template).")})
ImportOutput = inline_serializer(
    "CatItemImportOutput",
    {
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(help_text="Rows whose item already had these values."),
    },
)


class ItemImportApi(APIView):
    """Import items from an xlsx (multipart field `file`, the columns of the template), all or nothing: a wrong row
    answers 400 with `details` [{row, message}] and nothing is written. An existing code is updated; importing the
    same file again writes nothing (`unchanged`). Bank managers only."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImportInput},
        responses={200: ImportOutput, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        bank = access.bank_get(request.user, pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidData(_("Pilih berkas xlsx untuk diimpor."), field="file")
        report = importing.import_items(bank, upload, actor=request.user)
        if report.errors:
            raise InvalidData(
                ngettext(
                    "Berkas memuat %(n)s kesalahan; tidak ada soal yang disimpan.",
                    "Berkas memuat %(n)s kesalahan; tidak ada soal yang disimpan.",
                    len(report.errors),
                )
                % {"n": len(report.errors)},
                field="file",
                details=[{"row": row, "message": str(message)} for row, message in report.errors],
            )
        return Response({"created": report.created, "updated": report.updated, "unchanged": report.unchanged})


class BlueprintRuleSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=20)
    difficulty = serializers.IntegerField(allow_null=True, required=False, help_text="1, 2, 3 or null (any)")
    count = serializers.IntegerField()


class BlueprintSerializer(serializers.Serializer):
    """A blueprint: how many items of each category (and difficulty) a form draws. On create, `request_key` (or the
    Idempotency-Key header) makes a repeat return the first blueprint; on change, send the `version` read."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    skd = serializers.BooleanField(default=False, help_text="Scored by the cat-skd rule (TWK, TIU, TKP only).")
    rules = BlueprintRuleSerializer(many=True)
    version = serializers.IntegerField(required=False, min_value=1)
    request_key = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=40)


class BlueprintListApi(generics.ListAPIView):
    """A bank's blueprints (bank managers); POST creates one, checked against the bank's active items."""

    serializer_class = BlueprintSerializer

    def get_queryset(self):
        bank = access.bank_get(self.request.user, self.kwargs["pk"])
        return Blueprint.objects.filter(bank=bank).order_by("name", "pk")

    @extend_schema(request=BlueprintSerializer, responses={201: BlueprintSerializer, 200: BlueprintSerializer})
    def post(self, request: Request, pk: int) -> Response:
        bank = access.bank_get(request.user, pk)
        data = BlueprintSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        blueprint, created = services.blueprint_save(
            bank,
            actor=request.user,
            name=v["name"],
            rules=[dict(r) for r in v["rules"]],
            skd=v["skd"],
            form_key=request_key(request, v),
        )
        return Response(
            BlueprintSerializer(blueprint).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class BlueprintDetailApi(APIView):
    """One blueprint of a bank the user manages; PUT replaces its name and rules with the `version` read (stale:
    409; used by a started session: 400, make a new one)."""

    @extend_schema(responses=BlueprintSerializer)
    def get(self, request: Request, pk: int, bp: int) -> Response:
        blueprint = access.blueprint_get(request.user, access.bank_get(request.user, pk), bp)
        return Response(BlueprintSerializer(blueprint).data)

    @extend_schema(request=BlueprintSerializer, responses=BlueprintSerializer)
    def put(self, request: Request, pk: int, bp: int) -> Response:
        bank = access.bank_get(request.user, pk)
        blueprint = access.blueprint_get(request.user, bank, bp)
        data = BlueprintSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if "version" not in v:
            raise InvalidData(_("Sertakan versi kisi-kisi yang dibaca."), field="version")
        saved, _created = services.blueprint_save(
            bank,
            actor=request.user,
            name=v["name"],
            rules=[dict(r) for r in v["rules"]],
            skd=v["skd"],
            blueprint=blueprint,
            expected_version=v["version"],
        )
        return Response(BlueprintSerializer(Blueprint.objects.get(pk=saved.pk)).data)


# --- committee ------------------------------------------------------------------------------------------------


def _blueprint(request: Request, pk: int) -> Any:
    blueprint = access.blueprints_for_sessions(request.user).filter(pk=pk).first()
    if blueprint is None:
        raise InvalidData(_("Kisi-kisi tidak ditemukan."), field="blueprint")
    return blueprint


class SessionListApi(generics.ListAPIView):
    """Sessions of the agency (committee and agency readers); POST creates one (the committee)."""

    serializer_class = SessionSerializer

    def get_queryset(self):
        return access.sessions_visible_to(self.request.user).order_by("-starts_at", "-pk")

    @extend_schema(request=SessionInputSerializer, responses={201: SessionSerializer, 200: SessionSerializer})
    def post(self, request: Request) -> Response:
        if not access.can_run_sessions(request.user):
            raise NotFound()
        data = SessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        blueprint = _blueprint(request, v["blueprint"])
        session, created = services.session_create_once(
            form_key=request_key(request, v),
            actor=request.user,
            vacancy=access.vacancy_for_session(request.user, v.get("vacancy")),
            agency=blueprint.bank.agency,
            title=v["title"],
            blueprint=blueprint,
            starts_at=v["starts_at"],
            ends_at=v["ends_at"],
            duration_minutes=v["duration_minutes"],
        )
        session = ExamSession.objects.get(pk=session.pk)
        return Response(
            SessionSerializer(session).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class SessionDetailApi(APIView):
    """One session; PATCH changes it before it starts (send the `version` read: a stale one answers 409)."""

    @extend_schema(responses=SessionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(SessionSerializer(access.session_get(request.user, pk)).data)

    @extend_schema(request=SessionInputSerializer, responses=SessionSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        session = access.session_get_to_run(request.user, pk)
        data = SessionInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if "version" not in v:
            raise InvalidData(_("Sertakan versi sesi yang dibaca."), field="version")
        session = services.session_update(
            session,
            actor=request.user,
            expected_version=v["version"],
            title=v.get("title", session.title),
            blueprint=_blueprint(request, v["blueprint"]) if "blueprint" in v else session.blueprint,
            starts_at=v.get("starts_at", session.starts_at),
            ends_at=v.get("ends_at", session.ends_at),
            duration_minutes=v.get("duration_minutes", session.duration_minutes),
        )
        return Response(SessionSerializer(ExamSession.objects.get(pk=session.pk)).data)


class SessionEnrolApi(APIView):
    """Enroll users named by username, e-mail or NIP: every identifier must name one active user, or nothing is
    enrolled and the error's `details` lists each wrong line. Enrolling someone again is harmless."""

    @extend_schema(request=EnrolInputSerializer, responses=EnrolOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        session = access.session_get_to_run(request.user, pk)
        data = EnrolInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            outcome = services.enroll_identifiers(
                session, "\n".join(data.validated_data["identifiers"]), actor=request.user
            )
        except InvalidData as error:
            if error.details:
                error.details = [{"line": e.line, "value": e.value, "message": str(e.message)} for e in error.details]
            raise
        return Response({"added": [p.number for p in outcome.added], "already": [p.number for p in outcome.already]})


class SessionResultsApi(APIView):
    @extend_schema(responses=ResultSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        session = access.session_get(request.user, pk)
        return Response(ResultSerializer(selectors.session_results(session), many=True).data)


class IntegrityEventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", help_text="Translated (Accept-Language).")
    participant = serializers.CharField(source="attempt.participant.number", help_text="The participant number.")
    name = serializers.SerializerMethodField()

    class Meta:
        model = IntegrityEvent
        fields = ["id", "at", "kind", "kind_label", "participant", "name", "ip", "user_agent", "detail"]

    def get_name(self, event: IntegrityEvent) -> str:
        user = event.attempt.participant.user
        return user.get_full_name() or user.username


class SessionIntegrityApi(generics.ListAPIView):
    """The session's integrity log, newest first (paginated): starts, reconnects, second browsers, refused stale-tab
    and late answers, tries to start another session meanwhile, finishes; with IP and browser. The committee and
    the agency's readers, as the page; `kind` filters one kind of event."""

    serializer_class = IntegrityEventSerializer

    @extend_schema(
        parameters=[OpenApiParameter("kind", str, enum=list(EventKind.values), description="Only this kind.")]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        session = access.session_get(self.request.user, self.kwargs["pk"])
        qs = selectors.integrity_events(session)
        kind = self.request.query_params.get("kind", "")
        if kind:
            if kind not in EventKind.values:
                raise InvalidData(_("Jenis kejadian tidak dikenal."), field="kind")
            qs = qs.filter(kind=kind)
        return qs


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
    """Start or resume the own attempt (rotates the answering token: an older tab or browser is cut off). 409 while
    the same person has an attempt in progress in another session (one exam at a time)."""

    @extend_schema(request=None, responses={200: FormSerializer, 409: ErrorSerializer})
    def post(self, request: Request, pk: int) -> Response:
        participant = _participant(request, pk)
        browser = "api:" + (request.session.session_key or secrets.token_hex(8)) if hasattr(request, "session") else ""
        attempt = services.attempt_open(participant, browser=browser, request=request)
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
