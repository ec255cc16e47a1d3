"""Donor emails are plain text with an HTML alternative, both in the donor's language,
both naming the campaign; names are escaped in HTML and read as typed in the text."""

from html.parser import HTMLParser

import pytest

from campaigns.images import store_hero_image
from donations.models import Gift, RecurringPlan
from donations.notifications import emails, links
from tests.campaigns.image_files import image_upload
from tests.donations import stripe_events as se
from tests.factories.campaigns import CampaignFactory
from tests.factories.donations import (
    CheckoutIntentFactory,
    GiftFactory,
    MonthlyCheckoutIntentFactory,
)

pytestmark = pytest.mark.django_db

NAME = "Tom & Jerry <x>"
TITLES = {"sv": "Facken i Ukraina", "en": "Unions in Ukraine"}


def _campaign():
    return CampaignFactory(title_sv=TITLES["sv"], title_en=TITLES["en"])


def receipt(mailoutbox, language, name=NAME):
    gift = GiftFactory(
        campaign=_campaign(),
        donor__language=language,
        donor_name=name,
        kind=Gift.Kind.MONTHLY,
    )
    assert emails.send_gift_receipt(gift) is True
    return mailoutbox[-1]


def tribute_card(mailoutbox, language, name=NAME):
    intent = CheckoutIntentFactory(
        campaign=_campaign(),
        language=language,
        donor_name=name,
        tribute_kind="memory",
        tribute_name=name,
        tribute_notify_email="family@example.org",
    )
    assert emails.send_tribute_card(intent) is True
    return mailoutbox[-1]


def payment_failed(mailoutbox, language, name=NAME, deliver=None):
    intent = MonthlyCheckoutIntentFactory(campaign=_campaign(), language=language, donor_name=name)
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_html")))
    failed = se.invoice(
        intent, subscription="sub_html", status="open", billing_reason="subscription_cycle"
    )
    deliver(se.event("invoice.payment_failed", failed))
    assert RecurringPlan.objects.get().past_due_notice_sent_at is not None
    return mailoutbox[-1]


EMAILS = {"receipt": receipt, "tribute_card": tribute_card, "payment_failed": payment_failed}
WORDING = {
    "receipt": {"sv": "Tack för din gåva", "en": "Thank you for your gift"},
    "tribute_card": {"sv": "till minne av", "en": "in memory of"},
    "payment_failed": {"sv": "Vi kunde inte dra", "en": "We could not charge"},
}


@pytest.fixture(params=EMAILS)
def send(request, deliver, mailoutbox):
    def send(language, **kwargs):
        if request.param == "payment_failed":
            kwargs["deliver"] = deliver
        return EMAILS[request.param](mailoutbox, language, **kwargs)

    send.kind = request.param
    return send


def html_of(message) -> str:
    [html] = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


class _Images(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.images = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def test_each_email_has_a_plain_text_and_an_html_part(send):
    mime = send("sv").message()
    types = [part.get_content_type() for part in mime.walk()]
    assert "text/plain" in types and "text/html" in types
    assert "multipart/alternative" in types


def test_names_are_escaped_in_html_and_as_typed_in_the_text(send):
    message = send("en")
    html = html_of(message)
    assert NAME in message.body
    assert "&amp;" not in message.body
    assert "Tom &amp; Jerry &lt;x&gt;" in html
    assert NAME not in html and "<x>" not in html


@pytest.mark.parametrize("language, other", [("sv", "en"), ("en", "sv")])
def test_both_parts_are_in_the_donors_language_and_name_the_campaign(send, language, other):
    message = send(language)
    html = html_of(message)
    for text in (message.body, html):
        assert TITLES[language] in text and WORDING[send.kind][language] in text
        assert TITLES[other] not in text and WORDING[send.kind][other] not in text
    assert f'<html lang="{language}">' in html


@pytest.mark.parametrize(
    "language, greeting, amount",
    [("sv", "Hej ", "250\u00a0kr"), ("en", "Dear ", "SEK\u00a0250")],
)
def test_the_receipt_greets_and_formats_the_amount_in_the_donors_language(
    mailoutbox, language, greeting, amount
):
    message = receipt(mailoutbox, language, name="Anna")
    html = html_of(message)
    assert f"{greeting}Anna" in message.body and f"{greeting}Anna" in html
    assert amount in message.body and amount in html
    reference = Gift.objects.get().receipt_reference
    assert reference in message.body and reference in html


def test_the_receipt_keeps_its_pdf_and_the_monthly_manage_text(mailoutbox):
    message = receipt(mailoutbox, "en")
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".pdf") and mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    assert "pause or cancel it yourself under Manage your gifts" in message.body
    assert "pause or cancel it yourself under Manage your gifts" in html_of(message)
    types = [part.get_content_type() for part in message.message().walk()]
    assert types.count("application/pdf") == 1 and "text/html" in types


def test_without_a_campaign_image_there_is_no_img(send):
    assert _Images(html_of(send("sv"))).images == []


ALTS = {"sv": "Gruvarbetare vid en gruva", "en": "Miners at a mine"}


def _campaign_with_image():
    campaign = CampaignFactory(title_sv=TITLES["sv"], title_en=TITLES["en"])
    store_hero_image(campaign, image_upload(), alt_sv=ALTS["sv"], alt_en=ALTS["en"])
    return campaign


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_campaign_image_is_shown_with_its_alt_text_in_the_donors_language(
    send, monkeypatch, settings, language
):
    settings.SITE_URL = "https://donate.example.org"
    monkeypatch.setitem(globals(), "_campaign", _campaign_with_image)
    message = send(language)
    [image] = _Images(html_of(message)).images
    assert image["src"].startswith("https://donate.example.org/media/heroes/campaign/")
    assert image["src"].endswith("-960.jpg")
    assert image["alt"] == ALTS[language]
    assert TITLES[language] in message.body and TITLES[language] in html_of(message)


def test_a_campaign_image_address_is_absolute(settings):
    settings.SITE_URL = "https://donate.example.org"
    campaign = _campaign_with_image()
    name = campaign.hero_image_name
    assert links.campaign_image(campaign) == {
        "hero_image_url": f"https://donate.example.org/media/{name}-960.jpg",
        "hero_image_alt": ALTS["sv"],
    }
    settings.MEDIA_URL = "https://cdn.example.org/media/"
    assert links.campaign_image(campaign)["hero_image_url"] == (
        f"https://cdn.example.org/media/{name}-960.jpg"
    )
    nothing = {"hero_image_url": "", "hero_image_alt": ""}
    assert links.campaign_image(CampaignFactory()) == nothing
    assert links.campaign_image(None) == nothing


def test_the_payment_failed_notice_links_to_the_card_update_in_both_parts(deliver, mailoutbox):
    message = payment_failed(mailoutbox, "sv", deliver=deliver)
    html = html_of(message)
    assert "/manadsgava/kort/" in message.body
    assert 'href="http' in html and "/manadsgava/kort/" in html
    assert "Uppdatera ditt kort" in html
