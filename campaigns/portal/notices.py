"""Emails of the portal: a review decision to the organisation's staff, each in their
own language, and an invitation to join an organisation. Plain text with an HTML
alternative (``templates/emails/<name>_body.txt`` / ``_body.html``)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User

from ..models import Campaign
from .models import Invitation
from .tokens import invitation_token


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _email(template: str, context: dict, to: str) -> EmailMultiAlternatives:
    context = {
        "organisation": settings.ORGANISATION_NAME,
        "organisation_number": settings.ORGANISATION_NUMBER,
        "organisation_address": settings.ORGANISATION_ADDRESS,
        **context,
    }
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    context["subject"] = subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}_body.txt", context),
        to=[to],
        reply_to=[settings.ORGANISATION_EMAIL],
    )
    message.attach_alternative(
        render_to_string(f"emails/{template}_body.html", context), "text/html"
    )
    return message


def organisation_staff(campaign: Campaign) -> list[User]:
    if campaign.organisation_id is None:
        return []
    return list(User.objects.filter(member_organisations=campaign.organisation_id, is_active=True))


def send_review_notice(campaign: Campaign, *, approved: bool, comment: str) -> int:
    """Tell each of the organisation's staff, in their language, what the fundraising
    team decided; returns how many were emailed."""
    messages = []
    for user in organisation_staff(campaign):
        with translation.override(user.language):
            context = {
                "purpose": campaign.title,
                "approved": approved,
                "comment": comment,
                "portal_url": _absolute(reverse("portal:campaign", kwargs={"slug": campaign.slug})),
            }
            messages.append(_email("campaign_review", context, user.email))
    for message in messages:
        message.send()
    return len(messages)


def send_invitation(invitation: Invitation) -> None:
    """Email the invitation link, in the language of the colleague who sent it."""
    inviter = invitation.invited_by
    with translation.override(inviter.language if inviter else settings.LANGUAGE_CODE):
        path = reverse("portal:accept-invitation", kwargs={"token": invitation_token(invitation)})
        context = {
            "purpose": invitation.organisation.name,
            "role": invitation.get_role_display(),
            "accept_url": _absolute(path),
        }
        _email("invitation", context, invitation.email).send()
