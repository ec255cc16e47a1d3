"""Celery tasks: thin wrappers that load rows by id and call a service."""

import logging

from celery import shared_task

from . import checkout, stripe_gateway
from .dashboards import prepared
from .finance import reconciliation
from .ledger import follow_ups, gifts
from .models import CheckoutIntent, Dispute, Donor, Gift, Payout, PlanChange, RecurringPlan
from .notifications import emails, finance
from .statements import sending as statements
from .webhooks import dispatch

logger = logging.getLogger(__name__)

# Each retry waits at most five minutes: a countdown must stay below the broker's
# visibility timeout (settings), or Redis hands the waiting message to a second worker.
STRIPE_RETRY = {
    "autoretry_for": (stripe_gateway.APIConnectionError, stripe_gateway.RateLimitError),
    "retry_backoff": 30,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


@shared_task
def process_webhook_event(event_pk: int) -> None:
    dispatch.process_webhook_event(event_pk)


@shared_task
def dispatch_webhook_events() -> int:
    """Queued after a webhook stores an event and no dispatch was pending."""
    return dispatch.dispatch_webhook_events()


@shared_task
def retry_due_webhook_events() -> int:
    """Scheduled by beat: failed events whose back-off has passed, and stranded ones."""
    return dispatch.retry_due_webhook_events()


@shared_task
def requeue_lost_donor_emails() -> int:
    """Scheduled by beat (every 30 s): receipts, e-cards and notices not sent a minute on."""
    return follow_ups.requeue_lost_emails()


@shared_task
def requeue_lost_gift_follow_ups() -> int:
    """Scheduled by beat (every 10 minutes): fee look-ups whose task never ran, and the
    emails again."""
    return follow_ups.requeue_lost_follow_ups()


@shared_task(**STRIPE_RETRY)
def attach_payment_details(gift_pk: int) -> None:
    gift = Gift.objects.get(pk=gift_pk)
    try:
        charge_now_known = gifts.attach_payment_details(gift)
    except stripe_gateway.InvalidRequestError as exc:
        logger.warning("Stripe has no payment details for gift %s: %s", gift_pk, exc)
        return
    if charge_now_known:
        dispatch.release_waiting_events()


@shared_task(**STRIPE_RETRY)
def expire_checkout_session(intent_pk: str) -> None:
    checkout.expire_stripe_session(CheckoutIntent.objects.get(pk=intent_pk))


# Emails have no retries of their own: beat's requeue_lost_donor_emails is their retry,
# so a mail server that is down gets one attempt per unsent email per sweep, and
# retries never pile up behind one another.
@shared_task
def send_receipt(gift_pk: int) -> None:
    gift = Gift.objects.select_related("donor", "campaign", "checkout_intent").get(pk=gift_pk)
    emails.send_gift_receipt(gift)


@shared_task
def send_tribute_card(intent_pk: str) -> None:
    emails.send_tribute_card(CheckoutIntent.objects.select_related("donor").get(pk=intent_pk))


@shared_task
def send_payment_failed_notice(plan_pk: int) -> None:
    plan = RecurringPlan.objects.select_related("donor", "campaign", "checkout_intent").get(
        pk=plan_pk
    )
    emails.send_payment_failed_notice(plan)


@shared_task
def send_plan_change_confirmation(change_pk: str) -> None:
    change = PlanChange.objects.select_related(
        "plan__donor", "plan__campaign", "plan__checkout_intent"
    ).get(pk=change_pk)
    emails.send_plan_change_confirmation(change)


@shared_task
def send_dispute_notice(dispute_pk: int) -> None:
    finance.send_dispute_notice(Dispute.objects.select_related("gift").get(pk=dispute_pk))


@shared_task(**STRIPE_RETRY)
def fetch_payout_lines(payout_pk: int) -> None:
    """Queued when a payout is paid: store its balance transactions and reconcile it."""
    reconciliation.fetch_and_reconcile(Payout.objects.get(pk=payout_pk))


@shared_task
def send_yearly_statements(year: int | None = None) -> int:
    """Scheduled by beat every day in January: queue last year's statement for each donor
    who gave then and has not been sent it (a repeat queues only those still unsent)."""
    year = year or statements.last_year()
    donor_pks = list(statements.donors_due_a_statement(year).values_list("pk", flat=True))
    for donor_pk in donor_pks:
        send_yearly_statement.delay(donor_pk, year)
    return len(donor_pks)


@shared_task
def send_yearly_statement(donor_pk: int, year: int) -> bool:
    donor = Donor.objects.filter(pk=donor_pk).first()
    return donor is not None and statements.send_yearly_statement(donor, year)


@shared_task
def build_prepared_export(export_pk: int) -> None:
    """Queued when someone asks for an XLSX export; a repeat does nothing once it is built."""
    prepared.build(export_pk)


@shared_task
def remove_old_prepared_exports() -> int:
    """Scheduled by beat (hourly): exports asked for more than a week ago, file and row."""
    return prepared.remove_old_exports()
