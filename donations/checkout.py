"""Starting a gift: the donor's choices become a CheckoutIntent and a Stripe Checkout
Session. Nothing here records money; that happens when Stripe's events arrive."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign

from . import stripe_gateway, tasks
from .models import CheckoutIntent, Donor, Frequency

logger = logging.getLogger(__name__)


class CheckoutRefused(Exception):
    """The gift cannot be started as asked; the message is shown to the donor."""


class CheckoutUnavailable(Exception):
    """Stripe could not be reached or refused the session; nothing was charged."""


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
    contact_consent_wording: str = ""


@dataclass(frozen=True)
class OpenedCheckout:
    """A checkout started at Stripe: our record of it and the page where the donor pays."""

    intent: CheckoutIntent
    payment_url: str


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


def donor_for_email(*, email: str, name: str, language: str) -> Donor:
    """The donor with this email (any case), created with this name if new.

    An existing donor is returned unchanged: an unauthenticated visitor who types
    someone else's address must not rename them. The name typed is kept on the
    checkout and, once paid, on the gift."""
    donor, _created = Donor.objects.get_or_create(
        email=email.strip().lower(), defaults={"name": name, "language": language}
    )
    return donor


def start_checkout(
    request: GiftRequest,
    *,
    success_url: Callable[[CheckoutIntent], str],
    cancel_url: Callable[[CheckoutIntent], str],
) -> OpenedCheckout:
    """Store the donor's choices as a CheckoutIntent and open a Stripe Checkout Session.

    Returns the intent and the URL of Stripe's payment page. The intent is committed before
    Stripe is called, so nothing Stripe later reports can lose its campaign. The
    session is never tied to an existing Stripe customer: the visitor is not signed
    in, so nothing proves the customer is theirs."""
    reason = refusal_reason(request)
    if reason:
        raise CheckoutRefused(reason)
    donor = donor_for_email(email=request.email, name=request.name, language=request.language)
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
            customer_id=None,
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
    return OpenedCheckout(intent=intent, payment_url=session.url)


def _create_checkout_intent(request: GiftRequest, donor: Donor) -> CheckoutIntent:
    return CheckoutIntent.objects.create(
        campaign=request.campaign,
        donor=donor,
        donor_name=request.name,
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
        consent_given_at=(
            timezone.now()
            if request.newsletter_consent or request.contact_consent_wording
            else None
        ),
        contact_consent_wording=request.contact_consent_wording,
    )


def _product_name(request: GiftRequest) -> str:
    target = request.campaign.title if request.campaign else _("The Solidarity Fund")
    if request.frequency == Frequency.MONTHLY:
        return _("Monthly gift: %(target)s") % {"target": target}
    return _("Gift: %(target)s") % {"target": target}


def abandon_checkout(intent: CheckoutIntent) -> None:
    """The donor asked to cancel (a POST): close the session at Stripe after commit."""
    if intent.status == CheckoutIntent.Status.OPEN and intent.stripe_session_id:
        transaction.on_commit(lambda: tasks.expire_checkout_session.delay(str(intent.pk)))


def expire_stripe_session(intent: CheckoutIntent) -> None:
    if intent.stripe_session_id and intent.status == CheckoutIntent.Status.OPEN:
        stripe_gateway.expire_checkout_session(intent.stripe_session_id)
