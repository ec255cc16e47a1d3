"""Who may do what with member organisations and their campaigns.

Object-level rules (``rules``), registered as Django permissions so views check
``user.has_perm("campaigns.change_own_campaign", campaign)`` and templates
``{% has_perm ... %}``. Staff roles come from ``accounts.roles``.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from accounts.roles import is_fundraising_staff, organisation_roles

from .models import Campaign, MemberOrganisation, OrganisationMembership


def _memberships(user: User | AnonymousUser) -> dict[int, str]:
    """Organisation id -> role for an active user (read once per user object)."""
    if not user.is_authenticated or not user.is_active:
        return {}
    return organisation_roles(user)


def organisation_ids_of(user: User | AnonymousUser) -> list[int]:
    """The member organisations the user works for (empty for everyone else)."""
    return list(_memberships(user))


def _organisation_id(target: MemberOrganisation | Campaign | None) -> int | None:
    if isinstance(target, Campaign):
        return target.organisation_id
    if isinstance(target, MemberOrganisation):
        return target.pk
    return None


@rules.predicate
def is_organisation_staff(user: User | AnonymousUser) -> bool:
    """Works for at least one member organisation."""
    return bool(_memberships(user))


@rules.predicate
def works_for(user: User | AnonymousUser, target: MemberOrganisation | Campaign | None) -> bool:
    """Works for the organisation, or for the organisation that runs the campaign."""
    organisation_id = _organisation_id(target)
    return organisation_id is not None and organisation_id in _memberships(user)


@rules.predicate
def administers(user: User | AnonymousUser, target: MemberOrganisation | Campaign | None) -> bool:
    """An administrator of the organisation (or of the campaign's organisation)."""
    organisation_id = _organisation_id(target)
    return _memberships(user).get(organisation_id) == OrganisationMembership.Role.ADMIN


# The organisation portal and everything in it.
rules.add_perm("campaigns.use_portal", is_organisation_staff)
rules.add_perm("campaigns.view_own_campaign", works_for | is_fundraising_staff)
rules.add_perm("campaigns.change_own_campaign", works_for)
rules.add_perm("campaigns.manage_colleagues", administers)
# The fundraising team's work.
rules.add_perm("campaigns.review_campaigns", is_fundraising_staff)
rules.add_perm("campaigns.view_dashboard", is_fundraising_staff)
rules.add_perm("campaigns.view_organisation_dashboard", works_for | is_fundraising_staff)
rules.add_perm("campaigns.export_consenting_donors", works_for)
