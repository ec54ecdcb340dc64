from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from jenjang.workforce.models import WorkloadTask


class WorkloadTaskFactory(DjangoModelFactory):
    class Meta:
        model = WorkloadTask

    agency = factory.SelfAttribute("position.agency")
    year = 2025
    task = factory.Sequence(lambda n: f"Menyusun laporan {n}")
    output_unit = "laporan"
    volume = 100
    minutes = 60
