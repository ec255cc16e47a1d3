"""allauth's emails in our own words and layout: each is plain text with an HTML
alternative in the email layout of receipts, in Swedish and in English."""

import re

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.conf import settings
from django.test import RequestFactory
from django.utils import timezone, translation

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

NOTICE = {"ip": "192.0.2.7", "user_agent": "Firefox", "timestamp": timezone.now()}
LINK = "https://example.org/konto/x/"
# prefix: (context, Swedish subject, English subject, a value the body must show)
EMAILS = {
    "account/email/login_code": (
        {"code": "AB12-CD34"},
        "Din inloggningskod till",
        "Your sign-in code for",
        "AB12-CD34",
    ),
    "account/email/email_confirmation": (
        {"activate_url": LINK},
        "Bekräfta din e-postadress",
        "Confirm your email address",
        LINK,
    ),
    "account/email/email_confirmation_signup": (
        {"activate_url": LINK},
        "Bekräfta din e-postadress",
        "Confirm your email address",
        LINK,
    ),
    "account/email/password_reset_key": (
        {"password_reset_url": LINK},
        "Välj ett nytt lösenord",
        "Choose a new password",
        LINK,
    ),
    "account/email/unknown_account": (
        {"signup_url": LINK},
        "Inget konto med den här e-postadressen",
        "No account with this email address",
        LINK,
    ),
    "account/email/account_already_exists": (
        {"password_reset_url": LINK},
        "Du har redan ett konto",
        "You already have an account",
        LINK,
    ),
    "account/email/password_reset": (
        NOTICE,
        "Ditt lösenord har återställts",
        "Your password has been reset",
        "192.0.2.7",
    ),
    "account/email/password_changed": (
        NOTICE,
        "Ditt lösenord har ändrats",
        "Your password has been changed",
        "192.0.2.7",
    ),
    "account/email/password_set": (
        NOTICE,
        "Ditt konto har nu ett lösenord",
        "Your account now has a password",
        "192.0.2.7",
    ),
    "account/email/email_changed": (
        {**NOTICE, "from_email": "a@example.org", "to_email": "b@example.org"},
        "Din e-postadress har ändrats",
        "Your email address has been changed",
        "b@example.org",
    ),
    "account/email/email_deleted": (
        {**NOTICE, "deleted_email": "old@example.org"},
        "En e-postadress har tagits bort",
        "An email address was removed",
        "old@example.org",
    ),
    "mfa/email/totp_activated": (
        NOTICE,
        "Tvåfaktorsautentisering är påslagen",
        "Two-factor authentication is on",
        "192.0.2.7",
    ),
    "mfa/email/totp_deactivated": (
        NOTICE,
        "Tvåfaktorsautentisering är avstängd",
        "Two-factor authentication is off",
        "192.0.2.7",
    ),
    "mfa/email/recovery_codes_generated": (
        NOTICE,
        "Nya återställningskoder",
        "New recovery codes",
        "192.0.2.7",
    ),
}
# Words of allauth's own texts that must not come through.
ALLAUTH_WORDING = re.compile(r"Hello from|Thank you for using|Vänligen|example\.com|Hej från")


def sent(prefix: str, language: str, mailoutbox):
    context, *_ = EMAILS[prefix]
    user = UserFactory(email="anna@example.org")
    request = RequestFactory().get("/")
    request.user = user
    with translation.override(language), request_context(request):
        get_adapter().send_mail(prefix, "anna@example.org", {"user": user, **context})
    return mailoutbox[-1]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("prefix", EMAILS)
def test_each_email_is_text_and_html_in_the_language(prefix, language, mailoutbox):
    _, swedish, english, value = EMAILS[prefix]

    message = sent(prefix, language, mailoutbox)

    assert message.subject.startswith(swedish if language == "sv" else english)
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{language}">' in html
    assert message.subject in html  # the headline
    assert settings.ORGANISATION_NUMBER in html  # the layout's footer
    assert message.reply_to == [settings.ORGANISATION_EMAIL]
    for body in (message.body, html):
        assert value in body
        assert "{{" not in body and "%(" not in body
        assert not ALLAUTH_WORDING.search(body), body
    hello, regards = ("Hej!", "Varma hälsningar,") if language == "sv" else ("Hello!", "Warm")
    assert message.body.startswith(hello) and hello in html
    assert regards in message.body and regards in html


def test_the_notice_names_where_the_change_came_from_in_swedish(mailoutbox):
    message = sent("account/email/email_changed", "sv", mailoutbox)

    assert "från a@example.org till b@example.org" in message.body
    assert "IP-adress: 192.0.2.7\nWebbläsare: Firefox\nTid: " in message.body
    assert "Webbläsare: Firefox" in message.alternatives[0][0]


def test_a_password_reset_from_the_swedish_site_is_branded_html(client, mailoutbox):
    UserFactory(email="anna@example.org")

    client.post("/konto/password/reset/", {"email": "anna@example.org"})

    [message] = mailoutbox
    html = message.alternatives[0][0]
    link = re.search(r"https?://testserver/konto/password/reset/key/\S+", message.body)[0]
    assert f'href="{link}"' in html
    assert "Någon, förhoppningsvis du," in message.body and "Någon, förhoppningsvis du," in html
