"""Protected attributes, stored apart from the personnel record.

No page, API endpoint, export or scoring rule reads this table. Only the fairness audit (merit monitoring) may
read it, and only in aggregate. An import-linter contract forbids every other part of Jenjang to import it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Religion(models.TextChoices):
    ISLAM = "ISLAM", _("Islam")
    PROTESTANT = "KRISTEN", _("Kristen Protestan")
    CATHOLIC = "KATOLIK", _("Katolik")
    HINDU = "HINDU", _("Hindu")
    BUDDHIST = "BUDDHA", _("Buddha")
    CONFUCIAN = "KONGHUCU", _("Konghucu")
    OTHER = "LAINNYA", _("Kepercayaan lain")


class MaritalStatus(models.TextChoices):
    SINGLE = "BELUM_KAWIN", _("Belum kawin")
    MARRIED = "KAWIN", _("Kawin")
    DIVORCED = "CERAI_HIDUP", _("Cerai hidup")
    WIDOWED = "CERAI_MATI", _("Cerai mati")


class ProtectedAttributes(models.Model):
    employee = models.OneToOneField("personnel.Employee", on_delete=models.CASCADE, related_name="+")
    religion = models.CharField(_("agama"), max_length=10, choices=Religion.choices, blank=True)
    ethnicity = models.CharField(_("suku"), max_length=60, blank=True)
    disability = models.CharField(_("disabilitas"), max_length=100, blank=True)
    marital_status = models.CharField(_("status perkawinan"), max_length=12, choices=MaritalStatus.choices, blank=True)

    class Meta:
        verbose_name = _("atribut terlindungi")
        verbose_name_plural = _("atribut terlindungi")
        default_permissions = ()
