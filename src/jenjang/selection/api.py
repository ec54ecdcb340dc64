"""/api/v1/selection: the public vacancy board and results, candidates' applications and appeals, and the
committee's and the PPK's actions. Views parse, call a selector or a service (selection.services/scoring), serialize.
Access is selection.access: another agency's vacancy, or another candidate's application, is 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jenjang.core import access as core_access
from jenjang.core.api import request_key
from jenjang.core.errors import InvalidData, NotFound

from . import access, candidates, scoring, selectors, services
from .models import (
    Appeal,
    Application,
    CandidateDocument,
    CandidateDocumentType,
    CommitteeMember,
    Vacancy,
    VacancyStatus,
)

COMMITTEE = Prefetch("committee", queryset=CommitteeMember.objects.select_related("user"))


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "id"


class CommitteeMemberSerializer(serializers.ModelSerializer):
    """A committee seat as the public vacancy page shows it (read-only: the committee is set on the pages)."""

    name = serializers.SerializerMethodField()

    class Meta:
        model = CommitteeMember
        fields = ["name", "is_chair", "is_external"]
        read_only_fields = fields

    def get_name(self, obj: CommitteeMember) -> str:
        return obj.user.get_full_name() or obj.user.get_username()


class VacancySerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name", read_only=True)
    committee = CommitteeMemberSerializer(many=True, read_only=True)
    position = serializers.CharField(source="position.name", read_only=True, allow_null=True, default=None)
    status = serializers.CharField(
        read_only=True, help_text="DRAFT, OPEN, SCREENING, SCORING, RANKED, AT_PPK, DECIDED, PUBLISHED, CANCELLED"
    )

    class Meta:
        model = Vacancy
        fields = [
            "id", "agency", "position", "title", "description", "level", "open_to_public", "requirements",
            "announcement_start", "announcement_end", "extensions", "screening_date", "cat_date", "assessment_date",
            "interview_date", "final_date", "weights", "tie_breaks", "status", "screening_published_at",
            "results_published_at", "committee", "version",
        ]  # fmt: skip


class PublicCandidateSerializer(serializers.Serializer):
    number = serializers.CharField()
    name = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    total = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    chosen = serializers.BooleanField()


class ResultsSerializer(serializers.Serializer):
    screening_passed = PublicCandidateSerializer(many=True)
    final = PublicCandidateSerializer(many=True)
    ppk_reason = serializers.CharField(allow_null=True)


class ApplicationSerializer(serializers.ModelSerializer):
    vacancy = serializers.CharField(source="vacancy.title", read_only=True)
    screening = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "vacancy",
            "vacancy_id",
            "number",
            "name",
            "submitted_at",
            "withdrawn_at",
            "screening",
            "result",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_screening(self, obj: Application) -> dict[str, Any] | None:
        """Shown to the candidate only once the screening results are published."""
        if not obj.vacancy.screening_published_at:
            return None
        lang = _lang()
        return {
            "passed": obj.screening_passed,
            "reasons": [r.get(lang, r.get("id")) for r in obj.screening_reasons],
            "blocked_by": obj.screening_blocked_by,
            "committee_note": obj.override_reason,
        }

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, obj: Application) -> dict[str, Any] | None:
        """Scores and rank, only once the final results are published."""
        if not obj.vacancy.results_published_at:
            return None
        scores = scoring.stage_scores(obj.vacancy, obj)
        return {
            "scores": {k: str(v) if v is not None else None for k, v in scores.items()},
            "total": str(obj.total) if obj.total is not None else None,
            "rank": obj.rank,
        }


class StaffApplicationSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="SUBMITTED, PASSED, FAILED, WITHDRAWN")

    class Meta:
        model = Application
        fields = [
            "id", "version", "number", "name", "facts", "status", "screening_passed", "screening_reasons",
            "screening_blocked_by", "override_reason", "cat_score", "cat_passed", "assessment_score",
            "interview_score", "total", "rank", "rank_decided_by", "shortlisted",
        ]  # fmt: skip


class AppealSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="PENDING, UPHELD, REJECTED")
    stage = serializers.CharField(help_text="SCREENING or FINAL")

    class Meta:
        model = Appeal
        fields = ["id", "application", "stage", "text", "status", "submitted_at", "decision_reason", "decided_at"]
        read_only_fields = ["application", "status", "submitted_at", "decision_reason", "decided_at"]


class ApplyInput(serializers.Serializer):
    declared = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list)
    motivation = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class OverrideInput(serializers.Serializer):
    passed = serializers.BooleanField()
    reason = serializers.CharField()
    version = serializers.IntegerField()


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class CancelInput(serializers.Serializer):
    reason = serializers.CharField()
    version = serializers.IntegerField()


class ScoreInput(serializers.Serializer):
    stage = serializers.ChoiceField(choices=["assessment", "interview"])
    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class PpkInput(serializers.Serializer):
    chosen = serializers.IntegerField()
    reason = serializers.CharField()


class AppealDecideInput(serializers.Serializer):
    upheld = serializers.BooleanField()
    reason = serializers.CharField()


class ActionOutput(serializers.Serializer):
    status = serializers.CharField()


# --- public ----------------------------------------------------------------------------------------------------


class VacancyListApi(generics.ListAPIView):
    """The public vacancy board (no account needed); `q` searches title, position and agency."""

    permission_classes = [AllowAny]
    serializer_class = VacancySerializer

    def get_queryset(self) -> Any:
        return selectors.vacancy_board(self.request.query_params.get("q", "")[:100]).prefetch_related(COMMITTEE)


class VacancyDetailApi(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = VacancySerializer

    def get_object(self) -> Vacancy:
        vacancy = access.public_vacancy_get(self.kwargs["pk"])
        prefetch_related_objects([vacancy], COMMITTEE)
        return vacancy


class ResultsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ResultsSerializer)
    def get(self, request: Request, pk: int) -> Response:
        vacancy = access.public_vacancy_get(pk)
        decision = getattr(vacancy, "ppk_decision", None) if vacancy.results_published_at else None

        def row(a: Application) -> dict[str, Any]:
            return {"number": a.number, "name": a.name, "rank": a.rank if vacancy.results_published_at else None,
                    "total": a.total if vacancy.results_published_at else None,
                    "chosen": bool(decision and decision.chosen_id == a.pk)}  # fmt: skip

        return Response(
            ResultsSerializer(
                {
                    "screening_passed": [row(a) for a in selectors.published_screening(vacancy)],
                    "final": [row(a) for a in selectors.published_results(vacancy)],
                    "ppk_reason": decision.reason if decision else None,
                }
            ).data
        )


# --- candidates ------------------------------------------------------------------------------------------------


class ApplyApi(APIView):
    @extend_schema(request=ApplyInput, responses={201: ApplicationSerializer, 200: ApplicationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        vacancy = access.public_vacancy_get(pk)
        data = ApplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        application, created = services.application_submit(
            actor=request.user, vacancy=vacancy, declared=data.validated_data["declared"],
            motivation=data.validated_data["motivation"],
        )  # fmt: skip
        body = ApplicationSerializer(application).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class MyApplicationListApi(generics.ListAPIView):
    serializer_class = ApplicationSerializer

    def get_queryset(self) -> Any:
        return selectors.my_applications(self.request.user)


class MyApplicationDetailApi(generics.RetrieveAPIView):
    serializer_class = ApplicationSerializer

    def get_object(self) -> Application:
        return selectors.own_application_get(self.request.user, self.kwargs["pk"])


class AppealApi(APIView):
    @extend_schema(request=AppealSerializer, responses={201: AppealSerializer, 200: AppealSerializer})
    def post(self, request: Request, pk: int) -> Response:
        application = selectors.own_application_get(request.user, pk)
        appeal, created = scoring.appeal_submit(
            actor=request.user, application=application, stage=str(request.data.get("stage", "")),
            text=str(request.data.get("text", "")),
        )  # fmt: skip
        return Response(
            AppealSerializer(appeal).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class WithdrawApi(APIView):
    """Withdraw one's own application (until the screening results are published); 200 also on a repeat."""

    @extend_schema(request=WithdrawInput, responses=ApplicationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        application = selectors.own_application_get(request.user, pk)
        data = WithdrawInput(data=request.data)
        data.is_valid(raise_exception=True)
        application, _changed = services.application_withdraw(
            actor=request.user, application=application, reason=data.validated_data["reason"]
        )
        return Response(ApplicationSerializer(application).data)


DOC_TYPES = ", ".join(CandidateDocumentType.values)


class CandidateDocumentSerializer(serializers.ModelSerializer):
    doc_type = serializers.CharField(help_text=f"One of {DOC_TYPES}.")
    doc_type_label = serializers.CharField(source="get_doc_type_display", help_text="Translated (Accept-Language).")

    class Meta:
        model = CandidateDocument
        fields = ["id", "doc_type", "doc_type_label", "original_name", "content_type", "size", "sha256", "uploaded_at"]


DocumentInput = inline_serializer(
    "SelectionDocumentInput",
    {
        "doc_type": serializers.CharField(help_text=f"One of {DOC_TYPES}."),
        "file": serializers.FileField(help_text="PDF, JPEG or PNG (checked by its first bytes), at most the limit."),
    },
)


class MyDocumentListApi(generics.ListAPIView):
    """An outside candidate's own documents (the profile's, which the committee reads with the applications); POST
    uploads one (multipart `doc_type`, `file`) with the page's checks. The same file of the same type again answers
    200 with the stored document instead of storing it twice (201). Anyone else: 404."""

    serializer_class = CandidateDocumentSerializer
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> Any:
        if not access.is_outside_candidate(self.request.user):
            raise NotFound()
        return CandidateDocument.objects.filter(user=self.request.user).order_by("-uploaded_at", "-id")

    @extend_schema(
        request={"multipart/form-data": DocumentInput},
        responses={201: CandidateDocumentSerializer, 200: CandidateDocumentSerializer},
    )
    def post(self, request: Request) -> Response:
        if not access.is_outside_candidate(request.user):
            raise NotFound()
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidData(_("Pilih berkas yang akan diunggah."), field="file")
        doc, created = candidates.candidate_document_store(
            actor=request.user, upload=upload, doc_type=str(request.data.get("doc_type", ""))
        )
        return Response(
            CandidateDocumentSerializer(doc).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


# --- committee and PPK -----------------------------------------------------------------------------------------


class StaffApplicationListApi(generics.ListAPIView):
    """Every application of a vacancy, with the screening reasons and scores (the agency's staff and committee)."""

    serializer_class = StaffApplicationSerializer

    def get_queryset(self) -> Any:
        return selectors.staff_applications(access.staff_vacancy_get(self.request.user, self.kwargs["pk"]))


ACTIONS = {
    "announce": lambda u, v: services.vacancy_announce(actor=u, vacancy=v),
    "screen": lambda u, v: services.screening_run(actor=u, vacancy=v),
    "publish-screening": lambda u, v: services.screening_publish(actor=u, vacancy=v),
    "rank": lambda u, v: scoring.ranking_compute(actor=u, vacancy=v),
    "send-to-ppk": lambda u, v: scoring.ranking_send_to_ppk(actor=u, vacancy=v),
    "publish-results": lambda u, v: scoring.results_publish(actor=u, vacancy=v),
}


class StaffActionApi(APIView):
    """Move a vacancy on: announce, screen, publish-screening, rank, send-to-ppk, publish-results."""

    @extend_schema(request=None, responses=ActionOutput)
    def post(self, request: Request, pk: int, action: str) -> Response:
        vacancy = access.staff_vacancy_get(request.user, pk)
        if action not in ACTIONS:
            raise NotFound()
        ACTIONS[action](request.user, vacancy)
        vacancy.refresh_from_db()
        return Response({"status": vacancy.status})


class VacancyWriteSerializer(serializers.Serializer):
    """A vacancy as personnel staff write it. Create: every required field; `announce` publishes it at once (the
    committee rules apply); `request_key` (or the Idempotency-Key header) makes a repeat return the first vacancy.
    Update (PATCH): the fields to change and the `version` read; after the announcement only the dates (in the
    applicants' favour) and the committee (members added, external flags corrected) may change."""

    title = serializers.CharField(max_length=200)
    position = serializers.IntegerField(required=False, allow_null=True, help_text="A position of the agency.")
    description = serializers.CharField(required=False, allow_blank=True)
    open_to_public = serializers.BooleanField(required=False, default=True)
    requirements = serializers.DictField(
        required=False,
        help_text="min_rank, min_education, min_years_service, min_predicate, max_age, custom [..], documents [..]; "
        "empty: the position's defaults",
    )
    announcement_start = serializers.DateField()
    announcement_end = serializers.DateField()
    screening_date = serializers.DateField(required=False, allow_null=True)
    cat_date = serializers.DateField(required=False, allow_null=True)
    assessment_date = serializers.DateField(required=False, allow_null=True)
    interview_date = serializers.DateField(required=False, allow_null=True)
    final_date = serializers.DateField(required=False, allow_null=True)
    committee = serializers.ListField(child=serializers.IntegerField(), help_text="User ids of the agency.")
    committee_external = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="The committee's members from outside the agency."
    )
    announce = serializers.BooleanField(required=False, default=False, help_text="Create only.")
    request_key = serializers.CharField(required=False, allow_blank=True, max_length=40, help_text="Create only.")
    version = serializers.IntegerField(required=False, min_value=1, help_text="Update: the version read.")


def _users(agency_id: int, ids: list[int], field: str) -> list[Any]:
    from jenjang.accounts.models import User

    found = list(User.objects.filter(agency_id=agency_id, is_active=True, pk__in=ids))
    if len(found) != len(set(ids)):
        raise InvalidData(_("Anggota panitia harus pengguna instansi ini."), field=field)
    return found


def _position(agency_id: int, pk: int | None) -> Any:
    if pk is None:
        return None
    from jenjang.organization.models import Position

    position = Position.objects.filter(agency_id=agency_id, pk=pk).first()
    if position is None:
        raise InvalidData(_("Jabatan bukan milik instansi ini."), field="position")
    return position


class StaffVacancyCreateApi(APIView):
    """Create a vacancy of the user's agency (personnel staff): 201, or 200 with the first vacancy for a repeated
    request key."""

    @extend_schema(request=VacancyWriteSerializer, responses={201: VacancySerializer, 200: VacancySerializer})
    def post(self, request: Request) -> Response:
        user = request.user
        core_access.require(access.can_manage(user) and getattr(user, "agency_id", None) is not None)
        data = VacancyWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        agency_id = user.agency_id
        committee = _users(agency_id, v.pop("committee"), "committee")
        external = v.pop("committee_external", [])
        v["position"] = _position(agency_id, v.get("position"))
        key = request_key(request, v)
        for extra in ("request_key", "version"):
            v.pop(extra, None)
        vacancy, created = services.vacancy_create_once(
            form_key=key, actor=user, agency=user.agency, data=v, committee=committee, external=external
        )
        vacancy = Vacancy.objects.select_related("agency", "position").get(pk=vacancy.pk)
        prefetch_related_objects([vacancy], COMMITTEE)
        return Response(
            VacancySerializer(vacancy).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class StaffVacancyEditApi(APIView):
    """Change a vacancy (PATCH, with the `version` read: stale 409, nothing written)."""

    @extend_schema(request=VacancyWriteSerializer, responses=VacancySerializer)
    def patch(self, request: Request, pk: int) -> Response:
        vacancy = access.staff_vacancy_get(request.user, pk)
        core_access.require(access.can_manage_vacancy(request.user, vacancy))
        data = VacancyWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        if "version" not in v:
            raise InvalidData(_("Sertakan versi lowongan yang dibaca."), field="version")
        version = v.pop("version")
        for extra in ("request_key", "announce"):
            v.pop(extra, None)
        committee = _users(vacancy.agency_id, v.pop("committee"), "committee") if "committee" in v else None
        external = v.pop("committee_external", None)
        if "position" in v:
            v["position"] = _position(vacancy.agency_id, v["position"])
        if vacancy.status == VacancyStatus.DRAFT:  # a draft is checked whole: the fields not sent keep their value
            keys = ("title", "position", "description", "open_to_public", "requirements", "announcement_start")
            v = {**{k: getattr(vacancy, k) for k in (*keys, *services.DATE_FIELDS)}, **v}
        services.vacancy_update(
            actor=request.user,
            vacancy=vacancy,
            data=v,
            committee=committee,
            external=external,
            expected_version=version,
        )
        vacancy = Vacancy.objects.select_related("agency", "position").get(pk=vacancy.pk)
        prefetch_related_objects([vacancy], COMMITTEE)
        return Response(VacancySerializer(vacancy).data)


class CancelApi(APIView):
    """Cancel a vacancy with a written reason (personnel staff; `version` for optimistic locking)."""

    @extend_schema(request=CancelInput, responses=ActionOutput)
    def post(self, request: Request, pk: int) -> Response:
        vacancy = access.staff_vacancy_get(request.user, pk)
        data = CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        vacancy = services.vacancy_cancel(
            actor=request.user, vacancy=vacancy, reason=data.validated_data["reason"],
            expected_version=data.validated_data["version"],
        )  # fmt: skip
        return Response({"status": vacancy.status})


def _staff_application(user: Any, pk: Any) -> Application:
    try:
        application = Application.objects.select_related("vacancy").get(pk=pk)
    except (ValueError, TypeError, Application.DoesNotExist):
        raise NotFound() from None
    access.staff_vacancy_get(user, application.vacancy_id)  # 404 outside the user's vacancies
    return application


class OverrideApi(APIView):
    @extend_schema(request=OverrideInput, responses=StaffApplicationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        application = _staff_application(request.user, pk)
        data = OverrideInput(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.screening_override(
            actor=request.user, application=application, passed=data.validated_data["passed"],
            reason=data.validated_data["reason"], expected_version=data.validated_data["version"],
        )  # fmt: skip
        return Response(StaffApplicationSerializer(application).data)


class ScoreApi(APIView):
    """The calling panel member's own score (others' stay hidden until every member has scored)."""

    @extend_schema(request=ScoreInput, responses=ActionOutput)
    def post(self, request: Request, pk: int) -> Response:
        application = _staff_application(request.user, pk)
        data = ScoreInput(data=request.data)
        data.is_valid(raise_exception=True)
        scoring.panel_score_submit(
            actor=request.user, application=application, stage=data.validated_data["stage"],
            score=data.validated_data["score"], note=data.validated_data["note"],
        )  # fmt: skip
        return Response({"status": "saved"})


class PpkDecisionApi(APIView):
    @extend_schema(request=PpkInput, responses=ActionOutput)
    def post(self, request: Request, pk: int) -> Response:
        vacancy = access.staff_vacancy_get(request.user, pk)
        core_access.require(access.can_decide(request.user, vacancy))
        data = PpkInput(data=request.data)
        data.is_valid(raise_exception=True)
        scoring.ppk_decide(
            actor=request.user, vacancy=vacancy, chosen_id=data.validated_data["chosen"],
            reason=data.validated_data["reason"],
        )  # fmt: skip
        vacancy.refresh_from_db()
        return Response({"status": vacancy.status})


class AppealDecideApi(APIView):
    @extend_schema(request=AppealDecideInput, responses=AppealSerializer)
    def post(self, request: Request, pk: int) -> Response:
        try:
            appeal = Appeal.objects.select_related("application").get(pk=pk)
        except (ValueError, TypeError, Appeal.DoesNotExist):
            raise NotFound() from None
        access.staff_vacancy_get(request.user, appeal.application.vacancy_id)
        data = AppealDecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        appeal = scoring.appeal_decide(
            actor=request.user,
            appeal=appeal,
            upheld=data.validated_data["upheld"],
            reason=data.validated_data["reason"],
        )
        return Response(AppealSerializer(appeal).data)
