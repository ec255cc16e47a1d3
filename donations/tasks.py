"""Celery tasks: thin wrappers that load rows by id and call a service."""

import logging

from celery import shared_task

from . import receipts, services, stripe_gateway
from .models import CheckoutIntent, Gift, RecurringPlan

logger = logging.getLogger(__name__)

STRIPE_RETRY = {
    "autoretry_for": (stripe_gateway.APIConnectionError, stripe_gateway.RateLimitError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


@shared_task
def process_webhook_event(event_pk: int) -> None:
    services.process_webhook_event(event_pk)


@shared_task
def dispatch_webhook_events() -> int:
    """Queued after a webhook stores an event and no dispatch was pending."""
    return services.dispatch_webhook_events()


@shared_task
def retry_due_webhook_events() -> int:
    """Scheduled by beat: failed events whose back-off has passed, and stranded ones."""
    return services.retry_due_webhook_events()


@shared_task
def requeue_lost_gift_follow_ups() -> int:
    """Scheduled by beat: receipts and fee look-ups whose task never ran."""
    return services.requeue_lost_gift_follow_ups()


@shared_task(**STRIPE_RETRY)
def attach_payment_details(gift_pk: int) -> None:
    gift = Gift.objects.get(pk=gift_pk)
    try:
        services.attach_payment_details(gift)
    except stripe_gateway.InvalidRequestError as exc:
        logger.warning("Stripe has no payment details for gift %s: %s", gift_pk, exc)


@shared_task(**STRIPE_RETRY)
def expire_checkout_session(intent_pk: str) -> None:
    services.expire_stripe_session(CheckoutIntent.objects.get(pk=intent_pk))


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=10)
def send_receipt(gift_pk: int) -> None:
    receipts.send_gift_receipt(Gift.objects.select_related("donor", "campaign").get(pk=gift_pk))


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=10)
def send_tribute_card(intent_pk: str) -> None:
    receipts.send_tribute_card(CheckoutIntent.objects.select_related("donor").get(pk=intent_pk))


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=10)
def send_payment_failed_notice(plan_pk: int) -> None:
    receipts.send_payment_failed_notice(
        RecurringPlan.objects.select_related("donor", "campaign").get(pk=plan_pk)
    )
