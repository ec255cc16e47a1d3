"""``{% load money %}`` then ``{{ gift.amount_minor|money:gift.currency }}``."""

from django import template

from fundraising.money import format_money

register = template.Library()


@register.filter(name="money")
def money(amount_minor: int | None, currency: str = "SEK") -> str:
    if amount_minor is None:
        return ""
    return format_money(amount_minor, currency)
