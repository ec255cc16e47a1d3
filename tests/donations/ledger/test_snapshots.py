"""A visitor cannot rename a donor, or their wall entries, without paying (finding 3)."""

import pytest
from django.urls import reverse
from django.utils import translation

from donations import selectors
from donations.models import CheckoutIntent, Donor, Gift
from donations.notifications import receipt_pdf
from tests.donations import stripe_events as se
from tests.donations.test_checkout import form_data, give_url, session_at_emulator
from tests.factories.campaigns import CampaignFactory
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def paid_gift(deliver, intent) -> Gift:
    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))
    return Gift.objects.get(checkout_intent=intent)


def test_starting_a_checkout_with_someone_elses_email_changes_nothing_about_them(
    client, deliver, stripe_emulator_server
):
    campaign = CampaignFactory()
    victim = CheckoutIntentFactory(
        campaign=campaign, donor__name="Anna Andersson", donor__language="sv", show_on_wall=True
    )
    paid_gift(deliver, victim)
    Donor.objects.filter(pk=victim.donor_id).update(stripe_customer_id="cus_victim")
    email = victim.donor.email.upper()

    with translation.override("en"):
        response = client.post(
            give_url(campaign, "en"), form_data(email=email, name="Mallory Prankster")
        )

    assert response.status_code == 303
    donor = Donor.objects.get(pk=victim.donor_id)
    assert (donor.name, donor.language) == ("Anna Andersson", "sv")
    assert [entry.name for entry in selectors.donor_wall(campaign)] == ["Anna Andersson"]
    attempt = CheckoutIntent.objects.exclude(pk=victim.pk).get()
    assert attempt.donor == donor and attempt.donor_name == "Mallory Prankster"
    session = session_at_emulator(stripe_emulator_server, attempt.stripe_session_id)
    assert session["customer"] != "cus_victim"
    assert session["customer_email"] == donor.email


def test_a_paid_gift_keeps_the_name_given_with_it(deliver):
    campaign = CampaignFactory()
    first = CheckoutIntentFactory(campaign=campaign, donor__name="Anna", show_on_wall=True)
    paid_gift(deliver, first)
    second = CheckoutIntentFactory(
        campaign=campaign, donor=first.donor, donor_name="Anna och Per", show_on_wall=True
    )
    gift = paid_gift(deliver, second)

    assert sorted(entry.name for entry in selectors.donor_wall(campaign)) == [
        "Anna",
        "Anna och Per",
    ]
    assert ("Donor", f"Anna och Per <{gift.donor.email}>") in [
        (str(label), value) for label, value in _english_receipt_lines(gift)
    ]
    Donor.objects.filter(pk=gift.donor_id).update(name="Someone Else")
    gift.refresh_from_db()
    assert f"Anna och Per <{gift.donor.email}>" in dict(_english_receipt_lines(gift)).values()


def _english_receipt_lines(gift):
    with translation.override("en"):
        return receipt_pdf.receipt_lines(gift)


def test_a_later_stripe_customer_does_not_move_the_donors_link(deliver):
    first = CheckoutIntentFactory()
    deliver(
        se.event("checkout.session.completed", se.checkout_session(first, customer="cus_first"))
    )
    second = CheckoutIntentFactory(donor=first.donor)
    deliver(
        se.event("checkout.session.completed", se.checkout_session(second, customer="cus_second"))
    )
    first.donor.refresh_from_db()
    assert first.donor.stripe_customer_id == "cus_first"
    assert Gift.objects.count() == 2


def test_a_monthly_plan_keeps_the_customer_that_pays_it(deliver):
    from tests.factories.donations import MonthlyCheckoutIntentFactory

    intent = MonthlyCheckoutIntentFactory()
    Donor.objects.filter(pk=intent.donor_id).update(stripe_customer_id="cus_older")
    session = se.checkout_session(intent, subscription="sub_snap", customer="cus_new")
    deliver(se.event("checkout.session.completed", session))

    plan = intent.donor.plans.get()
    assert plan.stripe_customer_id == "cus_new"
    assert plan.billing_customer_id == "cus_new"


def test_the_thank_you_page_shows_nothing_of_the_donor_record(client):
    intent = CheckoutIntentFactory(donor__name="Anna", donor_name="Mallory")
    response = client.get(reverse("donations:thanks", kwargs={"intent_id": intent.pk}))
    assert "Anna" not in response.content.decode()
