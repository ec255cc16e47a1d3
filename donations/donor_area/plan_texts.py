"""What the monthly-gift page says about a change still waiting for Stripe's
confirmation: what the change does, not the name of the button that asked for it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fundraising.money import format_money

from ..models import PlanChange


def pending_text(change: PlanChange) -> str:
    """One sentence, in the active language, saying which change was sent."""
    if change.kind == PlanChange.Kind.AMOUNT:
        return _(
            "Your new monthly amount of %(amount)s has been sent to the payment provider "
            "and is waiting for its confirmation."
        ) % {"amount": format_money(change.amount_minor or 0, change.plan.currency)}
    if change.kind == PlanChange.Kind.PAUSE:
        return _(
            "Your request to pause your monthly gift has been sent to the payment provider "
            "and is waiting for its confirmation."
        )
    if change.kind == PlanChange.Kind.RESUME:
        return _(
            "Your request to resume your monthly gift has been sent to the payment provider "
            "and is waiting for its confirmation."
        )
    if change.kind == PlanChange.Kind.KEEP:
        return _(
            "Your request to keep your monthly gift has been sent to the payment provider "
            "and is waiting for its confirmation."
        )
    return _(
        "Your request to end your monthly gift has been sent to the payment provider "
        "and is waiting for its confirmation."
    )
