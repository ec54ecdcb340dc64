"""The career pattern: reading (scoped), editing (every edit names the pattern version it read), and drawing
(a layered layout computed server-side with networkx, rendered as inline SVG by the template)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData, NotFound, StaleEdit

from . import access as careers_access
from .models import CareerPattern, PatternEdge, PatternNode, PatternStatus

# Vertical tier of each level in the picture (0 = top); functional levels sit beside their structural equivalent
# (the penyetaraan mapping: Administrator ~ Ahli Madya, Pengawas ~ Ahli Muda, Pelaksana ~ Ahli Pertama).
TIER = {
    "JPT_UTAMA": 0,
    "JPT_MADYA": 1,
    "JF_AHLI_UTAMA": 1,
    "JPT_PRATAMA": 2,
    "ADMINISTRATOR": 3,
    "JF_AHLI_MADYA": 3,
    "PENGAWAS": 4,
    "JF_AHLI_MUDA": 4,
    "JF_PENYELIA": 4,
    "PELAKSANA": 5,
    "JF_AHLI_PERTAMA": 5,
    "JF_MAHIR": 5,
    "JF_TERAMPIL": 6,
    "JF_PEMULA": 7,
}
NODE_FIELDS = ("label", "level", "family", "position_id")
EDGE_FIELDS = (
    "source_id",
    "target_id",
    "move_type",
    "direction",
    "min_rank",
    "min_education",
    "min_years_in_rank",
    "min_years_in_position",
    "min_training_hours",
    "min_competency_level",
    "note",
)


def pattern_list(user: Any) -> Any:
    access.require(bool(getattr(user, "is_authenticated", False)))
    return careers_access.patterns_visible_to(user, CareerPattern.objects.all()).select_related("agency")


def pattern_get(user: Any, pk: Any) -> CareerPattern:
    """A pattern the user may read (published, or a draft for the agency's readers); else NotFound."""
    try:
        return careers_access.patterns_visible_to(user, CareerPattern.objects.all()).get(pk=pk)
    except (ValueError, TypeError, CareerPattern.DoesNotExist):
        raise NotFound() from None


def published_patterns(agency_id: int) -> list[CareerPattern]:
    return list(CareerPattern.objects.filter(agency_id=agency_id, status=PatternStatus.PUBLISHED))


def _editable(user: Any, pk: Any) -> CareerPattern:
    pattern = access.scoped_get(user, CareerPattern.objects.all(), pk)
    access.require(careers_access.can_edit_pattern(user))
    return pattern


def _bump(pattern: CareerPattern, expected_version: int | None) -> None:
    """Claim the pattern for this edit: one UPDATE ... WHERE version = expected; StaleEdit when someone else won."""
    if expected_version is None:
        raise StaleEdit()
    updated = CareerPattern.objects.filter(pk=pattern.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise StaleEdit()
    pattern.version = expected_version + 1


def _key(raw: str | None) -> str:
    """A form's or client's one-time key, trimmed to the column ("" = none)."""
    return (raw or "").strip()[:40]


@transaction.atomic
def pattern_create(user: Any, *, name: str, description: str = "", request_key: str = "") -> tuple[CareerPattern, bool]:
    """A new draft of the user's agency. The same `request_key` again returns the first pattern: (pattern, created)."""
    access.require(careers_access.can_edit_pattern(user) and user.agency_id is not None)
    key = _key(request_key)
    if key:
        existing = CareerPattern.objects.filter(agency_id=user.agency_id, request_key=key).first()
        if existing is not None:
            return existing, False
    name = name.strip()
    if not name:
        raise InvalidData(_("Nama pola karier wajib diisi."), field="name")
    try:
        with transaction.atomic():
            pattern = CareerPattern.objects.create(
                agency_id=user.agency_id, name=name[:200], description=description, request_key=key
            )
    except IntegrityError:  # a concurrent twin with the same key won
        return CareerPattern.objects.get(agency_id=user.agency_id, request_key=key), False
    audit_record(actor=user, action="careers.pattern.created", obj=pattern, changes={"name": [None, name]})
    return pattern, True


@transaction.atomic
def pattern_update(user: Any, pk: Any, *, expected_version: int | None, values: dict[str, Any]) -> CareerPattern:
    """Rename, describe, publish or return to draft."""
    pattern = _editable(user, pk)
    allowed = {k: v for k, v in values.items() if k in ("name", "description", "status")}
    if "status" in allowed and allowed["status"] not in PatternStatus.values:
        raise InvalidData(_("Status tidak dikenal."), field="status")
    if "name" in allowed and not str(allowed["name"]).strip():
        raise InvalidData(_("Nama pola karier wajib diisi."), field="name")
    if allowed.get("status") == PatternStatus.PUBLISHED and pattern.status != PatternStatus.PUBLISHED:
        if not PatternEdge.objects.filter(pattern=pattern).exists():
            raise InvalidData(_("Pola karier tanpa perpindahan tidak dapat diterbitkan."), field="status")
        allowed["published_at"] = timezone.now()
    changes = {k: [getattr(pattern, k), v] for k, v in allowed.items() if getattr(pattern, k) != v}
    _bump(pattern, expected_version)
    for key, value in allowed.items():
        setattr(pattern, key, value)
    pattern.save(update_fields=[*allowed, "updated_at"] if allowed else ["updated_at"])
    action = (
        "careers.pattern.published" if allowed.get("status") == PatternStatus.PUBLISHED else "careers.pattern.updated"
    )
    audit_record(actor=user, action=action, obj=pattern, changes=changes)
    if "published_at" in allowed:
        _announce(user, pattern)
    return pattern


def _announce(user: Any, pattern: CareerPattern) -> None:
    """Tell every active user of the agency, in the app, that the pattern is published (one read of the user ids,
    one bulk insert; no e-mail blast). A second publish of a published pattern does not get here."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from jenjang.notifications.services import Message, notify_many

    readers = (
        get_user_model()
        .objects.filter(agency_id=pattern.agency_id, is_active=True)
        .exclude(pk=user.pk)
        .values_list("pk", flat=True)
    )
    subject = _("Pola karier %(name)s diterbitkan: lihat jalur jabatan dan syaratnya") % {"name": pattern.name}
    url = reverse("careers:pattern_detail", args=[pattern.pk])
    notify_many((Message(pk, "careers.pattern.published", subject, "", url) for pk in readers.iterator()), email=False)


def _clean_node(pattern: CareerPattern, values: dict[str, Any]) -> dict[str, Any]:
    label = str(values.get("label", "")).strip()
    if not label:
        raise InvalidData(_("Nama simpul wajib diisi."), field="label")
    level = values.get("level", "")
    if level not in TIER:
        raise InvalidData(_("Jenjang jabatan tidak dikenal."), field="level")
    position_id = values.get("position_id") or None
    if position_id is not None:
        from jenjang.organization.models import Position

        if not Position.objects.filter(pk=position_id, agency_id=pattern.agency_id).exists():
            raise InvalidData(_("Jabatan tidak ditemukan di instansi ini."), field="position")
    return {"label": label[:200], "level": level, "family": str(values.get("family", "")).strip()[:100],
            "position_id": position_id}  # fmt: skip


@transaction.atomic
def node_save(
    user: Any,
    pattern_id: Any,
    *,
    expected_version: int | None,
    values: dict[str, Any],
    node_id: Any = None,
    request_key: str = "",
) -> tuple[PatternNode, bool]:
    """Add a node (node_id None) or change one; (node, created). A new node whose `request_key` was already used
    on this pattern is the first one, returned unchanged (a repeated request, not a conflict)."""
    pattern = _editable(user, pattern_id)
    key = _key(request_key) if node_id is None else ""
    if key:
        existing = PatternNode.objects.filter(pattern=pattern, request_key=key).first()
        if existing is not None:
            return existing, False
    node = None if node_id is None else _child(PatternNode, pattern, node_id)  # a missing one: 404 before checks
    clean = _clean_node(pattern, values)
    _bump(pattern, expected_version)
    try:
        with transaction.atomic():
            if node is None:
                node = PatternNode.objects.create(pattern=pattern, request_key=key, **clean)
                changes = {k: [None, v] for k, v in clean.items()}
            else:
                changes = {k: [getattr(node, k), v] for k, v in clean.items() if getattr(node, k) != v}
                for name, value in clean.items():
                    setattr(node, name, value)
                node.save()
    except IntegrityError:
        raise InvalidData(_("Nama simpul sudah dipakai dalam pola ini."), field="label") from None
    audit_record(actor=user, action="careers.pattern.node_saved", obj=pattern, changes=changes, object_repr=node.label)
    return node, node_id is None


def _child(model: Any, pattern: CareerPattern, pk: Any) -> Any:
    try:
        return model.objects.get(pattern=pattern, pk=pk)
    except (ValueError, TypeError, model.DoesNotExist):
        raise NotFound() from None


def _clean_edge(pattern: CareerPattern, values: dict[str, Any]) -> dict[str, Any]:
    from .models import Direction, MoveType

    ids = set(PatternNode.objects.filter(pattern=pattern).values_list("pk", flat=True))
    clean: dict[str, Any] = {}
    for key in ("source_id", "target_id"):
        try:
            clean[key] = int(values.get(key) or 0)
        except (TypeError, ValueError):
            clean[key] = 0
        if clean[key] not in ids:
            raise InvalidData(_("Pilih simpul asal dan tujuan dari pola ini."), field=key[:-3])
    if clean["source_id"] == clean["target_id"]:
        raise InvalidData(_("Simpul asal dan tujuan harus berbeda."), field="target")
    if values.get("move_type") not in MoveType.values:
        raise InvalidData(_("Jenis perpindahan tidak dikenal."), field="move_type")
    if values.get("direction") not in Direction.values:
        raise InvalidData(_("Arah perpindahan tidak dikenal."), field="direction")
    clean["move_type"] = values["move_type"]
    clean["direction"] = values["direction"]
    for key, top in (("min_rank", 45), ("min_years_in_rank", 40), ("min_years_in_position", 40),
                     ("min_training_hours", 2000), ("min_competency_level", 5)):  # fmt: skip
        raw = values.get(key)
        if raw in (None, ""):
            clean[key] = None
            continue
        try:
            number = int(raw)
        except (TypeError, ValueError):
            raise InvalidData(_("Isi dengan bilangan bulat."), field=key) from None
        if number < 0 or number > top:
            raise InvalidData(_("Nilai di luar rentang yang diizinkan."), field=key)
        clean[key] = number
    from .models import EDUCATION_CHOICES, RANK_CHOICES

    if clean["min_rank"] is not None and clean["min_rank"] not in dict(RANK_CHOICES):
        raise InvalidData(_("Golongan tidak dikenal."), field="min_rank")
    education = values.get("min_education") or ""
    if education and education not in dict(EDUCATION_CHOICES):
        raise InvalidData(_("Pendidikan tidak dikenal."), field="min_education")
    clean["min_education"] = education
    clean["note"] = str(values.get("note") or "").strip()[:255]
    return clean


@transaction.atomic
def edge_save(
    user: Any,
    pattern_id: Any,
    *,
    expected_version: int | None,
    values: dict[str, Any],
    edge_id: Any = None,
    request_key: str = "",
) -> tuple[PatternEdge, bool]:
    """Add a move (edge_id None) or change one; (edge, created). A repeated `request_key` returns the first move."""
    pattern = _editable(user, pattern_id)
    key = _key(request_key) if edge_id is None else ""
    if key:
        existing = PatternEdge.objects.filter(pattern=pattern, request_key=key).first()
        if existing is not None:
            return existing, False
    edge = None if edge_id is None else _child(PatternEdge, pattern, edge_id)  # a missing one: 404 before checks
    clean = _clean_edge(pattern, values)
    _bump(pattern, expected_version)
    try:
        with transaction.atomic():
            if edge is None:
                edge = PatternEdge.objects.create(pattern=pattern, request_key=key, **clean)
                changes = {k: [None, v] for k, v in clean.items()}
            else:
                changes = {k: [getattr(edge, k), v] for k, v in clean.items() if getattr(edge, k) != v}
                for name, value in clean.items():
                    setattr(edge, name, value)
                edge.save()
    except IntegrityError:
        raise InvalidData(_("Perpindahan antara kedua simpul ini sudah ada."), field="target") from None
    audit_record(actor=user, action="careers.pattern.edge_saved", obj=pattern, changes=changes)
    return edge, edge_id is None


@transaction.atomic
def child_delete(user: Any, pattern_id: Any, *, kind: str, child_id: Any, expected_version: int | None) -> None:
    pattern = _editable(user, pattern_id)
    model = PatternNode if kind == "node" else PatternEdge
    child = _child(model, pattern, child_id)
    _bump(pattern, expected_version)
    repr_ = str(child.label) if kind == "node" else f"{child.source_id}->{child.target_id}"
    child.delete()
    audit_record(actor=user, action=f"careers.pattern.{kind}_deleted", obj=pattern, changes={"deleted": [repr_, None]})


# --- drawing -------------------------------------------------------------------------------------------------

WIDTH = 960
TIER_HEIGHT = 90
NODE_W = 170
NODE_H = 44
MOVE_COLOURS = {
    "VERTICAL": "#1d4ed8",
    "HORIZONTAL": "#047857",
    "DIAGONAL": "#b45309",
    "S_TO_F": "#7c3aed",
    "F_TO_S": "#be185d",
}


@dataclass
class DrawnNode:
    id: int
    label: str
    level: str
    x: float
    y: float
    current: bool = False

    @property
    def left(self) -> float:
        return self.x - NODE_W / 2

    @property
    def top(self) -> float:
        return self.y - NODE_H / 2


@dataclass
class DrawnEdge:
    id: int
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    move_type: str
    title: str


@dataclass
class Drawing:
    width: int
    height: int
    nodes: list[DrawnNode]
    edges: list[DrawnEdge]
    node_w: int = NODE_W
    node_h: int = NODE_H


def draw(nodes: list[PatternNode], edges: list[PatternEdge], *, current_ids: set[int] | None = None) -> Drawing:
    """Positions for the picture: one row per tier (structural and functional equivalents side by side), the
    order within a row from networkx's multipartite layout, edges clipped to the boxes' borders."""
    import networkx as nx

    current_ids = current_ids or set()
    if not nodes:
        return Drawing(WIDTH, 120, [], [])
    used = sorted({TIER.get(n.level, 8) for n in nodes})
    row_of = {tier: i for i, tier in enumerate(used)}
    graph = nx.DiGraph()
    for node in nodes:
        graph.add_node(node.pk, row=row_of[TIER.get(node.level, 8)])
    graph.add_edges_from((e.source_id, e.target_id) for e in edges)
    layout = nx.multipartite_layout(graph, subset_key="row", align="horizontal")
    rows: dict[int, list[int]] = {}
    for node in nodes:
        rows.setdefault(graph.nodes[node.pk]["row"], []).append(node.pk)
    widest = max(len(members) for members in rows.values())
    width = max(WIDTH, widest * (NODE_W + 30) + 40)
    position: dict[int, tuple[float, float]] = {}
    for row, members in rows.items():
        members.sort(key=lambda pk: (float(layout[pk][0]), pk))
        gap = width / (len(members) + 1)
        for i, pk in enumerate(members, start=1):
            position[pk] = (round(gap * i, 1), 40 + row * TIER_HEIGHT + NODE_H / 2)
    drawn_nodes = [DrawnNode(n.pk, n.label, n.level, *position[n.pk], current=n.pk in current_ids) for n in nodes]
    labels = {n.pk: n.label for n in nodes}
    drawn_edges = []
    for edge in edges:
        (x1, y1), (x2, y2) = position[edge.source_id], position[edge.target_id]
        if y1 == y2:  # same row: from side to side
            x1, x2 = (x1 + NODE_W / 2, x2 - NODE_W / 2) if x1 < x2 else (x1 - NODE_W / 2, x2 + NODE_W / 2)
        else:
            sign = 1 if y2 > y1 else -1
            y1, y2 = y1 + sign * NODE_H / 2, y2 - sign * (NODE_H / 2 + 4)
        drawn_edges.append(
            DrawnEdge(
                edge.pk,
                round(x1, 1),
                round(y1, 1),
                round(x2, 1),
                round(y2, 1),
                MOVE_COLOURS.get(edge.move_type, "#475569"),
                edge.move_type,
                f"{labels[edge.source_id]} → {labels[edge.target_id]} ({edge.get_move_type_display()}, "
                f"{edge.get_direction_display()})",
            )
        )
    height = int(40 + len(used) * TIER_HEIGHT + 20)
    return Drawing(int(width), height, drawn_nodes, drawn_edges)


def pattern_detail(pattern: CareerPattern) -> tuple[list[PatternNode], list[PatternEdge]]:
    """The pattern's nodes and edges in two queries."""
    nodes = list(PatternNode.objects.filter(pattern=pattern).select_related("position").order_by("id"))
    edges = list(PatternEdge.objects.filter(pattern=pattern).order_by("source_id", "id"))
    return nodes, edges


def current_nodes(nodes: list[PatternNode], employee: Any) -> list[PatternNode]:
    """The nodes where the employee stands: the node of their position, else those of their position's level
    and family, else of their level in any family."""
    if not employee.position_id:
        return []
    exact = [n for n in nodes if n.position_id == employee.position_id]
    if exact:
        return exact
    position = employee.position
    same_level = [n for n in nodes if n.level == position.level and n.position_id is None]
    family = [n for n in same_level if n.family and n.family == position.family]
    return family or [n for n in same_level if not n.family]
