"""Editing the amount buttons and their impact lines (admin field and page)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from campaigns.forms import SuggestedAmountsField
from campaigns.models import Campaign
from tests.factories.campaigns import CampaignFactory

NAME = "suggested_amounts"


def rows(*typed):
    """POST data for the widget: each row (amount, Swedish line, English line)."""
    data = {}
    for index, (amount, impact_sv, impact_en) in enumerate(typed):
        data |= {
            f"{NAME}_amount_{index}": amount,
            f"{NAME}_impact_sv_{index}": impact_sv,
            f"{NAME}_impact_en_{index}": impact_en,
        }
    return data


def clean(*typed):
    field = SuggestedAmountsField(required=False)
    return field.clean(field.widget.value_from_datadict(rows(*typed), {}, NAME))


def test_typed_rows_become_stored_amounts_and_empty_rows_are_dropped():
    assert clean(
        ("250", "utbildar ett ombud", "trains a representative"),
        ("", "", ""),
        ("1 000,50", "", ""),
    ) == [
        {
            "amount_minor": 25000,
            "impact_sv": "utbildar ett ombud",
            "impact_en": "trains a representative",
        },
        {"amount_minor": 100050, "impact_sv": "", "impact_en": ""},
    ]


def test_no_rows_is_no_suggested_amounts():
    assert clean() == []


@pytest.mark.parametrize(
    "amount", ["abc", "0", "-5", "2.505", "NaN", "Infinity", "1e400", "1e12", "²"]
)
def test_a_bad_amount_is_a_clear_error(amount):
    with translation.override("en"), pytest.raises(ValidationError, match="is not an amount"):
        clean((amount, "", ""))


def test_an_impact_line_without_an_amount_is_refused():
    with translation.override("en"), pytest.raises(ValidationError, match="needs an amount"):
        clean(("", "utbildar", ""))


def test_the_same_amount_twice_is_refused():
    with translation.override("en"), pytest.raises(ValidationError, match="only once"):
        clean(("250", "", ""), ("250,00", "", ""))


def test_stored_amounts_show_in_major_units():
    field = SuggestedAmountsField()
    shown = field.prepare_value(
        [
            {"amount_minor": 25000, "impact_sv": "a", "impact_en": "b"},
            {"amount_minor": 2550, "impact_sv": "", "impact_en": ""},
        ]
    )
    assert [row["amount"] for row in shown] == ["250", "25.50"]


@pytest.mark.django_db
def test_staff_edit_amounts_and_impact_lines_in_the_admin(staff_client):
    campaign = CampaignFactory(suggested_amounts_minor=[10000])
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert f'name="{NAME}_amount_0"' in page.content.decode()
    assert 'value="100"' in page.content.decode()
    data = {
        "slug": campaign.slug,
        "programme": campaign.programme.pk,
        "organisation": campaign.organisation.pk,
        "title_sv": campaign.title_sv,
        "summary_sv": campaign.summary_sv,
        "story_sv": campaign.story_sv,
        "title_en": campaign.title_en,
        "summary_en": campaign.summary_en,
        "story_en": campaign.story_en,
        "goal_minor": campaign.goal_minor,
        "currency": campaign.currency,
        "allows_monthly": "on",
        "starts_on": campaign.starts_on.isoformat(),
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        **rows(("500", "utbildar ett ombud", "trains a representative"), ("200", "", "")),
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    campaign.refresh_from_db()
    assert [item.amount_minor for item in campaign.amount_suggestions()] == [50000, 20000]
    with translation.override("en"):
        assert campaign.amount_suggestions()[0].impact == "trains a representative"


@pytest.mark.django_db
def test_the_give_form_shows_each_impact_line_on_its_button(client):
    campaign = CampaignFactory(
        suggested_amounts=[
            {"amount_minor": 25000, "impact_sv": "utbildar ett ombud", "impact_en": "trains a rep"},
            {"amount_minor": 50000, "impact_sv": "", "impact_en": ""},
        ]
    )
    with translation.override("sv"):
        page = client.get(campaign.get_absolute_url()).content.decode()
    assert '<span class="amount-impact">utbildar ett ombud</span>' in page
    assert page.count('class="amount-impact"') == 1
    assert Campaign.objects.get().amount_suggestions()[1].impact == ""
