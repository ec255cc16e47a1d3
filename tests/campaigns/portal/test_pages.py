"""The portal over HTTP: the editor (with an image, and each kind of bad input), proposed
changes to a published campaign, the review page, colleagues and invitations."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from campaigns.images import store_hero_image
from campaigns.models import Campaign, CampaignStatus, OrganisationMembership
from campaigns.portal.models import CampaignRevision, Invitation, campaign_values
from campaigns.portal.tokens import invitation_token
from tests.campaigns.image_files import image_upload, upload
from tests.factories.accounts import EnrolledUserFactory
from tests.factories.campaigns import (
    CampaignFactory,
    CountryFactory,
    MemberOrganisationFactory,
    ProgrammeFactory,
    RegionFactory,
)
from tests.roles import log_in_as

from .helpers import editor_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return MemberOrganisationFactory()


@pytest.fixture
def editor_client(client, organisation):
    log_in_as(client, "organisation_editor", organisation)
    return client


def _new_url(organisation):
    return reverse("portal:campaign-new", kwargs={"organisation": organisation.slug})


def test_an_editor_creates_a_draft_with_an_image(editor_client, organisation):
    data = editor_data(hero_alt_sv="Textilarbetare", hero_alt_en="Garment workers")
    data["hero_upload"] = image_upload()
    response = editor_client.post(_new_url(organisation), data)
    campaign = Campaign.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:campaign", kwargs={"slug": campaign.slug})
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.goal_minor == 25_000_000
    assert campaign.suggested_amounts[0]["impact_en"] == "500 kr trains a workplace representative"
    assert campaign.hero_image is not None


BAD_INPUT = [
    ("title_sv", {"title_sv": ""}),
    ("goal", {"goal": "0"}),
    ("ends_on", {"starts_on": "2026-06-01", "ends_on": "2026-05-01"}),
    ("programme", {"programme": "999999"}),
    ("hero_upload", {"hero_upload": "not-an-image"}),
    ("hero_upload", {"hero_upload": "30MB"}),
    ("hero_alt_sv", {"hero_upload": "image", "hero_alt_sv": ""}),
]


def _bad_upload(kind: str):
    if kind == "not-an-image":
        return upload(b"%PDF-1.4 not a picture", "picture.jpg")
    if kind == "30MB":
        return upload(b"\xff\xd8\xff" + b"\0" * (30 * 1024 * 1024), "huge.jpg")
    return image_upload()


@pytest.mark.parametrize(("field", "changes"), BAD_INPUT)
def test_bad_input_is_a_translated_error_next_to_the_field_and_nothing_is_saved(
    editor_client, organisation, field, changes
):
    data = editor_data(hero_alt_sv="Bild", hero_alt_en="Picture")
    if "hero_upload" in changes:
        changes = {**changes, "hero_upload": _bad_upload(changes["hero_upload"])}
    data.update(changes)
    response = editor_client.post(_new_url(organisation), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    page = response.content.decode()
    assert f'id="error_1_id_{field}"' in page  # the error is drawn next to its field
    assert not Campaign.objects.exists()
    assert "This field is required" not in page  # Swedish by default


def test_changes_to_a_published_campaign_are_previewed_not_published(editor_client, organisation):
    campaign = CampaignFactory(organisation=organisation, title_sv="Godkänd titel")
    data = editor_data(campaign.programme, title_sv="Föreslagen titel")
    edit_url = reverse("portal:campaign-edit", kwargs={"slug": campaign.slug})
    assert editor_client.post(edit_url, data).status_code == 302
    assert CampaignRevision.objects.get(campaign=campaign).values["title_sv"] == "Föreslagen titel"
    public = editor_client.get(campaign.get_absolute_url()).content.decode()
    assert "Godkänd titel" in public and "Föreslagen titel" not in public
    preview = editor_client.get(reverse("portal:campaign-preview", kwargs={"slug": campaign.slug}))
    assert "Föreslagen titel" in preview.content.decode()
    assert "preview-banner" in preview.content.decode()
    form = editor_client.get(edit_url).content.decode()
    assert 'value="Föreslagen titel"' in form  # editing again starts from the proposal


def test_the_preview_shows_the_proposed_countries_and_programme_and_saves_nothing(
    editor_client, organisation
):
    live_country = CountryFactory(name_sv="Kambodja")
    campaign = CampaignFactory(organisation=organisation)
    campaign.countries.set([live_country])
    new_programme = ProgrammeFactory(title_sv="Nytt program")
    new_country = CountryFactory(name_sv="Myanmar")
    data = editor_data(new_programme, countries=[str(new_country.pk)])
    edit_url = reverse("portal:campaign-edit", kwargs={"slug": campaign.slug})
    assert editor_client.post(edit_url, data).status_code == 302
    preview = editor_client.get(reverse("portal:campaign-preview", kwargs={"slug": campaign.slug}))
    shown = re.search(r'id="campaign-countries">([^<]*)<', preview.content.decode())[1]
    assert shown == "Myanmar"
    assert "Nytt program" in preview.content.decode()
    public = editor_client.get(campaign.get_absolute_url()).content.decode()
    assert re.search(r'id="campaign-countries">([^<]*)<', public)[1] == "Kambodja"
    assert "Nytt program" not in public
    assert list(campaign.countries.all()) == [live_country]


def test_the_review_page_shows_the_diff_and_a_send_back_needs_a_comment(client, organisation):
    campaign = CampaignFactory(organisation=organisation, title_sv="Gammal titel")
    CampaignRevision.objects.create(
        campaign=campaign,
        state=CampaignRevision.State.IN_REVIEW,
        values={**campaign_values(campaign), "title_sv": "Ny titel"},
    )
    log_in_as(client, "fundraising")
    url = reverse("portal:review", kwargs={"slug": campaign.slug})
    page = client.get(url).content.decode()
    assert "Gammal</del>" in page and "Ny</ins>" in page
    response = client.post(url, {"send_back": "1", "comment": ""})
    assert response.status_code == 200
    assert "Skriv vad som behöver ändras." in response.content.decode()
    assert client.post(url, {"approve": "1"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.title_sv == "Ny titel"
    queue = client.get(reverse("portal:review-queue")).content.decode()
    assert "Ny titel" not in queue


def _review_rows(page: str) -> tuple[list[str], list[list[str]]]:
    """The review table's header cells and each body row's cells (after the row header)."""
    table = re.search(r'<table class="table review-diff">(.*?)</table>', page, re.S)[1]
    head, body = table.split("<tbody>")
    headers = re.findall(r"<th scope=\"col\">(.*?)</th>", head)
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in body.split("</tr>")[:-1]]
    return headers, rows


def test_the_review_shows_removed_words_before_and_added_words_after(client, organisation):
    campaign = CampaignFactory(organisation=organisation, title_sv="Hjälp textilarbetare")
    CampaignRevision.objects.create(
        campaign=campaign,
        state=CampaignRevision.State.IN_REVIEW,
        values={**campaign_values(campaign), "title_sv": "Arbetare"},
    )
    log_in_as(client, "fundraising")
    page = client.get(reverse("portal:review", kwargs={"slug": campaign.slug})).content.decode()
    headers, rows = _review_rows(page)
    assert headers == ["Fält", "Före", "Efter"]
    assert [len(cells) for cells in rows] == [2]
    before, after = rows[0]
    hidden = '<span class="visually-hidden">{} </span>'
    assert before == f"<del>{hidden.format('Borttaget:')}Hjälp textilarbetare</del>"
    assert after == f"<ins>{hidden.format('Tillagt:')}Arbetare</ins>"


def test_an_edit_of_only_the_countries_is_reviewed_as_only_the_countries(
    client, editor_client, organisation
):
    story = "Första stycket.\r\n\r\nAndra stycket."
    data = editor_data(story_sv=story)
    assert editor_client.post(_new_url(organisation), data).status_code == 302
    campaign = Campaign.objects.get(organisation=organisation)
    assert campaign.story_sv == "Första stycket.\n\nAndra stycket."
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.PUBLISHED)
    data["countries"] = [str(CountryFactory(name_sv="Zimbabwe").pk)]
    edit_url = reverse("portal:campaign-edit", kwargs={"slug": campaign.slug})
    assert editor_client.post(edit_url, data).status_code == 302
    CampaignRevision.objects.update(state=CampaignRevision.State.IN_REVIEW)
    log_in_as(client, "fundraising")
    page = client.get(reverse("portal:review", kwargs={"slug": campaign.slug})).content.decode()
    labels = re.findall(r'<th scope="row">(.*?)</th>', page)
    assert labels == ["Länder"]


def test_the_english_review_names_the_languages_as_the_editor_does(client, organisation):
    campaign = CampaignFactory(organisation=organisation, title_sv="Gammal", story_en="Old.")
    CampaignRevision.objects.create(
        campaign=campaign,
        state=CampaignRevision.State.IN_REVIEW,
        values={**campaign_values(campaign), "title_sv": "Ny", "story_en": "New."},
    )
    log_in_as(client, "fundraising")
    with translation.override("en"):
        url = reverse("portal:review", kwargs={"slug": campaign.slug})
    page = client.get(url).content.decode()
    headers, _rows = _review_rows(page)
    assert headers == ["Field", "Before", "After"]
    assert re.findall(r'<th scope="row">(.*?)</th>', page) == ["Title (Swedish)", "Story (English)"]
    assert '<span class="visually-hidden">Removed: </span>' in page


def test_the_work_menu_shows_the_pages_a_role_opens(client, organisation):
    log_in_as(client, "organisation_editor", organisation)
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:home") in page and reverse("portal:review-queue") not in page
    client.logout()
    log_in_as(client, "fundraising")
    page = client.get(reverse("portal:review-queue")).content.decode()
    assert reverse("portal:review-queue") in page and 'href="/organisation/"' not in page


def _invitation_link() -> str:
    return re.search(r"https?://\S+/inbjudan/\S+/", mail.outbox[-1].body).group(0)


def test_an_admin_invites_a_colleague_who_accepts_with_the_invited_address(
    client, organisation, django_capture_on_commit_callbacks
):
    log_in_as(client, "organisation_admin", organisation)
    url = reverse("portal:colleagues", kwargs={"organisation": organisation.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "ny@example.org", "role": "editor"})
    assert response.status_code == 302
    link = _invitation_link()
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    assert "ny@example.org" in client.get("/" + path).content.decode()  # asks to sign in
    stranger = EnrolledUserFactory(email="annan@example.org")
    client.force_login(stranger)
    refused = client.post("/" + path).content.decode()
    assert "ny@example.org" in refused
    assert not OrganisationMembership.objects.filter(user=stranger).exists()
    invited = EnrolledUserFactory(email="Ny@Example.org")
    client.force_login(invited)
    assert client.post("/" + path)["Location"] == reverse("portal:home")
    membership = OrganisationMembership.objects.get(user=invited)
    assert (membership.organisation, membership.role) == (organisation, "editor")
    assert client.get("/" + path).status_code == 404  # used once


def test_a_forged_or_expired_invitation_is_not_valid(client, organisation, settings):
    invitation = Invitation.objects.create(organisation=organisation, email="x@example.org")
    token = invitation_token(invitation)
    url = reverse("portal:accept-invitation", kwargs={"token": token[:-2] + "xx"})
    assert client.get(url).status_code == 404
    settings.SECRET_KEY = "another-key-so-the-signature-no-longer-matches-at-all"
    url = reverse("portal:accept-invitation", kwargs={"token": token})
    assert client.get(url).status_code == 404


def test_an_admin_removes_a_colleague_but_not_the_last_administrator(client, organisation):
    admin = log_in_as(client, "organisation_admin", organisation)
    colleague = EnrolledUserFactory()
    OrganisationMembership.objects.create(organisation=organisation, user=colleague)

    def remove(user):
        return client.post(
            reverse(
                "portal:colleague-remove",
                kwargs={"organisation": organisation.slug, "user_id": user.pk},
            ),
            follow=True,
        )

    remove(colleague)
    assert not OrganisationMembership.objects.filter(user=colleague).exists()
    page = remove(admin).content.decode()
    assert "minst en administratör" in page
    assert OrganisationMembership.objects.filter(user=admin).exists()


def test_a_bad_suggested_amount_marks_the_amount_inputs_invalid(editor_client, organisation):
    data = editor_data(suggested_amounts_amount_0="abc")
    response = editor_client.post(_new_url(organisation), data)
    assert "suggested_amounts" in response.context["form"].errors
    page = response.content.decode()
    # Bootstrap shows .invalid-feedback only after an .is-invalid sibling.
    assert re.search(r'class="[^"]*suggested-amounts-table[^"]*is-invalid', page)
    amount_input = re.search(r'<input[^>]*name="suggested_amounts_amount_0"[^>]*>', page)[0]
    assert 'aria-invalid="true"' in amount_input and "is-invalid" in amount_input
    assert "id_suggested_amounts_error" in amount_input  # aria-describedby
    assert 'id="id_suggested_amounts_error"' in page
    summary = re.search(r'id="error-summary">.*?</div>', page, re.S)[0]
    assert 'href="#id_suggested_amounts_amount_0"' in summary and "”abc”" in summary
    assert not Campaign.objects.exists()


def test_a_valid_amounts_table_is_styled_and_not_marked_invalid(editor_client, organisation):
    page = editor_client.get(_new_url(organisation)).content.decode()
    amount_input = re.search(r'<input[^>]*name="suggested_amounts_amount_0"[^>]*>', page)[0]
    assert 'class="form-control"' in amount_input and "aria-invalid" not in amount_input
    assert 'class="table table-sm' in page


def test_the_edit_form_shows_a_whole_goal_without_decimals(editor_client, organisation):
    campaign = CampaignFactory(
        organisation=organisation, status=CampaignStatus.DRAFT, goal_minor=15_000_000
    )
    page = editor_client.get(reverse("portal:campaign-edit", kwargs={"slug": campaign.slug}))
    goal_input = re.search(r'<input[^>]*name="goal"[^>]*>', page.content.decode())[0]
    assert 'value="150000"' in goal_input


def test_an_error_elsewhere_asks_for_the_chosen_image_again(editor_client, organisation):
    data = editor_data(title_sv="", hero_alt_sv="Bild", hero_alt_en="Picture")
    data["hero_upload"] = image_upload()
    response = editor_client.post(_new_url(organisation), data)
    errors = response.context["form"].errors
    assert "title_sv" in errors and "hero_upload" in errors
    page = response.content.decode()
    assert 'id="error_1_id_hero_upload"' in page
    assert "Bilden sparades inte" in page
    assert not Campaign.objects.exists()


def test_a_new_campaign_has_no_image_to_remove(editor_client, organisation):
    page = editor_client.get(_new_url(organisation)).content.decode()
    assert 'name="remove_hero"' not in page
    assert "current-hero-image" not in page


def test_the_edit_form_shows_the_current_image_and_offers_to_remove_it(editor_client, organisation):
    campaign = CampaignFactory(organisation=organisation, status=CampaignStatus.DRAFT)
    store_hero_image(campaign, image_upload(), alt_sv="Arbetare", alt_en="Workers")
    page = editor_client.get(reverse("portal:campaign-edit", kwargs={"slug": campaign.slug}))
    html = page.content.decode()
    assert 'name="remove_hero"' in html
    thumbnail = re.search(r'<figure class="current-hero-image">.*?</figure>', html, re.S)[0]
    assert campaign.hero_image.fallback_url in thumbnail and 'alt="Arbetare"' in thumbnail


def test_the_editor_lists_countries_by_their_swedish_names(editor_client, organisation):
    region = RegionFactory()
    for code, name_sv, name_en in [
        ("PY", "Paraguay", "Paraguay"),
        ("PH", "Filippinerna", "Philippines"),
        ("RS", "Serbien", "Serbia"),
    ]:
        CountryFactory(code=code, name_sv=name_sv, name_en=name_en, region=region)
    page = editor_client.get(_new_url(organisation)).content.decode()
    positions = [page.index(name) for name in ("Filippinerna", "Paraguay", "Serbien")]
    assert positions == sorted(positions)
