"""The gift receipt as a one-page PDF, rendered from what was recorded with the gift."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from fundraising.money import format_money

from ..models import Gift

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"


def gift_purpose(gift: Gift) -> str:
    return gift.campaign.title if gift.campaign else _("The Solidarity Fund")


def new_document(title: str) -> FPDF:
    """An A4 PDF with our fonts and the organisation's letterhead on its first page."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
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
    return pdf


def render_receipt_pdf(gift: Gift) -> bytes:
    """The receipt as a one-page PDF, in the active language."""
    pdf = new_document(_("Gift receipt %(number)s") % {"number": gift.receipt_reference})
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
    """The receipt's facts, with the donor's name as given for this gift."""
    lines = [
        (_("Receipt number"), gift.receipt_reference),
        (_("Date"), date_format(timezone.localtime(gift.paid_at), "DATE_FORMAT")),
        (_("Donor"), f"{gift.donor_name or gift.donor.name} <{gift.donor.email}>"),
        (_("Amount"), format_money(gift.amount_minor, gift.currency)),
        (_("Purpose"), gift_purpose(gift)),
        (_("Kind of gift"), str(gift.get_kind_display())),
    ]
    if gift.fee_cover_minor:
        lines.append(
            (_("Of which covers the card fee"), format_money(gift.fee_cover_minor, gift.currency))
        )
    if gift.refunded_minor:
        lines.append((_("Refunded"), format_money(gift.refunded_minor, gift.currency)))
    return lines


def manage_monthly_text() -> str:
    """Donors change their monthly gifts themselves, in the donor area."""
    return _(
        "This is one installment of your monthly gift. You can change the amount, pause or "
        "cancel it yourself under Manage your gifts on our website (sign in with a code we "
        "email you)."
    )
