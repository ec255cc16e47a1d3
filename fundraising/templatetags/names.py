"""``{{ countries|by_name }}``: rows with a localized name, sorted for the page's language."""

from collections.abc import Iterable

from django import template

from fundraising.translation import sorted_by_name

register = template.Library()


@register.filter
def by_name(items: Iterable[object]) -> list[object]:
    return sorted_by_name(items)
