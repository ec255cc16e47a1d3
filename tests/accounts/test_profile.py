"""The "My account" page and the profile service."""

import pytest

from accounts import services
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_page_requires_logging_in(client):
    response = client.get("/konto/")

    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/konto/"


def test_the_english_page_sends_to_the_english_login(client):
    response = client.get("/en/account/")

    assert response["Location"] == "/en/account/login/?next=/en/account/"


def test_the_page_shows_the_persons_details_and_account_links(client):
    user = UserFactory(email="anna@example.org", first_name="Anna", last_name="Lind")
    client.force_login(user)

    response = client.get("/en/account/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "anna@example.org" in html
    assert "Anna Lind" in html
    assert 'href="/en/account/password/change/"' in html
    assert 'href="/en/account/email/"' in html
    assert 'href="/en/account/2fa/"' not in html
    assert 'autocomplete="given-name"' in html


def test_staff_see_that_two_factor_authentication_is_on(client):
    client.force_login(StaffFactory())

    response = client.get("/en/account/")

    assert 'href="/en/account/2fa/"' in response.content.decode()
    assert "Manage two-factor authentication" in response.content.decode()


def test_saving_the_form_updates_name_and_language_and_continues_in_that_language(client):
    user = UserFactory(language="sv")
    client.force_login(user)

    response = client.post(
        "/konto/", {"first_name": "Olof", "last_name": "Palme", "language": "en"}, follow=True
    )

    assert response.redirect_chain == [("/en/account/", 302)]
    assert "Your account details have been saved." in response.content.decode()
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.language) == ("Olof", "Palme", "en")


def test_an_unknown_language_is_refused_beside_the_field(client):
    user = UserFactory(first_name="Anna", language="sv")
    client.force_login(user)

    response = client.post("/en/account/", {"first_name": "X", "last_name": "", "language": "xx"})

    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    user.refresh_from_db()
    assert (user.first_name, user.language) == ("Anna", "sv")


def test_update_profile_trims_names_and_saves_the_language():
    user = UserFactory()

    services.update_profile(user, first_name="  Anna ", last_name=" Lind", language="en")

    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.language) == ("Anna", "Lind", "en")


def test_update_profile_refuses_a_language_the_site_does_not_speak():
    user = UserFactory(language="sv")

    with pytest.raises(ValueError, match="xx"):
        services.update_profile(user, first_name="", last_name="", language="xx")
