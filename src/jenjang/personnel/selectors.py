"""Reads of personnel records: the scoped, filtered employee list, one profile with its histories, the career
timeline, documents and correction requests. Every read starts from `jenjang.core.access`."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from jenjang.core import access
from jenjang.core.errors import NotFound
from jenjang.core.pagination import CappedPaginator  # noqa: F401  (the list pages page with it)
from jenjang.domain.vocab import POSITION_LEVEL_LABEL, RANK_PANGKAT, rank_from_code
from jenjang.organization.models import Unit

from .models import (
    ACTIVE_STATUSES,
    CorrectionRequest,
    CorrectionStatus,
    Document,
    Employee,
    EmployeeNamePrefix,
    EmploymentType,
    PositionHistory,
    RankKind,
)

# --- the employee list ------------------------------------------------------------------------------------

# Every sort but "unit" has a btree index that yields its order directly: (name, id), (nip), (rank, name, id),
# (rank_since, name, id), each also behind the agency (migration 0003). Descending sorts reverse every key, so the
# same index is read backwards. The unit order (a join to the unit's path) has no index: it is applied only when
# the filtered list is small (UNINDEXED_SORT_LIMIT rows), otherwise the list falls back to the name order.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "nip": ("nip", "id"),
    "-nip": ("-nip", "-id"),
    "rank": ("rank", "name", "id"),
    "-rank": ("-rank", "-name", "-id"),
    "rank_since": ("rank_since", "name", "id"),
    "-rank_since": ("-rank_since", "-name", "-id"),
    "unit": ("unit__path", "name", "id"),
    "-unit": ("-unit__path", "name", "id"),
}
UNINDEXED_SORTS = frozenset({"unit", "-unit"})
UNINDEXED_SORT_LIMIT = 2_000
DEFAULT_SORT = "name"
STATUS_ACTIVE = "active"  # the default status filter: every active status
STATUS_ALL = "all"


@dataclass(frozen=True)
class EmployeeFilters:
    q: str = ""
    unit: int | None = None
    rank: int | None = None
    level: str = ""
    employment_type: str = ""
    status: str = STATUS_ACTIVE
    sort: str = DEFAULT_SORT


NAME_MATCH_CAP = 1_000

# --- name search -------------------------------------------------------------------------------------------
#
# A name search matches names in which every searched word begins a word of the name ("har sant" finds "Budi
# Hartono Santoso"); a word is a run of ASCII letters, any other character separates words. On PostgreSQL that
# is the GIN index of migration 0004 (one short posting list per word; `name LIKE '%q%'` through the trigram
# index costs ~15 ms at a million employees for a common surname, whose trigrams occur in 10% of all names).
# When no name has such words (a fragment from inside a word, or a query with other characters than letters),
# the search falls back to "the name contains q" (the trigram index of migration 0002), so a search that found
# something before still finds something.

NAME_WORDS_SQL = "to_tsvector('simple'::regconfig, regexp_replace({name}::text, '[^A-Za-z]+', ' ', 'g'))"
# For an agency user the words carry the agency (migration 0005): "Budi Haryanto" of agency 12 has the tokens
# a12wbudi and a12wharyanto, so `'a12wharyanto:*'` reads only agency 12's posting list (491 entries for the
# surname in the largest agency, instead of the 4,144 national ones ANDed with 119,000 agency entries). The agency
# condition stays, written as a recheck (`access.agency_scope(recheck=True)`).
AGENCY_NAME_WORDS_SQL = (
    "to_tsvector('simple'::regconfig, regexp_replace(regexp_replace({name}::text, '[^A-Za-z]+', ' ', 'g'), "
    r"'([A-Za-z]+)', 'a' || {agency}::text || 'w\1', 'g'))"
)
_SEARCH_WORD = re.compile(r"[A-Za-z]+")


def is_name_search(filters: EmployeeFilters) -> bool:
    q = filters.q.strip()
    return bool(q) and not q.replace(" ", "").isdigit()


def name_search_words(q: str) -> list[str]:
    """The searched words, lower-case, when every whitespace-separated part of q is ASCII letters; else []
    (the search is then a "contains" search)."""
    parts = q.split()
    return [p.lower() for p in parts] if parts and all(_SEARCH_WORD.fullmatch(p) for p in parts) else []


class NameWordsStartWith(Func):
    """PostgreSQL: every word of `words` begins a word of the employee's name, as the expression index of
    migration 0004 (`NAME_WORDS_SQL`) answers it: `to_tsvector(...) @@ 'w1:* & w2:*'`."""

    output_field = BooleanField()

    def __init__(self, words: list[str]) -> None:
        super().__init__(F("name"), Value(" & ".join(f"{w}:*" for w in words)))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:  # type: ignore[override]
        name, query = self.get_source_expressions()
        name_sql, name_params = compiler.compile(name)
        query_sql, query_params = compiler.compile(query)
        sql = f"{NAME_WORDS_SQL.format(name=name_sql)} @@ to_tsquery('simple'::regconfig, {query_sql})"
        return sql, (*name_params, *query_params)


class AgencyNameWordsStartWith(Func):
    """PostgreSQL: every word of `words` begins a word of the name of an employee of agency `agency_id`, as the
    expression index of migration 0005 (`AGENCY_NAME_WORDS_SQL`) answers it: `... @@ 'a12ww1:* & a12ww2:*'`.
    Only rows of that agency can match; the caller still filters by agency (as a recheck)."""

    output_field = BooleanField()

    def __init__(self, words: list[str], agency_id: int) -> None:
        prefix = f"a{int(agency_id)}w"
        super().__init__(F("name"), F("agency_id"), Value(" & ".join(f"{prefix}{w}:*" for w in words)))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:  # type: ignore[override]
        name, agency, query = self.get_source_expressions()
        name_sql, name_params = compiler.compile(name)
        agency_sql, agency_params = compiler.compile(agency)
        query_sql, query_params = compiler.compile(query)
        words_sql = AGENCY_NAME_WORDS_SQL.format(name=name_sql, agency=agency_sql)
        sql = f"{words_sql} @@ to_tsquery('simple'::regconfig, {query_sql})"
        return sql, (*name_params, *agency_params, *query_params)


# Words of one or two letters ("ha", "b s") begin a word of 2-12% of all names: a GIN prefix query reads its whole
# posting list (54,000-117,000 entries at a million employees) before the page can stop at its cap. On PostgreSQL
# they go through the EmployeeNamePrefix table instead (migration 0006, docs/decisions/0003-name-word-index.md):
# one row per distinct one- and two-letter start of a name's words, read in index order.
SHORT_WORD = 2


def _short(word: str) -> bool:
    return len(word) <= SHORT_WORD


def name_prefix_exists(word: str, agency_id: int | None = None) -> Exists:
    """PostgreSQL: a word of the employee's name begins with `word` (at most SHORT_WORD letters), one probe of the
    prefix table's primary key (prefix, employee) or, with `agency_id`, of its (agency, prefix, employee) index."""
    rows = EmployeeNamePrefix.objects.filter(prefix=word, employee_id=OuterRef("pk"))
    return Exists(rows.filter(agency_id=agency_id) if agency_id is not None else rows)


def name_words_match(words: list[str], agency_id: int | None = None) -> Q:
    """The filter "every word of `words` begins a word of the name"; the same rows on every database. With
    `agency_id` (PostgreSQL) it matches only that agency's employees, through the agency-prefixed indexes. On
    PostgreSQL a search of short words only goes through the prefix table (one EXISTS per word: the planner
    intersects their index scans, ~10-15 ms for "wi s" at a million), any other through the word index
    (migrations 0004/0005; the prefix rows of a short word next to a longer one were measured slower: 60 ms for
    "budi h", which hashes every "h" row, against the word index's bitmap AND)."""
    if connection.vendor == "postgresql":
        if all(map(_short, words)):
            return Q(*(name_prefix_exists(word, agency_id) for word in dict.fromkeys(words)))
        return Q(NameWordsStartWith(words) if agency_id is None else AgencyNameWordsStartWith(words, agency_id))
    return Q(*(Q(name__iregex=rf"(^|[^A-Za-z]){word}") for word in words))


def _name_filter(qs: QuerySet[Employee], q: str) -> Q:
    """Word starts when some name of qs has them (one EXISTS query), otherwise "contains"."""
    words = name_search_words(q)
    if words and qs.filter(name_words_match(words)).exists():
        return name_words_match(words)
    return Q(name__icontains=q)


def _filtered(user: Any, f: EmployeeFilters, *, agency_recheck: bool = False) -> QuerySet[Employee]:
    """The employees the user may read with every filter but the search (`agency_recheck`: see
    `access.agency_scope`)."""
    qs = access.employees_visible_to(user, agency_recheck=agency_recheck)
    if f.unit:
        # The subtree as a list of unit ids (a subquery on the unit table), so the employee side is an indexed
        # `unit_id IN (...)` rather than a join filtered by a path prefix.
        path = access.agency_scope(user, Unit.objects.filter(pk=f.unit)).values_list("path", flat=True).first()
        subtree = Unit.objects.filter(path__startswith=path).values("pk") if path else None
        qs = qs.filter(unit_id__in=subtree) if subtree is not None else qs.none()
    if f.rank:
        qs = qs.filter(rank=f.rank)
    if f.level:
        qs = qs.filter(position__level=f.level)
    if f.employment_type:
        qs = qs.filter(employment_type=f.employment_type)
    if f.status == STATUS_ACTIVE:
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif f.status and f.status != STATUS_ALL:
        qs = qs.filter(status=f.status)
    return qs


def employee_list(user: Any, filters: EmployeeFilters | None = None) -> QuerySet[Employee]:
    """The employees this user may read, filtered and sorted (an indexed key with id as tie-break); every match
    (the export). The list page's name search goes through `name_search` instead."""
    f = filters or EmployeeFilters()
    qs = _filtered(user, f)
    q = f.q.strip()
    if q:
        digits = q.replace(" ", "")
        # Digits are a NIP prefix (the unique index); anything else a name search (see above).
        qs = qs.filter(nip__startswith=digits) if digits.isdigit() else qs.filter(_name_filter(qs, q))
    sort = f.sort if f.sort in SORTS else DEFAULT_SORT
    if sort in UNINDEXED_SORTS and qs.order_by()[UNINDEXED_SORT_LIMIT : UNINDEXED_SORT_LIMIT + 1].exists():
        sort = DEFAULT_SORT
    return qs.select_related("unit", "position").order_by(*SORTS[sort])


def _nullable(path: str) -> bool:
    """Whether the column `path` ("rank", "unit__path") of an employee row may be NULL."""
    model: Any = Employee
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.null:
            return True
        model = field.related_model
    return False


def _sort_like_the_database(rows: list[tuple[Any, ...]], keys: tuple[str, ...]) -> None:
    """Sort value rows (exactly one column per key of SORTS) as `ORDER BY keys` does: descending keys reversed, NULL
    the largest value on PostgreSQL (last ascending, first descending) and the smallest on SQLite. Strings
    compare by code point, as under the C.UTF-8 collation of our PostgreSQL databases and SQLite's BINARY."""
    nulls_largest = connection.features.nulls_order_largest
    descending = {key.startswith("-") for key in keys}
    if len(descending) == 1 and not any(_nullable(key.lstrip("-")) for key in keys):
        rows.sort(reverse=descending.pop())  # the rows are the keys: tuples compare as ORDER BY does
        return
    if len(descending) == 1:  # every key in one direction (all sorts but "-unit"): one pass on a tuple key
        n = len(keys)
        rows.sort(
            key=lambda row: tuple(((row[i] is None) == nulls_largest, row[i]) for i in range(n)),
            reverse=descending.pop(),
        )
        return
    for i in reversed(range(len(keys))):
        rows.sort(key=lambda row, i=i: ((row[i] is None) == nulls_largest, row[i]), reverse=keys[i].startswith("-"))


class NameMatches(Sequence[Employee]):
    """The list page's name search in one pass: the id and sort keys of at most NAME_MATCH_CAP + 1 matches
    (one index scan: the count and the order come from it), sorted here; a page of it loads its rows by id
    (one query). Never more than NAME_MATCH_CAP + 1 matches are sorted: beyond that the page asks to narrow
    the search. `contains` says whether the search fell back to "the name contains q"."""

    def __init__(self, user: Any, filters: EmployeeFilters) -> None:
        f = filters
        self.sort = f.sort if f.sort in SORTS else DEFAULT_SORT
        keys = SORTS[self.sort]
        fields = [key.lstrip("-") for key in keys]
        base = _filtered(user, f).order_by()
        q = f.q.strip()
        words = name_search_words(q)
        rows = self._short_matches(user, f, words, fields) if words else []
        if words and rows is None:
            rows = list(self._word_matches(user, f, words).values_list(*fields)[: NAME_MATCH_CAP + 1])
        self.contains = not rows
        if self.contains:
            rows = list(base.filter(name__icontains=q).values_list(*fields)[: NAME_MATCH_CAP + 1])
        _sort_like_the_database(rows, keys)
        self.ids: list[int] = [row[fields.index("id")] for row in rows]
        self._rows = access.employees_visible_to(user).select_related("unit", "position").only(*LIST_FIELDS)
        self._rows = self._rows.order_by()

    @staticmethod
    def _word_matches(user: Any, f: EmployeeFilters, words: list[str]) -> QuerySet[Employee]:
        """An agency user's matches through the agency-prefixed word index alone (the agency rechecked on its
        rows); a national administrator's through the national one."""
        agency_id = None if user.is_superuser else getattr(user, "agency_id", None)
        if agency_id is None or connection.vendor != "postgresql":
            return _filtered(user, f).order_by().filter(name_words_match(words))
        return _filtered(user, f, agency_recheck=True).order_by().filter(name_words_match(words, agency_id))

    @staticmethod
    def _short_matches(user: Any, f: EmployeeFilters, words: list[str], fields: list[str]) -> list[Any] | None:
        """PostgreSQL, one searched word of at most SHORT_WORD letters (typed live), no filter but the status, a
        user who reads a whole agency or every agency: the matches in the prefix table's index order, each
        employee checked as its row comes (a nested loop forced by LATERAL ... OFFSET 0), so the scan stops at
        the cap: ~5 ms for "wi" at a million. Left to the planner, the join walks the employee table's primary key
        alongside the prefix rows (a merge join: ~19,000 employees read for 1,001 "wi" matches, 25 ms) or hashes
        every prefix row first. None otherwise (then `name_words_match`): several words are better intersected
        by the planner, and a filter that rejects most rows is better served by its choice."""
        if connection.vendor != "postgresql" or len(set(words)) != 1 or not _short(words[0]):
            return None
        if f.unit or f.rank or f.level or f.employment_type or f.status not in (STATUS_ACTIVE, STATUS_ALL):
            return None
        if not (user.is_superuser or (user.role in access.AGENCY_READERS and user.agency_id is not None)):
            return None
        agency_id = None if user.is_superuser else user.agency_id
        matches = _filtered(user, f, agency_recheck=agency_id is not None).order_by()
        matches = matches.filter(pk=RawSQL("driver.employee_id", ()))
        inner, params = matches.values_list(*fields).query.sql_with_params()
        table = connection.ops.quote_name(EmployeeNamePrefix._meta.db_table)
        scope = "driver.agency_id = %s AND " if agency_id is not None else ""
        sql = (
            f"SELECT matched.* FROM {table} driver CROSS JOIN LATERAL ({inner} OFFSET 0) matched "  # noqa: S608
            f"WHERE {scope}driver.prefix = %s LIMIT %s"  # (the ORM's SQL, a constant table name; values bound)
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql, (*params, *([agency_id] if agency_id is not None else []), words[0], NAME_MATCH_CAP + 1)
            )
            return cursor.fetchall()

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        by_id = {e.pk: e for e in self._rows.filter(pk__in=ids)} if ids else {}
        return [by_id[pk] for pk in ids if pk in by_id]


def name_search(user: Any, filters: EmployeeFilters) -> NameMatches:
    return NameMatches(user, filters)


# The columns the list page shows (`list_rows`): its page of employees loads only these.
LIST_FIELDS = (
    "id", "nip", "name", "front_title", "back_title", "rank", "rank_since", "employment_type", "status",
    "unit__name", "position__name",
)  # fmt: skip


def applied_sort(queryset: QuerySet[Employee]) -> str:
    """The sort key the list was actually ordered by (an unindexed sort over a large list falls back to name)."""
    order = tuple(queryset.query.order_by)
    return next((key for key, fields in SORTS.items() if fields == order), DEFAULT_SORT)


def employee_export_rows(queryset: QuerySet[Employee]) -> Iterator[list[Any]]:
    """Rows for the xlsx export, streamed from the database."""
    for e in queryset.iterator(chunk_size=2000):
        yield [
            e.nip,
            e.full_name,
            e.get_gender_display(),
            e.birth_place,
            e.birth_date,
            e.get_employment_type_display(),
            e.rank_label,
            RANK_PANGKAT.get(e.rank_label, ""),
            e.rank_since,
            e.position.name if e.position else "",
            str(POSITION_LEVEL_LABEL[e.position.level]) if e.position and e.position.level else "",
            e.unit.name if e.unit else "",
            e.education,
            e.get_status_display(),
        ]


def export_headers() -> list[str]:
    return [
        _("NIP"), _("Nama"), _("Jenis kelamin"), _("Tempat lahir"), _("Tanggal lahir"), _("Jenis kepegawaian"),
        _("Golongan"), _("Pangkat"), _("TMT golongan"), _("Jabatan"), _("Jenjang jabatan"), _("Unit kerja"),
        _("Pendidikan"), _("Status"),
    ]  # fmt: skip


UNIT_CHOICES_LIMIT = 60


def unit_choices(user: Any, selected: int | None = None) -> list[tuple[int, str]]:
    """The unit filter's options, bounded: the upper levels of the user's unit tree, as deep as fits in
    UNIT_CHOICES_LIMIT options (every unit of a small agency; the top of a large agency's or the national tree),
    plus the selected unit and its children, so one can drill down; never more than UNIT_CHOICES_LIMIT options.
    Two queries whatever the tree's size, each reading at most UNIT_CHOICES_LIMIT + 1 index entries (the
    shallowest units in depth order: whole levels fit until the first unit that does not)."""
    scope = access.agency_scope(user, Unit.objects.all())
    depths = list(scope.order_by("depth").values_list("depth", flat=True)[: UNIT_CHOICES_LIMIT + 1])
    if len(depths) > UNIT_CHOICES_LIMIT:  # the level of the first unit over the limit does not fit whole
        depth = max((level for level in depths if level < depths[UNIT_CHOICES_LIMIT]), default=-1)
    else:
        depth = depths[-1] if depths else -1
    shown = Q(depth__lte=max(depth, 0))  # at least the roots (one per agency for a national user), bounded below
    first = Value(1)
    if selected:
        drill = Q(pk=selected) | Q(parent_id=selected)
        shown |= drill
        first = Case(When(drill, then=Value(0)), default=Value(1), output_field=IntegerField())
    units = (
        scope.filter(shown)
        .annotate(first=first)
        .order_by("first", "path")
        .values_list("pk", "name", "depth", "path")[:UNIT_CHOICES_LIMIT]
    )
    return [(pk, "\u00a0\u00a0" * level + name) for pk, name, level, _path in sorted(units, key=lambda u: u[3])]


# --- one profile -------------------------------------------------------------------------------------------

HISTORY_RELATIONS = (
    "rankhistory_set",
    "positionhistory_set",
    "educationhistory_set",
    "traininghistory_set",
    "performancehistory_set",
    "awardhistory_set",
    "sanctionhistory_set",
    "salaryincrementhistory_set",
)


def employee_profile_get(user: Any, pk: Any) -> Employee:
    """One employee the user may read, with every history, document and correction request prefetched
    (a fixed number of queries however long the career); NotFound outside the user's scope."""
    qs = (
        Employee.objects.select_related("agency", "unit", "position", "position__unit")
        .prefetch_related(
            *HISTORY_RELATIONS,
            Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")),
            Prefetch("corrections", queryset=CorrectionRequest.objects.select_related("document")),
        )
        .all()
    )
    return access.employee_get(user, pk, qs)


def training_hours_by_year(employee: Employee) -> list[tuple[int, int]]:
    per_year: dict[int, int] = defaultdict(int)
    for row in employee.traininghistory_set.all():  # type: ignore[attr-defined]
        per_year[row.end_date.year] += row.hours
    return sorted(per_year.items(), reverse=True)


@dataclass
class TimelineEntry:
    date: dt.date
    title: str
    detail: str = ""
    kind: str = ""
    future: bool = False
    status: str = ""
    reasons: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        labels = {
            "ok": _("sesuai jadwal"),
            "due": _("jatuh tempo"),
            "blocked": _("terhambat"),
            "overdue": _("terlambat"),
            "info": _("informasi"),
        }
        return str(labels.get(self.status, self.status))


def _rank_title(code: int) -> str:
    rank = rank_from_code(code)
    return f"{rank} ({RANK_PANGKAT.get(rank, '')})"


def employee_timeline(employee: Employee, *, today: dt.date, outlook: list[Any] | None = None) -> list[TimelineEntry]:
    """The career from appointment to today, from every history, oldest first; then the dated future items of
    the rules' outlook (next promotion, salary increment, rotation window, retirement) marked `future`."""
    e = employee
    past: list[TimelineEntry] = []
    appointed = _("Diangkat sebagai CPNS") if e.employment_type != EmploymentType.PPPK else _("Diangkat sebagai PPPK")
    past.append(TimelineEntry(e.appointment_date, appointed, kind="appointment"))
    if e.pns_date:
        past.append(TimelineEntry(e.pns_date, _("Diangkat sebagai PNS"), kind="appointment"))
    for r in e.rankhistory_set.all():  # type: ignore[attr-defined]
        if r.kind in (RankKind.CPNS, RankKind.PNS):
            title = _("Golongan %(rank)s") % {"rank": _rank_title(r.rank)}
        else:
            title = _("Naik pangkat ke %(rank)s") % {"rank": _rank_title(r.rank)}
        detail = r.get_kind_display()
        if r.decree_number:
            detail += " · " + _("SK %(number)s") % {"number": r.decree_number}
        past.append(TimelineEntry(r.effective_date, title, detail, kind="rank"))
    for p in e.positionhistory_set.all():  # type: ignore[attr-defined]
        title = _("Menjabat %(position)s") % {"position": p.position_name}
        past.append(TimelineEntry(p.start_date, title, p.unit_name, kind="position"))
    for ed in e.educationhistory_set.all():  # type: ignore[attr-defined]
        title = _("Lulus %(level)s") % {"level": ed.level}
        past.append(
            TimelineEntry(
                ed.graduation_date, title, " · ".join(filter(None, [ed.institution, ed.major])), kind="education"
            )
        )
    for t in e.traininghistory_set.all():  # type: ignore[attr-defined]
        title = _("Pelatihan: %(name)s") % {"name": t.name}
        past.append(TimelineEntry(t.end_date, title, _("%(hours)s JP") % {"hours": t.hours}, kind="training"))
    for perf in e.performancehistory_set.all():  # type: ignore[attr-defined]
        title = _("Predikat kinerja %(year)s: %(predicate)s") % {
            "year": perf.year,
            "predicate": perf.get_predicate_display(),
        }
        past.append(TimelineEntry(dt.date(perf.year, 12, 31), title, kind="performance"))
    for a in e.awardhistory_set.all():  # type: ignore[attr-defined]
        past.append(TimelineEntry(a.awarded_on, _("Penghargaan: %(name)s") % {"name": a.name}, a.giver, kind="award"))
    for s in e.sanctionhistory_set.all():  # type: ignore[attr-defined]
        title = _("Hukuman disiplin %(level)s: %(kind)s") % {"level": s.get_level_display(), "kind": s.kind}
        past.append(TimelineEntry(s.start_date, title, kind="sanction"))
    for k in e.salaryincrementhistory_set.all():  # type: ignore[attr-defined]
        past.append(TimelineEntry(k.effective_date, _("Kenaikan gaji berkala"), kind="salary"))
    past = [entry for entry in past if entry.date <= today]
    past.sort(key=lambda entry: entry.date)
    future: list[TimelineEntry] = []
    for item in outlook or []:
        if item.date is None:
            continue
        future.append(
            TimelineEntry(
                item.date,
                str(item.title),
                kind=item.kind,
                future=True,
                status=item.status,
                reasons=[str(r) for r in item.reasons],
            )
        )
    future.sort(key=lambda entry: entry.date)
    return past + future


def open_position(employee: Employee) -> PositionHistory | None:
    rows = [p for p in employee.positionhistory_set.all() if p.end_date is None]  # type: ignore[attr-defined]
    return rows[-1] if rows else None


# --- documents ---------------------------------------------------------------------------------------------


def document_get(user: Any, employee_pk: Any, pk: Any) -> Document:
    """A document of an employee the user may read; NotFound otherwise (another agency's ids included)."""
    employee = access.employee_get(user, employee_pk)
    try:
        return Document.objects.get(pk=pk, employee=employee)
    except (ValueError, TypeError, Document.DoesNotExist):
        raise NotFound() from None


# --- corrections -------------------------------------------------------------------------------------------


def correction_list(user: Any, *, status: str = "") -> QuerySet[CorrectionRequest]:
    """The agency's correction queue for personnel staff: pending first, newest first."""
    if not access.can_edit_records(user):
        return CorrectionRequest.objects.none()
    qs = access.agency_scope(user, CorrectionRequest.objects.all(), field="employee__agency")
    if status:
        qs = qs.filter(status=status)
    pending_first = Case(
        When(status=CorrectionStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return qs.select_related("employee", "document", "submitted_by", "decided_by").order_by(
        pending_first, "-submitted_at", "-id"
    )


def correction_get(user: Any, pk: Any) -> CorrectionRequest:
    """One request: personnel staff of the agency, or the employee it belongs to."""
    qs = CorrectionRequest.objects.select_related("employee", "document", "submitted_by", "decided_by")
    try:
        row = qs.get(pk=pk)
    except (ValueError, TypeError, CorrectionRequest.DoesNotExist):
        raise NotFound() from None
    staff = access.can_edit_records(user) and access.user_may_act_for_agency(user, row.employee.agency_id)
    if not (staff or access.is_own_record(user, row.employee)):
        raise NotFound()
    return row


def pending_corrections(user: Any) -> int:
    return correction_list(user, status=CorrectionStatus.PENDING).count()


def filters_from(data: Mapping[str, Any]) -> EmployeeFilters:
    """EmployeeFilters from a cleaned filter form."""
    return EmployeeFilters(
        q=data.get("q") or "",
        unit=data.get("unit") or None,
        rank=data.get("rank") or None,
        level=data.get("level") or "",
        employment_type=data.get("employment_type") or "",
        status=data.get("status") or STATUS_ACTIVE,
        sort=data.get("sort") or DEFAULT_SORT,
    )
