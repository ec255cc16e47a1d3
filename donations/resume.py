"""Bringing a donor back from Stripe's page to a form filled in as they left it.

A checkout's details are personal, so only the browser that started it may see them
again: the ids of the checkouts it started are kept in its own session, and a link
naming any other checkout fills in nothing."""

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from campaigns.models import Campaign

from .models import CheckoutIntent

SESSION_KEY = "donations_started_checkouts"
REMEMBERED = 5  # a donor retrying a few times; older checkouts are forgotten
RESUME_PARAMETER = "resume"


def remember_checkout(session: SessionBase, intent: CheckoutIntent) -> None:
    started = [str(intent.pk), *session.get(SESSION_KEY, [])]
    session[SESSION_KEY] = started[:REMEMBERED]


def started_here(session: SessionBase, intent: CheckoutIntent) -> bool:
    return str(intent.pk) in session.get(SESSION_KEY, [])


def resumable_checkout(request: HttpRequest, campaign: Campaign | None) -> CheckoutIntent | None:
    """The checkout named by ``?resume=`` if this browser started it, for this campaign.

    The session is only read when a page is asked to resume, so other visits to the page
    do not depend on (or vary with) the session."""
    intent_id = request.GET.get(RESUME_PARAMETER)
    if not intent_id or intent_id not in request.session.get(SESSION_KEY, []):
        return None
    return (
        CheckoutIntent.objects.select_related("donor", "campaign")
        .filter(pk=intent_id, campaign=campaign)
        .first()
    )
