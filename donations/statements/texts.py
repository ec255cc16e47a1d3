"""The sentences a yearly statement says, shared by its page, its PDF and its email."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fundraising.money import format_money

from .figures import (
    GIFT_OCCASION_MINIMUM_MINOR,
    REDUCTION_MAXIMUM_MINOR,
    YEARLY_MINIMUM_MINOR,
    CurrencyTotal,
    TaxReduction,
    YearlyStatement,
)


def tax_rule() -> str:
    return _(
        "Gifts of at least %(occasion)s each count toward the tax reduction for gifts when "
        "they add up to at least %(year)s in the year: 25 %% of them, at most %(maximum)s. "
        "Refunded amounts do not count."
    ) % {
        "occasion": format_money(GIFT_OCCASION_MINIMUM_MINOR, "SEK"),
        "year": format_money(YEARLY_MINIMUM_MINOR, "SEK"),
        "maximum": format_money(REDUCTION_MAXIMUM_MINOR, "SEK"),
    }


def tax_outcome(tax: TaxReduction) -> str:
    counted = format_money(tax.occasions_minor, tax.currency)
    if not tax.reaches_minimum:
        return _(
            "Your gifts of at least %(occasion)s add up to %(counted)s, less than %(year)s, "
            "so none of them count toward the tax reduction this year."
        ) % {
            "occasion": format_money(GIFT_OCCASION_MINIMUM_MINOR, "SEK"),
            "counted": counted,
            "year": format_money(YEARLY_MINIMUM_MINOR, "SEK"),
        }
    return _(
        "%(counted)s of your gifts count toward the tax reduction: a reduction of "
        "%(reduction)s. We report them to the Swedish Tax Agency when we have your "
        "personal identity number."
    ) % {"counted": counted, "reduction": format_money(tax.reduction_minor, tax.currency)}


def statement_title(statement: YearlyStatement) -> str:
    return _("Yearly statement %(year)s") % {"year": statement.year}


def total_sentence(total: CurrencyTotal) -> str:
    """The totals line: what a card dispute withholds is said apart, never as refunded."""
    amounts = {
        "net": format_money(total.net_minor, total.currency),
        "given": format_money(total.given_minor, total.currency),
        "refunded": format_money(total.refunded_minor, total.currency),
        "withheld": format_money(total.withheld_minor, total.currency),
    }
    if total.withheld_minor:
        return (
            _(
                "Total %(net)s (given %(given)s, refunded %(refunded)s, withheld by a card "
                "dispute %(withheld)s)"
            )
            % amounts
        )
    return _("Total %(net)s (given %(given)s, refunded %(refunded)s)") % amounts
