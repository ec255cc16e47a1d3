"""Form data for the campaign editor, valid unless a test changes a field."""

import datetime

from tests.factories.campaigns import ProgrammeFactory


def editor_data(programme=None, **changes) -> dict:
    programme = programme or ProgrammeFactory()
    data = {
        "title_sv": "Fackliga rättigheter i Kambodja",
        "title_en": "Union rights in Cambodia",
        "summary_sv": "Stöd till textilarbetare.",
        "summary_en": "Support for garment workers.",
        "story_sv": "Arbetarna organiserar sig.",
        "story_en": "The workers organise.",
        "programme": str(programme.pk),
        "countries": [str(country.pk) for country in programme.countries.all()],
        "goal": "250000",
        "currency": "SEK",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "suggested_amounts_amount_0": "500",
        "suggested_amounts_impact_sv_0": "500 kr utbildar en arbetsplatsombud",
        "suggested_amounts_impact_en_0": "500 kr trains a workplace representative",
        "allows_monthly": "on",
        "hero_alt_sv": "",
        "hero_alt_en": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def values(programme=None, **changes) -> dict:
    """Cleaned values as the form gives them to the services."""
    programme = programme or ProgrammeFactory()
    result = {
        "title_sv": "Fackliga rättigheter",
        "title_en": "Union rights",
        "summary_sv": "Stöd.",
        "summary_en": "Support.",
        "story_sv": "Berättelse.",
        "story_en": "Story.",
        "programme": programme,
        "countries": list(programme.countries.all()),
        "themes": [],
        "goal_minor": 25_000_000,
        "currency": "SEK",
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": None,
        "suggested_amounts": [],
        "allows_monthly": True,
        "hero_alt_sv": "",
        "hero_alt_en": "",
    }
    result.update(changes)
    return result
