"""The fundraising team's review queue: campaigns waiting, what changed, approve or
send back with a comment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..models import Campaign
from ..selectors import with_totals
from . import selectors, services
from .access import REVIEW
from .forms import SendBackForm


@login_required
@permission_required(REVIEW, raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "campaigns/portal/review_queue.html", {"items": selectors.review_queue()}
    )


@login_required
@permission_required(REVIEW, raise_exception=True)
def review(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = (
        Campaign.objects.select_related("organisation", "programme").filter(slug=slug).first()
    )
    if campaign is None:
        raise Http404("No such campaign.")
    form = SendBackForm(request.POST or None)
    if request.method == "POST":
        done = _decide(request, campaign, form)
        if done:
            return redirect("portal:review-queue")
    revision = services.revision_in_review(campaign)
    waiting = revision is not None or campaign.status == Campaign.Status.IN_REVIEW
    return render(
        request,
        "campaigns/portal/review.html",
        {
            "card": with_totals([campaign])[0],
            "revision": revision,
            "waiting": waiting,
            "changes": selectors.changes_to_review(campaign) if waiting else [],
            "history": selectors.history(campaign),
            "form": form,
        },
    )


def _decide(request: HttpRequest, campaign: Campaign, form: SendBackForm) -> bool:
    try:
        if "approve" in request.POST:
            services.approve_campaign(campaign, by=request.user)
            messages.success(request, _approved_message(campaign))
            return True
        if form.is_valid():
            services.send_back(campaign, by=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _sent_back_message(campaign))
            return True
    except services.WorkflowRefused as refusal:
        form.add_error(None, str(refusal))
    except ValidationError as error:
        form.add_error(None, error)
    return False


def _approved_message(campaign: Campaign) -> str:
    return _("“%(title)s” is approved and public.") % {"title": campaign.title}


def _sent_back_message(campaign: Campaign) -> str:
    return _("“%(title)s” is sent back to its organisation.") % {"title": campaign.title}
