"""The yearly statement as a PDF: every gift of the year, refunds netted, the totals and,
for an approved gift recipient, which gifts count toward the tax reduction."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fundraising.money import format_money

from ..notifications.receipt_pdf import gift_purpose, new_document
from .figures import YearlyStatement
from .texts import statement_title, tax_outcome, tax_rule


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
    align = ("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT")
    if statement.tax is not None:
        align += ("CENTER",)
    with pdf.table(text_align=align) as table:
        table.row(_column_headings(statement))
        for line in statement.lines:
            gift = line.gift
            row = [
                date_format(timezone.localtime(gift.paid_at), "SHORT_DATE_FORMAT"),
                gift_purpose(gift),
                gift.receipt_reference,
                format_money(gift.amount_minor, gift.currency),
                format_money(gift.refunded_minor, gift.currency) if gift.refunded_minor else "",
                format_money(line.net_minor, gift.currency),
            ]
            if statement.tax is not None:
                row.append(_("Yes") if line.counts_for_tax else "")
            table.row(row)
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 11)
    for total in statement.totals:
        text = _("Total %(net)s (given %(given)s, refunded %(refunded)s)") % {
            "net": format_money(total.net_minor, total.currency),
            "given": format_money(total.given_minor, total.currency),
            "refunded": format_money(total.deducted_minor, total.currency),
        }
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    if statement.tax is not None:
        pdf.ln(3)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 6, tax_outcome(statement.tax), new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, tax_rule(), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, _("Thank you for your solidarity."), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _column_headings(statement: YearlyStatement) -> list[str]:
    headings = [_("Date"), _("Purpose"), _("Receipt number"), _("Amount"), _("Refunded"), _("Net")]
    if statement.tax is not None:
        headings.append(_("Counts for tax reduction"))
    return headings
