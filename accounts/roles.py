"""The centre's staff roles: who is fundraising staff and who is finance staff.

A role is a Django group with a fixed name. The predicates here are the only way
the rest of the code asks "is this person finance staff?"; the permissions built
on them are registered with ``rules`` in each app's ``rules.py`` (object-level
rules for member-organisation staff live in ``campaigns/rules.py``).
"""

import rules
from django.contrib.auth.models import AnonymousUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import User


class Role(models.TextChoices):
    FUNDRAISING = "fundraising-staff", _("Fundraising staff")
    FINANCE = "finance-staff", _("Finance staff")


def has_role(user: User | AnonymousUser, role: Role) -> bool:
    """True for an active user in the role's group; superusers hold every role."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return role.value in _group_names(user)


def _group_names(user: User) -> frozenset[str]:
    """The user's group names, read once per request-scoped user object."""
    cached = getattr(user, "_role_group_names", None)
    if cached is None:
        saved = user.pk is not None
        cached = frozenset(user.groups.values_list("name", flat=True)) if saved else frozenset()
        user._role_group_names = cached  # type: ignore[union-attr]
    return cached


def organisation_roles(user: User | AnonymousUser) -> dict[int, str]:
    """Member organisation id -> the user's role there, for whoever works for one;
    read once per request-scoped user object, as two-factor enforcement, the menus
    and the organisations' permission rules all ask."""
    if not user.is_authenticated or user.pk is None:
        return {}
    cached = getattr(user, "_organisation_roles", None)
    if cached is None:
        # The membership model is the campaigns app's; its reverse relation keeps
        # this app from importing it.
        memberships = user.organisationmembership_set  # type: ignore[union-attr]
        cached = dict(memberships.values_list("organisation_id", "role"))
        user._organisation_roles = cached  # type: ignore[union-attr]
    return cached


def grant_role(user: User, role: Role) -> None:
    """Put the user in the role's group (created on first use)."""
    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    user.__dict__.pop("_role_group_names", None)


def revoke_role(user: User, role: Role) -> None:
    user.groups.remove(*Group.objects.filter(name=role.value))
    user.__dict__.pop("_role_group_names", None)


def holds_any_role(user: User | AnonymousUser) -> bool:
    return any(has_role(user, role) for role in Role)


@rules.predicate
def is_fundraising_staff(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.FUNDRAISING)


@rules.predicate
def is_finance_staff(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.FINANCE)
