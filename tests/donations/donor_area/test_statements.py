"""The yearly statement pages and PDF: own years only."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories.donations import DonorFactory, GiftFactory

from .helpers import signed_in_donor

pytestmark = pytest.mark.django_db


def in_2025(email, kr):
    when = datetime(2025, 3, 1, tzinfo=timezone.get_default_timezone())
    return GiftFactory(donor=DonorFactory(email=email), amount_minor=kr * 100, paid_at=when)


@pytest.fixture
def ada_and_bo(client):
    ada = in_2025("ada@example.org", 1200)
    bo = in_2025("bo@example.org", 900)
    GiftFactory(
        donor=bo.donor, paid_at=datetime(2023, 3, 1, tzinfo=timezone.get_default_timezone())
    )
    signed_in_donor(client, "ada@example.org")
    return ada, bo


def test_the_list_offers_own_years_only(client, ada_and_bo):
    page = client.get(reverse("donor-area:statements")).content.decode()

    assert reverse("donor-area:statement", args=[2025]) in page
    assert reverse("donor-area:statement", args=[2023]) not in page


def test_the_year_page_lists_own_gifts_and_the_total(client, ada_and_bo):
    ada, bo = ada_and_bo

    page = client.get(reverse("donor-area:statement", args=[2025])).content.decode()

    assert ada.receipt_reference in page and bo.receipt_reference not in page
    assert "1\xa0200\xa0kr" in page
    assert "skattereduktion" not in page.lower(), "no tax reduction by default"


def test_an_approved_recipient_shows_the_tax_reduction(client, ada_and_bo, settings):
    settings.APPROVED_GIFT_RECIPIENT = True
    in_2025("ada@example.org", 1000)

    page = client.get(reverse("donor-area:statement", args=[2025])).content.decode()

    assert "Skattereduktion för gåvor" in page
    assert "550\xa0kr" in page  # 25 % of 2 200 kr


def test_the_pdf_downloads(client, ada_and_bo):
    response = client.get(reverse("donor-area:statement-pdf", args=[2025]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="arsbesked-2025.pdf"'


@pytest.mark.parametrize("year", [2023, 2024, 1, 99999, 2**40])
def test_another_donors_or_an_empty_or_absurd_year_is_not_found(client, ada_and_bo, year):
    assert client.get(reverse("donor-area:statement", args=[year])).status_code == 404
    assert client.get(reverse("donor-area:statement-pdf", args=[year])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("donor-area:statement-pdf", args=[2025]))

    assert response.status_code == 302
    assert reverse("account_request_login_code") in response["Location"]


def test_the_pdf_of_an_approved_recipient_marks_the_counted_gifts(client, ada_and_bo, settings):
    settings.APPROVED_GIFT_RECIPIENT = True
    in_2025("ada@example.org", 1000)

    with translation.override("en"):
        url = reverse("donor-area:statement-pdf", args=[2025])
    response = client.get(url)

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_disputed_gift_is_shown_as_withheld_never_as_refunded(client, ada_and_bo):
    from donations.statements.figures import yearly_statement
    from donations.statements.pdf import column_headings, gift_row
    from donations.statements.texts import total_sentence

    ada, _ = ada_and_bo
    ada.disputed_minor = ada.amount_minor
    ada.save(update_fields=["disputed_minor"])

    with translation.override("en"):
        page = client.get(reverse("donor-area:statement", args=[2025])).content.decode()
        statement = yearly_statement([ada.donor], 2025)
        [total] = statement.totals
        sentence = total_sentence(total)
        headings = column_headings(statement)
        [row] = [gift_row(statement, line) for line in statement.lines]
        pdf = client.get(reverse("donor-area:statement-pdf", args=[2025]))

    assert "Withheld by a card dispute" in page
    assert page.count("SEK\xa01,200") == 4  # given and withheld, on the gift and in total
    assert sentence == (
        "Total SEK\xa00 (given SEK\xa01,200, refunded SEK\xa00, "
        "withheld by a card dispute SEK\xa01,200)"
    )
    withheld = headings.index("Withheld by a card dispute")
    assert row[withheld] == "SEK\xa01,200" and row[headings.index("Refunded")] == ""
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
