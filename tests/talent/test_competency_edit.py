"""Personnel staff change an agency's technical competency after creating it: names, family, level descriptions,
retire and restore it; a stale form writes nothing; national competencies, other agencies and readers cannot."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jenjang.core.errors import InvalidData, StaleEdit
from jenjang.core.models import AuditLog
from jenjang.talent import services
from jenjang.talent.models import Competency, CompetencyLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(agency, make_user):
    return make_user("PERSONNEL", agency)


@pytest.fixture
def anjab(agency, staff):
    return services.technical_competency_create(
        actor=staff,
        agency=agency,
        code="anjab",
        family="Analis SDM",
        name_id="Analisis jabatan",
        levels={1: ("Mengenal uraian tugas", ""), 2: ("Menyusun uraian tugas", "")},
    )


def _post(anjab, **over):
    data = {
        "version": anjab.version,
        "family": "Analis SDM Aparatur",
        "name_id": "Analisis jabatan dan beban kerja",
        "name_en": "Job and workload analysis",
        "is_active": "on",
        "level_1_id": "Mengenal uraian tugas",
        "level_2_id": "",
        "level_3_id": "Memimpin analisis jabatan unit",
        "level_3_en": "Leads a unit's job analysis",
    }
    data.update(over)
    return data


def test_staff_change_names_family_and_levels_from_the_dictionary(client, staff, anjab):
    client.force_login(staff)
    dictionary = client.get(reverse("talent:dictionary")).content.decode()
    url = reverse("talent:competency_edit", args=[anjab.pk])
    assert url in dictionary
    assert 'value="Menyusun uraian tugas"' in client.get(url).content.decode()
    response = client.post(url, _post(anjab))
    assert response.status_code == 302 and response["Location"] == reverse("talent:dictionary")
    anjab.refresh_from_db()
    assert (anjab.family, anjab.name_id, anjab.name_en, anjab.version, anjab.code) == (
        "Analis SDM Aparatur",
        "Analisis jabatan dan beban kerja",
        "Job and workload analysis",
        2,
        "anjab",
    )
    levels = dict(CompetencyLevel.objects.filter(competency=anjab).values_list("level", "description_id"))
    assert levels == {1: "Mengenal uraian tugas", 3: "Memimpin analisis jabatan unit"}
    audit = AuditLog.objects.get(action="talent.competency.update")
    assert audit.changes["levels"][1] == {"1": "Mengenal uraian tugas", "3": "Memimpin analisis jabatan unit"}


def test_a_stale_form_writes_nothing_and_keeps_the_typed_values(client, staff, anjab):
    services.technical_competency_update(
        actor=staff, competency=anjab, expected_version=1, family="Analis SDM", name_id="Dari tab lain"
    )
    client.force_login(staff)
    url = reverse("talent:competency_edit", args=[anjab.pk])
    page = client.post(url, _post(anjab, name_id="Ketikan saya")).content.decode()
    assert "telah diubah oleh pengguna lain" in page and 'value="Ketikan saya"' in page
    assert Competency.objects.get(pk=anjab.pk).name_id == "Dari tab lain"


def test_a_retired_competency_leaves_the_dictionary_and_can_be_restored(client, staff, anjab):
    client.force_login(staff)
    url = reverse("talent:competency_edit", args=[anjab.pk])
    client.post(url, _post(anjab, is_active=""))
    dictionary = client.get(reverse("talent:dictionary")).content.decode()
    assert (
        "Kompetensi teknis yang dipensiunkan" in dictionary and "<h2>Analisis jabatan dan beban kerja" not in dictionary
    )
    client.post(url, _post(Competency.objects.get(pk=anjab.pk)))
    assert Competency.objects.get(pk=anjab.pk).is_active


def test_national_competencies_and_blank_names_are_refused(staff, anjab):
    national = Competency.objects.get(agency__isnull=True, code="integrity")  # from the data migration
    with pytest.raises(InvalidData):
        services.technical_competency_update(
            actor=staff, competency=national, expected_version=None, family="x", name_id="Integritas baru"
        )
    with pytest.raises(InvalidData):
        services.technical_competency_update(
            actor=staff, competency=anjab, expected_version=1, family="Analis SDM", name_id="  "
        )
    with pytest.raises(StaleEdit):
        services.technical_competency_update(
            actor=staff, competency=anjab, expected_version=7, family="Analis SDM", name_id="Analisis"
        )
    assert Competency.objects.get(pk=anjab.pk).version == 1


def test_other_agencies_and_readers_cannot_edit(client, anjab, other_agency, agency, make_user):
    url = reverse("talent:competency_edit", args=[anjab.pk])
    client.force_login(make_user("PERSONNEL", other_agency))
    assert client.get(url).status_code == 404
    assert client.post(url, _post(anjab)).status_code == 404
    client.force_login(make_user("AUDITOR", agency))
    assert client.post(url, _post(anjab)).status_code == 403
    assert Competency.objects.get(pk=anjab.pk).version == 1


# --- API ------------------------------------------------------------------------------------------------------


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_creates_and_changes_a_technical_competency_with_the_version(staff):
    api = _api(staff)
    created = api.post(
        "/api/v1/talent/competencies/",
        {
            "code": "Pranata",
            "family": "Pranata Komputer",
            "name_id": "Pengelolaan jaringan",
            "levels": [{"level": 1, "description_id": "Memasang kabel jaringan"}],
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["code"] == "pranata" and created.json()["version"] == 1
    url = f"/api/v1/talent/competencies/{created.json()['id']}/"
    assert api.patch(url, {"name_id": "x"}, format="json").json()["error"]["field"] == "version"
    changed = api.patch(url, {"name_en": "Network management", "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["name_en"] == "Network management"
    assert changed.json()["levels"][0]["description_id"] == "Memasang kabel jaringan"  # levels not sent: kept
    assert api.patch(url, {"name_en": "Stale", "version": 1}, format="json").status_code == 409
    codes = [c["code"] for c in api.get("/api/v1/talent/competencies/").json()]
    assert "pranata" in codes and "integrity" in codes


def test_api_refuses_readers_other_agencies_and_national_entries(anjab, agency, other_agency, make_user):
    url = f"/api/v1/talent/competencies/{anjab.pk}/"
    body = {"name_id": "Ubahan", "version": 1}
    assert _api(make_user("AUDITOR", agency)).patch(url, body, format="json").status_code == 403
    assert _api(make_user("PERSONNEL", other_agency)).patch(url, body, format="json").status_code == 404
    national = Competency.objects.get(agency__isnull=True, code="integrity")
    staff = make_user("PERSONNEL", agency)
    assert _api(staff).patch(f"/api/v1/talent/competencies/{national.pk}/", body, format="json").status_code == 404
    assert Competency.objects.get(pk=anjab.pk).version == 1
