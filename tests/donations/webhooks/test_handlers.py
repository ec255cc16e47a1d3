"""The registry of event types we read (``donations.webhooks.handlers``); what each
handler does to the ledger is tested under ``tests/donations/ledger/``."""

import pytest

from donations import stripe_gateway
from donations.models import WebhookEvent
from donations.webhooks import handlers
from donations.webhooks.inbox import initial_status

READ = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
    "invoice.paid",
    "invoice.payment_failed",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "charge.refunded",
    "refund.created",
    "refund.updated",
    "charge.dispute.created",
    "charge.dispute.updated",
    "charge.dispute.closed",
    "charge.dispute.funds_withdrawn",
    "charge.dispute.funds_reinstated",
    "payout.created",
    "payout.updated",
    "payout.paid",
    "payout.failed",
    "payout.canceled",
}


def test_the_registry_reads_exactly_the_types_the_ledger_depends_on():
    assert set(handlers.EVENT_HANDLERS) == READ
    assert all(handlers.handles(t) and callable(handlers.handler_for(t)) for t in READ)


@pytest.mark.parametrize(
    "event_type", ["customer.created", "product.created", "checkout.session", "", "INVOICE.PAID"]
)
def test_other_types_have_no_handler_and_are_stored_as_ignored(event_type):
    assert not handlers.handles(event_type)
    assert handlers.handler_for(event_type) is None
    assert initial_status(stripe_gateway.pinned_api_version(), event_type) == (
        WebhookEvent.Status.IGNORED
    )
