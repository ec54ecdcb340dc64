"""Units: the tree stays true when a unit moves; a unit never goes under its own descendant."""

from __future__ import annotations

import pytest

from jenjang.core.models import AuditLog
from jenjang.organization.models import Unit
from tests.factories import UnitFactory

from .test_access_matrix import ids

pytestmark = pytest.mark.django_db


def test_list_children_of_a_parent(world, api):
    response = api("LEADER").get(f"/api/v1/units/?parent={world.root.pk}")
    assert ids(response) == {world.academic.pk, world.admin_unit.pk}


def test_create_under_a_parent_sets_path_and_depth(world, api):
    response = api("ADMIN").post(
        "/api/v1/units/", {"code": "LAB2", "name": "Lab Bahasa", "parent": world.academic.pk}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["path"] == f"{world.academic.path}{body['id']}/"
    assert body["depth"] == 2
    assert AuditLog.objects.filter(action="organization.unit.created", object_id=str(body["id"])).exists()


def test_duplicate_code_is_400(world, api):
    response = api("ADMIN").post("/api/v1/units/", {"code": "LAB", "name": "Lab lain"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "code"


def test_parent_of_another_agency_is_400(world, api):
    response = api("ADMIN").post(
        "/api/v1/units/", {"code": "X", "name": "X", "parent": world.other_unit.pk}, format="json"
    )
    assert response.status_code == 400
    assert not Unit.objects.filter(code="X").exists()


def test_move_rewrites_the_whole_subtree(world, api):
    deep = UnitFactory(agency=world.agency, parent=world.lab, code="LAB-A", name="Ruang A")
    response = api("PERSONNEL").patch(
        f"/api/v1/units/{world.academic.pk}/",
        {"version": world.academic.version, "parent": world.admin_unit.pk},
        format="json",
    )
    assert response.status_code == 200
    for unit in (world.academic, world.lab, deep):
        unit.refresh_from_db()
    base = f"/{world.root.pk}/{world.admin_unit.pk}/{world.academic.pk}/"
    assert world.academic.path == base
    assert (world.lab.path, world.lab.depth) == (f"{base}{world.lab.pk}/", 3)
    assert (deep.path, deep.depth) == (f"{base}{world.lab.pk}/{deep.pk}/", 4)
    world.admin_unit.refresh_from_db()
    assert world.admin_unit.path == f"/{world.root.pk}/{world.admin_unit.pk}/"


def test_move_to_the_top_of_the_tree(world, api):
    response = api("ADMIN").patch(
        f"/api/v1/units/{world.academic.pk}/", {"version": world.academic.version, "parent": None}, format="json"
    )
    assert response.status_code == 200
    world.lab.refresh_from_db()
    assert (world.lab.path, world.lab.depth) == (f"/{world.academic.pk}/{world.lab.pk}/", 1)


@pytest.mark.parametrize("target", ["academic", "lab"])
def test_moving_under_itself_or_a_descendant_is_refused(world, api, target):
    response = api("ADMIN").patch(
        f"/api/v1/units/{world.academic.pk}/",
        {"version": world.academic.version, "parent": getattr(world, target).pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "parent"
    world.academic.refresh_from_db()
    assert (world.academic.parent_id, world.academic.version) == (world.root.pk, 1)


def test_stale_unit_edit_is_409_and_changes_nothing(world, api):
    client = api("ADMIN")
    url = f"/api/v1/units/{world.lab.pk}/"
    assert client.patch(url, {"version": 1, "name": "Lab Terpadu"}, format="json").status_code == 200
    stale = client.patch(url, {"version": 1, "parent": world.admin_unit.pk}, format="json")
    assert stale.status_code == 409
    world.lab.refresh_from_db()
    assert (world.lab.name, world.lab.parent_id) == ("Lab Terpadu", world.academic.pk)
    assert world.lab.path == f"/{world.root.pk}/{world.academic.pk}/{world.lab.pk}/"


def test_position_with_another_agencys_unit_is_400(world, api):
    response = api("ADMIN").post(
        "/api/v1/positions/", {"name": "Analis", "level": "PELAKSANA", "unit": world.other_unit.pk}, format="json"
    )
    assert response.status_code == 400


def test_position_filters(world, api):
    from tests.factories import PositionFactory

    lab_jf = PositionFactory(agency=world.agency, unit=world.lab, level="JF_AHLI_MUDA")
    PositionFactory(agency=world.agency, unit=world.lab, level="PELAKSANA")
    client = api("LEADER")
    assert ids(client.get(f"/api/v1/positions/?unit={world.lab.pk}&level=JF_AHLI_MUDA")) == {lab_jf.pk}
    assert client.get("/api/v1/positions/?level=NOPE").status_code == 400
