"""factory_boy factories shared by every test package. Synthetic people only (Faker id_ID)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from jenjang.accounts.models import Role, User
from jenjang.domain.vocab import rank_code
from jenjang.organization.models import Agency, Position, Unit
from jenjang.personnel.models import Employee, PerformanceHistory, RankHistory

factory.Faker._DEFAULT_LOCALE = "id_ID"

PASSWORD = "rahasia-uji-123"


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"A{n:04d}")
    name = factory.Sequence(lambda n: f"Instansi Uji {n}")
    short_name = factory.Sequence(lambda n: f"IU{n}")


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Bagian {n}")


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    agency = factory.SubFactory(AgencyFactory)
    unit = factory.SubFactory(UnitFactory, agency=factory.SelfAttribute("..agency"))
    name = factory.Sequence(lambda n: f"Analis Kepegawaian {n}")
    level = "JF_AHLI_PERTAMA"
    required_education = "S1"


def _nip(n: int, birth: dt.date, appointed: dt.date, gender: str) -> str:
    return f"{birth:%Y%m%d}{appointed:%Y%m}{1 if gender == 'M' else 2}{n % 999 + 1:03d}"


class EmployeeFactory(DjangoModelFactory):
    class Meta:
        model = Employee

    agency = factory.SubFactory(AgencyFactory)
    unit = factory.SubFactory(UnitFactory, agency=factory.SelfAttribute("..agency"))
    position = factory.SubFactory(
        PositionFactory, agency=factory.SelfAttribute("..agency"), unit=factory.SelfAttribute("..unit")
    )
    name = factory.Faker("name")
    gender = "F"
    birth_date = dt.date(1985, 3, 14)
    birth_place = factory.Faker("city")
    employment_type = "PNS"
    appointment_date = dt.date(2010, 1, 1)
    pns_date = dt.date(2011, 1, 1)
    rank = rank_code("III/b")
    rank_since = dt.date(2019, 4, 1)
    education = "S1"
    position_since = dt.date(2020, 1, 2)
    last_salary_increment = dt.date(2024, 1, 1)
    nip = factory.LazyAttributeSequence(lambda o, n: _nip(n, o.birth_date, o.appointment_date, o.gender))


class RankHistoryFactory(DjangoModelFactory):
    class Meta:
        model = RankHistory

    employee = factory.SubFactory(EmployeeFactory)
    rank = rank_code("III/a")
    effective_date = dt.date(2015, 4, 1)
    decree_number = factory.Sequence(lambda n: f"800/{n}/BKPSDM/2015")


class PerformanceHistoryFactory(DjangoModelFactory):
    class Meta:
        model = PerformanceHistory

    employee = factory.SubFactory(EmployeeFactory)
    year = 2024
    predicate = "BAIK"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.EMPLOYEE
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()
