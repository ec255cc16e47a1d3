"""The yearly statement as a PDF: every gift of the year, refunds and amounts withheld by
card disputes netted (each in its own column), the totals and,
for an approved gift recipient, which gifts count toward the tax reduction."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fundraising.money import format_money

from ..notifications.receipt_pdf import gift_purpose, new_document
from .figures import StatementLine, YearlyStatement
from .texts import statement_title, tax_outcome, tax_rule, total_sentence


def render_statement_pdf(statement: YearlyStatement) -> bytes:
    """The statement in the active language."""
    pdf = new_document(statement_title(statement))
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 10, statement_title(statement), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    donor = f"{statement.donor_name} <{', '.join(statement.emails)}>"
    pdf.multi_cell(0, 6, _("Donor: %(donor)s") % {"donor": donor}, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    align = ("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT")
    if statement.has_disputes:
        align += ("RIGHT",)
    align += ("RIGHT",)
    if statement.tax is not None:
        align += ("CENTER",)
    with pdf.table(text_align=align) as table:
        table.row(column_headings(statement))
        for line in statement.lines:
            table.row(gift_row(statement, line))
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 11)
    for total in statement.totals:
        pdf.multi_cell(0, 7, total_sentence(total), new_x="LMARGIN", new_y="NEXT")
    if statement.tax is not None:
        pdf.ln(3)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 6, tax_outcome(statement.tax), new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, tax_rule(), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, _("Thank you for your solidarity."), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def column_headings(statement: YearlyStatement) -> list[str]:
    headings = [_("Date"), _("Purpose"), _("Receipt number"), _("Amount"), _("Refunded")]
    if statement.has_disputes:
        headings.append(_("Withheld by a card dispute"))
    headings.append(_("Net"))
    if statement.tax is not None:
        headings.append(_("Counts for tax reduction"))
    return headings


def gift_row(statement: YearlyStatement, line: StatementLine) -> list[str]:
    gift = line.gift
    row = [
        date_format(timezone.localtime(gift.paid_at), "SHORT_DATE_FORMAT"),
        gift_purpose(gift),
        gift.receipt_reference,
        format_money(gift.amount_minor, gift.currency),
        _money_or_blank(gift.refunded_minor, gift.currency),
    ]
    if statement.has_disputes:
        row.append(_money_or_blank(gift.disputed_minor, gift.currency))
    row.append(format_money(line.net_minor, gift.currency))
    if statement.tax is not None:
        row.append(_("Yes") if line.counts_for_tax else "")
    return row


def _money_or_blank(amount_minor: int, currency: str) -> str:
    return format_money(amount_minor, currency) if amount_minor else ""
