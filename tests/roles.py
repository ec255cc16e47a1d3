"""Everyone who can ask for a page, for permission tests: every page and export is
tried as every role it is not for.

``person_in(role, organisation)`` makes a user for a role; ``organisation`` is the
one the member-organisation roles work for (the "other_*" roles work for another).
"""

from campaigns.models import MemberOrganisation, OrganisationMembership
from tests.factories.accounts import (
    FinanceStaffFactory,
    FundraisingStaffFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories.campaigns import MemberOrganisationFactory, OrganisationStaffFactory

ROLES = (
    "anonymous",
    "donor",
    "organisation_editor",
    "organisation_admin",
    "other_organisation_admin",
    "fundraising",
    "finance",
    "superuser",
)


def person_in(role: str, organisation: MemberOrganisation | None = None):
    """A saved user in the role (None for anonymous), enrolled in two factors."""
    if role == "anonymous":
        return None
    if role == "donor":
        return UserFactory()
    if role == "fundraising":
        return FundraisingStaffFactory()
    if role == "finance":
        return FinanceStaffFactory()
    if role == "superuser":
        return StaffFactory()
    membership_role = (
        OrganisationMembership.Role.EDITOR
        if role == "organisation_editor"
        else OrganisationMembership.Role.ADMIN
    )
    if role == "other_organisation_admin" or organisation is None:
        organisation = MemberOrganisationFactory()
    return OrganisationStaffFactory(organisation=organisation, role=membership_role).user


def log_in_as(client, role: str, organisation: MemberOrganisation | None = None):
    """Log the test client in as someone in the role; returns the user (None if anonymous)."""
    user = person_in(role, organisation)
    if user is not None:
        client.force_login(user)
    return user
