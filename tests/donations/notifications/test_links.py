"""Signed links in donor emails (``donations.notifications.links``)."""

import pytest
from django.urls import reverse

from donations import stripe_gateway
from donations.models import RecurringPlan
from donations.notifications import links
from tests.donations import stripe_events as se
from tests.factories.donations import MonthlyCheckoutIntentFactory

pytestmark = pytest.mark.django_db


def test_update_card_link_sends_the_donor_to_stripes_portal(
    client, deliver, stripe_emulator_server
):
    intent = MonthlyCheckoutIntentFactory()
    deliver(se.event("invoice.paid", se.invoice(intent, subscription="sub_card")))
    plan = RecurringPlan.objects.get()
    customer = stripe_gateway.client().v1.customers.create({"email": plan.donor.email})
    plan.donor.stripe_customer_id = customer.id
    plan.donor.save()

    response = client.get(
        reverse("donations:update-card", kwargs={"token": links.update_card_token(plan)})
    )
    assert response.status_code == 302
    assert response["Location"].startswith(f"{stripe_emulator_server.base_url}/portal/")
    bad = client.get(reverse("donations:update-card", kwargs={"token": "forged"}))
    assert bad.status_code == 400
