"""Users, their role and their agency. Access decisions live in jenjang.core.access, nowhere else."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "ADMIN", _("Administrator instansi")
    PERSONNEL = "PERSONNEL", _("Staf kepegawaian")
    LEADER = "LEADER", _("Pimpinan / PPK")
    SUPERVISOR = "SUPERVISOR", _("Atasan langsung")
    EMPLOYEE = "EMPLOYEE", _("Pegawai")
    AUDITOR = "AUDITOR", _("Auditor merit")
    CANDIDATE = "CANDIDATE", _("Pelamar")  # an outside candidate of an open selection: no agency, no records


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.EMPLOYEE)
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    employee = models.OneToOneField(
        "personnel.Employee",
        verbose_name=_("pegawai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
