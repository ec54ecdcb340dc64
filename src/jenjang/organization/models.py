"""Agencies (instansi), their tree of units, and positions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jenjang.core.models import VersionedModel
from jenjang.domain.vocab import EDUCATION, POSITION_LEVEL_LABEL


class AgencyKind(models.TextChoices):
    CENTRAL = "CENTRAL", _("Instansi pusat")
    PROVINCE = "PROVINCE", _("Pemerintah provinsi")
    REGENCY = "REGENCY", _("Pemerintah kabupaten")
    CITY = "CITY", _("Pemerintah kota")


class Agency(VersionedModel):
    code = models.CharField(_("kode instansi"), max_length=20, unique=True)
    name = models.CharField(_("nama instansi"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=50, blank=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=AgencyKind.choices, default=AgencyKind.CENTRAL)
    province = models.CharField(_("provinsi"), max_length=100, blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Unit(VersionedModel):
    """A unit in the agency's tree. `path` ("/3/17/42/") makes subtree queries one indexed prefix match."""

    agency = models.ForeignKey(Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("kode unit"), max_length=30)
    name = models.CharField(_("nama unit"), max_length=200)
    path = models.CharField(max_length=255, blank=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    order = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique_per_agency")]
        indexes = [
            models.Index(fields=["agency", "path"], name="unit_agency_path"),
            # the list page's unit filter reads the tree's shallowest units in depth order (`unit_choices`)
            models.Index(fields=["depth", "path"], name="unit_depth_path"),
            models.Index(fields=["agency", "depth", "path"], name="unit_agency_depth_path"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Keeps `path` and `depth` true; moving a unit is done by organization.services.unit_move."""
        creating = self.pk is None
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        path = f"{parent_path}{self.pk}/"
        depth = path.count("/") - 2
        if creating or path != self.path:
            type(self).objects.filter(pk=self.pk).update(path=path, depth=depth)
            self.path, self.depth = path, depth


class PositionKind(models.TextChoices):
    STRUCTURAL = "STRUCTURAL", _("Struktural (JPT/administrasi)")
    FUNCTIONAL = "FUNCTIONAL", _("Fungsional")
    PELAKSANA = "PELAKSANA", _("Pelaksana")


PositionLevelChoices = [(code, str(label.id)) for code, label in POSITION_LEVEL_LABEL.items()]
EducationChoices = [(code, code) for code in EDUCATION]


def position_kind(level: str) -> str:
    if level.startswith("JF_"):
        return PositionKind.FUNCTIONAL
    if level == "PELAKSANA":
        return PositionKind.PELAKSANA
    return PositionKind.STRUCTURAL


class Position(VersionedModel):
    agency = models.ForeignKey(Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="positions")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    code = models.CharField(_("kode jabatan"), max_length=30, blank=True)
    name = models.CharField(_("nama jabatan"), max_length=200)
    level = models.CharField(_("jenjang jabatan"), max_length=20, choices=PositionLevelChoices)
    kind = models.CharField(_("jenis jabatan"), max_length=12, choices=PositionKind.choices, editable=False)
    family = models.CharField(_("rumpun/jabatan fungsional"), max_length=100, blank=True)
    class_grade = models.PositiveSmallIntegerField(_("kelas jabatan"), null=True, blank=True)
    required_education = models.CharField(_("pendidikan minimal"), max_length=4, choices=EducationChoices, blank=True)
    formation = models.PositiveSmallIntegerField(_("formasi (kebutuhan)"), default=1)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["agency", "level"], name="position_agency_level"),
            models.Index(fields=["agency", "unit"], name="position_agency_unit"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.kind = position_kind(self.level)
        super().save(*args, **kwargs)
