"""No single event, whatever its content, stops the others (issue 6, finding 1)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from donations.models import Gift, WebhookEvent
from donations.webhooks import dispatch, inbox
from tests.donations import stripe_events as se
from tests.factories.accounts import StaffFactory
from tests.factories.donations import CheckoutIntentFactory

pytestmark = pytest.mark.django_db


def ignored_event(deliver) -> WebhookEvent:
    deliver(se.event("customer.created", se.fixture("customer")))
    return WebhookEvent.objects.get(type="customer.created")


def test_an_ignored_event_reset_to_pending_does_not_stop_later_payments(deliver):
    """The failure found: an ignored event put back to pending raised KeyError outside
    the error handling, stayed pending first in line, and no later gift was recorded."""
    poison = ignored_event(deliver)
    WebhookEvent.objects.filter(pk=poison.pk).update(status=WebhookEvent.Status.PENDING)
    intents = CheckoutIntentFactory.create_batch(3)
    for intent in intents:
        deliver(se.event("checkout.session.completed", se.checkout_session(intent)))

    assert Gift.objects.count() == 3
    poison.refresh_from_db()
    assert poison.status == WebhookEvent.Status.IGNORED


def test_an_event_whose_stored_payload_is_not_json_fails_alone(deliver):
    intent = CheckoutIntentFactory()
    deliver(se.event("checkout.session.completed", se.checkout_session(intent)))
    broken = WebhookEvent.objects.get()
    WebhookEvent.objects.filter(pk=broken.pk).update(
        status=WebhookEvent.Status.PENDING, payload="{not json"
    )
    later = CheckoutIntentFactory()
    deliver(se.event("checkout.session.completed", se.checkout_session(later)))

    broken.refresh_from_db()
    assert broken.status == WebhookEvent.Status.FAILED
    assert "JSONDecodeError" in broken.last_error
    assert Gift.objects.filter(checkout_intent=later).exists()


def test_a_handled_type_with_a_malformed_object_fails_with_its_error(deliver):
    session = se.checkout_session(CheckoutIntentFactory())
    session["payment_intent"] = {"no": "id"}
    deliver(se.event("checkout.session.completed", session))

    event = WebhookEvent.objects.get()
    assert event.status == WebhookEvent.Status.FAILED
    assert "MalformedStripeObject" in event.last_error
    assert not Gift.objects.exists()


def test_an_error_outside_the_handler_is_logged_and_the_dispatcher_moves_on(deliver, monkeypatch):
    first, second = CheckoutIntentFactory.create_batch(2)
    real_process = dispatch.process_webhook_event
    stored = []
    monkeypatch.setattr(inbox, "request_event_dispatch", lambda: None)
    for intent in (first, second):
        deliver(se.event("checkout.session.completed", se.checkout_session(intent)))
        stored.append(WebhookEvent.objects.latest("pk").pk)

    def explode_on_the_first(event_pk, **options):
        if event_pk == stored[0]:
            raise RuntimeError("the database went away")
        real_process(event_pk, **options)

    monkeypatch.setattr(dispatch, "process_webhook_event", explode_on_the_first)
    dispatch.dispatch_webhook_events()

    assert Gift.objects.filter(checkout_intent=second).exists()
    assert not Gift.objects.filter(checkout_intent=first).exists()


def test_ignored_events_are_not_replayed(deliver):
    event = ignored_event(deliver)
    assert dispatch.replay_webhook_event(event) is False
    event.refresh_from_db()
    assert event.status == WebhookEvent.Status.IGNORED


def test_the_admin_replays_only_what_can_be_processed_and_logs_who_asked(client, deliver):
    ignored = ignored_event(deliver)
    deliver(se.event("checkout.session.completed", se.checkout_session(CheckoutIntentFactory())))
    processed = WebhookEvent.objects.get(type="checkout.session.completed")
    staff = StaffFactory()
    client.force_login(staff)

    response = client.post(
        reverse("admin:donations_webhookevent_changelist"),
        {"action": "replay", "_selected_action": [ignored.pk, processed.pk]},
        follow=True,
    )

    assert response.status_code == 200
    ignored.refresh_from_db()
    assert ignored.status == WebhookEvent.Status.IGNORED
    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id) == (staff, str(processed.pk))
    assert entry.change_message == "Bearbetad igen på begäran"  # in the staff's language
    assert Gift.objects.count() == 1


def test_replaying_only_ignored_events_says_so_without_a_success_message(client, deliver):
    ignored = ignored_event(deliver)
    client.force_login(StaffFactory())
    response = client.post(
        reverse("admin:donations_webhookevent_changelist"),
        {"action": "replay", "_selected_action": [ignored.pk]},
        follow=True,
    )
    levels = [message.level_tag for message in response.context["messages"]]
    assert levels == ["warning"]
