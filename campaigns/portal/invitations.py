"""An organisation's administrators invite colleagues by email and remove them.

The invitation's link carries a signed token valid for a week (``tokens``); accepting
it, signed in with the invited address, makes the user staff of the organisation (the
two-factor middleware then asks them to enrol, as for all organisation staff)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import tasks
from ..models import MemberOrganisation, OrganisationMembership
from .models import Invitation


@transaction.atomic
def invite_colleague(
    organisation: MemberOrganisation, email: str, role: str, *, by: User
) -> Invitation:
    """Record an invitation and email its link (after commit)."""
    email = email.strip()
    if OrganisationMembership.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        raise ValidationError({"email": _("This person already works for the organisation.")})
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=by
    )
    transaction.on_commit(lambda: tasks.send_invitation.delay(invitation.pk))
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> OrganisationMembership:
    """Make ``user`` staff of the invitation's organisation; only the invited address may."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if user.email.casefold() != invitation.email.casefold():
        raise ValidationError(
            _("This invitation was sent to %(email)s; sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership, _created = OrganisationMembership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def remove_colleague(organisation: MemberOrganisation, user_id: int, *, by: User) -> None:
    """Take a colleague off the organisation's staff; the last administrator stays."""
    memberships = OrganisationMembership.objects.select_for_update().filter(
        organisation=organisation
    )
    membership = memberships.filter(user_id=user_id).first()
    if membership is None:
        raise ValidationError(_("This person does not work for the organisation."))
    admins = [m for m in memberships if m.role == OrganisationMembership.Role.ADMIN]
    if membership.role == OrganisationMembership.Role.ADMIN and len(admins) == 1:
        raise ValidationError(_("An organisation needs at least one administrator."))
    membership.delete()
