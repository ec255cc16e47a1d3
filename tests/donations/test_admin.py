"""The ledger in the admin: staff pages and replaying events (``donations.admin``)."""

import pytest
from django.urls import reverse

from donations.models import Gift, WebhookEvent
from tests.donations import stripe_events as se
from tests.donations.helpers import pay
from tests.donations.test_admin_lists import LARGE_LISTS
from tests.factories.accounts import StaffFactory
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def test_staff_can_replay_an_event_from_the_admin(
    client, deliver, django_capture_on_commit_callbacks
):
    intent = CheckoutIntentFactory()
    deliver(
        se.event(
            "charge.refunded", se.charge(payment_intent="pi_x", amount=100, amount_refunded=100)
        )
    )
    event = WebhookEvent.objects.get()
    assert event.status == WebhookEvent.Status.FAILED
    pay(deliver, intent)
    Gift.objects.filter(checkout_intent=intent).update(stripe_payment_intent_id="pi_x")

    client.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:donations_webhookevent_changelist"),
            {"action": "replay", "_selected_action": [event.pk]},
            follow=True,
        )
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.status == WebhookEvent.Status.PROCESSED


def test_admin_ledger_pages_load_for_staff(client, deliver):
    pay(deliver, CheckoutIntentFactory())
    client.force_login(StaffFactory())
    for page in [*LARGE_LISTS, "campaigns_campaigntotal", "campaigns_fundtotal"]:
        assert client.get(reverse(f"admin:{page}_changelist")).status_code == 200, page
