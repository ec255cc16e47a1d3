"""Work queued after the ledger changes — receipts, fee look-ups, tribute e-cards,
past-due notices, dispute notices to finance staff and payout lines — and its
recovery when a task was lost with a broker or a worker.

Each task is idempotent (an email is claimed on its row before it is sent, fees
are written once), so queuing one twice costs nothing but a look."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from celery import Task
from django.db import transaction
from django.utils import timezone

from .. import tasks
from ..models import (
    OPEN_DISPUTE_STATUSES,
    CheckoutIntent,
    Dispute,
    Gift,
    Payout,
    PlanChange,
    RecurringPlan,
)

# A donor waits for a receipt or a card, so a lost email is queued again a minute on
# (beat looks every 30 s); sending claims the row first, so a duplicate sends nothing.
EMAIL_GRACE = timedelta(minutes=1)
# A fee look-up costs a Stripe call and nobody waits for it: ten minutes. By then every
# kind of follow-up counts as lost.
FOLLOW_UP_GRACE = timedelta(minutes=10)
FOLLOW_UP_WINDOW = timedelta(days=7)


def queue_gift_follow_ups(gift_pk: int) -> None:
    """After the gift commits: its receipt email and the look-up of Stripe's fee."""
    transaction.on_commit(lambda: tasks.send_receipt.delay(gift_pk), robust=True)
    transaction.on_commit(lambda: tasks.attach_payment_details.delay(gift_pk), robust=True)


def queue_tribute_card(intent: CheckoutIntent) -> None:
    if intent.tribute_notify_email:
        intent_pk = str(intent.pk)
        transaction.on_commit(lambda: tasks.send_tribute_card.delay(intent_pk), robust=True)


def queue_past_due_notice(plan: RecurringPlan) -> None:
    plan_pk = plan.pk
    transaction.on_commit(lambda: tasks.send_payment_failed_notice.delay(plan_pk), robust=True)


def queue_plan_change_confirmation(change: PlanChange) -> None:
    change_pk = str(change.pk)
    transaction.on_commit(lambda: tasks.send_plan_change_confirmation.delay(change_pk), robust=True)


def queue_dispute_notice(dispute_pk: int) -> None:
    """After the dispute commits: tell finance staff (the task sends it once)."""
    transaction.on_commit(lambda: tasks.send_dispute_notice.delay(dispute_pk), robust=True)


def queue_payout_lines(payout_pk: int) -> None:
    """After a paid payout commits: fetch its balance transactions and reconcile it."""
    transaction.on_commit(lambda: tasks.fetch_payout_lines.delay(payout_pk), robust=True)


def requeue_lost_emails(now: datetime | None = None) -> int:
    """Queue again the receipts, tribute e-cards, past-due notices and confirmations of
    monthly-gift changes of the last week still unsent ``EMAIL_GRACE`` after their gift,
    notice or confirmation; returns how many tasks."""
    now = now or timezone.now()
    lost = _lost_emails(since=now - FOLLOW_UP_WINDOW, until=now - EMAIL_GRACE)
    return _requeue(lost)


def requeue_lost_follow_ups(now: datetime | None = None) -> int:
    """Queue again everything a lost task left undone for the last week's gifts and
    plans: the emails, and fee look-ups after ``FOLLOW_UP_GRACE``; returns how many."""
    now = now or timezone.now()
    since = now - FOLLOW_UP_WINDOW
    lost = {
        **_lost_emails(since=since, until=now - EMAIL_GRACE),
        tasks.attach_payment_details: Gift.objects.filter(
            paid_at__gte=since, paid_at__lte=now - FOLLOW_UP_GRACE, fee_minor__isnull=True
        ).values_list("pk", flat=True),
        tasks.fetch_payout_lines: Payout.objects.filter(
            status=Payout.Status.PAID,
            lines_fetched_at__isnull=True,
            stripe_created_at__gte=since,
            stripe_created_at__lte=now - FOLLOW_UP_GRACE,
        ).values_list("pk", flat=True),
    }
    return _requeue(lost)


def _lost_emails(*, since: datetime, until: datetime) -> dict[Task, Iterable[int | str]]:
    return {
        tasks.send_receipt: Gift.objects.filter(
            paid_at__gte=since,
            paid_at__lte=until,
            receipt_sent_at__isnull=True,
            receipt_number__isnull=False,
        ).values_list("pk", flat=True),
        tasks.send_tribute_card: [
            str(pk)  # a UUID travels to the task as text
            for pk in CheckoutIntent.objects.filter(
                gifts__paid_at__gte=since,
                gifts__paid_at__lte=until,
                tribute_card_sent_at__isnull=True,
            )
            .exclude(tribute_notify_email="")
            .values_list("pk", flat=True)
            .distinct()
        ],
        tasks.send_dispute_notice: Dispute.objects.filter(
            status__in=OPEN_DISPUTE_STATUSES,
            finance_notified_at__isnull=True,
            opened_at__gte=since,
            opened_at__lte=until,
        ).values_list("pk", flat=True),
        tasks.send_payment_failed_notice: RecurringPlan.objects.filter(
            status=RecurringPlan.Status.PAST_DUE,
            past_due_notice_sent_at__isnull=True,
            status_synced_at__gte=since,
            status_synced_at__lte=until,
        ).values_list("pk", flat=True),
        tasks.send_plan_change_confirmation: [
            str(pk)
            for pk in PlanChange.objects.filter(
                confirmed_at__gte=since, confirmed_at__lte=until, confirmation_sent_at__isnull=True
            ).values_list("pk", flat=True)
        ],
    }


def _requeue(lost: dict[Task, Iterable[int | str]]) -> int:
    count = 0
    for task, keys in lost.items():
        for key in keys:
            transaction.on_commit(lambda task=task, key=key: task.delay(key), robust=True)
            count += 1
    return count
