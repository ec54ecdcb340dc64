import pytest


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_a_message_and_the_right_one_signs_in(page, sign_in, make_user, agency):
    user = make_user("PERSONNEL", agency, first_name="Rina")
    page.goto("/akun/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "bukan-kata-sandinya")
    page.click("button[type=submit]")
    assert "Nama pengguna atau kata sandi salah" in page.text_content("[role=alert]")
    sign_in(user)
    assert "Selamat datang, Rina" in page.text_content("h1")
