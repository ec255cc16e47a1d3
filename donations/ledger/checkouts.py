"""The state of a checkout as Stripe reports it, and the Stripe customer it used."""

from __future__ import annotations

import logging
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import CheckoutIntent, Donor
from . import NotYetRecorded

logger = logging.getLogger(__name__)

INTENT_FINAL_STATUSES = {CheckoutIntent.Status.COMPLETED}


def intent_by_reference(reference: str | None) -> CheckoutIntent | None:
    """The checkout a Stripe object names (``client_reference_id`` or metadata)."""
    try:
        return CheckoutIntent.objects.select_related("donor", "campaign").get(
            pk=uuid.UUID(str(reference))
        )
    except (ValueError, CheckoutIntent.DoesNotExist):
        return None


def require_intent(reference: str | None, source: str) -> CheckoutIntent:
    intent = intent_by_reference(reference)
    if intent is None:
        raise NotYetRecorded(f"no checkout intent {reference!r} for {source}")
    return intent


def set_intent_status(intent: CheckoutIntent, status: str) -> None:
    """Move an intent forward; a completed checkout never goes back to open or expired."""
    if intent.status in INTENT_FINAL_STATUSES or intent.status == status:
        return
    intent.status = status
    fields = ["status"]
    if status == CheckoutIntent.Status.COMPLETED:
        intent.completed_at = timezone.now()
        fields.append("completed_at")
    intent.save(update_fields=fields)


def remember_customer(donor: Donor, customer_id: str | None) -> None:
    """Link a donor without one to the Stripe customer of their first paid checkout.

    A donor's link is never moved to a later customer (each anonymous checkout
    gets a customer of its own), and a customer another donor holds is left there:
    the gift does not depend on it."""
    if not customer_id or donor.stripe_customer_id:
        return
    try:
        with transaction.atomic():
            updated = Donor.objects.filter(pk=donor.pk, stripe_customer_id__isnull=True).update(
                stripe_customer_id=customer_id
            )
    except IntegrityError:
        logger.warning("Stripe customer %s already belongs to another donor", customer_id)
        return
    if updated:
        donor.stripe_customer_id = customer_id
