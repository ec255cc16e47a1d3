"""The campaign portal in a browser: an organisation editor creates a campaign with an
image and submits it, a fundraising staffer sends it back with a comment, the editor
fixes it and resubmits, the staffer approves it and it is on the public site; the
editor cannot open another organisation's campaign."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign, CampaignStatus
from tests.campaigns.image_files import image_bytes
from tests.factories.accounts import FundraisingStaffFactory
from tests.factories.campaigns import (
    CampaignFactory,
    MemberOrganisationFactory,
    OrganisationStaffFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _logged_in_page(browser, live_server, user):
    context = browser.new_context(locale="sv-SE")
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _fill_campaign(page, programme) -> None:
    page.locator("#id_title_sv").fill("Fackligt stöd i Kambodja")
    page.locator("#id_title_en").fill("Union support in Cambodia")
    page.locator("#id_summary_sv").fill("Textilarbetare organiserar sig.")
    page.locator("#id_summary_en").fill("Garment workers organise.")
    page.locator("#id_story_sv").fill("Berättelsen om fabriken.")
    page.locator("#id_story_en").fill("The story of the factory.")
    page.locator("#id_programme").select_option(str(programme.pk))
    page.locator("#id_goal").fill("0")
    page.locator("#id_starts_on").fill("2026-01-01")
    page.locator("#id_suggested_amounts_amount_0").fill("500")
    page.locator("input[name=suggested_amounts_impact_sv_0]").fill("500 kr utbildar ett ombud")
    page.locator("input[name=suggested_amounts_impact_en_0]").fill("500 kr trains a representative")
    page.locator("#id_hero_upload").set_input_files(
        {"name": "fabrik.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}
    )
    page.locator("#id_hero_alt_sv").fill("Arbetare utanför en fabrik")
    page.locator("#id_hero_alt_en").fill("Workers outside a factory")


def test_create_send_back_fix_resubmit_approve_and_publish(browser, live_server):
    organisation = MemberOrganisationFactory(name="Textilfacket")
    programme = ProgrammeFactory(title_sv="Asienprogrammet")
    other = CampaignFactory(title_sv="Någon annans kampanj", draft=True)
    editor = OrganisationStaffFactory(organisation=organisation).user
    editor_page = _logged_in_page(browser, live_server, editor)
    staffer_page = _logged_in_page(browser, live_server, FundraisingStaffFactory())

    editor_page.goto(live_server.url + reverse("portal:home"))
    editor_page.get_by_role("link", name="Ny kampanj").click()
    _fill_campaign(editor_page, programme)
    editor_page.get_by_role("button", name="Spara").click()
    # A goal of 0 is refused next to the field; the image must be chosen again.
    editor_page.locator("#error_1_id_goal").get_by_text(
        "Målet måste vara större än noll."
    ).wait_for()
    editor_page.locator("#error-summary").get_by_role("link", name="Mål").wait_for()
    assert not Campaign.objects.filter(organisation=organisation).exists()
    editor_page.locator("#id_goal").fill("250000")
    editor_page.locator("#id_hero_upload").set_input_files(
        {"name": "fabrik.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}
    )
    editor_page.get_by_role("button", name="Spara").click()
    editor_page.get_by_role("heading", name="Fackligt stöd i Kambodja").wait_for()
    editor_page.get_by_role("button", name="Skicka för granskning").click()
    editor_page.get_by_text("Skickad för granskning.").wait_for()

    staffer_page.goto(live_server.url + reverse("portal:review-queue"))
    staffer_page.get_by_role("link", name="Fackligt stöd i Kambodja").click()
    staffer_page.get_by_label("Vad som behöver ändras").fill("Berätta mer om fabriken, tack.")
    staffer_page.get_by_role("button", name="Skicka tillbaka").click()
    staffer_page.get_by_text("Inget väntar på granskning.").wait_for()

    editor_page.reload()
    editor_page.get_by_text("Berätta mer om fabriken, tack.").first.wait_for()
    editor_page.get_by_role("link", name="Redigera", exact=True).click()
    editor_page.locator("#id_story_sv").fill("Berättelsen om fabriken och de 800 arbetarna.")
    editor_page.get_by_role("button", name="Spara").click()
    editor_page.get_by_role("button", name="Skicka för granskning").click()
    editor_page.get_by_text("Skickad för granskning.").wait_for()

    staffer_page.goto(live_server.url + reverse("portal:review-queue"))
    staffer_page.get_by_role("link", name="Fackligt stöd i Kambodja").click()
    staffer_page.get_by_role("button", name="Godkänn och publicera").click()
    staffer_page.get_by_text("Inget väntar på granskning.").wait_for()

    campaign = Campaign.objects.get(organisation=organisation)
    assert campaign.status == CampaignStatus.PUBLISHED
    editor_page.goto(live_server.url + campaign.get_absolute_url())
    editor_page.get_by_role("heading", name="Fackligt stöd i Kambodja").wait_for()
    assert "de 800 arbetarna" in editor_page.content()
    editor_page.goto(live_server.url + reverse("campaigns:campaign-list"))
    editor_page.get_by_text("Fackligt stöd i Kambodja").first.wait_for()

    response = editor_page.goto(
        live_server.url + reverse("portal:campaign", kwargs={"slug": other.slug})
    )
    assert response.status == 404
    assert "Någon annans kampanj" not in editor_page.content()
    assert re.search(r"Sidan finns inte", editor_page.content())


def test_a_bad_suggested_amount_is_shown_next_to_the_table(browser, live_server):
    organisation = MemberOrganisationFactory()
    programme = ProgrammeFactory()
    page = _logged_in_page(
        browser, live_server, OrganisationStaffFactory(organisation=organisation).user
    )
    page.goto(live_server.url + reverse("portal:campaign-new", args=[organisation.slug]))
    _fill_campaign(page, programme)
    page.locator("#id_goal").fill("250000")
    page.locator("#id_suggested_amounts_amount_0").fill("abc")
    page.get_by_role("button", name="Spara").click()
    error = page.locator("#error_1_id_suggested_amounts")
    error.wait_for()
    assert error.is_visible()  # hidden by Bootstrap unless the table is marked invalid
    assert page.locator("#id_suggested_amounts_amount_0").get_attribute("aria-invalid") == "true"
    assert not Campaign.objects.filter(organisation=organisation).exists()
