"""``{% load finance_terms %}``: Stripe's codes as translated labels, the code kept in a
``title`` for whoever compares with Stripe's dashboard."""

from django import template
from django.utils.html import format_html

from donations.finance import stripe_terms

register = template.Library()


def _labelled(label: str, code: str) -> str:
    return format_html('<span title="{}">{}</span>', code, label) if code else ""


@register.filter
def balance_term(code: str) -> str:
    return _labelled(stripe_terms.balance_term(code), code)


@register.filter
def dispute_reason(code: str) -> str:
    return _labelled(stripe_terms.dispute_reason(code), code)


@register.filter
def refund_reason(code: str) -> str:
    return _labelled(stripe_terms.refund_reason(code), code)
