"""Template access to the staff's Work pages (the Work menu)."""

from django import template

from accounts import work

register = template.Library()


@register.simple_tag
def work_pages(user) -> list[work.WorkPage]:
    """The Work pages the person may open, in the menu's order."""
    return work.work_pages(user)
