"""The staff lists (``donations.admin``, ``fundraising.admin``): exact searches, filters
that do not read whole tables, counts that stop, and a fixed number of queries."""

import uuid
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from donations.models import Donor, Gift, RecurringPlan, Refund, WebhookEvent
from fundraising import admin as shared_admin
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.donations import CheckoutIntentFactory, DonorFactory, GiftFactory

pytestmark = pytest.mark.django_db

# Tables that grow without bound; the kept totals have a row per campaign or currency.
LARGE_LISTS = [
    "donations_gift",
    "donations_donor",
    "donations_checkoutintent",
    "donations_recurringplan",
    "donations_refund",
    "donations_webhookevent",
    "admin_logentry",
]
LISTS = [
    *LARGE_LISTS,
    "campaigns_campaigntotal",
    "campaigns_fundtotal",
]


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory(email="staff@example.org"))
    return client


def changelist(client, model: str, **params):
    response = client.get(reverse(f"admin:{model}_changelist"), params)
    assert response.status_code == 200
    return response


def rows(client, model: str, **params) -> list:
    return list(changelist(client, model, **params).context["cl"].result_list)


def make_ledger(number: int) -> None:
    """``number`` donors, each with a one-off gift, a monthly gift and its installment,
    a checkout, a refund, a Stripe event and a log entry."""
    staff = UserFactory(email="logger@example.org", is_staff=True)
    donor_type = ContentType.objects.get_for_model(Donor)
    for _ in range(number):
        donor = DonorFactory()
        n = donor.pk
        donor.stripe_customer_id = f"cus_{n}"
        donor.save()
        gift = GiftFactory(
            donor=donor, stripe_payment_intent_id=f"pi_{n}", stripe_charge_id=f"ch_{n}"
        )
        plan = RecurringPlan.objects.create(
            stripe_subscription_id=f"sub_{n}", donor=donor, amount_minor=10000, currency="SEK"
        )
        GiftFactory(
            donor=donor,
            plan=plan,
            kind=Gift.Kind.MONTHLY,
            stripe_payment_intent_id=None,
            stripe_invoice_id=f"in_{n}",
        )
        CheckoutIntentFactory(donor=donor, stripe_session_id=f"cs_{n}")
        Refund.objects.create(
            gift=gift, stripe_refund_id=f"re_{n}", amount_minor=100, currency="SEK"
        )
        WebhookEvent.objects.create(stripe_event_id=f"evt_{n}", type="invoice.paid", payload="{}")
        LogEntry.objects.create(
            user=staff,
            content_type=donor_type,
            object_id=str(n),
            object_repr=f"Donor {donor.name}",
            action_flag=CHANGE,
            change_message="",
        )


@pytest.fixture
def donor():
    make_ledger(3)
    return Donor.objects.order_by("pk")[1]


# --- Searches ------------------------------------------------------------------------


def test_gifts_are_found_by_email_in_any_case(staff_client, donor):
    found = rows(staff_client, "donations_gift", q=f"  {donor.email.upper()} ")
    assert {gift.donor for gift in found} == {donor}
    assert len(found) == 2


@pytest.mark.parametrize(
    "term, field",
    [
        ("pi_{n}", "stripe_payment_intent_id"),
        ("in_{n}", "stripe_invoice_id"),
        ("ch_{n}", "stripe_charge_id"),
    ],
)
def test_a_gift_is_found_by_its_stripe_id(staff_client, donor, term, field):
    found = rows(staff_client, "donations_gift", q=term.format(n=donor.pk))
    assert [getattr(gift, field) for gift in found] == [term.format(n=donor.pk)]


def test_gifts_are_found_by_the_donors_stripe_customer(staff_client, donor):
    found = rows(staff_client, "donations_gift", q=f"cus_{donor.pk}")
    assert {gift.donor for gift in found} == {donor}


def test_a_gift_is_found_by_its_receipt_number(staff_client, donor):
    gift = donor.gifts.first()
    (found,) = rows(staff_client, "donations_gift", q=gift.receipt_reference)
    assert found == gift
    assert rows(staff_client, "donations_gift", q=f"{gift.receipt_year}-{gift.receipt_number}")


def test_a_stripe_id_prefix_or_a_name_finds_no_gift(staff_client, donor):
    """Gifts are searched by exact keys only; names are searched on the donor list."""
    assert rows(staff_client, "donations_gift", q="pi_") == []
    assert rows(staff_client, "donations_gift", q=donor.name) == []


def test_donors_are_found_by_email_customer_and_part_of_the_name(staff_client, donor):
    Donor.objects.filter(pk=donor.pk).update(name="Karin Lindqvist")
    assert rows(staff_client, "donations_donor", q=donor.email.upper()) == [donor]
    assert rows(staff_client, "donations_donor", q=f"cus_{donor.pk}") == [donor]
    assert rows(staff_client, "donations_donor", q="indqv") == [donor]


def test_checkouts_are_found_by_email_session_and_id(staff_client, donor):
    intent = donor.checkout_intents.get()
    assert rows(staff_client, "donations_checkoutintent", q=donor.email) == [intent]
    assert rows(staff_client, "donations_checkoutintent", q=f"cs_{donor.pk}") == [intent]
    assert rows(staff_client, "donations_checkoutintent", q=str(intent.pk)) == [intent]
    assert rows(staff_client, "donations_checkoutintent", q=str(uuid.uuid4())) == []


def test_monthly_gifts_are_found_by_subscription_email_and_customer(staff_client, donor):
    plan = donor.plans.get()
    for term in (f"sub_{donor.pk}", donor.email, f"cus_{donor.pk}"):
        assert rows(staff_client, "donations_recurringplan", q=term) == [plan], term


def test_refunds_are_found_by_refund_gift_email_and_receipt(staff_client, donor):
    refund = Refund.objects.get(gift__donor=donor)
    for term in (f"re_{donor.pk}", f"pi_{donor.pk}", donor.email, refund.gift.receipt_reference):
        assert rows(staff_client, "donations_refund", q=term) == [refund], term


def test_events_are_found_by_id_and_type(staff_client, donor):
    event = WebhookEvent.objects.get(stripe_event_id=f"evt_{donor.pk}")
    assert rows(staff_client, "donations_webhookevent", q=f"evt_{donor.pk}") == [event]
    assert len(rows(staff_client, "donations_webhookevent", q="invoice.paid")) == 3
    assert rows(staff_client, "donations_webhookevent", q="invoice.payment_failed") == []


def test_log_entries_are_found_by_the_staff_email_and_what_changed(staff_client, donor):
    assert len(rows(staff_client, "admin_logentry", q="LOGGER@example.org")) == 3
    (entry,) = rows(staff_client, "admin_logentry", q=donor.name)
    assert entry.object_id == str(donor.pk)


def test_the_search_box_says_what_can_be_searched_in_swedish_and_english(staff_client):
    assert (
        "ett kvittonummer (2026-000123)"
        in changelist(staff_client, "donations_gift").content.decode()
    )
    help_text = admin.site.get_model_admin(Gift).search_help_text
    with translation.override("en"):
        assert str(help_text) == (
            "Search for an email address, a Stripe id (pi_…, in_…, ch_…, cus_…), "
            "a receipt number (2026-000123)."
        )


# --- Filters, sorting and counting ------------------------------------------------------


def test_the_event_type_filter_lists_the_types_we_read_without_reading_the_events(
    staff_client, donor
):
    with CaptureQueriesContext(connection) as queries:
        response = changelist(staff_client, "donations_webhookevent")
    assert "checkout.session.completed" in response.content.decode()
    assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper()]
    assert len(rows(staff_client, "donations_webhookevent", type__exact="invoice.paid")) == 3
    assert rows(staff_client, "donations_webhookevent", type__exact="charge.refunded") == []


def test_gifts_filter_by_campaign_and_period(staff_client, donor):
    gift = donor.gifts.first()
    found = rows(staff_client, "donations_gift", campaign__id__exact=gift.campaign_id)
    assert found == [gift]
    assert (
        len(
            rows(
                staff_client,
                "donations_gift",
                paid_at__gte=(gift.paid_at - timedelta(days=1)).isoformat(),
            )
        )
        == 6
    )


def test_lists_sort_only_by_indexed_columns(staff_client, donor):
    with CaptureQueriesContext(connection) as queries:
        changelist(staff_client, "donations_gift", o="2")  # the amount column
    assert not [q for q in queries if "amount_minor" in q["sql"].split("ORDER BY")[-1]]


@pytest.mark.parametrize("model", LARGE_LISTS)
def test_no_list_counts_a_whole_table(staff_client, donor, model):
    with CaptureQueriesContext(connection) as queries:
        changelist(staff_client, model)
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert all("LIMIT" in sql.upper() for sql in counts), counts


def test_a_long_list_shows_an_estimate_beyond_the_exact_count_limit(
    staff_client, donor, monkeypatch
):
    monkeypatch.setattr(shared_admin, "EXACT_COUNT_LIMIT", 2)
    page = changelist(staff_client, "donations_gift").context["cl"]
    if connection.vendor == "postgresql":
        assert page.result_count >= 3  # the planner's estimate, at least the capped count
    else:
        assert page.result_count == Gift.objects.count()
    assert page.paginator.num_pages == 1  # only the first EXACT_COUNT_LIMIT rows are paged


@pytest.mark.parametrize("model", LISTS)
def test_each_list_costs_the_same_number_of_queries_for_more_rows(staff_client, model):
    make_ledger(1)
    with CaptureQueriesContext(connection) as few:
        changelist(staff_client, model)
    make_ledger(4)
    with CaptureQueriesContext(connection) as more:
        changelist(staff_client, model)
    assert len(more) == len(few)


@pytest.mark.parametrize("model", LISTS)
def test_each_list_stays_within_a_fixed_number_of_queries(
    staff_client, donor, model, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        changelist(staff_client, model)
