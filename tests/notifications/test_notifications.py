from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from jenjang.notifications.models import Notification
from jenjang.notifications.services import Message, notify, notify_many

pytestmark = pytest.mark.django_db


def test_a_keyed_message_is_sent_once_and_e_mailed_once(make_user, agency, django_capture_on_commit_callbacks):
    user = make_user("EMPLOYEE", agency, email="pegawai@example.go.id")
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(
            user, "careers.warning", "Kenaikan pangkat 90 hari lagi", "Siapkan berkas.", "/karier/", key="kp:1"
        )
        again = notify(user, "careers.warning", "Kenaikan pangkat 90 hari lagi", key="kp:1")
    assert first is not None and again is None
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["pegawai@example.go.id"]
    assert "http://127.0.0.1:8000/karier/" in mail.outbox[0].body


def test_many_recipients_are_written_in_one_statement(make_user, agency, django_assert_max_num_queries):
    users = [make_user("EMPLOYEE", agency) for _ in range(5)]
    with django_assert_max_num_queries(2):
        created = notify_many([Message(u.pk, "x", f"Halo {u.pk}", key="k") for u in users], email=False)
    assert len(created) == 5


def test_inbox_shows_only_the_users_own_and_marks_them_read(make_user, agency, login):
    me, other = make_user("EMPLOYEE", agency), make_user("EMPLOYEE", agency)
    notify(me, "x", "Untuk saya", url="/karier/", email=False)
    notify(other, "x", "Untuk orang lain", email=False)
    client = login(me)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Untuk saya" in page and "Untuk orang lain" not in page
    assert "Notifikasi (1)" in page  # the menu counts unread ones
    mine = Notification.objects.get(recipient=me)
    response = client.post(reverse("notifications:read"), {"id": mine.pk, "next": "/karier/"})
    assert response.status_code == 302 and response["Location"] == "/karier/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    # Another user's notification cannot be marked read, and an outside `next` is not followed.
    theirs = Notification.objects.get(recipient=other)
    response = client.post(reverse("notifications:read"), {"id": theirs.pk, "next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:inbox")
    theirs.refresh_from_db()
    assert theirs.read_at is None
