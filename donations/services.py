"""State changes of the gift ledger: checkouts, gifts, monthly plans, refunds, receipts.

Stripe's webhooks are the source of truth. Every handler here is idempotent and
independent of delivery order: gifts are keyed on the Stripe id they came from
(unique in the database), refund totals only ever grow, and subscription
snapshots older than the one already applied are ignored.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign

from . import stripe_gateway, tasks
from .models import (
    CampaignTotal,
    CheckoutIntent,
    Donor,
    Frequency,
    FundTotal,
    Gift,
    GiftStatus,
    ReceiptCounter,
    RecurringPlan,
    Refund,
    WebhookDispatch,
    WebhookEvent,
)

logger = logging.getLogger(__name__)

Payload = dict[str, Any]


class CheckoutRefused(Exception):
    """The gift cannot be started as asked; the message is shown to the donor."""


class CheckoutUnavailable(Exception):
    """Stripe could not be reached or refused the session; nothing was charged."""


class NotYetRecorded(Exception):
    """An event refers to a gift or checkout we have not recorded yet (it arrived
    before the event that creates it); the event is retried later."""


# --- Checkout ---------------------------------------------------------------


@dataclass(frozen=True)
class GiftRequest:
    """What the donor filled in on the giving form."""

    campaign: Campaign | None
    amount_minor: int
    currency: str
    frequency: str
    name: str
    email: str
    language: str
    tribute_kind: str = ""
    tribute_name: str = ""
    tribute_notify_email: str = ""
    show_on_wall: bool = False
    public_message: str = ""
    newsletter_consent: bool = False
    consent_wording: str = ""


def amount_limits(currency: str) -> tuple[int, int]:
    """The smallest and largest gift accepted in a currency, in minor units."""
    return settings.GIFT_MINIMUM_MINOR[currency], settings.GIFT_MAXIMUM_MINOR[currency]


def refusal_reason(request: GiftRequest) -> str | None:
    """Why a gift cannot start, in the donor's language, or None when it can."""
    campaign = request.campaign
    if campaign is not None and not campaign.accepts_gifts():
        return _("This campaign is not accepting gifts.")
    monthly = request.frequency == Frequency.MONTHLY
    if monthly and campaign is not None and not campaign.allows_monthly:
        return _("This campaign takes one-off gifts only.")
    if request.currency not in settings.CURRENCIES:
        return _("This currency is not accepted.")
    minimum, maximum = amount_limits(request.currency)
    if not minimum <= request.amount_minor <= maximum:
        return _("The amount is outside what we can accept.")
    return None


def upsert_donor(*, email: str, name: str, language: str) -> Donor:
    """The donor with this email, created or with the latest name and language."""
    email = email.strip().lower()
    donor, created = Donor.objects.get_or_create(
        email=email, defaults={"name": name, "language": language}
    )
    if not created and (donor.name, donor.language) != (name, language):
        donor.name, donor.language = name, language
        donor.save(update_fields=["name", "language"])
    return donor


def start_checkout(
    request: GiftRequest,
    *,
    success_url: Callable[[CheckoutIntent], str],
    cancel_url: Callable[[CheckoutIntent], str],
) -> str:
    """Store the donor's choices as a CheckoutIntent and open a Stripe Checkout Session.

    Returns the URL of Stripe's payment page. The intent is committed before
    Stripe is called, so nothing Stripe later reports can lose its campaign.
    """
    reason = refusal_reason(request)
    if reason:
        raise CheckoutRefused(reason)
    donor = upsert_donor(email=request.email, name=request.name, language=request.language)
    intent = _create_checkout_intent(request, donor)
    metadata = {
        "checkout_intent_id": str(intent.pk),
        "campaign_id": str(request.campaign.pk) if request.campaign else "",
    }
    try:
        session = stripe_gateway.create_checkout_session(
            reference=str(intent.pk),
            amount_minor=intent.amount_minor,
            currency=intent.currency,
            monthly=intent.frequency == Frequency.MONTHLY,
            product_name=_product_name(request),
            customer_email=donor.email,
            customer_id=donor.stripe_customer_id,
            locale=intent.language,
            metadata=metadata,
            success_url=success_url(intent),
            cancel_url=cancel_url(intent),
        )
    except (stripe_gateway.StripeError, stripe_gateway.InvalidStripeResponse) as exc:
        logger.exception("Could not create a Checkout Session for %s", intent.pk)
        intent.status = CheckoutIntent.Status.FAILED
        intent.save(update_fields=["status"])
        raise CheckoutUnavailable(
            _("We could not reach our payment provider. Nothing was charged; please try again.")
        ) from exc
    intent.stripe_session_id = session.id
    intent.save(update_fields=["stripe_session_id"])
    return session.url


def _create_checkout_intent(request: GiftRequest, donor: Donor) -> CheckoutIntent:
    return CheckoutIntent.objects.create(
        campaign=request.campaign,
        donor=donor,
        amount_minor=request.amount_minor,
        currency=request.currency,
        frequency=request.frequency,
        language=request.language,
        tribute_kind=request.tribute_kind,
        tribute_name=request.tribute_name if request.tribute_kind else "",
        tribute_notify_email=request.tribute_notify_email if request.tribute_kind else "",
        show_on_wall=request.show_on_wall,
        public_message=request.public_message,
        newsletter_consent=request.newsletter_consent,
        consent_wording=request.consent_wording if request.newsletter_consent else "",
        consent_given_at=timezone.now() if request.newsletter_consent else None,
    )


def _product_name(request: GiftRequest) -> str:
    target = request.campaign.title if request.campaign else _("The Solidarity Fund")
    if request.frequency == Frequency.MONTHLY:
        return _("Monthly gift: %(target)s") % {"target": target}
    return _("Gift: %(target)s") % {"target": target}


def abandon_checkout(intent: CheckoutIntent) -> None:
    """The donor came back from Stripe without paying: close the session at Stripe."""
    if intent.status == CheckoutIntent.Status.OPEN and intent.stripe_session_id:
        transaction.on_commit(lambda: tasks.expire_checkout_session.delay(str(intent.pk)))


def expire_stripe_session(intent: CheckoutIntent) -> None:
    if intent.stripe_session_id and intent.status == CheckoutIntent.Status.OPEN:
        stripe_gateway.expire_checkout_session(intent.stripe_session_id)


# --- Webhook events ---------------------------------------------------------


def receive_webhook_event(raw: str, event: Payload) -> bool:
    """Store a verified event once (unique on its id) and see that a dispatch will
    process it; returns whether it was new.

    One ``INSERT ... ON CONFLICT DO NOTHING`` statement (PostgreSQL and SQLite):
    the acknowledgement stays fast and a duplicate delivery costs no transaction.
    Events of another API version than the SDK's are stored and flagged instead of
    being read with the wrong shapes; types we do not handle are stored as ignored."""
    status = WebhookEvent.Status.PENDING
    if event.get("api_version") != stripe_gateway.pinned_api_version():
        status = WebhookEvent.Status.VERSION_MISMATCH
    elif event.get("type") not in EVENT_HANDLERS:
        status = WebhookEvent.Status.IGNORED
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT_EVENT_SQL,
            [
                event["id"],
                str(event.get("type", ""))[:100],
                str(event.get("api_version") or "")[:40],
                bool(event.get("livemode")),
                raw,
                status,
                connection.ops.adapt_datetimefield_value(timezone.now()),
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    if status == WebhookEvent.Status.PENDING:
        transaction.on_commit(request_event_dispatch)
    return True


INSERT_EVENT_SQL = f"""
    INSERT INTO {WebhookEvent._meta.db_table}
        (stripe_event_id, type, api_version, livemode, payload, status, attempts,
         last_error, received_at)
    VALUES (%s, %s, %s, %s, %s, %s, 0, '', %s)
    ON CONFLICT (stripe_event_id) DO NOTHING
    RETURNING id
"""


DISPATCH_REQUEST_LOST_AFTER = timedelta(minutes=1)
DISPATCH_BATCH = 200


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
            process_webhook_event(event_pk, skip_locked=True)
        taken += len(batch)
        last_pk = batch[-1]
    return taken


def enqueue_event_processing(event_pk: int) -> None:
    """Queue processing after commit. ``robust``: a broker outage is logged, not raised,
    so the stored event is still acknowledged and the sweeper queues it later."""
    transaction.on_commit(lambda: tasks.process_webhook_event.delay(event_pk), robust=True)


RETRY_BASE = timedelta(minutes=1)
MAX_EVENT_ATTEMPTS = 12


def process_webhook_event(event_pk: int, *, skip_locked: bool = False) -> None:
    """Apply one stored event to the ledger; a failure is kept on the event for a retry.

    ``skip_locked``: leave an event another dispatcher is processing right now to
    it (PostgreSQL), so dispatchers running together share the work."""
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
        handler = EVENT_HANDLERS[event.type]
        event.attempts += 1
        try:
            with transaction.atomic():
                data = event.data
                handler(data["data"]["object"], _event_time(data, event.received_at))
        except Exception as exc:
            _record_failure(event, exc)
            return
        event.status = WebhookEvent.Status.PROCESSED
        event.processed_at = timezone.now()
        event.last_error = ""
        event.next_attempt_at = None
        event.save(
            update_fields=["status", "processed_at", "last_error", "attempts", "next_attempt_at"]
        )


def _record_failure(event: WebhookEvent, exc: Exception) -> None:
    if isinstance(exc, NotYetRecorded):
        logger.info("Event %s waits for an earlier event: %s", event.stripe_event_id, exc)
    else:
        logger.exception("Processing event %s failed", event.stripe_event_id)
    event.status = WebhookEvent.Status.FAILED
    event.last_error = "".join(traceback.format_exception_only(exc)).strip()[:4000]
    event.next_attempt_at = (
        timezone.now() + RETRY_BASE * 2 ** min(event.attempts - 1, 10)
        if event.attempts < MAX_EVENT_ATTEMPTS
        else None
    )
    event.save(update_fields=["status", "last_error", "attempts", "next_attempt_at"])


def replay_webhook_event(event: WebhookEvent) -> None:
    """Staff asked to process an event again (after a fix, or to re-check it)."""
    WebhookEvent.objects.filter(pk=event.pk).update(
        status=WebhookEvent.Status.PENDING, next_attempt_at=None
    )
    enqueue_event_processing(event.pk)


LOST_ENQUEUE_AFTER = timedelta(minutes=5)


def retry_due_webhook_events(now: datetime | None = None) -> int:
    """Queue failed events whose back-off has passed, and a dispatch for pending events
    stored but never processed (the broker was down after the commit); returns how
    many events were put in line."""
    now = now or timezone.now()
    due = WebhookEvent.objects.filter(status=WebhookEvent.Status.FAILED, next_attempt_at__lte=now)
    count = 0
    for event in due.only("pk"):
        enqueue_event_processing(event.pk)
        count += 1
    stranded = WebhookEvent.objects.filter(
        status=WebhookEvent.Status.PENDING, received_at__lte=now - LOST_ENQUEUE_AFTER
    ).count()
    if stranded:
        transaction.on_commit(request_event_dispatch)
    return count + stranded


FOLLOW_UP_GRACE = timedelta(minutes=10)
FOLLOW_UP_WINDOW = timedelta(days=7)


def requeue_lost_gift_follow_ups(now: datetime | None = None) -> int:
    """Queue again the receipt emails and fee look-ups of recent gifts whose task was
    lost (the broker was down when the gift was committed); returns how many tasks.

    Both tasks are idempotent: a receipt is claimed once, fees are written once."""
    now = now or timezone.now()
    recent = Gift.objects.filter(
        paid_at__gte=now - FOLLOW_UP_WINDOW, paid_at__lte=now - FOLLOW_UP_GRACE
    )
    unsent = recent.filter(receipt_sent_at__isnull=True, receipt_number__isnull=False)
    unsettled = recent.filter(fee_minor__isnull=True)
    count = 0
    for gift_pk in unsent.values_list("pk", flat=True):
        transaction.on_commit(lambda pk=gift_pk: tasks.send_receipt.delay(pk))
        count += 1
    for gift_pk in unsettled.values_list("pk", flat=True):
        transaction.on_commit(lambda pk=gift_pk: tasks.attach_payment_details.delay(pk))
        count += 1
    return count


def _event_time(data: Payload, received_at: datetime) -> datetime:
    """When Stripe created the event: the order that counts for snapshots."""
    created = data.get("created")
    if isinstance(created, int):
        return datetime.fromtimestamp(created, tz=UTC)
    return received_at


# --- Event handlers ---------------------------------------------------------


def _intent_for_session(session: Payload) -> CheckoutIntent:
    reference = session.get("client_reference_id") or (session.get("metadata") or {}).get(
        "checkout_intent_id"
    )
    intent = _intent_by_reference(reference)
    if intent is None:
        raise NotYetRecorded(f"no checkout intent {reference!r} for session {session.get('id')}")
    return intent


def _intent_by_reference(reference: object) -> CheckoutIntent | None:
    try:
        return CheckoutIntent.objects.select_related("donor", "campaign").get(
            pk=uuid.UUID(str(reference))
        )
    except (ValueError, CheckoutIntent.DoesNotExist):
        return None


def handle_checkout_session_completed(session: Payload, at: datetime) -> None:
    """A donor finished Stripe's page. Paid one-off gifts are recorded here; monthly
    gifts get their plan here and their installments from ``invoice.paid``."""
    intent = _intent_for_session(session)
    _remember_customer(intent.donor, session.get("customer"))
    if session.get("mode") == "subscription":
        if session.get("subscription"):
            ensure_plan(_id(session["subscription"]), intent)
        _set_intent_status(intent, CheckoutIntent.Status.COMPLETED)
        return
    if session.get("payment_status") == "paid":
        record_one_off_gift(intent, payment_intent_id=_id(session["payment_intent"]), at=at)
        _set_intent_status(intent, CheckoutIntent.Status.COMPLETED)
    else:
        _set_intent_status(intent, CheckoutIntent.Status.PROCESSING)


def handle_checkout_async_payment_failed(session: Payload, at: datetime) -> None:
    _set_intent_status(_intent_for_session(session), CheckoutIntent.Status.FAILED)


def handle_checkout_session_expired(session: Payload, at: datetime) -> None:
    _set_intent_status(_intent_for_session(session), CheckoutIntent.Status.EXPIRED)


INTENT_FINAL_STATUSES = {CheckoutIntent.Status.COMPLETED}


def _set_intent_status(intent: CheckoutIntent, status: str) -> None:
    """Move an intent forward; a completed checkout never goes back to open or expired."""
    if intent.status in INTENT_FINAL_STATUSES or intent.status == status:
        return
    intent.status = status
    fields = ["status"]
    if status == CheckoutIntent.Status.COMPLETED:
        intent.completed_at = timezone.now()
        fields.append("completed_at")
    intent.save(update_fields=fields)


def _remember_customer(donor: Donor, customer: object) -> None:
    """Link the donor to their Stripe customer. Another donor row already holding the
    customer (or winning a race for it) is left as it is: the gift does not depend on it."""
    customer_id = _id(customer) if customer else None
    if not customer_id or donor.stripe_customer_id == customer_id:
        return
    try:
        with transaction.atomic():
            Donor.objects.filter(pk=donor.pk).update(stripe_customer_id=customer_id)
    except IntegrityError:
        logger.warning("Stripe customer %s already belongs to another donor", customer_id)
        return
    donor.stripe_customer_id = customer_id


def _id(value: object) -> str:
    """Stripe fields are ids, or whole objects when expanded."""
    if isinstance(value, dict):
        return str(value["id"])
    return str(value)


def handle_invoice_paid(invoice: Payload, at: datetime) -> None:
    """One installment of a monthly gift was paid (the first one or a renewal)."""
    subscription_id, metadata = _invoice_subscription(invoice)
    if subscription_id is None or not invoice.get("amount_paid"):
        return
    plan = ensure_plan(subscription_id, _intent_by_reference(metadata.get("checkout_intent_id")))
    record_installment(plan, invoice, at=at)
    _apply_plan_status(plan, RecurringPlan.Status.ACTIVE, at, next_charge=_period_end(invoice))


def handle_invoice_payment_failed(invoice: Payload, at: datetime) -> None:
    """A renewal failed: the plan is past due and the donor is asked to update the card."""
    subscription_id, metadata = _invoice_subscription(invoice)
    if subscription_id is None:
        return
    plan = ensure_plan(subscription_id, _intent_by_reference(metadata.get("checkout_intent_id")))
    if _apply_plan_status(plan, RecurringPlan.Status.PAST_DUE, at):
        plan_pk = plan.pk
        transaction.on_commit(lambda: tasks.send_payment_failed_notice.delay(plan_pk))


def _invoice_subscription(invoice: Payload) -> tuple[str | None, dict[str, str]]:
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    subscription = details.get("subscription")
    return (_id(subscription) if subscription else None), (details.get("metadata") or {})


def _period_end(invoice: Payload) -> datetime | None:
    lines = (invoice.get("lines") or {}).get("data") or []
    end = lines[0].get("period", {}).get("end") if lines else None
    return datetime.fromtimestamp(end, tz=UTC) if isinstance(end, int) else None


SUBSCRIPTION_STATUSES = {
    "active": RecurringPlan.Status.ACTIVE,
    "trialing": RecurringPlan.Status.ACTIVE,
    "past_due": RecurringPlan.Status.PAST_DUE,
    "unpaid": RecurringPlan.Status.PAST_DUE,
    "incomplete": RecurringPlan.Status.PAST_DUE,
    "paused": RecurringPlan.Status.PAUSED,
    "canceled": RecurringPlan.Status.CANCELLED,
    "incomplete_expired": RecurringPlan.Status.CANCELLED,
}


def handle_subscription_changed(subscription: Payload, at: datetime) -> None:
    """``customer.subscription.updated`` / ``deleted``: status, pause and amount."""
    intent = _intent_by_reference((subscription.get("metadata") or {}).get("checkout_intent_id"))
    plan = ensure_plan(subscription["id"], intent)
    status = SUBSCRIPTION_STATUSES.get(subscription.get("status", ""), plan.status)
    if status == RecurringPlan.Status.ACTIVE and subscription.get("pause_collection"):
        status = RecurringPlan.Status.PAUSED
    items = (subscription.get("items") or {}).get("data") or []
    period_end = items[0].get("current_period_end") if items else None
    amount = ((items[0].get("price") or {}).get("unit_amount")) if items else None
    _apply_plan_status(
        plan,
        status,
        at,
        next_charge=datetime.fromtimestamp(period_end, tz=UTC)
        if isinstance(period_end, int)
        else None,
        amount_minor=amount if isinstance(amount, int) else None,
    )


def ensure_plan(subscription_id: str, intent: CheckoutIntent | None) -> RecurringPlan:
    """The plan of a subscription, created from its checkout the first time any event
    about it arrives (whichever comes first)."""
    plan = RecurringPlan.objects.filter(stripe_subscription_id=subscription_id).first()
    if plan is not None:
        return plan
    if intent is None:
        raise NotYetRecorded(f"no checkout recorded for subscription {subscription_id}")
    try:
        with transaction.atomic():
            return RecurringPlan.objects.create(
                stripe_subscription_id=subscription_id,
                donor=intent.donor,
                campaign=intent.campaign,
                checkout_intent=intent,
                amount_minor=intent.amount_minor,
                currency=intent.currency,
            )
    except IntegrityError:
        return RecurringPlan.objects.get(stripe_subscription_id=subscription_id)


def _apply_plan_status(
    plan: RecurringPlan,
    status: str,
    at: datetime,
    *,
    next_charge: datetime | None = None,
    amount_minor: int | None = None,
) -> bool:
    """Apply a subscription snapshot unless a newer one was applied already.

    A cancelled plan stays cancelled. Returns whether the status changed."""
    plan = RecurringPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status_synced_at and at < plan.status_synced_at:
        return False
    if plan.status == RecurringPlan.Status.CANCELLED:
        return False
    changed = plan.status != status
    plan.status = status
    plan.status_synced_at = at
    if status == RecurringPlan.Status.CANCELLED:
        plan.cancelled_at = at
    if next_charge is not None:
        plan.next_charge_at = next_charge
    if amount_minor is not None:
        plan.amount_minor = amount_minor
    plan.save(
        update_fields=[
            "status",
            "status_synced_at",
            "cancelled_at",
            "next_charge_at",
            "amount_minor",
        ]
    )
    return changed


# --- Gifts and receipts -----------------------------------------------------


def record_one_off_gift(intent: CheckoutIntent, *, payment_intent_id: str, at: datetime) -> Gift:
    gift, created = _record_gift(
        {"stripe_payment_intent_id": payment_intent_id},
        campaign=intent.campaign,
        donor=intent.donor,
        checkout_intent=intent,
        kind=Gift.Kind.ONCE,
        amount_minor=intent.amount_minor,
        currency=intent.currency,
        show_on_wall=intent.show_on_wall,
        public_message=intent.public_message,
        paid_at=at,
    )
    if created and intent.tribute_notify_email:
        intent_pk = str(intent.pk)
        transaction.on_commit(lambda: tasks.send_tribute_card.delay(intent_pk))
    return gift


def record_installment(plan: RecurringPlan, invoice: Payload, *, at: datetime) -> Gift:
    intent = plan.checkout_intent
    gift, created = _record_gift(
        {"stripe_invoice_id": invoice["id"]},
        campaign=plan.campaign,
        donor=plan.donor,
        checkout_intent=intent,
        plan=plan,
        kind=Gift.Kind.MONTHLY,
        opens_plan=invoice.get("billing_reason") == "subscription_create",
        amount_minor=int(invoice["amount_paid"]),
        currency=str(invoice["currency"]).upper(),
        show_on_wall=intent.show_on_wall if intent else False,
        public_message=intent.public_message if intent else "",
        paid_at=at,
    )
    if created and gift.opens_plan and intent and intent.tribute_notify_email:
        intent_pk = str(intent.pk)
        transaction.on_commit(lambda: tasks.send_tribute_card.delay(intent_pk))
    return gift


def _record_gift(source: dict[str, str], **fields: Any) -> tuple[Gift, bool]:
    """Create the gift for a Stripe payment exactly once, with its receipt number.

    The unique Stripe id decides: a second delivery, a retry or a concurrent
    worker hits the constraint, its savepoint (and any receipt number it took)
    rolls back, and it gets the existing gift."""
    try:
        with transaction.atomic():
            gift = Gift.objects.create(**source, **fields)
            _assign_receipt_number(gift)
            _add_gift_to_totals(gift)
    except IntegrityError:
        return Gift.objects.get(**source), False
    gift_pk = gift.pk
    transaction.on_commit(lambda: tasks.send_receipt.delay(gift_pk))
    transaction.on_commit(lambda: tasks.attach_payment_details.delay(gift_pk))
    return gift, True


def _assign_receipt_number(gift: Gift) -> None:
    """Take the next number of the gift's year, gapless: the counter row is locked until
    the gift commits, and released unchanged if it rolls back."""
    year = timezone.localtime(gift.paid_at).year
    ReceiptCounter.objects.get_or_create(year=year)
    counter = ReceiptCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    gift.receipt_year, gift.receipt_number = year, counter.last_number
    gift.save(update_fields=["receipt_year", "receipt_number"])


def _add_gift_to_totals(gift: Gift) -> None:
    _adjust_fund_total(gift.currency, raised_minor=gift.net_amount_minor, gift_count=1)
    if gift.campaign_id is None:
        return
    CampaignTotal.objects.get_or_create(campaign_id=gift.campaign_id)
    first_gift_of_donor = (
        not Gift.objects.filter(campaign_id=gift.campaign_id, donor_id=gift.donor_id)
        .exclude(pk=gift.pk)
        .exists()
    )
    CampaignTotal.objects.filter(campaign_id=gift.campaign_id).update(
        raised_minor=F("raised_minor") + gift.net_amount_minor,
        gift_count=F("gift_count") + 1,
        donor_count=F("donor_count") + int(first_gift_of_donor),
    )


def _adjust_fund_total(currency: str, *, raised_minor: int, gift_count: int = 0) -> None:
    FundTotal.objects.get_or_create(currency=currency)
    FundTotal.objects.filter(currency=currency).update(
        raised_minor=F("raised_minor") + raised_minor, gift_count=F("gift_count") + gift_count
    )


def attach_payment_details(gift: Gift) -> None:
    """Fill in the charge and Stripe's fee once the payment has settled at Stripe."""
    if gift.fee_minor is not None and gift.stripe_charge_id:
        return
    payment_intent_id = gift.stripe_payment_intent_id
    if not payment_intent_id and gift.stripe_invoice_id:
        payment_intent_id = stripe_gateway.payment_intent_for_invoice(gift.stripe_invoice_id)
    if not payment_intent_id:
        return
    details = stripe_gateway.payment_details_for_payment_intent(payment_intent_id)
    Gift.objects.filter(pk=gift.pk).update(
        stripe_payment_intent_id=details.payment_intent_id,
        stripe_charge_id=details.charge_id,
        stripe_balance_transaction_id=details.balance_transaction_id,
        fee_minor=details.fee_minor,
    )


# --- Refunds ----------------------------------------------------------------


def handle_charge_refunded(charge: Payload, at: datetime) -> None:
    """``charge.refunded`` (full or partial): the gift's refunded amount follows the
    charge's ``amount_refunded``, which only grows, so repeats change nothing."""
    gift = _gift_for_charge(charge)
    for refund in (charge.get("refunds") or {}).get("data") or []:
        _record_refund_row(gift, refund)
    apply_refunded_amount(gift, int(charge.get("amount_refunded") or 0))


def handle_refund_event(refund: Payload, at: datetime) -> None:
    """``refund.created`` / ``refund.updated``: keep one row per succeeded refund."""
    if refund.get("status") not in ("succeeded", "pending"):
        return
    gift = _gift_for_charge(
        {"id": refund.get("charge"), "payment_intent": refund.get("payment_intent")}
    )
    _record_refund_row(gift, refund)


def _gift_for_charge(charge: Payload) -> Gift:
    charge_id = _id(charge["id"]) if charge.get("id") else None
    payment_intent_id = _id(charge["payment_intent"]) if charge.get("payment_intent") else None
    gift = None
    if charge_id:
        gift = Gift.objects.filter(stripe_charge_id=charge_id).first()
    if gift is None and payment_intent_id:
        gift = Gift.objects.filter(stripe_payment_intent_id=payment_intent_id).first()
    if gift is None:
        raise NotYetRecorded(f"no gift recorded for charge {charge_id} / {payment_intent_id}")
    return gift


def _record_refund_row(gift: Gift, refund: Payload) -> None:
    metadata = refund.get("metadata") or {}
    Refund.objects.get_or_create(
        stripe_refund_id=refund["id"],
        defaults={
            "gift": gift,
            "amount_minor": int(refund["amount"]),
            "currency": str(refund.get("currency", gift.currency)).upper(),
            "reason": str(metadata.get("reason") or refund.get("reason") or "")[:255],
        },
    )


def apply_refunded_amount(gift: Gift, refunded_minor: int) -> None:
    """Raise the gift's refunded amount to what Stripe reports, and net it out of the
    fund's and the campaign's totals. Never lowers it (an older event after a newer one)."""
    gift = Gift.objects.select_for_update().get(pk=gift.pk)
    refunded_minor = min(refunded_minor, gift.amount_minor)
    increase = refunded_minor - gift.refunded_minor
    if increase <= 0:
        return
    gift.move_to(
        GiftStatus.REFUNDED
        if refunded_minor == gift.amount_minor
        else GiftStatus.PARTIALLY_REFUNDED
    )
    gift.refunded_minor = refunded_minor
    gift.save(update_fields=["refunded_minor", "status"])
    _adjust_fund_total(gift.currency, raised_minor=-increase)
    if gift.campaign_id is not None:
        CampaignTotal.objects.filter(campaign_id=gift.campaign_id).update(
            raised_minor=F("raised_minor") - increase
        )


# --- Cached totals ----------------------------------------------------------


@dataclass(frozen=True)
class TotalsRow:
    raised_minor: int
    gift_count: int
    donor_count: int = 0


@dataclass(frozen=True)
class TotalsDifference:
    """What a cache said and what the ledger says, for one campaign or the fund in a
    currency (``label``: the campaign's slug, or e.g. ``fund SEK``)."""

    label: str
    cached: TotalsRow
    ledger: TotalsRow


def ledger_totals_by_campaign() -> dict[int, TotalsRow]:
    """Totals straight from the gifts, one grouped query."""
    rows = (
        Gift.objects.filter(campaign__isnull=False)
        .values("campaign_id")
        .annotate(
            raised=Sum(F("amount_minor") - F("refunded_minor")),
            gifts=Count("pk"),
            donors=Count("donor_id", distinct=True),
        )
        .order_by()
    )
    return {
        row["campaign_id"]: TotalsRow(row["raised"] or 0, row["gifts"], row["donors"])
        for row in rows
    }


def ledger_totals_by_currency() -> dict[str, TotalsRow]:
    """The fund's totals straight from the gifts, one grouped query."""
    rows = (
        Gift.objects.values("currency")
        .annotate(raised=Sum(F("amount_minor") - F("refunded_minor")), gifts=Count("pk"))
        .order_by()
    )
    return {row["currency"]: TotalsRow(row["raised"] or 0, row["gifts"]) for row in rows}


def recompute_totals(*, fix: bool = True) -> list[TotalsDifference]:
    """Compare every cached total (campaigns, then the fund per currency) with the
    ledger; fix them unless told not to."""
    campaigns = Campaign.objects.only("pk", "slug").order_by("slug")
    campaign_differences = _reconcile(
        labels={campaign.pk: campaign.slug for campaign in campaigns},
        ledger=ledger_totals_by_campaign(),
        cached={
            row.campaign_id: TotalsRow(row.raised_minor, row.gift_count, row.donor_count)
            for row in CampaignTotal.objects.all()
        },
        save=lambda pk, truth: CampaignTotal.objects.update_or_create(
            campaign_id=pk, defaults=asdict(truth)
        ),
        fix=fix,
    )
    fund_ledger = ledger_totals_by_currency()
    fund_cached = {
        row.currency: TotalsRow(row.raised_minor, row.gift_count) for row in FundTotal.objects.all()
    }
    fund_differences = _reconcile(
        labels={code: f"fund {code}" for code in sorted(fund_ledger.keys() | fund_cached.keys())},
        ledger=fund_ledger,
        cached=fund_cached,
        save=lambda code, truth: FundTotal.objects.update_or_create(
            currency=code,
            defaults={"raised_minor": truth.raised_minor, "gift_count": truth.gift_count},
        ),
        fix=fix,
    )
    return campaign_differences + fund_differences


def _reconcile(
    *,
    labels: dict[Any, str],
    ledger: dict[Any, TotalsRow],
    cached: dict[Any, TotalsRow],
    save: Callable[[Any, TotalsRow], object],
    fix: bool,
) -> list[TotalsDifference]:
    """The differences between a cache and the ledger, key by key in ``labels`` order."""
    differences = []
    empty = TotalsRow(0, 0)
    for key, label in labels.items():
        truth, have = ledger.get(key, empty), cached.get(key, empty)
        if truth == have:
            continue
        differences.append(TotalsDifference(label, have, truth))
        if fix:
            save(key, truth)
    return differences


EVENT_HANDLERS: dict[str, Callable[[Payload, datetime], None]] = {
    "checkout.session.completed": handle_checkout_session_completed,
    "checkout.session.async_payment_succeeded": handle_checkout_session_completed,
    "checkout.session.async_payment_failed": handle_checkout_async_payment_failed,
    "checkout.session.expired": handle_checkout_session_expired,
    "invoice.paid": handle_invoice_paid,
    "invoice.payment_failed": handle_invoice_payment_failed,
    "customer.subscription.updated": handle_subscription_changed,
    "customer.subscription.deleted": handle_subscription_changed,
    "charge.refunded": handle_charge_refunded,
    "refund.created": handle_refund_event,
    "refund.updated": handle_refund_event,
}
