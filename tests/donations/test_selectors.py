"""Read queries over the ledger (``donations.selectors``)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from donations import selectors
from tests.donations.helpers import pay
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def test_donor_wall_shows_opted_in_names_and_anonymous_others(deliver):
    named = CheckoutIntentFactory(show_on_wall=True, public_message="Hej!", donor__name="Olof")
    campaign = named.campaign
    hidden = CheckoutIntentFactory(campaign=campaign, show_on_wall=False, public_message="secret")
    pay(deliver, named)
    pay(deliver, hidden)
    entries = selectors.donor_wall(campaign)
    assert {(e.name, e.message) for e in entries} == {("Olof", "Hej!"), ("", "")}


@pytest.mark.parametrize(
    ("language", "quoted"), [("sv", "”Hej &amp; tack!”"), ("en", "“Hej &amp; tack!”")]
)
def test_donor_wall_quotes_messages_in_the_pages_language(deliver, language, quoted):
    intent = CheckoutIntentFactory(show_on_wall=True, public_message="Hej & tack!")
    pay(deliver, intent)

    with translation.override(language):
        html = Template("{% load giving %}{% donor_wall campaign %}").render(
            Context({"campaign": intent.campaign})
        )

    assert quoted in html
