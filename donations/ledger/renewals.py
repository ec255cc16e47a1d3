"""Failed renewals: one kept row per monthly invoice whose payment failed, however often
Stripe retries it or delivers the event, so the dashboards can count a period's failures;
the invoice's payment marks it recovered, whichever of the two events arrives first."""

from __future__ import annotations

from datetime import datetime

from ..models import FailedRenewal, Gift, RecurringPlan
from ..stripe_records import Invoice


def record_failed_renewal(plan: RecurringPlan, invoice: Invoice, at: datetime) -> None:
    """Keep the failure of a renewal (not of a first payment, which Checkout handles)."""
    if invoice.opens_subscription:
        return
    paid = (
        Gift.objects.filter(stripe_invoice_id=invoice.id).values_list("paid_at", flat=True).first()
    )
    FailedRenewal.objects.get_or_create(
        stripe_invoice_id=invoice.id,
        defaults={
            "plan": plan,
            "campaign_id": plan.campaign_id,
            "amount_minor": invoice.amount_due_minor or plan.amount_minor,
            "currency": invoice.currency or plan.currency,
            "failed_at": at,
            "recovered_at": paid,
        },
    )


def mark_renewal_recovered(invoice: Invoice, at: datetime) -> None:
    FailedRenewal.objects.filter(stripe_invoice_id=invoice.id, recovered_at__isnull=True).update(
        recovered_at=at
    )
