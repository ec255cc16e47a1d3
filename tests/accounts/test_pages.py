"""allauth's pages inside the site's layout, in Swedish and in English."""

import re

import pytest
from django.conf import settings

from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db


def assert_in_site_layout(html: str, lang: str, heading: str) -> None:
    assert f'<html lang="{lang}">' in html
    assert settings.ORGANISATION_NAME in html
    assert html.count("<h1") == 1
    assert re.search(rf"<h1[^>]*>\s*{re.escape(heading)}\s*</h1>", html), heading
    assert re.search(rf"<title>\s*\w[^<]*· {re.escape(settings.ORGANISATION_NAME)}</title>", html)


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/konto/login/", "sv", "Logga in"),
        ("/en/account/login/", "en", "Sign In"),
        ("/konto/signup/", "sv", "Skapa konto"),
        ("/en/account/signup/", "en", "Sign Up"),
        ("/konto/password/reset/", "sv", "Återställning av lösenord"),
        ("/en/account/password/reset/", "en", "Password Reset"),
    ],
)
def test_entrance_pages_speak_the_language_of_their_url(client, path, lang, heading):
    response = client.get(path)

    assert response.status_code == 200
    assert_in_site_layout(response.content.decode(), lang, heading)


def test_the_login_form_has_bootstrap_fields_with_labels_and_autocomplete(client):
    html = client.get("/en/account/login/").content.decode()

    assert re.search(r'<label\s+for="id_login" class="form-label', html)
    assert re.search(r'<label\s+for="id_password" class="form-label', html)
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert 'class="btn btn-primary w-100"' in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/konto/email/", "Epost-adresser"),
        ("/konto/password/change/", "Ändra lösenord"),
        ("/konto/logout/", "Logga ut"),
        ("/konto/2fa/", "Tvåfaktorsautentisering"),
    ],
)
def test_account_pages_show_the_account_menu(client, path, heading):
    client.force_login(StaffFactory())

    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert_in_site_layout(html, "sv", heading)
    assert 'href="/konto/"' in html  # "My account" in the account menu
    assert 'href="/konto/2fa/"' in html
