"""A small agency: a root unit headed by an Administrator (the superior), a section headed by a Pengawas (the
supervisor) with two staff (the employee and a peer), another section, and another agency."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from jenjang.performance import services
from jenjang.performance.models import BerAkhlak
from tests.factories import AgencyFactory, EmployeeFactory, PositionFactory, UnitFactory, UserFactory


def _person(agency, unit, level, name):
    position = PositionFactory(agency=agency, unit=unit, level=level, name=f"Jabatan {name}")
    return EmployeeFactory(agency=agency, unit=unit, position=position, name=name)


@pytest.fixture
def org(db):
    agency = AgencyFactory(code="IPDN-T", name="IPDN Uji")
    root = UnitFactory(agency=agency, code="ROOT", name="Kampus")
    section = UnitFactory(agency=agency, code="SEK", name="Subbagian Kepegawaian", parent=root)
    other_section = UnitFactory(agency=agency, code="KEU", name="Subbagian Keuangan", parent=root)
    superior = _person(agency, root, "ADMINISTRATOR", "Kepala Bagian")
    supervisor = _person(agency, section, "PENGAWAS", "Kepala Subbagian")
    worker = _person(agency, section, "JF_AHLI_PERTAMA", "Pegawai Satu")
    peer = _person(agency, section, "JF_AHLI_PERTAMA", "Rekan Dua")
    other_head = _person(agency, other_section, "PENGAWAS", "Kepala Keuangan")
    other_worker = _person(agency, other_section, "PELAKSANA", "Pegawai Keuangan")
    foreign_agency = AgencyFactory(code="BKD-T", name="BKD Uji")
    foreign_unit = UnitFactory(agency=foreign_agency, code="BKD", name="BKD")
    foreign = _person(foreign_agency, foreign_unit, "PENGAWAS", "Kepala BKD")
    users = SimpleNamespace(
        superior=UserFactory(username="superior", role="LEADER", agency=agency, employee=superior),
        supervisor=UserFactory(username="atasan", role="SUPERVISOR", agency=agency, employee=supervisor),
        worker=UserFactory(username="pegawai", role="EMPLOYEE", agency=agency, employee=worker),
        peer=UserFactory(username="rekan", role="EMPLOYEE", agency=agency, employee=peer),
        other_head=UserFactory(username="kakeu", role="SUPERVISOR", agency=agency, employee=other_head),
        other_worker=UserFactory(username="pegkeu", role="EMPLOYEE", agency=agency, employee=other_worker),
        personnel=UserFactory(username="kepeg", role="PERSONNEL", agency=agency),
        foreign=UserFactory(username="bkd", role="SUPERVISOR", agency=foreign_agency, employee=foreign),
        foreign_admin=UserFactory(username="bkd-admin", role="ADMIN", agency=foreign_agency),
    )
    period = services.period_open(actor=users.personnel, agency=agency, year=2026, cadence="QUARTERLY")
    return SimpleNamespace(
        agency=agency, root=root, section=section, other_section=other_section, superior=superior,
        supervisor=supervisor, worker=worker, peer=peer, other_head=other_head, other_worker=other_worker,
        foreign=foreign, foreign_agency=foreign_agency, users=users, period=period,
    )  # fmt: skip


INDICATORS = [{"aspect": "QUANTITY", "text": "Jumlah usulan diproses", "target": "120 usulan"}]


def draft(org, employee=None, user=None):
    user = user or org.users.worker
    skp = services.skp_start(actor=user, employee=employee or org.worker, period=org.period)
    services.rhk_add(actor=user, skp=skp, expected_version=skp.version, kind="MAIN",
                     text="Terlaksananya layanan kenaikan pangkat", indicators=INDICATORS)  # fmt: skip
    skp.refresh_from_db()
    return skp


def submitted(org):
    skp = draft(org)
    return services.skp_submit(actor=org.users.worker, skp=skp, expected_version=skp.version)


def approved(org):
    skp = submitted(org)
    return services.skp_approve(actor=org.users.supervisor, skp=skp, expected_version=skp.version,
                                expectations="Layanan tepat waktu")  # fmt: skip


def behaviours(rating="MEETS"):
    return {v: (rating, "") for v in BerAkhlak.values}


def rated(org, work="MEETS", behaviour="ABOVE"):
    skp = approved(org)
    return services.skp_rate(actor=org.users.supervisor, skp=skp, expected_version=skp.version, work_rating=work,
                             behaviour_rating=behaviour, behaviours=behaviours(behaviour))  # fmt: skip
