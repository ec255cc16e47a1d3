import datetime
import re

import pytest
from django.utils import timezone, translation

from campaigns.models import CampaignTotal
from donations.models import Donor, Gift
from donations.totals import recompute_totals
from tests.campaigns.public_site import public_urls
from tests.factories.campaigns import CampaignFactory, CountryFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

PAGES = list(public_urls("sv"))


def test_swedish_is_at_the_root_and_english_under_en():
    assert public_urls("sv")["campaign"] == "/kampanjer/fair-wages/"
    assert public_urls("en")["campaign"] == "/en/campaigns/fair-wages/"


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_public_page_renders_in_both_languages(client, site, language, page):
    response = client.get(public_urls(language)[page])

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1, "one h1 per page"
    assert "<main" in html and "<nav" in html and "<footer" in html


@pytest.mark.parametrize("page", ["home", "campaign-list", "campaign", "programme"])
def test_english_pages_show_english_titles(client, site, page):
    english = client.get(public_urls("en")[page]).content.decode()
    swedish = client.get(public_urls("sv")[page]).content.decode()

    assert "Fair wages" in english and "Rättvisa löner" not in english
    assert "Rättvisa löner" in swedish and "Fair wages" not in swedish


def test_pages_never_load_anything_from_another_site(client, site):
    for url in public_urls("sv").values():
        html = client.get(url).content.decode()
        hosts = re.findall(r'<(?:link|script)[^>]+(?:href|src)="(?:https?:)?//([^/"]+)', html)
        assert set(hosts) <= {"testserver"}, url  # only canonical and hreflang links are absolute


def test_home_shows_featured_campaigns_and_regions_with_their_countries(client, site):
    CampaignFactory(title_en="Not featured", is_featured=False)
    html = client.get("/en/").content.decode()

    assert "Fair wages" in html and "Not featured" not in html
    assert "Western Balkans" in html
    assert '<a href="/en/programmes/western-balkans/">Albania</a>' in html


def test_campaign_page_shows_everything_a_donor_needs(client, site):
    campaign = site["campaign"]
    CampaignTotal.objects.create(campaign=campaign, raised_minor=2_500_000, donor_count=7)

    html = client.get("/en/campaigns/fair-wages/").content.decode()

    assert "Western Balkans programme" in html and "Albania" in html
    assert campaign.organisation.name in html
    assert re.search(r'<progress [^>]*max="100" value="25"', html)
    assert 'aria-label="Progress towards the goal' in html
    assert 'aria-valuetext="25 percent of the goal"' in html
    assert "SEK\xa025,000" in html and "SEK\xa0100,000" in html
    assert "7 donors" in html
    assert "No end date" in html
    assert 'id="give-heading"' in html, "the give box is included"
    assert 'id="wall-heading"' in html, "the donor wall is included"
    assert "Preview" not in html


def test_campaign_without_organisation_is_run_by_the_centre(client, settings):
    CampaignFactory(slug="centre", organisation=None)
    html = client.get("/en/campaigns/centre/").content.decode()
    assert f"{settings.ORGANISATION_NAME}, the centre itself" in html


def test_campaign_story_keeps_line_breaks_and_escapes_html(client):
    CampaignFactory(slug="story", story_en="First paragraph.\n\n<script>alert(1)</script>")
    html = client.get("/en/campaigns/story/").content.decode()
    assert (
        '<div class="story">First paragraph.\n\n&lt;script&gt;alert(1)&lt;/script&gt;</div>' in html
    )


def test_campaign_shows_days_left(client):
    ends_on = timezone.localdate() + datetime.timedelta(days=12)
    CampaignFactory(slug="soon", starts_on=timezone.localdate(), ends_on=ends_on)
    assert "12 days left" in client.get("/en/campaigns/soon/").content.decode()


def test_closed_campaign_says_so_and_takes_no_gifts(client):
    CampaignFactory(slug="over", closed=True)
    html = client.get("/en/campaigns/over/").content.decode()
    assert "This campaign is closed" in html
    assert 'id="give-heading"' not in html


def test_unknown_campaign_and_programme_are_404(client, db):
    assert client.get("/kampanjer/nothing-here/").status_code == 404
    assert client.get("/program/nothing-here/").status_code == 404


def test_campaign_list_shows_published_campaigns_only(client, site):
    CampaignFactory(title_en="A draft", draft=True)
    CampaignFactory(title_en="Over and done", closed=True)
    html = client.get("/en/campaigns/").content.decode()
    assert "Fair wages" in html
    assert "A draft" not in html and "Over and done" not in html


def test_campaign_list_filters_by_region_and_theme(client, site):
    CampaignFactory(title_en="Elsewhere")

    by_region = client.get("/en/campaigns/", {"region": site["region"].slug}).content.decode()
    by_theme = client.get("/en/campaigns/", {"theme": site["theme"].slug}).content.decode()
    unfiltered = client.get("/en/campaigns/", {"region": "no-such-region"}).content.decode()

    assert "Fair wages" in by_region and "Elsewhere" not in by_region
    assert "Fair wages" in by_theme and "Elsewhere" not in by_theme
    assert "Fair wages" in unfiltered and "Elsewhere" in unfiltered


def test_campaign_list_paginates_and_keeps_the_filter(client, site):
    CampaignFactory.create_batch(12, programme=site["programme"])
    html = client.get("/en/campaigns/", {"region": site["region"].slug}).content.decode()
    assert "13 campaigns" in html
    assert f'href="?region={site["region"].slug}&amp;page=2"' in html


def test_programme_list_groups_programmes_under_regions(client, site):
    html = client.get("/en/programmes/").content.decode()
    assert 'id="region-balkan"' in html
    assert "Western Balkans programme" in html and "Labour rights" in html and "Albania" in html


def test_programme_page_shows_partners_countries_themes_period_and_campaigns(client, site):
    CampaignFactory(programme=site["programme"], title_en="Hidden draft", draft=True)
    CampaignFactory(programme=site["programme"], title_en="Finished appeal", closed=True)

    html = client.get("/en/programmes/western-balkans/").content.decode()

    assert "Free trade unions" in html and "Albania" in html and "Labour rights" in html
    assert "Since 2024" in html
    assert "Fair wages" in html and "Finished appeal" in html
    assert "Hidden draft" not in html


def test_fund_page_shows_the_fund_total_and_the_give_box(client, db):
    donor = Donor.objects.create(email="giver@example.org", name="Giver")
    Gift.objects.create(
        donor=donor,
        kind="once",
        amount_minor=50_000,
        currency="SEK",
        stripe_payment_intent_id="pi_1",
    )
    Gift.objects.create(
        campaign=CampaignFactory(),
        donor=donor,
        kind="once",
        amount_minor=30_000,
        refunded_minor=10_000,
        currency="SEK",
        stripe_payment_intent_id="pi_2",
    )
    recompute_totals()  # gifts made by hand, not through the services that keep the cache

    html = client.get("/en/solidarity-fund/").content.decode()

    assert "SEK\xa0700" in html
    assert 'id="give-heading"' in html


@pytest.mark.parametrize(("prefix", "date"), [("", "5 mars 2026"), ("/en", "5 Mar 2026")])
def test_the_donor_wall_writes_dates_in_the_pages_language(client, prefix, date):
    campaign = CampaignFactory()
    Gift.objects.create(
        campaign=campaign,
        donor=Donor.objects.create(email="giver@example.org", name="Giver"),
        donor_name="Giver",
        show_on_wall=True,
        kind="once",
        amount_minor=50_000,
        currency="SEK",
        stripe_payment_intent_id="pi_1",
        paid_at=datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC),
    )
    with translation.override("en" if prefix else "sv"):
        html = client.get(campaign.get_absolute_url()).content.decode()
    assert f'datetime="2026-03-05T13:00:00+01:00">{date}</time>' in html


def test_the_thermometer_draws_a_sliver_for_a_tiny_share_of_the_goal(client):
    campaign = CampaignFactory(goal_minor=10_000_000)
    CampaignTotal.objects.create(campaign=campaign, raised_minor=5_000, gift_count=1, donor_count=1)
    html = client.get(campaign.get_absolute_url()).content.decode()
    assert 'max="100" value="2"' in html
    assert "0 procent av målet" in html


def test_a_campaign_with_countries_lists_its_own_not_the_programmes(client):
    chosen = CountryFactory(name_sv="Kambodja", name_en="Cambodia")
    other = CountryFactory(name_sv="Laos", name_en="Laos")
    programme = ProgrammeFactory(countries=[chosen, other])
    CampaignFactory(slug="own-countries", programme=programme).countries.set([chosen])
    html = client.get("/en/campaigns/own-countries/").content.decode()
    shown = re.search(r'id="campaign-countries">([^<]*)<', html)[1]
    assert shown == "Cambodia"


def test_a_campaign_without_countries_lists_the_programmes(client):
    programme = ProgrammeFactory(countries=[CountryFactory(name_en="Laos")])
    CampaignFactory(slug="programme-countries", programme=programme)
    html = client.get("/en/campaigns/programme-countries/").content.decode()
    assert re.search(r'id="campaign-countries">([^<]*)<', html)[1] == "Laos"
