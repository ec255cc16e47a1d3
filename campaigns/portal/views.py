"""The member organisations' campaign portal: their campaigns, the campaign editor,
preview, submit and close, and colleagues. Thin: check access (``access``), parse a
form, call a service, render."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Campaign, CampaignStatus
from ..selectors import with_totals
from . import invitations, selectors, services
from .access import PORTAL, campaign_for, organisation_for
from .forms import CampaignForm, InvitationForm
from .models import CampaignRevision
from .tokens import invitation_from_token

CHANGE = "campaigns.change_own_campaign"
VIEW = "campaigns.view_own_campaign"
MANAGE_COLLEAGUES = "campaigns.manage_colleagues"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PORTAL):
        raise PermissionDenied
    return render(
        request, "campaigns/portal/home.html", {"groups": selectors.portal_overview(request.user)}
    )


@login_required
def campaign_page(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = campaign_for(request, slug, VIEW)
    return render(
        request,
        "campaigns/portal/campaign.html",
        {
            "card": with_totals([campaign])[0],
            "revision": services.open_revision(campaign),
            "comment": selectors.latest_review_comment(campaign),
            "history": selectors.history(campaign),
        },
    )


def _save_form(request: HttpRequest, form: CampaignForm, campaign: Campaign | None, organisation):
    """Call the service for a valid form; a refusal becomes a form error."""
    values = form.campaign_values()
    try:
        if campaign is None:
            return services.create_campaign(
                organisation, values, by=request.user, upload=form.upload
            )
        return services.edit_campaign(
            campaign, values, by=request.user, upload=form.upload, remove_image=form.remove_image
        )
    except ValidationError as error:
        form.add_error(None, error)
    except services.WorkflowRefused as refusal:
        form.add_error(None, str(refusal))
    return None


@login_required
def campaign_new(request: HttpRequest, organisation: str) -> HttpResponse:
    org = organisation_for(request, organisation, CHANGE)
    form = CampaignForm(
        request.POST or None, request.FILES or None, instance=Campaign(organisation=org)
    )
    if request.method == "POST" and form.is_valid():
        campaign = _save_form(request, form, None, org)
        if campaign is not None:
            messages.success(request, _("The draft is saved."))
            return redirect("portal:campaign", slug=campaign.slug)
    return render(
        request, "campaigns/portal/edit.html", {"form": form, "organisation": org, "campaign": None}
    )


@login_required
def campaign_edit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = campaign_for(request, slug, CHANGE)
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.PUBLISHED) or (
        _revision_state(campaign) == CampaignRevision.State.IN_REVIEW
    ):
        messages.error(
            request, _("This campaign cannot be edited while it is in review or closed.")
        )
        return redirect("portal:campaign", slug=slug)
    proposing = campaign.status == CampaignStatus.PUBLISHED
    revision = services.open_revision(campaign)
    form = CampaignForm(
        request.POST or None,
        request.FILES or None,
        instance=campaign,
        initial=services.start_values(campaign),
        proposing=proposing,
        hero_owner=services.proposed_campaign(campaign, revision) if revision else None,
    )
    saved = request.method == "POST" and form.is_valid()
    if saved and _save_form(request, form, campaign, campaign.organisation) is not None:
        messages.success(
            request,
            _("Your changes are saved. Submit them for review to publish them.")
            if proposing
            else _("The draft is saved."),
        )
        return redirect("portal:campaign", slug=slug)
    return render(
        request,
        "campaigns/portal/edit.html",
        {"form": form, "organisation": campaign.organisation, "campaign": campaign},
    )


def _revision_state(campaign: Campaign) -> str | None:
    revision = services.open_revision(campaign)
    return revision.state if revision else None


@login_required
def campaign_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The campaign (with its proposed changes, if any) drawn by the public template."""
    campaign = campaign_for(request, slug, VIEW)
    revision = (
        services.open_revision(campaign) if campaign.status == CampaignStatus.PUBLISHED else None
    )
    shown = services.proposed_campaign(campaign, revision) if revision else campaign
    response = render(
        request,
        "campaigns/campaign_detail.html",
        {
            "card": with_totals([shown])[0],
            "preview": True,
            "proposed_changes": revision is not None,
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _workflow_step(
    request: HttpRequest, slug: str, step: Callable[..., object], done: str
) -> HttpResponse:
    """Move the campaign with a workflow service; a refusal is shown instead of ``done``."""
    campaign = campaign_for(request, slug, CHANGE)
    try:
        step(campaign, by=request.user)
    except services.WorkflowRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("portal:campaign", slug=slug)


@require_POST
@login_required
def campaign_submit(request: HttpRequest, slug: str) -> HttpResponse:
    done = _("Sent for review. The fundraising team will email you.")
    return _workflow_step(request, slug, services.submit_campaign, done)


@require_POST
@login_required
def campaign_close(request: HttpRequest, slug: str) -> HttpResponse:
    done = _("The campaign is closed and takes no more gifts.")
    return _workflow_step(request, slug, services.close_organisation_campaign, done)


@login_required
def colleagues(request: HttpRequest, organisation: str) -> HttpResponse:
    org = organisation_for(request, organisation, MANAGE_COLLEAGUES)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invite_colleague(
                org, form.cleaned_data["email"], form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("portal:colleagues", organisation=org.slug)
    return render(
        request,
        "campaigns/portal/colleagues.html",
        {"organisation": org, "form": form, "colleagues": selectors.colleagues(org)},
    )


@require_POST
@login_required
def colleague_remove(request: HttpRequest, organisation: str, user_id: int) -> HttpResponse:
    org = organisation_for(request, organisation, MANAGE_COLLEAGUES)
    try:
        invitations.remove_colleague(org, user_id, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The colleague no longer works for the organisation here."))
    return redirect("portal:colleagues", organisation=org.slug)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the link sees the invitation; accepting needs the invited address."""
    invitation = invitation_from_token(token)
    context = {"invitation": invitation, "error": None}
    if invitation is not None and request.method == "POST" and request.user.is_authenticated:
        try:
            invitations.accept_invitation(invitation, request.user)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("Welcome to %(organisation)s's campaigns.")
                % {"organisation": invitation.organisation.name},
            )
            return redirect("portal:home")
    status = 200 if invitation is not None else 404
    return render(request, "campaigns/portal/invitation.html", context, status=status)
