"""/api/v1/careers/: editing the career pattern and completing an IDP action through the API, with the pages'
services: roles, another agency (404), the version read (stale: 409), repeated requests (nothing twice)."""

from __future__ import annotations

import datetime as dt

import pytest

from jenjang.careers.models import ActionStatus, CareerPattern, DevelopmentAction, PatternEdge, PatternNode
from jenjang.core.models import AuditLog
from jenjang.domain.vocab import rank_code
from jenjang.personnel.models import TrainingHistory
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/careers"
JSON = "application/json"


@pytest.fixture
def staff(agency, make_user, login):
    return login(make_user("PERSONNEL", agency))


@pytest.fixture
def draft(agency):
    """A draft with two nodes and no move yet, at version 3 (as if built by two edits)."""
    pattern = CareerPattern.objects.create(agency=agency, name="Pola draf", version=3)
    PatternNode.objects.create(pattern=pattern, label="Pelaksana", level="PELAKSANA")
    PatternNode.objects.create(pattern=pattern, label="Pengawas", level="PENGAWAS")
    return pattern


def _nodes(pattern):
    return list(PatternNode.objects.filter(pattern=pattern).order_by("id"))


def _move(pattern, **extra):
    low, high = _nodes(pattern)[:2]
    return {"source_id": low.pk, "target_id": high.pk, "move_type": "VERTICAL", "direction": "VERTICAL", **extra}


def _version(pattern) -> int:
    return CareerPattern.objects.get(pk=pattern.pk).version


def test_personnel_builds_and_publishes_a_pattern(agency, staff, employee, make_user, client):
    created = staff.post(f"{API}/patterns/", {"name": "Pola baru", "request_key": "k1"}, content_type=JSON)
    assert created.status_code == 201
    pattern = created.json()
    assert pattern["status"] == "DRAFT" and pattern["version"] == 1
    url = f"{API}/patterns/{pattern['id']}"
    low = staff.post(f"{url}/nodes/", {"label": "Pelaksana", "level": "PELAKSANA", "version": 1}, content_type=JSON)
    assert low.status_code == 201 and low.json()["pattern_version"] == 2
    position = PositionFactory(agency=agency, level="PENGAWAS")
    high = staff.post(f"{url}/nodes/", {"label": "Kasubbag", "level": "PENGAWAS", "position_id": position.pk,
                                        "version": 2}, content_type=JSON)  # fmt: skip
    assert high.status_code == 201 and high.json()["position_id"] == position.pk
    move = {"source_id": low.json()["id"], "target_id": high.json()["id"], "move_type": "VERTICAL",
            "direction": "VERTICAL", "min_rank": "III/b", "min_education": "D3", "min_training_hours": 20,
            "version": 3}  # fmt: skip
    edge = staff.post(f"{url}/edges/", move, content_type=JSON)
    assert edge.status_code == 201
    assert edge.json()["min_rank"] == "III/b" and edge.json()["pattern_version"] == 4
    stored = PatternEdge.objects.get(pattern_id=pattern["id"])
    assert stored.min_rank == rank_code("III/b") and stored.min_training_hours == 20 and stored.min_education == "D3"
    published = staff.patch(f"{url}/", {"status": "PUBLISHED", "version": 4}, content_type=JSON)
    assert published.status_code == 200
    assert published.json()["status"] == "PUBLISHED" and published.json()["published_at"]
    assert AuditLog.objects.filter(action="careers.pattern.published", object_id=str(pattern["id"])).exists()
    assert AuditLog.objects.filter(action="careers.pattern.node_saved", object_id=str(pattern["id"])).count() == 2
    client.force_login(make_user("EMPLOYEE", agency, employee=employee))  # every employee now reads it
    detail = client.get(f"{url}/").json()
    assert [n["label"] for n in detail["nodes"]] == ["Pelaksana", "Kasubbag"] and len(detail["edges"]) == 1


def test_nodes_and_moves_are_changed_and_removed_with_the_version_read(draft, staff):
    low, high = _nodes(draft)
    url = f"{API}/patterns/{draft.pk}"
    edge = staff.post(f"{url}/edges/", {**_move(draft, min_years_in_position=4, note="PP 11/2017"), "version": 3},
                      content_type=JSON).json()  # fmt: skip
    renamed = staff.patch(f"{url}/nodes/{high.pk}/", {"label": "Pengawas (Kasubbag)", "version": 4},
                          content_type=JSON)  # fmt: skip
    assert renamed.status_code == 200 and renamed.json()["level"] == "PENGAWAS"  # unsent fields are kept
    changed = staff.patch(f"{url}/edges/{edge['id']}/", {"min_training_hours": 40, "version": 5}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["pattern_version"] == 6
    stored = PatternEdge.objects.get(pk=edge["id"])
    assert stored.min_training_hours == 40 and stored.min_years_in_position == 4 and stored.note == "PP 11/2017"
    assert staff.delete(f"{url}/edges/{edge['id']}/", {"version": 6}, content_type=JSON).status_code == 204
    gone = staff.patch(f"{url}/edges/{edge['id']}/", {"note": "x", "version": 7}, content_type=JSON)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"
    assert staff.delete(f"{url}/nodes/{low.pk}/?version=7").status_code == 204
    assert [n.label for n in _nodes(draft)] == ["Pengawas (Kasubbag)"] and _version(draft) == 8
    assert AuditLog.objects.filter(action="careers.pattern.node_deleted", object_id=str(draft.pk)).exists()


def test_bad_input_is_refused_with_a_translated_message(draft, staff):
    url = f"{API}/patterns/{draft.pk}"
    level = staff.post(f"{url}/nodes/", {"label": "X", "level": "KEPALA", "version": 3}, content_type=JSON)
    assert level.status_code == 400
    assert level.json()["error"] == {
        "code": "invalid_input",
        "field": "level",
        "message": "Jenjang jabatan tidak dikenal.",
    }
    rank = staff.post(f"{url}/edges/", {**_move(draft, min_rank="III/z"), "version": 3}, content_type=JSON,
                      HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert rank.status_code == 400 and rank.json()["error"]["field"] == "min_rank"
    assert rank.json()["error"]["message"] == "Unknown rank."
    empty = staff.patch(f"{url}/", {"status": "PUBLISHED", "version": 3}, content_type=JSON)
    assert empty.status_code == 400 and "tanpa perpindahan" in empty.json()["error"]["message"]
    no_version = staff.patch(f"{url}/nodes/{_nodes(draft)[0].pk}/", {"label": "Y"}, content_type=JSON)
    assert no_version.status_code == 400 and no_version.json()["error"]["field"] == "version"
    assert _version(draft) == 3 and not PatternEdge.objects.exists()  # refused edits change nothing


@pytest.mark.parametrize("role", ["EMPLOYEE", "SUPERVISOR", "LEADER", "AUDITOR"])
def test_only_admin_and_personnel_edit(draft, agency, employee, make_user, login, role):
    client = login(make_user(role, agency, employee=employee if role == "EMPLOYEE" else None))
    url = f"{API}/patterns/{draft.pk}"
    node = _nodes(draft)[0]
    assert client.post(f"{API}/patterns/", {"name": "Pola lain"}, content_type=JSON).status_code == 403
    assert client.post(f"{url}/nodes/", {"label": "A", "level": "PELAKSANA", "version": 3},
                       content_type=JSON).status_code == 403  # fmt: skip
    assert client.post(f"{url}/edges/", {**_move(draft), "version": 3}, content_type=JSON).status_code == 403
    assert client.patch(f"{url}/nodes/{node.pk}/", {"label": "B", "version": 3}, content_type=JSON).status_code == 403
    assert client.delete(f"{url}/nodes/{node.pk}/", {"version": 3}, content_type=JSON).status_code == 403
    assert client.patch(f"{url}/", {"status": "DRAFT", "version": 3}, content_type=JSON).status_code == 403
    assert CareerPattern.objects.count() == 1 and _version(draft) == 3 and len(_nodes(draft)) == 2


def test_admin_edits_too(draft, agency, make_user, login):
    client = login(make_user("ADMIN", agency))
    response = client.post(f"{API}/patterns/{draft.pk}/edges/", {**_move(draft), "version": 3}, content_type=JSON)
    assert response.status_code == 201


def test_another_agency_gets_404_and_changes_nothing(draft, other_agency, make_user, login):
    client = login(make_user("PERSONNEL", other_agency))
    url = f"{API}/patterns/{draft.pk}"
    node = _nodes(draft)[0]
    edge = PatternEdge.objects.create(pattern=draft, move_type="VERTICAL", direction="VERTICAL",
                                      source=node, target=_nodes(draft)[1])  # fmt: skip
    assert client.patch(f"{url}/", {"name": "Diambil", "version": 3}, content_type=JSON).status_code == 404
    assert client.post(f"{url}/nodes/", {"label": "A", "level": "PELAKSANA", "version": 3},
                       content_type=JSON).status_code == 404  # fmt: skip
    assert client.post(f"{url}/edges/", {**_move(draft), "version": 3}, content_type=JSON).status_code == 404
    assert client.patch(f"{url}/nodes/{node.pk}/", {"label": "B", "version": 3}, content_type=JSON).status_code == 404
    assert client.delete(f"{url}/nodes/{node.pk}/", {"version": 3}, content_type=JSON).status_code == 404
    assert client.patch(f"{url}/edges/{edge.pk}/", {"note": "x", "version": 3}, content_type=JSON).status_code == 404
    assert client.delete(f"{url}/edges/{edge.pk}/", {"version": 3}, content_type=JSON).status_code == 404
    draft.refresh_from_db()
    assert draft.name == "Pola draf" and draft.version == 3 and len(_nodes(draft)) == 2
    # a position of another agency cannot be placed in the pattern either
    foreign_position = PositionFactory(agency=other_agency, level="PELAKSANA")
    own = login(make_user("PERSONNEL", draft.agency))
    refused = own.post(f"{url}/nodes/", {"label": "A", "level": "PELAKSANA", "position_id": foreign_position.pk,
                                         "version": 3}, content_type=JSON)  # fmt: skip
    assert (
        refused.status_code == 400 and refused.json()["error"]["message"] == "Jabatan tidak ditemukan di instansi ini."
    )


def test_a_stale_version_is_refused_with_409(draft, agency, staff, make_user, login):
    url = f"{API}/patterns/{draft.pk}"
    node = _nodes(draft)[0]
    assert staff.post(f"{url}/edges/", {**_move(draft), "version": 3}, content_type=JSON).status_code == 201
    other = login(make_user("ADMIN", agency))  # read version 3 before the move was added
    for response in (
        other.post(f"{url}/nodes/", {"label": "Administrator", "level": "ADMINISTRATOR", "version": 3},
                   content_type=JSON),
        other.patch(f"{url}/nodes/{node.pk}/", {"label": "Staf", "version": 3}, content_type=JSON),
        other.delete(f"{url}/nodes/{node.pk}/", {"version": 3}, content_type=JSON),
        other.post(f"{url}/edges/", {**_move(draft), "target_id": node.pk, "source_id": _nodes(draft)[1].pk,
                                     "version": 3}, content_type=JSON),
        other.patch(f"{url}/", {"status": "PUBLISHED", "version": 3}, content_type=JSON),
    ):  # fmt: skip
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "conflict"
        assert "diubah oleh pengguna lain" in response.json()["error"]["message"]
    draft.refresh_from_db()
    assert draft.version == 4 and draft.status == "DRAFT"
    assert [n.label for n in _nodes(draft)] == ["Pelaksana", "Pengawas"] and PatternEdge.objects.count() == 1


def test_a_double_submit_creates_nothing_twice(draft, agency, staff, make_user, login):
    url = f"{API}/patterns/{draft.pk}"
    first = staff.post(f"{API}/patterns/", {"name": "Pola 2027"}, content_type=JSON, HTTP_IDEMPOTENCY_KEY="p-1")
    again = staff.post(f"{API}/patterns/", {"name": "Pola 2027"}, content_type=JSON, HTTP_IDEMPOTENCY_KEY="p-1")
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    assert CareerPattern.objects.filter(name="Pola 2027").count() == 1
    # the key is the user's own: a colleague sending the same key creates their own pattern
    colleague = login(make_user("ADMIN", agency))
    assert colleague.post(f"{API}/patterns/", {"name": "Pola 2027"}, content_type=JSON,
                          HTTP_IDEMPOTENCY_KEY="p-1").status_code == 201  # fmt: skip
    node = {"label": "Administrator", "level": "ADMINISTRATOR", "version": 3, "request_key": "n-1"}
    client = colleague
    one = client.post(f"{url}/nodes/", node, content_type=JSON)
    two = client.post(f"{url}/nodes/", node, content_type=JSON)
    assert (one.status_code, two.status_code) == (201, 200) and one.json()["id"] == two.json()["id"]
    assert two.json()["pattern_version"] == 4
    move = {**_move(draft), "version": 4, "request_key": "e-1"}
    assert [client.post(f"{url}/edges/", move, content_type=JSON).status_code for _ in range(2)] == [201, 200]
    # without a key the version read refuses the repeat: still one node, one move
    plain = {"label": "JPT Pratama", "level": "JPT_PRATAMA", "version": 5}
    assert [client.post(f"{url}/nodes/", plain, content_type=JSON).status_code for _ in range(2)] == [201, 409]
    assert [n.label for n in _nodes(draft)] == ["Pelaksana", "Pengawas", "Administrator", "JPT Pratama"]
    assert PatternEdge.objects.filter(pattern=draft).count() == 1 and _version(draft) == 6


# --- IDP: completing an agreed action ---------------------------------------------------------------------


@pytest.fixture
def agreed(agency, unit, make_user):
    """An agreed action of Putu's plan, with Putu's user, Putu's supervisor and one training record of Putu's."""
    member = EmployeeFactory(agency=agency, unit=unit, name="Putu Ayu")
    own = make_user("EMPLOYEE", agency, employee=member)
    head = make_user("SUPERVISOR", agency, employee=EmployeeFactory(agency=agency, unit=unit))
    action = DevelopmentAction.objects.create(agency=agency, employee=member, title="Pelatihan Analisis Jabatan",
                                              target_date=dt.date(2026, 6, 30), status=ActionStatus.AGREED,
                                              version=2)  # fmt: skip
    training = TrainingHistory.objects.create(employee=member, name="Analisis Jabatan", start_date=dt.date(2026, 5, 1),
                                              end_date=dt.date(2026, 5, 5), hours=40)  # fmt: skip
    return action, own, head, training


def test_the_employee_completes_an_agreed_action_with_own_training(agreed, login):
    action, own, _head, training = agreed
    client = login(own)
    url = f"{API}/idp/{action.pk}/completion/"
    done = client.post(url, {"training_id": training.pk, "version": 2}, content_type=JSON)
    assert done.status_code == 200
    assert done.json()["status"] == "DONE" and done.json()["training_id"] == training.pk
    assert done.json()["version"] == 3
    again = client.post(url, {"training_id": training.pk, "version": 2}, content_type=JSON)  # a double submit
    assert again.status_code == 200 and again.json()["version"] == 3
    assert AuditLog.objects.filter(action="careers.idp.completed", object_id=str(action.pk)).count() == 1
    me = client.get(f"{API}/me/").json()
    assert [(a["status"], a["training_id"]) for a in me["actions"]] == [("DONE", training.pk)]


def test_completion_without_training_and_its_refusals(agreed, agency, login):
    action, own, _head, _training = agreed
    client = login(own)
    url = f"{API}/idp/{action.pk}/completion/"
    foreign = TrainingHistory.objects.create(
        employee=EmployeeFactory(agency=agency), name="Lain", start_date=dt.date(2026, 5, 1),
        end_date=dt.date(2026, 5, 2), hours=8)  # fmt: skip
    wrong = client.post(url, {"training_id": foreign.pk, "version": 2}, content_type=JSON)
    assert wrong.status_code == 400 and wrong.json()["error"]["field"] == "training"
    assert wrong.json()["error"]["message"] == "Pilih pelatihan dari riwayat pelatihan Anda."
    assert client.post(url, {"version": 1}, content_type=JSON).status_code == 409  # stale
    assert DevelopmentAction.objects.get(pk=action.pk).status == ActionStatus.AGREED
    done = client.post(url, {"version": 2}, content_type=JSON)
    assert done.status_code == 200 and done.json()["training_id"] is None
    proposed = DevelopmentAction.objects.create(agency=agency, employee=action.employee, title="Coaching",
                                                target_date=dt.date(2026, 9, 1))  # fmt: skip
    early = client.post(f"{API}/idp/{proposed.pk}/completion/", {"version": 1}, content_type=JSON,
                        HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert early.status_code == 400
    assert early.json()["error"]["message"] == "Only activities agreed by the supervisor can be completed."


def test_only_the_employee_completes_and_another_agency_gets_404(agreed, agency, other_agency, make_user, login):
    action, _own, head, training = agreed
    url = f"{API}/idp/{action.pk}/completion/"
    body = {"training_id": training.pk, "version": 2}
    assert login(head).post(url, body, content_type=JSON).status_code == 403
    assert login(make_user("PERSONNEL", agency)).post(url, body, content_type=JSON).status_code == 403
    far = make_user("SUPERVISOR", agency, employee=EmployeeFactory(agency=agency, unit=UnitFactory(agency=agency)))
    assert login(far).post(url, body, content_type=JSON).status_code == 404  # may not read this employee
    assert login(make_user("PERSONNEL", other_agency)).post(url, body, content_type=JSON).status_code == 404
    assert DevelopmentAction.objects.get(pk=action.pk).status == ActionStatus.AGREED


def test_openapi_schema_documents_the_write_endpoints_without_warnings(capsys):
    from drf_spectacular.generators import SchemaGenerator

    from jenjang.careers import api_urls

    schema = SchemaGenerator(patterns=[*api_urls.urlpatterns]).get_schema(request=None, public=True)
    captured = capsys.readouterr()
    assert "Warning" not in captured.err and "Error" not in captured.err, captured.err
    paths = schema["paths"]
    node = next(op for path, op in paths.items() if path.endswith("/nodes/{node_pk}/"))
    assert {"patch", "delete"} <= set(node)
    assert "post" in next(op for path, op in paths.items() if path.endswith("/completion/"))
