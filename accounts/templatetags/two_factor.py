"""Template access to the page someone was going to before enrolling in two factors."""

from django import template

from accounts import two_factor

register = template.Library()


@register.simple_tag(takes_context=True)
def two_factor_destination(context: template.Context) -> str:
    """The remembered page ("" if none), e.g. to offer a way on after enrolling."""
    return two_factor.pending_destination(context["request"])


@register.filter
def must_use_two_factor(user) -> bool:
    """Whether the person must sign in with two factors (staff of any kind)."""
    return two_factor.must_use_two_factor(user)
