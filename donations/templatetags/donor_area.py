"""The donor area's menu, drawn from ``donations.donor_area.sections.SECTIONS``."""

from dataclasses import dataclass

from django import template
from django.urls import reverse

from ..donor_area.sections import SECTIONS

register = template.Library()


@dataclass(frozen=True)
class MenuItem:
    url: str
    label: str
    description: str
    active: bool


@register.simple_tag(takes_context=True)
def donor_area_menu(context) -> list[MenuItem]:
    """Each section with its address in the page's language; the one shown is active
    (the overview only on its own address, the others on their sub-pages too)."""
    path = context["request"].path
    overview = reverse(SECTIONS[0].url_name)
    items = []
    for section in [section for section in SECTIONS if section.shown]:
        url = reverse(section.url_name)
        active = path == url if url == overview else path.startswith(url)
        items.append(MenuItem(url, str(section.label), str(section.description), active))
    return items
