"""A donor's changes to their monthly gift: amount, pause, resume, cancel, card, and
keeping a gift whose cancellation is scheduled (in Stripe's billing portal).

Every change goes to Stripe first and is confirmed by Stripe's subscription event.
A ``PlanChange`` row is committed before Stripe is called, so the event finds it however
fast it comes; its id is the idempotency key, so a retried call is made once. Until the
event confirms it the page shows the change as pending, and a second change waits
(a double click or a second tab is refused with a message). A change Stripe refuses
or cannot be reached for is marked as not made and the plan is as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from fundraising.money import format_money

from .. import stripe_gateway
from ..billing_dates import pause_end
from ..checkout import amount_limits
from ..ledger.follow_ups import queue_plan_change_confirmation
from ..models import PlanChange, RecurringPlan

PAUSE_MONTHS = (1, 2, 3)
REASON_MAX_LENGTH = 500
# A change Stripe never confirmed (its event lost) stops blocking new ones after this.
PENDING_TIMEOUT = timedelta(minutes=15)
CHANGEABLE = (
    RecurringPlan.Status.ACTIVE,
    RecurringPlan.Status.PAST_DUE,
    RecurringPlan.Status.PAUSED,
)


class PlanChangeRefused(Exception):
    """The change cannot be made; the message says why, in the donor's language."""


class PlanChangeUnavailable(PlanChangeRefused):
    """Stripe could not be reached or refused; nothing changed."""


def pending_change(plan: RecurringPlan) -> PlanChange | None:
    """The change waiting for Stripe's confirmation, if any."""
    return waiting(plan.changes.order_by("-requested_at").first())


def waiting(change: PlanChange | None) -> PlanChange | None:
    """``change`` if it still waits for Stripe's confirmation (and has not waited so long
    that its event must be lost), else None."""
    if change is None or not change.is_pending:
        return None
    return change if change.requested_at >= timezone.now() - PENDING_TIMEOUT else None


def change_amount(plan: RecurringPlan, amount_minor: int, *, by: User | None) -> PlanChange:
    """Charge ``amount_minor`` a month from the next charge on (no proration)."""

    def check(locked: RecurringPlan) -> None:
        out_of_range = amount_out_of_range(amount_minor, locked.currency)
        if out_of_range:
            raise PlanChangeRefused(out_of_range)
        if amount_minor == locked.amount_minor:
            raise PlanChangeRefused(_("Your monthly gift is already this amount."))
        _refuse_if_ending(locked)

    return _request(
        plan,
        PlanChange.Kind.AMOUNT,
        by,
        check,
        lambda locked, change: stripe_gateway.change_subscription_amount(
            locked.stripe_subscription_id,
            amount_minor,
            locked.currency,
            idempotency_key=_key(change),
        ),
        amount_minor=amount_minor,
    )


def amount_out_of_range(amount_minor: int, currency: str) -> str | None:
    """Why ``amount_minor`` cannot be a monthly amount, or None if it can."""
    minimum, maximum = amount_limits(currency)
    if minimum <= amount_minor <= maximum:
        return None
    return _("The monthly amount must be between %(minimum)s and %(maximum)s.") % {
        "minimum": format_money(minimum, currency),
        "maximum": format_money(maximum, currency),
    }


def pause(plan: RecurringPlan, months: int | None, *, by: User | None) -> PlanChange:
    """Skip the next 1, 2 or 3 charges, or pause until resumed (``months=None``)."""
    if months is not None and months not in PAUSE_MONTHS:
        raise PlanChangeRefused(_("A monthly gift can be paused for 1, 2 or 3 months."))
    resumes_at = pause_end(plan.next_charge_at, months, timezone.now()) if months else None

    def check(locked: RecurringPlan) -> None:
        if locked.status == RecurringPlan.Status.PAUSED:
            raise PlanChangeRefused(_("Your monthly gift is already paused."))
        _refuse_if_ending(locked)

    return _request(
        plan,
        PlanChange.Kind.PAUSE,
        by,
        check,
        lambda locked, change: stripe_gateway.pause_subscription(
            locked.stripe_subscription_id, resumes_at, idempotency_key=_key(change)
        ),
        resumes_at=resumes_at,
    )


def resume(plan: RecurringPlan, *, by: User | None) -> PlanChange:
    """Collect again from the next charge."""

    def check(locked: RecurringPlan) -> None:
        if locked.status != RecurringPlan.Status.PAUSED:
            raise PlanChangeRefused(_("Your monthly gift is not paused."))

    return _request(
        plan,
        PlanChange.Kind.RESUME,
        by,
        check,
        lambda locked, change: stripe_gateway.resume_subscription(
            locked.stripe_subscription_id, idempotency_key=_key(change)
        ),
    )


def keep(plan: RecurringPlan, *, by: User | None) -> PlanChange:
    """Undo the cancellation scheduled for the end of the period: the gift goes on."""

    def check(locked: RecurringPlan) -> None:
        if locked.ends_at is None:
            raise PlanChangeRefused(_("Your monthly gift has no end date to undo."))

    return _request(
        plan,
        PlanChange.Kind.KEEP,
        by,
        check,
        lambda locked, change: stripe_gateway.keep_subscription(
            locked.stripe_subscription_id, idempotency_key=_key(change)
        ),
    )


def _refuse_if_ending(locked: RecurringPlan) -> None:
    """A gift about to end is kept first, so the donor does not change or pause a gift
    that will stop anyway."""
    if locked.ends_at is not None:
        raise PlanChangeRefused(
            _(
                "Your monthly gift ends on %(date)s. Choose “Keep my monthly gift” first, "
                "then you can change or pause it."
            )
            % {"date": date_format(timezone.localtime(locked.ends_at), "DATE_FORMAT")}
        )


def cancel(plan: RecurringPlan, reason: str, *, by: User | None) -> PlanChange:
    """End the monthly gift now, with the donor's reason if they gave one."""
    reason = " ".join(reason.split())
    if len(reason) > REASON_MAX_LENGTH:
        raise PlanChangeRefused(
            _("Please keep the reason under %(count)d characters.") % {"count": REASON_MAX_LENGTH}
        )
    return _request(
        plan,
        PlanChange.Kind.CANCEL,
        by,
        lambda locked: None,
        lambda locked, change: stripe_gateway.cancel_subscription(
            locked.stripe_subscription_id, reason, idempotency_key=_key(change)
        ),
        reason=reason,
    )


def card_update_url(plan: RecurringPlan, return_url: str) -> str:
    """Stripe's page where the donor changes the card that pays this plan."""
    plan.refresh_from_db(fields=["status"])
    if plan.status == RecurringPlan.Status.CANCELLED:
        raise PlanChangeRefused(_("This monthly gift has ended."))
    if not plan.billing_customer_id:
        raise PlanChangeRefused(_("The card of this monthly gift cannot be changed here."))
    try:
        return stripe_gateway.create_billing_portal_session(plan.billing_customer_id, return_url)
    except stripe_gateway.StripeError as exc:
        raise PlanChangeUnavailable(_unavailable_message()) from exc


def confirm_changes(plan: RecurringPlan, now: datetime | None = None) -> list[PlanChange]:
    """After a subscription event is applied: the pending changes the plan now shows are
    confirmed, and each donor is emailed once. Called inside the event's transaction."""
    plan = RecurringPlan.objects.select_for_update().get(pk=plan.pk)
    confirmed = [
        change
        for change in plan.changes.filter(confirmed_at__isnull=True, abandoned_at__isnull=True)
        if _shows(plan, change)
    ]
    moment = now or timezone.now()
    for change in confirmed:
        change.confirmed_at = moment
        change.save(update_fields=["confirmed_at"])
        queue_plan_change_confirmation(change)
    return confirmed


def _shows(plan: RecurringPlan, change: PlanChange) -> bool:
    """Whether the plan as Stripe last reported it shows ``change`` made."""
    status = plan.status
    if change.kind == PlanChange.Kind.AMOUNT:
        return status != RecurringPlan.Status.CANCELLED and plan.amount_minor == change.amount_minor
    if change.kind == PlanChange.Kind.PAUSE:
        return status == RecurringPlan.Status.PAUSED and plan.paused_until == change.resumes_at
    if change.kind == PlanChange.Kind.RESUME:
        return status in (RecurringPlan.Status.ACTIVE, RecurringPlan.Status.PAST_DUE)
    if change.kind == PlanChange.Kind.KEEP:
        return status != RecurringPlan.Status.CANCELLED and plan.ends_at is None
    return status == RecurringPlan.Status.CANCELLED


def _request(
    plan: RecurringPlan,
    kind: str,
    by: User | None,
    check: Callable[[RecurringPlan], None],
    send: Callable[[RecurringPlan, PlanChange], object],
    **fields: object,
) -> PlanChange:
    locked, change = _open_change(plan, kind, by, check, fields)
    try:
        send(locked, change)
    except stripe_gateway.StripeError as exc:
        PlanChange.objects.filter(pk=change.pk, confirmed_at__isnull=True).update(
            abandoned_at=timezone.now()
        )
        if isinstance(exc, stripe_gateway.InvalidRequestError):
            raise PlanChangeUnavailable(
                _("The payment provider did not accept the change, so nothing was changed.")
            ) from exc
        raise PlanChangeUnavailable(_unavailable_message()) from exc
    return change


@transaction.atomic
def _open_change(
    plan: RecurringPlan,
    kind: str,
    by: User | None,
    check: Callable[[RecurringPlan], None],
    fields: dict[str, object],
) -> tuple[RecurringPlan, PlanChange]:
    """Check the plan as it is now (not as the donor's page showed it) and record the
    change, under the plan's lock so two requests cannot both pass."""
    locked = RecurringPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status not in CHANGEABLE:
        raise PlanChangeRefused(_("This monthly gift has ended and cannot be changed."))
    if pending_change(locked) is not None:
        raise PlanChangeRefused(
            _("An earlier change is still waiting for the payment provider's confirmation.")
        )
    check(locked)
    change = PlanChange.objects.create(plan=locked, kind=kind, requested_by=by, **fields)
    return locked, change


def _key(change: PlanChange) -> str:
    return f"plan-change-{change.pk}"


def _unavailable_message() -> str:
    return _(
        "We could not reach the payment provider, so nothing was changed. "
        "Please try again in a few minutes."
    )
