import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from campaigns.models import (
    ALLOWED_STATUS_TRANSITIONS,
    Campaign,
    CampaignStatus,
    validate_suggested_amounts,
)
from tests.factories.campaigns import CampaignFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def test_every_status_has_its_transitions_listed():
    assert set(ALLOWED_STATUS_TRANSITIONS) == set(CampaignStatus.values)


@pytest.mark.parametrize("status", CampaignStatus.values)
def test_can_move_to_follows_the_workflow(status):
    campaign = CampaignFactory.build(status=status)
    for target in CampaignStatus.values:
        assert campaign.can_move_to(target) == (target in ALLOWED_STATUS_TRANSITIONS[status])


@pytest.mark.parametrize(
    ("status", "public"),
    [("draft", False), ("in_review", False), ("published", True), ("closed", True)],
)
def test_only_published_and_closed_campaigns_are_public(status, public):
    assert CampaignFactory.build(status=status).is_public is public


@pytest.mark.parametrize(
    ("status", "starts_on", "ends_on", "accepts"),
    [
        ("published", TODAY, None, True),
        ("published", TODAY, TODAY, True),
        ("published", TODAY + datetime.timedelta(days=1), None, False),
        (
            "published",
            TODAY - datetime.timedelta(days=9),
            TODAY - datetime.timedelta(days=1),
            False,
        ),
        ("closed", TODAY, None, False),
        ("draft", TODAY, None, False),
        ("in_review", TODAY, None, False),
    ],
)
def test_accepts_gifts_only_when_published_and_running(status, starts_on, ends_on, accepts):
    campaign = CampaignFactory.build(status=status, starts_on=starts_on, ends_on=ends_on)
    assert campaign.accepts_gifts(today=TODAY) is accepts


def test_days_left():
    campaign = CampaignFactory.build(starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=10))
    assert campaign.days_left(today=TODAY) == 10
    assert campaign.days_left(today=TODAY + datetime.timedelta(days=20)) == 0
    assert CampaignFactory.build(ends_on=None).days_left(today=TODAY) is None


def test_clean_refuses_an_end_before_the_start():
    campaign = CampaignFactory.build(starts_on=TODAY, ends_on=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        campaign.clean()
    assert "ends_on" in error.value.message_dict


def test_database_refuses_an_end_before_the_start():
    with pytest.raises(IntegrityError):
        CampaignFactory(starts_on=TODAY, ends_on=TODAY - datetime.timedelta(days=1))


def test_database_refuses_a_programme_ending_before_it_starts():
    with pytest.raises(IntegrityError):
        ProgrammeFactory(starts_on=TODAY, ends_on=TODAY - datetime.timedelta(days=1))


def test_database_refuses_an_unknown_status():
    with pytest.raises(IntegrityError):
        CampaignFactory(status="deleted")


def suggestion(amount_minor=10000, impact_sv="", impact_en=""):
    return {"amount_minor": amount_minor, "impact_sv": impact_sv, "impact_en": impact_en}


@pytest.mark.parametrize(
    "value",
    [
        [suggestion(100), suggestion(250, "utbildar ett ombud", "trains a representative")],
        [],
        [suggestion(amount) for amount in range(100, 700, 100)],
        [suggestion(100, "x" * 120, "y" * 120)],
    ],
)
def test_suggested_amounts_accepts_amounts_with_optional_impact_lines(value):
    validate_suggested_amounts(value)


@pytest.mark.parametrize(
    "value",
    [
        [100, 250],
        [suggestion(0)],
        [suggestion(-100)],
        [suggestion(10.5)],
        [suggestion("100")],
        [suggestion(True)],
        [suggestion(100, impact_sv=None)],
        [suggestion(100, impact_en="x" * 121)],
        [{"amount_minor": 100}],
        [{**suggestion(100), "colour": "red"}],
        [suggestion(100), suggestion(100)],
        [suggestion(amount) for amount in range(100, 800, 100)],
        {"a": 1},
        None,
    ],
)
def test_suggested_amounts_refuses_anything_else(value):
    with pytest.raises(ValidationError):
        validate_suggested_amounts(value)


def test_amount_suggestions_give_the_impact_line_in_the_page_language():
    campaign = CampaignFactory.build(
        suggested_amounts=[suggestion(50000, "utbildar ett ombud", "trains a representative")]
    )
    [item] = campaign.amount_suggestions()
    assert item.amount_minor == 50000
    with translation.override("sv"):
        assert item.impact == "utbildar ett ombud"
    with translation.override("en"):
        assert item.impact == "trains a representative"


def test_texts_follow_the_active_language_and_fall_back_to_swedish():
    campaign = CampaignFactory.build(title_sv="Rättvisa löner", title_en="Fair wages")
    with translation.override("sv"):
        assert campaign.title == "Rättvisa löner"
    with translation.override("en"):
        assert campaign.title == "Fair wages"
        campaign.title_en = ""
        assert campaign.title == "Rättvisa löner"


def test_published_and_public_querysets():
    statuses = {status: CampaignFactory(status=status) for status in CampaignStatus.values}
    assert list(Campaign.objects.published()) == [statuses["published"]]
    assert set(Campaign.objects.public()) == {statuses["published"], statuses["closed"]}
