"""Donor emails: the receipt with its PDF, the tribute e-card, the notice of a failed
monthly payment and the confirmation of a change to a monthly gift. Each is sent in the
language the donor gave with, at most once (its row is claimed before sending and
released if sending fails, so beat can retry), as plain text with an HTML alternative
(``templates/emails/<name>_body.txt`` and ``_body.html``, the HTML ones extending
``emails/base.html``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fundraising.money import format_money

from ..billing_dates import first_charge_after
from ..consents.links import withdrawal_url
from ..models import CheckoutIntent, Donor, Gift, PlanChange, RecurringPlan
from .links import absolute_url, campaign_image, update_card_token
from .receipt_pdf import gift_purpose, manage_monthly_text, render_receipt_pdf


def _claim(queryset: QuerySet, field: str) -> bool:
    """Mark a row as sent before sending, so concurrent or repeated tasks send once."""
    return bool(queryset.filter(**{f"{field}__isnull": True}).update(**{field: timezone.now()}))


def _send_once(queryset: QuerySet, field: str, message: EmailMultiAlternatives) -> bool:
    if not _claim(queryset, field):
        return False
    try:
        message.send()
    except Exception:
        queryset.update(**{field: None})
        raise
    return True


def one_line(text: str) -> str:
    """A header-safe subject: every run of whitespace (CR/LF included) as one space."""
    return " ".join(text.split())


def donor_links(donor: Donor) -> dict[str, str]:
    """The links every email to a donor carries, in the active language: their own pages,
    and withdrawing their consents without signing in."""
    return {
        "manage_url": absolute_url(reverse("donor-area:overview")),
        "withdraw_url": withdrawal_url(donor),
    }


def build_email(
    template: str, context: dict, to: str, donor: Donor | None = None
) -> EmailMultiAlternatives:
    """The email ``template`` in the active language: a plain-text body with an HTML
    alternative. Subjects and text bodies are plain text (their templates turn
    autoescaping off), so a name with ``&`` or ``<`` reads as typed; the HTML part is
    autoescaped. The organisation's details and an empty hero image (``campaign_image``)
    are supplied here for every email; an email to a donor also gets the links of
    ``donor_links`` and the one-click unsubscribe headers (RFC 8058) for them."""
    links = donor_links(donor) if donor is not None else {}
    context = {
        "organisation": settings.ORGANISATION_NAME,
        "organisation_number": settings.ORGANISATION_NUMBER,
        "organisation_address": settings.ORGANISATION_ADDRESS,
        **campaign_image(None),
        **links,
        **context,
    }
    subject = one_line(render_to_string(f"emails/{template}_subject.txt", context))
    context["subject"] = subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}_body.txt", context),
        to=[to],
        reply_to=[settings.ORGANISATION_EMAIL],
    )
    if links:
        message.extra_headers["List-Unsubscribe"] = f"<{links['withdraw_url']}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    html = render_to_string(f"emails/{template}_body.html", context)
    message.attach_alternative(html, "text/html")
    return message


def _language_of(intent: CheckoutIntent | None, fallback: str) -> str:
    return intent.language if intent is not None and intent.language else fallback


def send_gift_receipt(gift: Gift) -> bool:
    """Email the receipt with its PDF in the donor's language; returns whether it was sent.

    A receipt already sent is not rendered again (beat may queue a slow one twice)."""
    if gift.receipt_sent_at is not None:
        return False
    with translation.override(_language_of(gift.checkout_intent, gift.donor.language)):
        context = {
            "gift": gift,
            "amount": format_money(gift.amount_minor, gift.currency),
            "fee_cover": format_money(gift.fee_cover_minor, gift.currency)
            if gift.fee_cover_minor
            else "",
            "purpose": gift_purpose(gift),
            "manage_monthly": manage_monthly_text() if gift.kind == Gift.Kind.MONTHLY else "",
            **campaign_image(gift.campaign),
        }
        message = build_email("receipt", context, gift.donor.email, donor=gift.donor)
        message.attach(
            f"receipt-{gift.receipt_reference}.pdf", render_receipt_pdf(gift), "application/pdf"
        )
    return _send_once(Gift.objects.filter(pk=gift.pk), "receipt_sent_at", message)


def send_tribute_card(intent: CheckoutIntent) -> bool:
    """The e-card telling someone a gift was given in memory or in honour of a person."""
    if not intent.tribute_notify_email:
        return False
    with translation.override(intent.language):
        context = {
            "intent": intent,
            "donor_name": intent.donor_name or intent.donor.name,
            "tribute_name": intent.tribute_name,
            "in_memory": intent.tribute_kind == "memory",
            "purpose": intent.campaign.title if intent.campaign else _("The Solidarity Fund"),
            **campaign_image(intent.campaign),
        }
        message = build_email("tribute_card", context, intent.tribute_notify_email)
    return _send_once(CheckoutIntent.objects.filter(pk=intent.pk), "tribute_card_sent_at", message)


def send_payment_failed_notice(plan: RecurringPlan) -> bool:
    """A renewal failed: ask the donor to update their card, with a signed link. Sent
    once per spell of failures (the claim is cleared when the plan is paid again)."""
    intent = plan.checkout_intent
    with translation.override(_language_of(intent, plan.donor.language)):
        context = {
            "plan": plan,
            "donor_name": (intent.donor_name if intent else "") or plan.donor.name,
            "amount": format_money(plan.amount_minor, plan.currency),
            "purpose": plan.campaign.title if plan.campaign else _("The Solidarity Fund"),
            "update_url": absolute_url(
                reverse("donations:update-card", kwargs={"token": update_card_token(plan)})
            ),
            **campaign_image(plan.campaign),
        }
        message = build_email("payment_failed", context, plan.donor.email, donor=plan.donor)
    return _send_once(
        RecurringPlan.objects.filter(pk=plan.pk, status=RecurringPlan.Status.PAST_DUE),
        "past_due_notice_sent_at",
        message,
    )


def send_plan_change_confirmation(change: PlanChange) -> bool:
    """Stripe confirmed a change the donor made to their monthly gift: tell them so."""
    plan = change.plan
    intent = plan.checkout_intent
    with translation.override(_language_of(intent, plan.donor.language)):
        context = {
            "donor_name": (intent.donor_name if intent else "") or plan.donor.name,
            "what": plan_change_text(change),
            "purpose": plan.campaign.title if plan.campaign else _("The Solidarity Fund"),
            "plans_url": absolute_url(reverse("donor-area:plans")),
            **campaign_image(plan.campaign),
        }
        message = build_email("plan_changed", context, plan.donor.email, donor=plan.donor)
    return _send_once(PlanChange.objects.filter(pk=change.pk), "confirmation_sent_at", message)


def plan_change_text(change: PlanChange) -> str:
    """One sentence saying what changed, in the active language."""
    plan = change.plan
    if change.kind == PlanChange.Kind.AMOUNT:
        return _("Your monthly gift is now %(amount)s, from the next charge.") % {
            "amount": format_money(change.amount_minor or 0, plan.currency)
        }
    charges_again_at = first_charge_after(plan.next_charge_at, change.resumes_at)
    if change.kind == PlanChange.Kind.PAUSE and charges_again_at:
        return _("Your monthly gift is paused. The next charge is on %(date)s.") % {
            "date": date_format(timezone.localtime(charges_again_at), "DATE_FORMAT")
        }
    if change.kind == PlanChange.Kind.PAUSE and change.resumes_at:
        return _("Your monthly gift is paused until %(date)s.") % {
            "date": date_format(timezone.localtime(change.resumes_at), "DATE_FORMAT")
        }
    if change.kind == PlanChange.Kind.PAUSE:
        return _("Your monthly gift is paused until you resume it.")
    if change.kind == PlanChange.Kind.RESUME:
        return _("Your monthly gift is running again from the next charge.")
    if change.kind == PlanChange.Kind.KEEP:
        return _("Your monthly gift goes on: it no longer ends, and is charged as before.")
    return _("Your monthly gift has been cancelled. Nothing more will be charged.")
