"""Pages: public board and results, candidates' own applications, committee and PPK pages, access and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from jenjang.selection import scoring, services
from jenjang.selection.models import Application, Vacancy
from tests.selection.factories import apply, close_and_screen, make_candidate, make_vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def vacancy(agency, manager, members):
    return make_vacancy(agency, manager, members)


def test_public_board_needs_no_account_and_searches(client, vacancy, agency, manager, members):
    make_vacancy(agency, manager, members, title="Analis SDM Aparatur")
    draft = make_vacancy(agency, manager, members, title="Rahasia Konsep", announce=False)
    page = client.get(reverse("selection:board")).content.decode()
    assert "Kepala Bagian Umum" in page and "Analis SDM Aparatur" in page and "Rahasia Konsep" not in page
    found = client.get(reverse("selection:board"), {"q": "analis"}).content.decode()
    assert "Analis SDM Aparatur" in found and "Kepala Bagian Umum" not in found
    assert client.get(reverse("selection:vacancy_detail", args=[vacancy.pk])).status_code == 200
    assert client.get(reverse("selection:vacancy_detail", args=[draft.pk])).status_code == 404


def test_board_query_count_does_not_grow(client, agency, manager, members, django_assert_max_num_queries):
    for i in range(12):
        make_vacancy(agency, manager, members, title=f"Lowongan {i}")
    client.get(reverse("selection:board"))  # the first visit extends the overdue announcements
    with django_assert_max_num_queries(6):
        assert client.get(reverse("selection:board")).status_code == 200


def test_staff_pages_query_count(vacancy, members, login, django_assert_max_num_queries):
    for i in range(10):
        apply(vacancy, make_candidate(f"Calon{i} X"))
    client = login(members[0])
    with django_assert_max_num_queries(16):
        assert client.get(reverse("selection:staff_vacancy", args=[vacancy.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("selection:staff_list")).status_code == 200


def test_other_agency_staff_get_404(vacancy, other_agency, make_user, login):
    outsider = make_user("PERSONNEL", other_agency)
    client = login(outsider)
    assert client.get(reverse("selection:staff_vacancy", args=[vacancy.pk])).status_code == 404
    assert client.post(reverse("selection:staff_action", args=[vacancy.pk, "screen"])).status_code == 404


def test_candidate_cannot_see_staff_pages_or_anothers_application(vacancy, login):
    a = apply(vacancy, make_candidate("Ani Lestari"))
    b_user = make_candidate("Budi Santoso")
    apply(vacancy, b_user)
    client = login(b_user)
    assert client.get(reverse("selection:application_detail", args=[a.pk])).status_code == 404
    assert client.get(reverse("selection:staff_vacancy", args=[vacancy.pk])).status_code in (403, 404)
    assert client.get(reverse("selection:panel", args=[vacancy.pk, "assessment"])).status_code in (403, 404)


def test_own_screening_result_shows_only_once_published(vacancy, members, login):
    user = make_candidate("Ani Lestari", education="D3")
    application = apply(vacancy, user)
    close_and_screen(vacancy, members[0])
    client = login(user)
    page = client.get(reverse("selection:application_detail", args=[application.pk])).content.decode()
    assert "belum diumumkan" in page and "pendidikan D3" not in page
    services.screening_publish(actor=members[0], vacancy=vacancy)
    page = client.get(reverse("selection:application_detail", args=[application.pk])).content.decode()
    assert "Tidak lulus seleksi administrasi" in page and "pendidikan D3, minimal S1" in page


def test_committee_override_page_requires_reason(vacancy, members, login):
    application = apply(vacancy, make_candidate("Ani Lestari", education="D3"))
    close_and_screen(vacancy, members[0])
    client = login(members[1])
    url = reverse("selection:override", args=[vacancy.pk, application.pk])
    response = client.post(url, {"passed": "1", "reason": "", "version": application.version + 1})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.screening_passed is False
    application.refresh_from_db()
    response = client.post(
        url, {"passed": "1", "reason": "Ijazah S1 terlampir, data lama", "version": application.version}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.screening_passed is True


def test_ppk_page_only_for_the_agency_leader(vacancy, members, ppk, login, make_user, agency):
    assert login(members[0]).get(reverse("selection:ppk_decision", args=[vacancy.pk])).status_code == 403
    assert login(ppk).get(reverse("selection:ppk_decision", args=[vacancy.pk])).status_code == 200


def test_registration_confirmation_and_double_apply_by_post(client, vacancy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("selection:register"),
            {
                "full_name": "Rina Wulandari",
                "email": "rina@example.org",
                "password": "Kuat-sekali-2026",
                "password2": "Kuat-sekali-2026",
            },
        )
    assert response.status_code == 200 and len(mail.outbox) == 1
    link = next(word for word in mail.outbox[0].body.split() if "/seleksi/konfirmasi/" in word)
    assert client.get(link.replace("http://testserver", "")).status_code == 302
    saved = client.post(
        reverse("selection:profile"),
        {"form": "profile", "full_name": "Rina Wulandari", "education": "S1", "birth_date": "1995-02-03"},
    )
    assert saved.url == reverse("selection:profile")
    url = reverse("selection:apply", args=[vacancy.pk])
    from unittest import mock

    with mock.patch("jenjang.selection.services.today", return_value=dt.date(2026, 3, 20)):
        first = client.post(url, {"motivation": "Siap melayani"})
        second = client.post(url, {"motivation": "Siap melayani"})
    assert first.status_code == 302 and second.status_code == 302
    assert Application.objects.filter(vacancy=vacancy).count() == 1


def test_public_results_show_ranks_only_after_publication(client, agency, manager, members, ppk):
    vacancy = make_vacancy(agency, manager, members, requirements={})
    apps = [apply(vacancy, make_candidate(f"Calon{i} Nama")) for i in range(4)]
    close_and_screen(vacancy, members[0])
    vacancy = services.screening_publish(actor=members[0], vacancy=vacancy)
    for n, a in enumerate(apps):
        for m in members:
            scoring.panel_score_submit(actor=m, application=a, stage="assessment", score=60 + n)
            scoring.panel_score_submit(actor=m, application=a, stage="interview", score=70 + n)
    scoring.ranking_compute(actor=members[0], vacancy=vacancy)
    url = reverse("selection:results", args=[vacancy.pk])
    assert "Dipilih PPK" not in client.get(url).content.decode()
    scoring.ranking_send_to_ppk(actor=members[0], vacancy=vacancy)
    scoring.ppk_decide(
        actor=ppk, vacancy=Vacancy.objects.get(pk=vacancy.pk), chosen_id=apps[3].pk, reason="Nilai akhir tertinggi"
    )
    scoring.results_publish(actor=members[0], vacancy=Vacancy.objects.get(pk=vacancy.pk))
    page = client.get(url).content.decode()
    assert "Dipilih PPK" in page and "Nilai akhir tertinggi" in page
