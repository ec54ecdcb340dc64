"""nip: validate an 18-digit NIP and read what it encodes (regulations.md §1).

PNS:  YYYYMMDD (birth) + YYYYMM (TMT CPNS) + G (1 male, 2 female) + NNN (001-999)
PPPK: YYYYMMDD (birth) + YYYY (TMT year) + "2" + K (batch 1-9) + G + NNN

A PNS NIP and a PPPK NIP are told apart by digits 13-14: a PNS TMT month is 01-12, while a PPPK NIP has "2"
then a batch digit there ("21".."29"), which is never a month. An invalid NIP is a decision (valid: false).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..dates import add_years
from ..decision import Decision
from ..parameters import ParameterSet
from ..registry import rule
from ..schema import Field, Schema
from ..text import Text, t

LEGAL_BASIS = "Peraturan Kepala BKN 22/2007 (NIP PNS); susunan NIP PPPK (UNCONFIRMED)"
MIN_AGE_AT_APPOINTMENT = "nip.min_age_at_appointment"


def _date(year: str, month: str, day: str = "01") -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def check_nip(
    nip: str,
    as_of: dt.date,
    params: ParameterSet,
    birth_date: dt.date | None = None,
    gender: str | None = None,
) -> Decision:
    problems: list[Text] = []
    result: dict[str, Any] = {
        "valid": False,
        "kind": None,
        "birth_date": None,
        "gender": None,
        "sequence": None,
    }
    if len(nip) != 18 or not nip.isascii() or not nip.isdigit():
        return Decision(
            result=result,
            reasons=(t("NIP harus terdiri atas 18 angka", "A NIP must be exactly 18 digits"),),
            legal_basis=(LEGAL_BASIS,),
        )
    born = _date(nip[0:4], nip[4:6], nip[6:8])
    if born is None:
        problems.append(
            t("8 angka pertama bukan tanggal lahir yang sah", "The first 8 digits are not a real birth date")
        )
    elif born > as_of:
        problems.append(t("Tanggal lahir pada NIP belum terjadi", "The birth date in the NIP is in the future"))
    kind = "PPPK" if nip[12] == "2" and nip[13] != "0" and int(nip[12:14]) > 12 else "PNS"
    gender_digit, sequence = (nip[14], nip[15:18])
    appointment: dt.date | None = None
    if kind == "PNS":
        appointment = _date(nip[8:12], nip[12:14])
        if appointment is None:
            problems.append(
                t(
                    "Angka 9-14 bukan TMT CPNS (tahun dan bulan 01-12) yang sah",
                    "Digits 9-14 are not a valid TMT CPNS (year and month 01-12)",
                )
            )
    else:
        appointment = _date(nip[8:12], "01")
        if appointment is None:
            problems.append(t("Angka 9-12 bukan tahun TMT PPPK yang sah", "Digits 9-12 are not a valid PPPK TMT year"))
    if gender_digit not in ("1", "2"):
        problems.append(t("Angka ke-15 (jenis kelamin) harus 1 atau 2", "Digit 15 (gender) must be 1 or 2"))
    if sequence == "000":
        problems.append(
            t("Nomor urut (3 angka terakhir) tidak boleh 000", "The sequence (last 3 digits) cannot be 000")
        )
    if born and appointment:
        min_age = int(params.get(MIN_AGE_AT_APPOINTMENT, as_of))
        adult = add_years(born, min_age)
        if appointment.replace(day=1) < adult.replace(day=1):
            problems.append(
                t(
                    "TMT pengangkatan sebelum usia {age} tahun",
                    "Appointment before the age of {age}",
                    age=min_age,
                )
            )
        if appointment > as_of:
            problems.append(
                t(
                    "TMT pengangkatan pada NIP belum terjadi",
                    "The appointment date in the NIP is in the future",
                )
            )
    decoded_gender = {"1": "M", "2": "F"}.get(gender_digit)
    if birth_date is not None and born is not None and birth_date != born:
        problems.append(
            t(
                "Tanggal lahir pada NIP ({nip_date}) berbeda dengan data ({record})",
                "The birth date in the NIP ({nip_date}) differs from the record ({record})",
                nip_date=born.isoformat(),
                record=birth_date.isoformat(),
            )
        )
    if gender is not None and decoded_gender is not None and gender != decoded_gender:
        problems.append(
            t("Jenis kelamin pada NIP berbeda dengan data", "The gender in the NIP differs from the record")
        )
    result.update(kind=kind, birth_date=born, gender=decoded_gender, sequence=int(sequence))
    if kind == "PNS":
        result["appointment_month"] = f"{nip[8:12]}-{nip[12:14]}"
    else:
        result["appointment_year"] = int(nip[8:12])
        result["batch"] = int(nip[13])
    if problems:
        return Decision(result=result, reasons=tuple(problems), legal_basis=(LEGAL_BASIS,))
    result["valid"] = True
    summary = (
        t(
            "NIP PNS sah: lahir {born}, TMT CPNS {month}, {gender}, nomor urut {seq}",
            "Valid PNS NIP: born {born}, TMT CPNS {month}, {gender_en}, sequence {seq}",
            born=born.isoformat() if born else "",
            month=result.get("appointment_month", ""),
            gender="laki-laki" if decoded_gender == "M" else "perempuan",
            gender_en="male" if decoded_gender == "M" else "female",
            seq=sequence,
        )
        if kind == "PNS"
        else t(
            "NIP PPPK sah: lahir {born}, TMT tahun {year}, angkatan {batch}, {gender}, nomor urut {seq}",
            "Valid PPPK NIP: born {born}, TMT year {year}, batch {batch}, {gender_en}, sequence {seq}",
            born=born.isoformat() if born else "",
            year=nip[8:12],
            batch=nip[13],
            gender="laki-laki" if decoded_gender == "M" else "perempuan",
            gender_en="male" if decoded_gender == "M" else "female",
            seq=sequence,
        )
    )
    return Decision(result=result, reasons=(summary,), legal_basis=(LEGAL_BASIS,))


@rule(
    name="nip",
    version="2007.1",
    title=t("Validasi NIP", "NIP validation"),
    summary=t(
        "Memeriksa NIP 18 angka (PNS atau PPPK) dan membaca tanggal lahir, TMT, jenis kelamin dan nomor urut.",
        "Checks an 18-digit NIP (PNS or PPPK) and reads the birth date, appointment, gender and sequence.",
    ),
    schema=Schema(
        (
            Field("nip", "string", t("NIP", "NIP"), example="198503142010012003"),
            Field(
                "birth_date",
                "date",
                t("Tanggal lahir (pembanding)", "Birth date (cross-check)"),
                required=False,
            ),
            Field(
                "gender",
                "choice",
                t("Jenis kelamin (pembanding)", "Gender (cross-check)"),
                required=False,
                choices=("M", "F"),
            ),
        )
    ),
    legal_basis=(LEGAL_BASIS,),
    parameters=(MIN_AGE_AT_APPOINTMENT,),
    examples=({"nip": "198503142010012003"}, {"nip": "199001012023211005"}),
)
def assess_nip(facts: dict[str, Any], as_of: dt.date, params: ParameterSet) -> Decision:
    return check_nip(facts["nip"], as_of, params, birth_date=facts.get("birth_date"), gender=facts.get("gender"))
