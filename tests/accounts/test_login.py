import pytest
from django.urls import reverse

from jenjang.core.models import AuditLog


@pytest.mark.django_db
def test_correct_password_signs_in(client, make_user, agency, password):
    user = make_user("PERSONNEL", agency)
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": password})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_for_the_right_password(client, make_user, agency, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = make_user("EMPLOYEE", agency)
    for _ in range(3):
        response = client.post(reverse("accounts:login"), {"username": user.username, "password": "salah-salah"})
        assert response.status_code == 200
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": password})
    assert response.status_code == 200
    assert "dikunci" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action="accounts.user.locked", object_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_the_ui_speaks_indonesian_by_default_even_to_an_english_browser(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in response.content.decode()
    assert "Masuk ke Jenjang" in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_turns_the_ui_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")}, follow=True)
    assert 'lang="en"' in response.content.decode()
    assert "Log in to Jenjang" in response.content.decode()


@pytest.mark.django_db
def test_pages_require_sign_in(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
