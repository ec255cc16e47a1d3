"""Gifts for the dashboard tests, counted in the aggregates the way the ledger counts
them (``totals.add_gift``, the ledger's own call)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from donations import totals
from tests.factories.campaigns import CampaignFactory, CountryFactory
from tests.factories.donations import GiftFactory


def counted_gift(**fields):
    gift = GiftFactory(receipt_number=None, receipt_year=None, **fields)
    totals.add_gift(gift)
    return gift


@pytest.fixture
def world(db):
    """Two organisations' campaigns with gifts this month and one a year ago."""
    now = timezone.now()
    ours = CampaignFactory(title_sv="Vår kampanj", title_en="Our campaign")
    ours.countries.add(CountryFactory(name_sv="Albanien", name_en="Albania"))
    theirs = CampaignFactory(title_sv="Deras kampanj", title_en="Their campaign")
    counted_gift(campaign=ours, amount_minor=30000, paid_at=now)
    counted_gift(
        campaign=ours,
        amount_minor=10000,
        paid_at=now,
        kind="monthly",
        stripe_payment_intent_id=None,
        stripe_invoice_id="in_dash_1",
    )
    counted_gift(campaign=ours, amount_minor=20000, paid_at=now - timedelta(days=365))
    counted_gift(campaign=theirs, amount_minor=77700, paid_at=now)
    return {"ours": ours, "theirs": theirs, "organisation": ours.organisation}
