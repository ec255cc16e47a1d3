"""The receipt PDF (``donations.notifications.receipt_pdf``)."""

import pytest
from django.utils import translation

from donations.notifications import receipt_pdf
from tests.donations.helpers import pay
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def test_receipt_pdf_names_organisation_donor_amount_and_number(deliver, settings):
    intent = CheckoutIntentFactory(amount_minor=25000, donor__name="Åsa Öberg")
    gift = pay(deliver, intent)
    with translation.override("sv"):
        pdf = receipt_pdf.render_receipt_pdf(gift)
        lines = dict(receipt_pdf.receipt_lines(gift))
    assert pdf.startswith(b"%PDF")
    assert lines["Kvittonummer"] == gift.receipt_reference
    assert lines["Belopp"] == "250\u00a0kr"
    assert "Åsa Öberg" in lines["Givare"]
    assert lines["Ändamål"] == intent.campaign.title_sv
