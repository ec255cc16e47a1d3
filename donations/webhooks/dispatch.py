"""Processing stored events: coalesced dispatches, one transaction per event, retries.

No single event, whatever its content, can stop the others: every per-event
error is caught and recorded on that event, and the dispatcher moves on."""

from __future__ import annotations

import json
import logging
import traceback
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from .. import stripe_records, tasks
from ..ledger import NotYetRecorded
from ..models import WebhookDispatch, WebhookEvent
from .handlers import handler_for

logger = logging.getLogger(__name__)

# A dispatch starts within milliseconds of its request and takes an event in a few, so
# a request, or a pending event, this old was lost (with a killed worker, say). A worker
# busy for longer costs at most one more dispatch task every 30 s, which finds less to do.
DISPATCH_REQUEST_LOST_AFTER = timedelta(seconds=30)
LOST_ENQUEUE_AFTER = timedelta(seconds=30)
DISPATCH_BATCH = 200
RETRY_BASE = timedelta(minutes=1)
MAX_EVENT_ATTEMPTS = 12
# The mark on an event that failed because what it refers to is not recorded yet.
WAITING = "Waiting for an earlier event: "
# Stripe retries a delivery for three days, so what a waiting event refers to arrives
# within that; an older one (a refund of a charge that is not ours) keeps its back-off.
WAIT_RELEASE_WINDOW = timedelta(days=3)
REPLAYABLE_STATUSES = (
    WebhookEvent.Status.PENDING,
    WebhookEvent.Status.PROCESSED,
    WebhookEvent.Status.FAILED,
)

_DISPATCH_TABLE = WebhookDispatch._meta.db_table
PENDING_DISPATCH_SQL = f"""
    SELECT 1 FROM {_DISPATCH_TABLE} WHERE id = %s AND requested_at >= %s
"""
CLAIM_DISPATCH_SQL = f"""
    INSERT INTO {_DISPATCH_TABLE} (id, requested_at) VALUES (%s, %s)
    ON CONFLICT (id) DO UPDATE SET requested_at = excluded.requested_at
    WHERE {_DISPATCH_TABLE}.requested_at IS NULL OR {_DISPATCH_TABLE}.requested_at < %s
    RETURNING id
"""


def request_event_dispatch() -> None:
    """Queue a dispatch of pending events unless one is already queued.

    Called after the event's commit: a queued dispatcher clears its request before
    it reads the pending events, so it reads this one too. Under load this turns a
    broker publish per event (most of the acknowledgement's cost) into one per
    dispatch. A request older than ``DISPATCH_REQUEST_LOST_AFTER`` is taken for lost
    and queued again; a broker outage releases it, and the event waits, stored, for
    the next event or the sweeper."""
    if not _claim_dispatch_request(timezone.now()):
        return
    try:
        tasks.dispatch_webhook_events.delay()
    except Exception:
        logger.exception("Could not queue a dispatch of Stripe events")
        _release_dispatch_request()


def _claim_dispatch_request(now: datetime) -> bool:
    """True when this caller set the request (none was pending, or it was lost).

    A plain read first: while a dispatch is pending, events cost no write or lock."""
    adapt = connection.ops.adapt_datetimefield_value
    lost_before = adapt(now - DISPATCH_REQUEST_LOST_AFTER)
    with connection.cursor() as cursor:
        cursor.execute(PENDING_DISPATCH_SQL, [WebhookDispatch.SINGLETON_ID, lost_before])
        if cursor.fetchone():
            return False
        cursor.execute(CLAIM_DISPATCH_SQL, [WebhookDispatch.SINGLETON_ID, adapt(now), lost_before])
        return cursor.fetchone() is not None


def _release_dispatch_request() -> None:
    WebhookDispatch.objects.filter(pk=WebhookDispatch.SINGLETON_ID).update(requested_at=None)


def dispatch_webhook_events() -> int:
    """Process every pending event, oldest first; returns how many were taken.

    The request is cleared first, so an event committed while this runs queues the
    next dispatch. Each event is processed in its own transaction (a failure stays
    on its event); dispatchers running together skip each other's events."""
    _release_dispatch_request()
    taken = 0
    last_pk = 0
    while batch := list(
        WebhookEvent.objects.filter(status=WebhookEvent.Status.PENDING, pk__gt=last_pk)
        .order_by("pk")
        .values_list("pk", flat=True)[:DISPATCH_BATCH]
    ):
        for event_pk in batch:
            _process_guarded(event_pk)
        taken += len(batch)
        last_pk = batch[-1]
    return taken


def _process_guarded(event_pk: int) -> None:
    """Process one event; an error outside its own handling (the database, say) is
    logged and the dispatcher goes on with the next event."""
    try:
        process_webhook_event(event_pk, skip_locked=True)
    except Exception:
        logger.exception("Could not process Stripe event %s; moving on", event_pk)


def enqueue_event_processing(event_pk: int) -> None:
    """Queue processing after commit. ``robust``: a broker outage is logged, not raised,
    so the stored event is still acknowledged and the sweeper queues it later."""
    transaction.on_commit(lambda: tasks.process_webhook_event.delay(event_pk), robust=True)


def process_webhook_event(event_pk: int, *, skip_locked: bool = False) -> None:
    """Apply one stored event to the ledger; a failure is kept on the event for a retry.

    ``skip_locked``: leave an event another dispatcher is processing right now to
    it (PostgreSQL), so dispatchers running together share the work. An event of a
    type we do not read (e.g. one an old release stored as pending) is ignored."""
    with transaction.atomic():
        event = (
            WebhookEvent.objects.select_for_update(skip_locked=skip_locked)
            .filter(pk=event_pk)
            .first()
        )
        if event is None or event.status not in (
            WebhookEvent.Status.PENDING,
            WebhookEvent.Status.FAILED,
        ):
            return
        handler = handler_for(event.type)
        if handler is None:
            _mark(event, WebhookEvent.Status.IGNORED)
            return
        event.attempts += 1
        try:
            with transaction.atomic():
                payload = json.loads(event.payload)
                at = stripe_records.event_created(payload) or event.received_at
                handler(stripe_records.event_object(payload), at)
        except Exception as exc:
            _record_failure(event, exc)
            return
        _mark(event, WebhookEvent.Status.PROCESSED)
        transaction.on_commit(release_waiting_events, robust=True)


def _mark(event: WebhookEvent, status: str) -> None:
    event.status = status
    event.processed_at = timezone.now()
    event.last_error = ""
    event.next_attempt_at = None
    event.save(
        update_fields=["status", "processed_at", "last_error", "attempts", "next_attempt_at"]
    )


def _record_failure(event: WebhookEvent, exc: Exception) -> None:
    if isinstance(exc, NotYetRecorded):
        logger.info("Event %s waits for an earlier event: %s", event.stripe_event_id, exc)
        error = f"{WAITING}{exc}"
    else:
        logger.exception("Processing event %s failed", event.stripe_event_id)
        error = "".join(traceback.format_exception_only(exc)).strip()
    event.status = WebhookEvent.Status.FAILED
    event.last_error = error[:4000]
    event.next_attempt_at = (
        timezone.now() + RETRY_BASE * 2 ** min(event.attempts - 1, 10)
        if event.attempts < MAX_EVENT_ATTEMPTS
        else None
    )
    event.save(update_fields=["status", "last_error", "attempts", "next_attempt_at"])


def is_replayable(event: WebhookEvent) -> bool:
    """Ignored events and events of another API version are never processed."""
    return event.status in REPLAYABLE_STATUSES and handler_for(event.type) is not None


def replay_webhook_event(event: WebhookEvent) -> bool:
    """Staff asked to process an event again (after a fix, or to re-check it); returns
    whether it was queued."""
    if not is_replayable(event):
        return False
    WebhookEvent.objects.filter(pk=event.pk).update(
        status=WebhookEvent.Status.PENDING, next_attempt_at=None
    )
    enqueue_event_processing(event.pk)
    return True


def retry_due_webhook_events(now: datetime | None = None) -> int:
    """Beat's sweep: put failed events whose back-off has passed back in line, and see
    that pending events older than ``LOST_ENQUEUE_AFTER`` get a dispatch (theirs was
    lost: the broker was down after the commit, or the worker died with it); returns
    how many events were put in line.

    Due events become pending and go through one coalesced dispatch, so a sweep that
    runs again before a busy worker takes it queues nothing twice. With nothing due
    or stranded it costs two index lookups on the event status."""
    now = now or timezone.now()
    stranded = WebhookEvent.objects.filter(
        status=WebhookEvent.Status.PENDING, received_at__lte=now - LOST_ENQUEUE_AFTER
    ).count()
    due = WebhookEvent.objects.filter(
        status=WebhookEvent.Status.FAILED, next_attempt_at__lte=now
    ).update(status=WebhookEvent.Status.PENDING, next_attempt_at=None)
    if stranded or due:
        transaction.on_commit(request_event_dispatch)
    return stranded + due


def release_waiting_events(now: datetime | None = None) -> int:
    """Put back in line the events that failed waiting for an earlier one (a refund that
    came before its payment); returns how many.

    Called after an event is processed or a payment's charge becomes known, so a
    waiting event is processed right after what it waited for rather than at its
    next back-off. Released events are pending until a dispatch takes them, so a
    burst of events releases each waiting event once per dispatch, not once each."""
    now = now or timezone.now()
    released = WebhookEvent.objects.filter(
        status=WebhookEvent.Status.FAILED,
        last_error__startswith=WAITING,
        received_at__gte=now - WAIT_RELEASE_WINDOW,
    ).update(status=WebhookEvent.Status.PENDING, next_attempt_at=None)
    if released:
        transaction.on_commit(request_event_dispatch)
    return released
