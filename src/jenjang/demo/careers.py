"""Synthetic careers: one person's dated history, built from a seeded random generator and the rules.

Pure Python (no Django): `build_career` returns plain values that `jenjang.demo.services` turns into rows. Every
history is consistent with the regulations the rules apply: the rank starts at the education's start rank
(`classify_education_ceiling`), a regular promotion comes at the first promotion period after four years in rank and
two calendar years of predicate BAIK or better, never above the ceiling of the education held at that time; KGB
every two years; NIP per the `nip` rule's layout.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jenjang.domain.careers.education_ceiling import PARAMETER as EDUCATION_TABLE
from jenjang.domain.careers.education_ceiling import classify_education_ceiling
from jenjang.domain.parameters import ParameterSet, default_parameters
from jenjang.domain.vocab import RANK_ORDINAL, RANKS, next_rank, rank_code

PERIODS_BEFORE_2024 = (4, 10)
PERIODS_FROM_2024 = (2, 4, 6, 8, 10, 12)

# Retirement age (BUP) by position level; lecturers 65 and professors 70 (UU 14/2005 art. 67).
BUP_BY_LEVEL = {"JPT_UTAMA": 60, "JPT_MADYA": 60, "JPT_PRATAMA": 60, "JF_AHLI_MADYA": 60, "JF_AHLI_UTAMA": 65}
BUP_BY_OCCUPATION = {"DOSEN": 65, "PROFESOR": 70}

# Typical age when appointed, by the education held at appointment.
APPOINTMENT_AGE = {
    "SD": (19, 28), "SLTP": (19, 28), "SLTA": (19, 27), "D1": (20, 27), "D2": (21, 28), "D3": (21, 29),
    "D4": (22, 30), "S1": (22, 30), "S2": (25, 34), "S3": (28, 36),
}  # fmt: skip
PREVIOUS_EDUCATION = {"S3": "S2", "S2": "S1", "S1": "SLTA", "D4": "SLTA", "D3": "SLTA", "D2": "SLTA", "D1": "SLTA"}
PPPK_GRADE = {"SD": 1, "SLTP": 2, "SLTA": 4, "D1": 4, "D2": 5, "D3": 7, "D4": 9, "S1": 9, "S2": 10, "S3": 11}

PREDICATE_WEIGHTS = (("SANGAT_BAIK", 14), ("BAIK", 76), ("BUTUH_PERBAIKAN", 7), ("KURANG", 3))
PP46_SCORE = {"SANGAT_BAIK": (91, 98), "BAIK": (76, 90), "BUTUH_PERBAIKAN": (61, 75), "KURANG": (51, 60)}

# Gaji pokok at MKG 0 per golongan group (PP 5/2024, rounded) and the yearly growth within the scale.
SALARY_BASE = {1: 1_685_700, 2: 2_184_000, 3: 2_785_700, 4: 3_287_800}


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def promotion_period_on_or_after(day: dt.date) -> dt.date:
    """The first promotion period date (1 Apr/1 Oct before 2024, six a year from 2024) on or after `day`."""
    year = day.year
    while True:
        for month in PERIODS_FROM_2024 if year >= 2024 else PERIODS_BEFORE_2024:
            candidate = dt.date(year, month, 1)
            if candidate >= day:
                return candidate
        year += 1


def retirement_age(level: str, occupation: str = "") -> int:
    return BUP_BY_OCCUPATION.get(occupation) or BUP_BY_LEVEL.get(level, 58)


def base_salary(rank: str, service_years: int, on: dt.date) -> Decimal:
    """A plausible gaji pokok (rupiah) for a rank and service years on a date (synthetic, scale-shaped)."""
    group = RANKS.index(rank) // 4 + 1 if RANK_ORDINAL[rank] <= 16 else 4
    room = RANK_ORDINAL[rank] - 1 - (group - 1) * 4
    value = SALARY_BASE[group] * (1 + 0.035 * room) * (1.032 ** min(service_years, 32))
    factor = 1.0 if on.year >= 2024 else 0.926 if on.year >= 2019 else 0.87 if on.year >= 2015 else 0.78
    return Decimal(int(value * factor / 100) * 100)


def pns_nip(birth: dt.date, appointed: dt.date, gender: str, sequence: int) -> str:
    return f"{birth:%Y%m%d}{appointed:%Y%m}{1 if gender == 'M' else 2}{sequence:03d}"


def pppk_nip(birth: dt.date, appointed: dt.date, gender: str, batch: int, sequence: int) -> str:
    return f"{birth:%Y%m%d}{appointed:%Y}2{batch}{1 if gender == 'M' else 2}{sequence:03d}"


class NipAllocator:
    """Unique NIP sequences per 15-digit prefix, from `first` to 999 (the demo and the national generator use
    disjoint ranges so they never collide)."""

    def __init__(self, first: int = 1, last: int = 999) -> None:
        self.first, self.last = first, last
        self.used: dict[str, int] = {}

    def allocate(self, prefix: str) -> str | None:
        sequence = self.used.get(prefix, self.first - 1) + 1
        if sequence > self.last:
            return None
        self.used[prefix] = sequence
        return f"{prefix}{sequence:03d}"


@dataclass(frozen=True)
class Rung:
    """One step of a track: reached when the rank is at least `min_rank` (PNS)."""

    min_rank: str
    level: str
    name: str


@dataclass(frozen=True)
class Track:
    """How a kind of employee's career goes: educations, service years, the ladder of positions."""

    key: str
    ladder: tuple[Rung, ...]
    educations: tuple[tuple[str, int], ...]
    service: tuple[int, int]
    family: str = ""
    occupation: str = ""
    fixed_final: bool = False  # structural posts: the last rung is the slot's post whatever the rank
    majors: tuple[str, ...] = ("Ilmu Pemerintahan",)
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Career:
    employment_type: str
    gender: str
    name: str
    front_title: str
    back_title: str
    birth_date: dt.date
    birth_place: str
    education: str
    appointment_date: dt.date
    pns_date: dt.date | None
    rank: int | None
    rank_since: dt.date | None
    pppk_grade: int | None
    occupation: str
    level: str
    position_name: str
    position_since: dt.date
    last_salary_increment: dt.date | None
    nip: str = ""
    ranks: list[dict[str, Any]] = field(default_factory=list)
    positions: list[dict[str, Any]] = field(default_factory=list)
    educations: list[dict[str, Any]] = field(default_factory=list)
    trainings: list[dict[str, Any]] = field(default_factory=list)
    performances: list[dict[str, Any]] = field(default_factory=list)
    awards: list[dict[str, Any]] = field(default_factory=list)
    sanctions: list[dict[str, Any]] = field(default_factory=list)
    salaries: list[dict[str, Any]] = field(default_factory=list)


def weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _in_force(on: dt.date, params: ParameterSet) -> dt.date:
    """Careers older than the table's first value (2002) use that value (PP 98/2000 set the same start ranks)."""
    return max(on, params.parameters[EDUCATION_TABLE].values[0].valid_from)


def ceiling_of(education: str, on: dt.date, params: ParameterSet) -> str:
    return classify_education_ceiling(education, _in_force(on, params), params)[1]


def start_rank_of(education: str, on: dt.date, params: ParameterSet) -> str:
    return classify_education_ceiling(education, _in_force(on, params), params)[0]


def predicates_for(rng: random.Random, first_year: int, last_year: int) -> dict[int, str]:
    return {year: weighted(rng, PREDICATE_WEIGHTS) for year in range(first_year, last_year + 1)}


def performance_rows(rng: random.Random, predicates: dict[int, str], agency_code: str) -> list[dict[str, Any]]:
    rows = []
    for year, predicate in sorted(predicates.items()):
        if year >= 2022:
            rows.append({"year": year, "predicate": predicate, "scheme": "SKP_2022", "score": None})
        elif year == 2021:
            rows.append({"year": year, "predicate": predicate, "scheme": "SKP_2021", "score": None})
        else:
            low, high = PP46_SCORE[predicate]
            score = Decimal(rng.randint(low * 100, high * 100)) / 100
            rows.append({"year": year, "predicate": predicate, "scheme": "PP46_2011", "score": score})
        rows[-1]["source"] = f"e-Kinerja {agency_code}" if year >= 2021 else "SKP"
    return rows


def good_years(predicates: dict[int, str], year: int) -> bool:
    """The two calendar years before `year` are BAIK or better (a year without data counts as met, as for
    the years before appointment)."""
    return all(predicates.get(y, "BAIK") in ("SANGAT_BAIK", "BAIK") for y in (year - 2, year - 1))


def rank_steps(
    education_at: list[tuple[dt.date, str]],
    appointed: dt.date,
    today: dt.date,
    predicates: dict[int, str],
    rng: random.Random,
    params: ParameterSet,
    sanction_years: frozenset[int] = frozenset(),
) -> list[tuple[dt.date, str, str]]:
    """[(effective date, rank, kind)] from appointment to today. `education_at` lists (from, education)."""

    def education_on(day: dt.date) -> str:
        current = education_at[0][1]
        for since, level in education_at:
            if since <= day:
                current = level
        return current

    start = start_rank_of(education_on(appointed), appointed, params)
    steps = [(appointed, start, "CPNS")]
    rank, since = start, appointed
    candidate = promotion_period_on_or_after(add_years(since, 4) + dt.timedelta(days=rng.randint(0, 200)))
    while candidate <= today:
        education = education_on(candidate)
        upgraded = start_rank_of(education, candidate, params)
        target = next_rank(rank)
        kind = "REGULER"
        # A degree earned in service above the rank's start: penyesuaian ijazah to the new start rank.
        if RANK_ORDINAL[upgraded] > RANK_ORDINAL[rank]:
            target, kind = upgraded, "IJAZAH"
        if target is None or RANK_ORDINAL[target] > RANK_ORDINAL[ceiling_of(education, candidate, params)]:
            break
        if kind == "REGULER" and (not good_years(predicates, candidate.year) or candidate.year in sanction_years):
            candidate = promotion_period_on_or_after(candidate + dt.timedelta(days=1))
            continue
        steps.append((candidate, target, kind))
        rank, since = target, candidate
        candidate = promotion_period_on_or_after(add_years(since, 4) + dt.timedelta(days=rng.randint(0, 400)))
    return steps


DEFAULT_TITLES: dict[str, tuple[str, ...]] = {
    "D3": ("A.Md.",),
    "D4": ("S.Tr.IP.", "S.ST."),
    "S1": ("S.Sos.", "S.IP.", "S.STP.", "S.E.", "S.H.", "S.Kom."),
    "S2": ("M.Si.", "M.AP.", "M.M.", "M.H."),
    "S3": ("M.Si.",),
}
GRADE_AS_RANK = {1: "I/a", 2: "I/c", 4: "II/a", 5: "II/b", 7: "II/c", 9: "III/a", 10: "III/b", 11: "III/c"}
UNIVERSITIES = (
    "Universitas Mataram", "Institut Pemerintahan Dalam Negeri", "Universitas Gadjah Mada", "Universitas Brawijaya",
    "Universitas Hasanuddin", "Universitas Padjadjaran", "Universitas Airlangga", "Universitas Udayana",
    "UIN Mataram", "Universitas Muhammadiyah Mataram", "Universitas Terbuka", "Universitas Indonesia",
)  # fmt: skip
SCHOOLS = ("SMA Negeri 1 Mataram", "SMA Negeri 1 Praya", "SMA Negeri 1 Selong", "SMK Negeri 3 Mataram", "MAN 2 Mataram")
TECHNICAL_TRAININGS = (
    "Bimbingan Teknis Penyusunan SKP", "Pelatihan Pengelolaan Arsip Dinamis", "Bimtek Aplikasi SIASN",
    "Pelatihan Pelayanan Publik Prima", "Pelatihan Pengadaan Barang/Jasa", "Pelatihan Manajemen ASN",
    "Pelatihan Penulisan Karya Ilmiah", "Pelatihan Pengasuhan Praja", "Bimtek Pengelolaan Keuangan Negara",
)  # fmt: skip


@dataclass(frozen=True)
class Naming:
    """A seeded name source: Faker id_ID pools and birth places."""

    first_male: tuple[str, ...]
    first_female: tuple[str, ...]
    last_male: tuple[str, ...]
    last_female: tuple[str, ...]
    places: tuple[str, ...]

    def name(self, rng: random.Random, gender: str) -> str:
        if gender == "M":
            return f"{rng.choice(self.first_male)} {rng.choice(self.last_male)}"
        return f"{rng.choice(self.first_female)} {rng.choice(self.last_female)}"


NTB_PLACES = (
    "Mataram", "Gerung", "Praya", "Selong", "Tanjung", "Sumbawa Besar", "Taliwang", "Dompu", "Bima",
    "Lombok Barat", "Lombok Tengah", "Lombok Timur",
)  # fmt: skip


def naming() -> Naming:
    from faker.providers.address.id_ID import Provider as Address
    from faker.providers.person.id_ID import Provider as Person

    return Naming(
        first_male=tuple(Person.first_names_male),
        first_female=tuple(Person.first_names_female),
        last_male=tuple(Person.last_names_male),
        last_female=tuple(Person.last_names_female),
        places=NTB_PLACES * 10 + tuple(Address.cities),
    )


def _rung_for(track: Track, rank: str) -> Rung:
    reached = [r for r in track.ladder if RANK_ORDINAL[r.min_rank] <= RANK_ORDINAL[rank]]
    return reached[-1] if reached else track.ladder[0]


def _decree(rng: random.Random, prefix: str, agency_code: str, on: dt.date) -> tuple[str, dt.date]:
    decided = on - dt.timedelta(days=rng.randint(10, 60))
    return f"{prefix}/{rng.randint(10, 2999)}/{agency_code}/{decided.year}", decided


def build_career(
    rng: random.Random,
    names: Naming,
    track: Track,
    *,
    employment_type: str,
    today: dt.date,
    agency_code: str,
    unit_name: str,
    params: ParameterSet | None = None,
    gender: str | None = None,
    force: str = "",
) -> Career:
    """One person's career up to `today`. `force`: "promotion" (eligible at the next period), "retiring"
    (reaches the retirement age within 12 months) or "" (as it comes)."""
    params = params or default_parameters()
    gender = gender or ("F" if rng.random() < 0.5 else "M")
    education = weighted(rng, track.educations)
    low, high = track.service
    if employment_type == "CPNS":
        appointed = add_months(today.replace(day=1), -rng.randint(2, 11))
    elif employment_type == "PPPK":
        appointed = dt.date(today.year - rng.randint(1, 5), rng.choice((1, 3, 4)), 1)
    else:
        appointed = dt.date(today.year - rng.randint(max(low, 5), max(high, 5)), rng.choice((1, 1, 3, 4, 12)), 1)
    if force == "promotion" and employment_type == "PNS":
        appointed = dt.date(today.year - rng.randint(9, 17), rng.choice((1, 3, 4)), 1)
    education_at = [(dt.date.min, education)]
    service_years = (today - appointed).days // 365
    if education in ("S2", "S3") and employment_type == "PNS" and service_years >= 8 and rng.random() < 0.45:
        earned = add_years(appointed, rng.randint(3, service_years - 3)).replace(month=rng.randint(1, 12))
        education_at = [(dt.date.min, PREVIOUS_EDUCATION[education]), (earned, education)]
    appointed_with = education_at[0][1]

    first_year = appointed.year if appointed.month < 7 else appointed.year + 1
    predicates = predicates_for(rng, first_year, today.year - 1)
    sanction_years: frozenset[int] = frozenset()
    sanctions: list[dict[str, Any]] = []
    if employment_type == "PNS" and service_years >= 6 and force == "" and rng.random() < 0.02:
        year = rng.randint(appointed.year + 2, today.year - 1)
        predicates[year] = "BUTUH_PERBAIKAN"
        start = dt.date(year, rng.randint(2, 11), rng.randint(1, 28))
        number, decided = _decree(rng, "862.3", agency_code, start)
        if rng.random() < 0.6:
            sanctions.append(
                {
                    "level": "RINGAN",
                    "kind": "Teguran tertulis",
                    "start_date": start,
                    "end_date": add_years(start, 1),
                    "decree_number": number,
                    "decree_date": decided,
                }
            )
        else:
            sanctions.append({"level": "SEDANG", "kind": "Penundaan kenaikan gaji berkala selama 1 tahun",
                              "start_date": start, "end_date": add_years(start, 1), "decree_number": number,
                              "decree_date": decided})  # fmt: skip
        sanction_years = frozenset({year, year + 1})

    steps: list[tuple[dt.date, str, str]] = []
    if employment_type in ("PNS", "CPNS"):
        if force == "promotion":
            for year in (today.year - 2, today.year - 1):
                predicates[year] = "BAIK"
            # The last promotion about four years ago, so the next period finds the four years met.
            last = promotion_period_on_or_after(add_years(today, -4) - dt.timedelta(days=rng.randint(20, 150)))
            steps = rank_steps(education_at, appointed, last - dt.timedelta(days=1), predicates, rng, params)
            target = next_rank(steps[-1][1])
            if (
                target is not None
                and RANK_ORDINAL[target] < RANK_ORDINAL[ceiling_of(education_at[-1][1], today, params)]
                and add_years(steps[-1][0], 4) <= last
            ):
                steps.append((last, target, "REGULER"))
        else:
            steps = rank_steps(education_at, appointed, today, predicates, rng, params, sanction_years)

    # Positions: a ladder by rank (functional), or the slot's post reached late in the career (structural).
    positions: list[tuple[dt.date, Rung]] = []
    if employment_type == "PNS":
        for on, rank, _kind in steps:
            rung = _rung_for(track, rank)
            if track.fixed_final and rung == track.ladder[-1]:
                rung = track.ladder[-2] if len(track.ladder) > 1 else rung
            if not positions or positions[-1][1] != rung:
                positions.append((on, rung))
        if track.fixed_final and positions[-1][1] != track.ladder[-1]:
            earliest = add_years(positions[-1][0], 1)
            latest = add_months(today, -3)
            span = max((latest - earliest).days, 0)
            positions.append((earliest + dt.timedelta(days=rng.randint(0, span)), track.ladder[-1]))
    else:
        positions.append((appointed, track.ladder[0]))
    final_rung = positions[-1][1]

    # Birth date: the appointment age for the education, kept under the retirement age (or forced near it).
    bup = retirement_age(final_rung.level, track.occupation)
    age_low, age_high = APPOINTMENT_AGE[appointed_with]
    birth = add_years(appointed, -rng.randint(age_low, age_high)) - dt.timedelta(days=rng.randint(0, 364))
    if force == "retiring":
        birth = add_years(today, -bup) + dt.timedelta(days=rng.randint(15, 330))
    elif add_years(birth, bup) <= add_months(today, 1):
        birth = add_years(today, -bup) + dt.timedelta(days=rng.randint(400, 2500))
    if birth > add_years(appointed, -19):
        birth = add_years(appointed, -19) - dt.timedelta(days=rng.randint(0, 300))

    # Education history.
    educations: list[dict[str, Any]] = []
    final_graduated = appointed - dt.timedelta(days=rng.randint(200, 900))
    if len(education_at) > 1:
        earned = education_at[1][0]
        educations.append({"level": appointed_with, "graduation_date": final_graduated})
        educations.append({"level": education, "graduation_date": earned})
    else:
        educations.append({"level": education, "graduation_date": final_graduated})
    first = educations[0]
    previous = PREVIOUS_EDUCATION.get(first["level"])
    if previous and previous != "SLTA":
        educations.insert(0, {"level": previous, "graduation_date": add_years(first["graduation_date"], -2)})
    if educations[0]["level"] not in ("SD", "SLTP", "SLTA"):
        educations.insert(0, {"level": "SLTA", "graduation_date": add_years(birth, 18).replace(month=6, day=15)})
    for row in educations:
        row["graduation_date"] = max(row["graduation_date"], add_years(birth, 17))
        if row["level"] in ("SD", "SLTP", "SLTA"):
            row["institution"], row["major"] = rng.choice(SCHOOLS), "IPS" if rng.random() < 0.6 else "IPA"
        else:
            row["institution"], row["major"] = rng.choice(UNIVERSITIES), rng.choice(track.majors)
    educations.sort(key=lambda row: row["graduation_date"])

    # Training: the basic course, leadership courses with structural posts, and yearly development hours.
    trainings: list[dict[str, Any]] = []
    if employment_type in ("PNS", "CPNS") and appointed < add_months(today, -3):
        course = "Pelatihan Dasar CPNS" if appointed.year >= 2018 else "Diklat Prajabatan"
        start = add_months(appointed, rng.randint(2, 8))
        if start < today:
            trainings.append({"name": course, "kind": "LATSAR", "mode": "KLASIKAL", "start_date": start,
                              "end_date": start + dt.timedelta(days=50), "hours": 306 if appointed.year >= 2018
                              else 180, "organizer": "BPSDM Provinsi NTB"})  # fmt: skip
    leadership = {"PENGAWAS": ("PKP", "Pelatihan Kepemimpinan Pengawas"),
                  "ADMINISTRATOR": ("PKA", "Pelatihan Kepemimpinan Administrator"),
                  "JPT_PRATAMA": ("PKN_II", "Pelatihan Kepemimpinan Nasional Tingkat II")}  # fmt: skip
    for on, rung in positions:
        if rung.level in leadership:
            start = add_months(on, rng.randint(2, 10))
            if start < today:
                kind, course = leadership[rung.level]
                trainings.append({"name": course, "kind": kind, "mode": "KLASIKAL", "start_date": start,
                                  "end_date": start + dt.timedelta(days=60), "hours": 400 if kind != "PKP" else 300,
                                  "organizer": "LAN RI"})  # fmt: skip
    low_jp = rng.random() < 0.15
    for year in range(max(appointed.year + 1, today.year - 6), today.year + 1):
        budget = rng.randint(6, 18) if (low_jp and year >= today.year - 2) else rng.randint(20, 56)
        if year == today.year:
            budget = budget * today.month // 12
        while budget > 0:
            hours = min(budget, rng.choice((4, 8, 10, 16, 20, 24)))
            start = dt.date(year, rng.randint(1, 12 if year < today.year else today.month), rng.randint(1, 25))
            if start >= today:
                break
            kind, mode, name = rng.choice(
                (
                    ("TEKNIS", "KLASIKAL", rng.choice(TECHNICAL_TRAININGS)),
                    ("E_LEARNING", "NONKLASIKAL", "E-learning ASN Unggul"),
                    ("SEMINAR", "KLASIKAL", "Seminar Nasional Tata Kelola Pemerintahan"),
                    ("COACHING", "NONKLASIKAL", "Coaching dan mentoring oleh atasan"),
                )
            )
            trainings.append(
                {
                    "name": name,
                    "kind": kind,
                    "mode": mode,
                    "start_date": start,
                    "end_date": start + dt.timedelta(days=max(hours // 8, 1) - 1),
                    "hours": hours,
                    "organizer": rng.choice(("BPSDM Provinsi NTB", "LAN RI", "BKN", agency_code)),
                }
            )
            budget -= hours
    trainings.sort(key=lambda row: row["start_date"])

    # Awards: Satyalancana Karya Satya after 10, 20 and 30 years.
    awards: list[dict[str, Any]] = []
    if employment_type == "PNS":
        for years, label in ((10, "X"), (20, "XX"), (30, "XXX")):
            on = dt.date(appointed.year + years + rng.randint(0, 2), 8, 17)
            if on < today and rng.random() < 0.55:
                number, decided = _decree(rng, "Keppres", "RI", on)
                awards.append({"name": f"Satyalancana Karya Satya {label} Tahun", "awarded_on": on,
                               "giver": "Presiden Republik Indonesia", "decree_number": number,
                               "decree_date": decided})  # fmt: skip

    # KGB every two years from the appointment.
    salaries: list[dict[str, Any]] = []
    k = 1
    while add_years(appointed, 2 * k) <= today:
        on = add_years(appointed, 2 * k)
        if employment_type == "PPPK":
            rank_then = GRADE_AS_RANK.get(PPPK_GRADE[education], "III/a")
        else:
            rank_then = [rank for since, rank, _kind in steps if since <= on][-1]
        number, decided = _decree(rng, "822.4", agency_code, on)
        salaries.append({"effective_date": on, "service_years": 2 * k,
                         "base_salary": base_salary(rank_then, 2 * k, on), "decree_number": number,
                         "decree_date": decided})  # fmt: skip
        k += 1

    ranks = []
    for on, rank, kind in steps:
        number, decided = _decree(rng, "823.3", agency_code, on)
        ranks.append({"rank": rank_code(rank), "effective_date": on, "kind": kind, "decree_number": number,
                      "decree_date": decided, "service_years": (on - appointed).days // 365})  # fmt: skip
    position_rows = []
    for i, (on, rung) in enumerate(positions):
        end = positions[i + 1][0] - dt.timedelta(days=1) if i + 1 < len(positions) else None
        number, decided = _decree(rng, "821.2", agency_code, on)
        position_rows.append(
            {
                "rung": rung,
                "position_name": rung.name,
                "level": rung.level,
                "unit_name": unit_name,
                "start_date": on,
                "end_date": end,
                "decree_number": number,
                "decree_date": decided,
            }
        )

    titles = track.titles.get(education) or DEFAULT_TITLES.get(education, ())
    back = rng.choice(titles) if titles else ""
    if len(education_at) > 1 or education in ("S2", "S3"):
        first_titles = track.titles.get("S1") or DEFAULT_TITLES["S1"]
        back = f"{rng.choice(first_titles)}, {back}" if education == "S2" else f"{rng.choice(first_titles)}, M.Si."
    front = "Prof. Dr." if track.occupation == "PROFESOR" else "Dr." if education == "S3" else ""
    if track.titles.get("front"):
        front = track.titles["front"][0]

    return Career(
        employment_type=employment_type,
        gender=gender,
        name=names.name(rng, gender),
        front_title=front,
        back_title=back,
        birth_date=birth,
        birth_place=rng.choice(names.places),
        education=education,
        appointment_date=appointed,
        pns_date=add_years(appointed, 1) if employment_type == "PNS" else None,
        rank=rank_code(steps[-1][1]) if steps else None,
        rank_since=steps[-1][0] if steps else None,
        pppk_grade=PPPK_GRADE[education] if employment_type == "PPPK" else None,
        occupation=track.occupation,
        level=final_rung.level,
        position_name=final_rung.name,
        position_since=positions[-1][0],
        last_salary_increment=salaries[-1]["effective_date"] if salaries else appointed,
        ranks=ranks,
        positions=position_rows,
        educations=educations,
        trainings=trainings,
        performances=performance_rows(rng, predicates, agency_code),
        awards=awards,
        sanctions=sanctions,
        salaries=salaries,
    )
