"""One of every public page, with distinct Swedish and English texts: shared by the page,
query-string, security-header and browser tests."""

from django.urls import reverse
from django.utils import translation

from tests.factories.campaigns import (
    CampaignFactory,
    CountryFactory,
    ProgrammeFactory,
    RegionFactory,
    ThemeFactory,
)


def build_public_site() -> dict:
    """A region, country, theme, programme and a featured published campaign."""
    region = RegionFactory(slug="balkan", name_sv="Västra Balkan", name_en="Western Balkans")
    country = CountryFactory(region=region, code="AL", name_sv="Albanien", name_en="Albania")
    theme = ThemeFactory(slug="labour", name_sv="Arbetsrätt", name_en="Labour rights")
    programme = ProgrammeFactory(
        slug="western-balkans",
        region=region,
        countries=[country],
        themes=[theme],
        title_sv="Västra Balkan-programmet",
        title_en="Western Balkans programme",
        partners_sv="Fria fackförbund",
        partners_en="Free trade unions",
    )
    campaign = CampaignFactory(
        slug="fair-wages",
        programme=programme,
        title_sv="Rättvisa löner",
        title_en="Fair wages",
        is_featured=True,
    )
    return {"programme": programme, "campaign": campaign, "theme": theme, "region": region}


def public_urls(language: str) -> dict[str, str]:
    """The path of each public page of the site built above, by page name."""
    with translation.override(language):
        return {
            "home": reverse("campaigns:home"),
            "campaign-list": reverse("campaigns:campaign-list"),
            "campaign": reverse("campaigns:campaign", kwargs={"slug": "fair-wages"}),
            "programme-list": reverse("campaigns:programme-list"),
            "programme": reverse("campaigns:programme", kwargs={"slug": "western-balkans"}),
            "fund": reverse("campaigns:fund"),
        }


def all_public_urls() -> list[str]:
    """Every public page in Swedish and in English."""
    return [*public_urls("sv").values(), *public_urls("en").values()]
