"""The committee of an open JPT selection (selection.jpt_panel): 5-9 members, an odd number, internal members at
most 45% of all, checked as of the announcement start on every path that announces or changes an announced
committee; the external flags on the pages, the API and the audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from jenjang.core.errors import InvalidData
from jenjang.core.models import AuditLog
from jenjang.rules.services import parameter_value_add
from jenjang.selection import services
from jenjang.selection.models import CommitteeMember, Vacancy, VacancyStatus
from tests.factories import PositionFactory
from tests.selection.factories import make_vacancy

pytestmark = pytest.mark.django_db

JPT = {"level": "JPT_PRATAMA", "title": "Kepala Biro Umum"}


@pytest.fixture
def people(agency, make_user):
    """Eleven users of the agency (the committee is chosen among them)."""
    return [make_user("EMPLOYEE", agency) for _ in range(11)]


def jpt_vacancy(agency, manager, people, size, n_external, **overrides):
    committee = people[:size]
    return make_vacancy(agency, manager, committee, external=committee[:n_external], **{**JPT, **overrides})


def _unchanged(vacancy: Vacancy) -> dict:
    keys = ("title", "description", "open_to_public", "announcement_start", "announcement_end", "screening_date",
            "cat_date", "assessment_date", "interview_date", "final_date")  # fmt: skip
    return {
        **{k: getattr(vacancy, k) for k in keys},
        "position": vacancy.position,
        "requirements": vacancy.requirements,
    }


def _seats(vacancy: Vacancy) -> dict[int, bool]:
    return dict(CommitteeMember.objects.filter(vacancy=vacancy).values_list("user_id", "is_external"))


# --- announcing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "n_external"), [(5, 3), (7, 4), (9, 5)])
def test_a_jpt_committee_within_the_rule_is_announced(agency, manager, people, size, n_external):
    # internal shares 2/5 = 0.40, 3/7 = 0.43 and 4/9 = 0.44, each at most 0.45
    vacancy = jpt_vacancy(agency, manager, people, size, n_external)
    assert vacancy.status == VacancyStatus.OPEN
    seats = _seats(vacancy)
    assert len(seats) == size and sum(seats.values()) == n_external
    log = AuditLog.objects.get(action="selection.vacancy.created", object_id=str(vacancy.pk))
    assert log.changes["committee_external"] == [None, sorted(u.username for u in people[:n_external])]
    assert log.decision["parameters"]["selection.jpt_panel"] == {
        "min_members": 5, "max_members": 9, "odd": True, "max_internal_share": 0.45,
    }  # fmt: skip
    assert (log.decision["committee"], log.decision["external"]) == (size, n_external)


@pytest.mark.parametrize(
    ("size", "n_external", "expected"),
    [
        (3, 3, "beranggotakan 5 sampai 9 orang; yang dipilih 3 orang"),
        (11, 11, "beranggotakan 5 sampai 9 orang; yang dipilih 11 orang"),
        (6, 4, "harus ganjil; yang dipilih 6 orang"),
        (7, 3, "paling banyak 45% dari seluruh anggota (3 dari 7 orang); yang dipilih 4 orang internal"),  # 4/7=0.57
        (5, 2, "paling banyak 45% dari seluruh anggota (2 dari 5 orang); yang dipilih 3 orang internal"),  # 3/5=0.60
        (9, 4, "(4 dari 9 orang); yang dipilih 5 orang internal"),  # 5/9 = 0.56
        (5, 0, "(2 dari 5 orang); yang dipilih 5 orang internal"),
    ],
)
def test_a_jpt_committee_outside_the_rule_is_not_announced(agency, manager, people, size, n_external, expected):
    with pytest.raises(InvalidData) as error:
        jpt_vacancy(agency, manager, people, size, n_external)
    assert error.value.field == "committee"
    assert expected in str(error.value.message)
    assert not Vacancy.objects.exists() and not CommitteeMember.objects.exists()


def test_the_refusal_reads_in_english(agency, manager, people):
    with translation.override("en"), pytest.raises(InvalidData) as error:
        jpt_vacancy(agency, manager, people, 7, 3)
    assert "at most 45% of all members (3 of 7)" in str(error.value.message)
    with translation.override("en"), pytest.raises(InvalidData) as error:
        jpt_vacancy(agency, manager, people, 6, 6)
    assert "must have an odd number of members; 6 chosen" in str(error.value.message)


def test_a_non_jpt_vacancy_keeps_the_minimum_only(agency, manager, people):
    # four members, all internal: refused for a JPT post, fine for an administrator post
    vacancy = make_vacancy(agency, manager, people[:4])
    assert vacancy.level == "ADMINISTRATOR" and vacancy.status == VacancyStatus.OPEN
    with pytest.raises(InvalidData):
        make_vacancy(agency, manager, people[:2])  # selection.min_panel_members (3) still applies
    log = AuditLog.objects.get(action="selection.vacancy.created", object_id=str(vacancy.pk))
    assert "selection.jpt_panel" not in log.decision["parameters"]
    assert log.changes["committee_external"] == [None, []]


def test_the_level_comes_from_a_jpt_position(agency, manager, people):
    position = PositionFactory(agency=agency, level="JPT_MADYA", required_education="S2")
    with pytest.raises(InvalidData, match="ganjil"):
        make_vacancy(agency, manager, people[:6], external=people[:6], position=position, level="")
    vacancy = make_vacancy(agency, manager, people[:5], external=people[:3], position=position, level="")
    assert vacancy.level == "JPT_MADYA" and vacancy.status == VacancyStatus.OPEN


def test_a_draft_may_be_anything_and_the_announce_action_checks_it(agency, manager, people):
    draft = jpt_vacancy(agency, manager, people, 5, 0, announce=False)
    assert draft.status == VacancyStatus.DRAFT
    with pytest.raises(InvalidData, match="yang dipilih 5 orang internal"):
        services.vacancy_announce(actor=manager, vacancy=draft)
    assert Vacancy.objects.get(pk=draft.pk).status == VacancyStatus.DRAFT
    draft = services.vacancy_update(
        actor=manager, vacancy=draft, data=_unchanged(draft), committee=people[:5], external=people[2:5],
        expected_version=draft.version,
    )  # fmt: skip
    edited = AuditLog.objects.get(action="selection.vacancy.edited", object_id=str(draft.pk))
    assert edited.changes["committee_external"] == [[], sorted(u.username for u in people[2:5])]
    announced = services.vacancy_announce(actor=manager, vacancy=draft)
    assert announced.status == VacancyStatus.OPEN
    log = AuditLog.objects.get(action="selection.vacancy.announced", object_id=str(draft.pk))
    assert log.decision["parameters"]["selection.jpt_panel"]["max_internal_share"] == 0.45
    assert (log.decision["committee"], log.decision["external"]) == (5, 3)


def test_external_members_must_be_on_the_committee(agency, manager, people):
    with pytest.raises(InvalidData) as error:
        make_vacancy(agency, manager, people[:5], external=[people[7]], **JPT)
    assert error.value.field == "committee_external"


# --- after the announcement ------------------------------------------------------------------------------


def test_an_edit_that_breaks_the_composition_after_the_announcement_is_refused(agency, manager, people):
    vacancy = jpt_vacancy(agency, manager, people, 5, 3)
    before = _seats(vacancy)

    def edit(committee, external=None):
        fresh = Vacancy.objects.get(pk=vacancy.pk)
        return services.vacancy_update(
            actor=manager, vacancy=fresh, data=_unchanged(fresh), committee=committee, external=external,
            expected_version=fresh.version, on=dt.date(2026, 3, 20),
        )  # fmt: skip

    with pytest.raises(InvalidData, match="harus ganjil; yang dipilih 6 orang"):
        edit(people[:6])  # one member added (internal): an even committee
    with pytest.raises(InvalidData, match=r"\(3 dari 7 orang\); yang dipilih 4 orang internal"):
        edit(people[:7], external=people[:3])  # two internal members added: 4/7 = 0.57
    with pytest.raises(InvalidData, match=r"\(2 dari 5 orang\); yang dipilih 3 orang internal"):
        edit(people[:5], external=people[:2])  # an external flag taken off: 3/5 = 0.60
    assert _seats(vacancy) == before
    assert not AuditLog.objects.filter(action="selection.vacancy.edited").exists()

    updated = edit(people[:7], external=[*people[:3], people[5], people[6]])  # two external added: 2/7
    assert updated.version == vacancy.version + 1
    seats = _seats(vacancy)
    assert len(seats) == 7 and sum(seats.values()) == 5
    log = AuditLog.objects.get(action="selection.vacancy.edited", object_id=str(vacancy.pk))
    assert log.changes["committee_external"] == [
        sorted(u.username for u in people[:3]),
        sorted(u.username for u in [*people[:3], people[5], people[6]]),
    ]
    assert log.decision["parameters"]["selection.jpt_panel"]["max_members"] == 9


def test_after_the_announcement_a_non_jpt_committee_only_grows(agency, manager, people):
    vacancy = make_vacancy(agency, manager, people[:3])
    updated = services.vacancy_update(
        actor=manager, vacancy=vacancy, data=_unchanged(vacancy), committee=people[:4],
        expected_version=vacancy.version, on=dt.date(2026, 3, 20),
    )  # fmt: skip
    assert len(_seats(updated)) == 4  # even, all internal: no JPT rule


# --- the dated parameter ---------------------------------------------------------------------------------


def test_a_later_dated_value_applies_from_its_date_by_the_announcement_start(agency, manager, people, make_user):
    parameter_value_add(
        actor=make_user("ADMIN", agency),
        agency=agency,
        name="selection.jpt_panel",
        valid_from=dt.date(2026, 6, 1),
        value={"min_members": 7, "max_members": 11, "odd": True, "max_internal_share": 0.3},
        legal_basis="Keputusan uji 1/2026",
    )
    before = jpt_vacancy(agency, manager, people, 5, 3)  # announcement start 1 March: the 2019 value
    assert before.status == VacancyStatus.OPEN
    later = {
        "announcement_start": dt.date(2026, 6, 1),
        "announcement_end": dt.date(2026, 6, 30),
        "assessment_date": dt.date(2026, 7, 20),
        "interview_date": dt.date(2026, 7, 27),
    }
    with pytest.raises(InvalidData, match="beranggotakan 7 sampai 11 orang; yang dipilih 5 orang"):
        jpt_vacancy(agency, manager, people, 5, 3, **later)
    with pytest.raises(InvalidData, match=r"paling banyak 30% dari seluruh anggota \(3 dari 11 orang\)"):
        jpt_vacancy(agency, manager, people, 11, 7, **later)  # 4/11 = 0.36 > 0.30
    after = jpt_vacancy(agency, manager, people, 11, 8, **later)  # 3/11 = 0.27
    assert after.status == VacancyStatus.OPEN
    # a draft announced today is judged by its own announcement start, not by today
    draft = jpt_vacancy(agency, manager, people, 5, 3, announce=False, **later)
    with pytest.raises(InvalidData, match="beranggotakan 7 sampai 11"):
        services.vacancy_announce(actor=manager, vacancy=draft)
    early = jpt_vacancy(agency, manager, people, 5, 3, announce=False, title="Konsep Maret")
    assert services.vacancy_announce(actor=manager, vacancy=early).status == VacancyStatus.OPEN


# --- pages and API ---------------------------------------------------------------------------------------


def _create_post(position, committee, external, **changes):
    today = timezone.localdate()
    post = {
        "title": "Seleksi Terbuka Kepala Biro",
        "position": position.pk,
        "announcement_start": today.isoformat(),
        "announcement_end": (today + dt.timedelta(days=14)).isoformat(),
        "assessment_date": (today + dt.timedelta(days=30)).isoformat(),
        "committee": [u.pk for u in committee],
        "committee_external": [u.pk for u in external],
        "open_to_public": "on",
        "announce": "on",
    }
    post.update(changes)
    return post


def test_create_page_marks_external_members_and_shows_the_refusal(agency, manager, people, login):
    position = PositionFactory(agency=agency, level="JPT_PRATAMA", required_education="S2")
    client = login(manager)
    url = reverse("selection:vacancy_create")
    page = client.get(url).content.decode()
    assert 'name="committee_external"' in page and "Unsur eksternal di antara panitia" in page
    refused = client.post(url, _create_post(position, people[:7], people[:3]))
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "yang dipilih 4 orang internal" in body and not Vacancy.objects.exists()
    client.cookies["django_language"] = "en"
    english = client.post(url, _create_post(position, people[:7], people[:3])).content.decode()
    assert "4 of them are internal" in english
    del client.cookies["django_language"]
    created = client.post(url, _create_post(position, people[:7], people[:4]))
    assert created.status_code == 302
    vacancy = Vacancy.objects.get()
    assert vacancy.status == VacancyStatus.OPEN and sum(_seats(vacancy).values()) == 4

    staff_page = client.get(reverse("selection:staff_vacancy", args=[vacancy.pk])).content.decode()
    public_page = client.get(reverse("selection:vacancy_detail", args=[vacancy.pk])).content.decode()
    for page in (staff_page, public_page):
        assert "7 anggota: 3 unsur internal, 4 unsur eksternal" in page
        assert page.count("badge badge-info") >= 4


def test_edit_page_keeps_and_corrects_the_flags_after_the_announcement(agency, manager, people, login):
    position = PositionFactory(agency=agency, level="JPT_PRATAMA", required_education="S2")
    client = login(manager)
    client.post(reverse("selection:vacancy_create"), _create_post(position, people[:5], people[:3]))
    vacancy = Vacancy.objects.get()
    url = reverse("selection:vacancy_edit", args=[vacancy.pk])
    page = client.get(url).content.decode()
    assert "tanda unsur eksternalnya dibetulkan" in page
    base = {
        **{k: getattr(vacancy, k).isoformat() for k in ("announcement_end", "assessment_date")},
        "version": vacancy.version,
        "committee": [u.pk for u in people[:5]],
    }
    refused = client.post(url, {**base, "committee_external": [people[0].pk, people[1].pk]})
    assert refused.status_code == 200 and "yang dipilih 3 orang internal" in refused.content.decode()
    assert sum(_seats(vacancy).values()) == 3
    saved = client.post(url, {**base, "committee_external": [u.pk for u in people[:4]]})
    assert saved.status_code == 302 and sum(_seats(vacancy).values()) == 4


def test_api_shows_the_committee_with_its_flags(client, agency, manager, people, django_assert_max_num_queries):
    vacancy = jpt_vacancy(agency, manager, people, 5, 3)
    body = client.get(f"/api/v1/selection/vacancies/{vacancy.pk}/").json()
    assert [m["is_external"] for m in body["committee"]] == [True, True, True, False, False]
    assert body["committee"][0]["is_chair"] is True
    for i in range(4):
        make_vacancy(agency, manager, people[:3], title=f"Lowongan {i}")
    with django_assert_max_num_queries(7):
        listed = client.get("/api/v1/selection/vacancies/").json()
    assert sorted(sum(m["is_external"] for m in v["committee"]) for v in listed["results"]) == [0, 0, 0, 0, 3]


def test_api_announce_action_refuses_a_committee_outside_the_rule(agency, manager, people, login):
    draft = jpt_vacancy(agency, manager, people, 7, 3, announce=False)
    api = login(manager)
    url = f"/api/v1/selection/staff/vacancies/{draft.pk}/actions/announce/"
    refused = api.post(url)
    assert refused.status_code == 400 and "yang dipilih 4 orang internal" in refused.content.decode()
    assert Vacancy.objects.get(pk=draft.pk).status == VacancyStatus.DRAFT


def test_the_parameter_page_shows_the_jpt_panel_value(agency, manager, login):
    page = login(manager).get(reverse("rules:parameter_detail", args=["selection.jpt_panel"])).content.decode()
    assert "max_internal_share" in page and "PermenPANRB 15/2019" in page
