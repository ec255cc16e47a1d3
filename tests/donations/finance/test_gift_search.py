"""Finding a gift on the finance pages by receipt number, gift number, email, name or a
Stripe id; a query that finds nothing says so, and the pages keep the query."""

import pytest

from donations.models import CheckoutIntent
from tests.factories.donations import DonorFactory, GiftFactory
from tests.roles import log_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def gifts():
    anna = DonorFactory(name="Anna Lindqvist", email="anna@example.org")
    found = GiftFactory(
        donor=anna,
        donor_name=anna.name,
        receipt_year=2026,
        receipt_number=123,
        stripe_payment_intent_id="pi_search_1",
        stripe_charge_id="ch_search_1",
    )
    other = GiftFactory(receipt_year=2026, receipt_number=124)
    return found, other


def _found(client, query: str) -> list[str]:
    page = client.get("/ekonomi/gavor/", {"q": query}).content.decode()
    return [line for line in page.split("/ekonomi/gavor/")[1:] if line[:1].isdigit()]


@pytest.mark.parametrize(
    "query",
    [
        "2026-000123",
        "2026-123",
        "anna@example.org",
        "ANNA@example.org",
        "lindqvist",
        "pi_search_1",
        "ch_search_1",
    ],
)
def test_a_gift_is_found_by_what_finance_staff_are_asked_about(client, gifts, query):
    found, _other = gifts
    log_in_as(client, "finance")

    links = _found(client, f"  {query} ")

    assert links and all(link.startswith(f"{found.pk}/") for link in links)


def test_a_gift_is_found_by_its_number_and_its_checkout_session(client, gifts):
    found, other = gifts
    intent = found.checkout_intent or CheckoutIntent.objects.create(
        campaign=found.campaign, donor=found.donor, amount_minor=found.amount_minor
    )
    CheckoutIntent.objects.filter(pk=intent.pk).update(stripe_session_id="cs_test_search")
    found.checkout_intent = intent
    found.save(update_fields=["checkout_intent"])
    log_in_as(client, "finance")

    assert _found(client, str(other.pk))[0].startswith(f"{other.pk}/")
    assert _found(client, "cs_test_search")[0].startswith(f"{found.pk}/")


def test_no_match_says_so_and_an_empty_query_lists_every_gift_newest_first(client, gifts):
    found, other = gifts
    log_in_as(client, "finance")

    nothing = client.get("/ekonomi/gavor/", {"q": "2025-999999"}).content.decode()
    assert "Ingen gåva matchar ”2025-999999”." in nothing
    assert client.get("/ekonomi/gavor/", {"q": "99999999999999999999999"}).status_code == 200
    every = client.get("/ekonomi/gavor/").content.decode()
    assert every.index(f"/ekonomi/gavor/{other.pk}/") < every.index(f"/ekonomi/gavor/{found.pk}/")


def test_a_query_too_long_is_explained_and_lists_every_gift(client, gifts):
    log_in_as(client, "finance")
    page = client.get("/ekonomi/gavor/", {"q": "x" * 201}).content.decode()
    assert "200" in page and "invalid-feedback" in page


def test_the_next_page_keeps_the_query(client):
    donor = DonorFactory(email="many@example.org")
    for _ in range(51):
        GiftFactory(donor=donor, receipt_number=None, receipt_year=None)
    log_in_as(client, "finance")

    page = client.get("/ekonomi/gavor/", {"q": "many@example.org"}).content.decode()

    assert "?q=many%40example.org&amp;page=2" in page


def test_the_english_page(client, gifts):
    log_in_as(client, "finance")
    page = client.get("/en/finance/gifts/", {"q": "nobody"}).content.decode()
    assert "Find a gift" in page and "No gift matches “nobody”." in page
