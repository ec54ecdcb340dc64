"""API shapes for agencies, units and positions. Input serializers only parse; organization.services writes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import Agency, EducationChoices, Position, PositionLevelChoices, Unit


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ("id", "code", "name", "short_name", "kind", "province", "address", "version")
        read_only_fields = fields


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ("id", "agency", "parent", "code", "name", "path", "depth", "order", "version")
        read_only_fields = fields


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = (
            "id", "agency", "unit", "code", "name", "level", "kind", "family", "class_grade",
            "required_education", "formation", "is_active", "version",
        )  # fmt: skip
        read_only_fields = fields


class AgencyScopedInput(serializers.Serializer):
    """Related rows (units) resolve only within `context["agency_id"]`: another agency's ID does not exist."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_id = self.context.get("agency_id")
        for name in ("parent", "unit"):
            if name in self.fields:
                self.fields[name].queryset = Unit.objects.filter(agency_id=agency_id)  # type: ignore[attr-defined]


def agency_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, help_text="Only for national administrators; others always write to their own agency."
    )


class UnitCreateInput(AgencyScopedInput):
    agency = agency_field()
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none(), allow_null=True, required=False)
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=200)
    order = serializers.IntegerField(min_value=0, required=False)


class UnitUpdateInput(AgencyScopedInput):
    version = serializers.IntegerField(min_value=1)
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none(), allow_null=True, required=False)
    code = serializers.CharField(max_length=30, required=False)
    name = serializers.CharField(max_length=200, required=False)
    order = serializers.IntegerField(min_value=0, required=False)


class PositionCreateInput(AgencyScopedInput):
    agency = agency_field()
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none(), allow_null=True, required=False)
    code = serializers.CharField(max_length=30, required=False, allow_blank=True)
    name = serializers.CharField(max_length=200)
    level = serializers.ChoiceField(choices=PositionLevelChoices)
    family = serializers.CharField(max_length=100, required=False, allow_blank=True)
    class_grade = serializers.IntegerField(min_value=1, max_value=17, required=False, allow_null=True)
    required_education = serializers.ChoiceField(choices=EducationChoices, required=False, allow_blank=True)
    formation = serializers.IntegerField(min_value=0, required=False)
    is_active = serializers.BooleanField(required=False)


class PositionUpdateInput(PositionCreateInput):
    agency = None  # type: ignore[assignment]
    version = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=200, required=False)
    level = serializers.ChoiceField(choices=PositionLevelChoices, required=False)


class UnitFilter(serializers.Serializer):
    parent = serializers.IntegerField(required=False, help_text="Only the direct children of this unit.")


class PositionFilter(serializers.Serializer):
    unit = serializers.IntegerField(required=False)
    level = serializers.ChoiceField(choices=PositionLevelChoices, required=False)
