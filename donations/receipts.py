"""Receipts and donor emails: the PDF receipt, the receipt email, the tribute e-card
and the notice of a failed monthly payment. Each email is sent in the donor's
language and at most once (the row is claimed before sending)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from fundraising.money import format_money

from .models import CheckoutIntent, Gift, RecurringPlan

FONT_DIR = Path(__file__).resolve().parent / "fonts"
UPDATE_CARD_SALT = "donations.update-card"
UPDATE_CARD_MAX_AGE = 60 * 60 * 24 * 30


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def gift_purpose(gift: Gift) -> str:
    return gift.campaign.title if gift.campaign else _("The Solidarity Fund")


def render_receipt_pdf(gift: Gift) -> bytes:
    """The receipt as a one-page PDF, in the active language."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(_("Gift receipt %(number)s") % {"number": gift.receipt_reference})
    pdf.set_author(settings.ORGANISATION_NAME)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 10, settings.ORGANISATION_NAME, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(
        0,
        6,
        _("Organisation number %(number)s") % {"number": settings.ORGANISATION_NUMBER},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(0, 6, settings.ORGANISATION_ADDRESS, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 10, _("Gift receipt"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    for label, value in receipt_lines(gift):
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(55, 8, label)
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 8, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(0, 6, _("Thank you for your solidarity."), new_x="LMARGIN", new_y="NEXT")
    if gift.kind == Gift.Kind.MONTHLY:
        pdf.ln(2)
        pdf.multi_cell(0, 6, manage_monthly_text(), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def receipt_lines(gift: Gift) -> list[tuple[str, str]]:
    lines = [
        (_("Receipt number"), gift.receipt_reference),
        (_("Date"), date_format(timezone.localtime(gift.paid_at), "DATE_FORMAT")),
        (_("Donor"), f"{gift.donor.name} <{gift.donor.email}>"),
        (_("Amount"), format_money(gift.amount_minor, gift.currency)),
        (_("Purpose"), gift_purpose(gift)),
        (_("Kind of gift"), str(gift.get_kind_display())),
    ]
    if gift.refunded_minor:
        lines.append((_("Refunded"), format_money(gift.refunded_minor, gift.currency)))
    return lines


def manage_monthly_text() -> str:
    return _(
        "This is one installment of your monthly gift. To change the amount, pause or "
        "cancel it, log in at %(url)s with this email address, or reply to this email."
    ) % {"url": absolute_url(reverse("account_login"))}


def _claim(queryset: QuerySet, field: str) -> bool:
    """Mark a row as sent before sending, so concurrent or repeated tasks send once."""
    return bool(queryset.filter(**{f"{field}__isnull": True}).update(**{field: timezone.now()}))


def _release(queryset: QuerySet, field: str) -> None:
    queryset.update(**{field: None})


def _send_once(queryset: QuerySet, field: str, message: EmailMessage) -> bool:
    if not _claim(queryset, field):
        return False
    try:
        message.send()
    except Exception:
        _release(queryset, field)
        raise
    return True


def _email(template: str, context: dict, to: str) -> EmailMessage:
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"emails/{template}_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[to], reply_to=[settings.ORGANISATION_EMAIL])


def send_gift_receipt(gift: Gift) -> bool:
    """Email the receipt with its PDF in the donor's language; returns whether it was sent."""
    with translation.override(gift.donor.language):
        context = {
            "gift": gift,
            "amount": format_money(gift.amount_minor, gift.currency),
            "purpose": gift_purpose(gift),
            "manage_monthly": manage_monthly_text() if gift.kind == Gift.Kind.MONTHLY else "",
            "organisation": settings.ORGANISATION_NAME,
        }
        message = _email("receipt", context, gift.donor.email)
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
            "donor_name": intent.donor.name,
            "tribute_name": intent.tribute_name,
            "in_memory": intent.tribute_kind == "memory",
            "purpose": intent.campaign.title if intent.campaign else _("The Solidarity Fund"),
            "organisation": settings.ORGANISATION_NAME,
        }
        message = _email("tribute_card", context, intent.tribute_notify_email)
    return _send_once(CheckoutIntent.objects.filter(pk=intent.pk), "tribute_card_sent_at", message)


def update_card_token(plan: RecurringPlan) -> str:
    return signing.dumps(plan.pk, salt=UPDATE_CARD_SALT)


def plan_from_update_card_token(token: str) -> RecurringPlan | None:
    try:
        plan_pk = signing.loads(token, salt=UPDATE_CARD_SALT, max_age=UPDATE_CARD_MAX_AGE)
    except signing.BadSignature:
        return None
    return RecurringPlan.objects.select_related("donor").filter(pk=plan_pk).first()


def send_payment_failed_notice(plan: RecurringPlan) -> bool:
    """A renewal failed: ask the donor to update their card, with a signed link."""
    with translation.override(plan.donor.language):
        context = {
            "plan": plan,
            "donor_name": plan.donor.name,
            "amount": format_money(plan.amount_minor, plan.currency),
            "purpose": plan.campaign.title if plan.campaign else _("The Solidarity Fund"),
            "update_url": absolute_url(
                reverse("donations:update-card", kwargs={"token": update_card_token(plan)})
            ),
            "organisation": settings.ORGANISATION_NAME,
        }
        message = _email("payment_failed", context, plan.donor.email)
    message.send()
    return True
