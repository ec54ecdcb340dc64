"""API shapes for employees, their histories and documents. Ranks travel as "III/a" strings and are stored as
integer codes (jenjang.domain.vocab). Protected attributes have no serializer at all.

Input serializers only parse; personnel.services validates the rules (NIP, agency) and writes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jenjang.domain.vocab import RANKS, rank_code, rank_from_code
from jenjang.organization.models import Position, PositionLevelChoices, Unit

from .models import (
    AwardHistory,
    Document,
    DocumentType,
    EducationHistory,
    Employee,
    EmployeeStatus,
    EmploymentType,
    Gender,
    PerformanceHistory,
    PositionHistory,
    RankHistory,
    SalaryIncrementHistory,
    SanctionHistory,
    TrainingHistory,
)


class RankField(serializers.ChoiceField):
    """A PNS rank as the rules contract writes it ("III/a"), stored as its integer code (31)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=RANKS, **kwargs)

    def to_representation(self, value: Any) -> Any:
        if value in (None, ""):
            return None
        return rank_from_code(int(value))

    def to_internal_value(self, data: Any) -> Any:
        return rank_code(super().to_internal_value(data))


# --- employees -------------------------------------------------------------------------------------------


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ("id", "code", "name")
        read_only_fields = fields


class PositionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ("id", "name", "level")
        read_only_fields = fields


class EmployeeListSerializer(serializers.ModelSerializer):
    rank = RankField(read_only=True, allow_null=True)
    full_name = serializers.CharField(read_only=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    position = PositionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Employee
        fields = (
            "id", "agency", "nip", "name", "full_name", "employment_type", "rank", "rank_since", "education",
            "unit", "position", "status", "version",
        )  # fmt: skip
        read_only_fields = fields


class EmployeeSerializer(EmployeeListSerializer):
    class Meta:
        model = Employee
        fields = (
            "id", "agency", "nip", "name", "front_title", "back_title", "full_name", "birth_date", "birth_place",
            "gender", "employment_type", "appointment_date", "pns_date", "rank", "rank_since", "pppk_grade",
            "education", "unit", "position", "position_since", "occupation", "status", "last_salary_increment",
            "email", "phone", "version", "created_at", "updated_at",
        )  # fmt: skip
        read_only_fields = fields


class AgencyScopedInput(serializers.Serializer):
    """Units and positions resolve only within `context["agency_id"]`: another agency's ID does not exist."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_id = self.context.get("agency_id")
        if "unit" in self.fields:
            self.fields["unit"].queryset = Unit.objects.filter(agency_id=agency_id)  # type: ignore[attr-defined]
        if "position" in self.fields:
            self.fields["position"].queryset = Position.objects.filter(  # type: ignore[attr-defined]
                agency_id=agency_id
            ).select_related("unit")


class EmployeeInput(AgencyScopedInput):
    agency = serializers.IntegerField(
        required=False, help_text="Only for national administrators; others always write to their own agency."
    )
    nip = serializers.CharField(max_length=40, help_text="18 digits, checked by the `nip` rule.")
    name = serializers.CharField(max_length=150)
    front_title = serializers.CharField(max_length=50, required=False, allow_blank=True)
    back_title = serializers.CharField(max_length=80, required=False, allow_blank=True)
    birth_date = serializers.DateField()
    birth_place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    gender = serializers.ChoiceField(choices=Gender.choices)
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices)
    appointment_date = serializers.DateField()
    pns_date = serializers.DateField(required=False, allow_null=True)
    rank = RankField(required=False, allow_null=True)
    rank_since = serializers.DateField(required=False, allow_null=True)
    pppk_grade = serializers.IntegerField(min_value=1, max_value=17, required=False, allow_null=True)
    education = serializers.ChoiceField(choices=Employee._meta.get_field("education").choices)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none(), required=False, allow_null=True)
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.none(), required=False, allow_null=True)
    position_since = serializers.DateField(required=False, allow_null=True)
    occupation = serializers.ChoiceField(
        choices=Employee._meta.get_field("occupation").choices, required=False, allow_blank=True
    )
    status = serializers.ChoiceField(choices=EmployeeStatus.choices, required=False)
    last_salary_increment = serializers.DateField(required=False, allow_null=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)


class EmployeeUpdateInput(EmployeeInput):
    """A partial edit naming the `version` it was read at. `nip` and `agency` are accepted only to be refused
    (with 400) when they differ: they never change."""

    version = serializers.IntegerField(min_value=1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" not in attrs:  # partial=True makes every field optional; the version never is
            raise serializers.ValidationError({"version": serializers.Field.default_error_messages["required"]})
        return attrs


class EmployeeFilter(serializers.Serializer):
    ORDERING = ("name", "nip", "rank", "rank_since", "birth_date", "appointment_date", "position_since")

    q = serializers.CharField(required=False, allow_blank=True, help_text="Part of the name, or the start of a NIP.")
    unit = serializers.IntegerField(required=False)
    rank = RankField(required=False)
    level = serializers.ChoiceField(choices=PositionLevelChoices, required=False)
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices, required=False)
    status = serializers.ChoiceField(choices=EmployeeStatus.choices, required=False)
    ordering = serializers.ChoiceField(
        choices=[*ORDERING, *(f"-{o}" for o in ORDERING)], required=False, help_text="A field, '-' for descending."
    )


# --- histories -------------------------------------------------------------------------------------------

HISTORY_COMMON = ("id", "decree_number", "decree_date", "created_at")


class RankHistorySerializer(serializers.ModelSerializer):
    rank = RankField()

    class Meta:
        model = RankHistory
        fields = (*HISTORY_COMMON, "rank", "effective_date", "kind", "service_years")
        read_only_fields = ("id", "created_at")


class PositionHistorySerializer(serializers.ModelSerializer):
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.none(), required=False, allow_null=True)

    class Meta:
        model = PositionHistory
        fields = (*HISTORY_COMMON, "position", "position_name", "level", "unit_name", "start_date", "end_date")
        read_only_fields = ("id", "created_at")
        extra_kwargs = {"position_name": {"required": False}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_id = self.context.get("agency_id")
        self.fields["position"].queryset = Position.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id
        ).select_related("unit")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("position") and not attrs.get("position_name"):
            raise serializers.ValidationError({"position_name": serializers.Field.default_error_messages["required"]})
        return attrs


class EducationHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = EducationHistory
        fields = (*HISTORY_COMMON, "level", "institution", "major", "graduation_date")
        read_only_fields = ("id", "created_at")


class TrainingHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingHistory
        fields = (*HISTORY_COMMON, "name", "kind", "mode", "organizer", "start_date", "end_date", "hours")
        read_only_fields = ("id", "created_at")


class PerformanceHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = PerformanceHistory
        fields = (*HISTORY_COMMON, "year", "predicate", "scheme", "score", "source")
        read_only_fields = ("id", "created_at")
        validators: list[Any] = []  # one predicate per year: personnel.services.history_add says so, translated


class AwardHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardHistory
        fields = (*HISTORY_COMMON, "name", "awarded_on", "giver")
        read_only_fields = ("id", "created_at")


class SanctionHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = SanctionHistory
        fields = (*HISTORY_COMMON, "level", "kind", "start_date", "end_date")
        read_only_fields = ("id", "created_at")


class SalaryIncrementHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = SalaryIncrementHistory
        fields = (*HISTORY_COMMON, "effective_date", "service_years", "base_salary")
        read_only_fields = ("id", "created_at")


# URL segment -> (personnel.services kind, serializer)
HISTORIES: dict[str, tuple[str, type[serializers.ModelSerializer]]] = {
    "ranks": ("rank", RankHistorySerializer),
    "positions": ("position", PositionHistorySerializer),
    "education": ("education", EducationHistorySerializer),
    "trainings": ("training", TrainingHistorySerializer),
    "performance": ("performance", PerformanceHistorySerializer),
    "awards": ("award", AwardHistorySerializer),
    "sanctions": ("sanction", SanctionHistorySerializer),
    "salary-increments": ("salary", SalaryIncrementHistorySerializer),
}


class HistoryDeleteInput(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the row is removed; kept in the audit log.")


# --- documents -------------------------------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ("id", "doc_type", "title", "original_name", "content_type", "size", "sha256", "uploaded_at")
        read_only_fields = fields


class DocumentUploadInput(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG or PNG (checked by content).")
    doc_type = serializers.ChoiceField(choices=DocumentType.choices)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
