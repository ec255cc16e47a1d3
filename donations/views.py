"""Giving pages and the Stripe webhook endpoint (thin: parse, call a service, render)."""

from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.models import Campaign

from . import checkout, selectors, stripe_gateway
from .forms import GiveForm
from .models import CheckoutIntent
from .notifications.links import plan_from_update_card_token
from .ratelimit import allow
from .resume import RESUME_PARAMETER, remember_checkout, started_here
from .sharing import share_links
from .webhooks.inbox import InvalidEvent, receive_webhook_event

CHECKOUT_SESSION_PLACEHOLDER = "{CHECKOUT_SESSION_ID}"


def _page_of(campaign: Campaign | None) -> str:
    return campaign.get_absolute_url() if campaign else reverse("campaigns:fund")


@sensitive_post_parameters("personnummer")
@require_http_methods(["GET", "POST"])
def give(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Validate the giving form and send the donor to Stripe's payment page."""
    campaign = get_object_or_404(Campaign.objects.published(), slug=slug) if slug else None
    if request.method == "GET":
        return redirect(f"{_page_of(campaign)}#give")
    form = GiveForm(request.POST, campaign=campaign)
    context = {"campaign": campaign, "form": form}
    if form.is_valid():
        # Only complete forms count against the limit (they are what reaches Stripe), so
        # a donor correcting mistakes is never locked out.
        if not allow(request, "checkout", settings.CHECKOUT_RATE_LIMIT):
            return render(
                request, "donations/rate_limited.html", {"campaign": campaign}, status=429
            )
        try:
            opened = checkout.start_checkout(
                form.gift_request(),
                success_url=lambda intent: (
                    _absolute(request, "donations:thanks", intent)
                    + f"?session_id={CHECKOUT_SESSION_PLACEHOLDER}"
                ),
                cancel_url=lambda intent: _absolute(request, "donations:cancelled", intent),
            )
        except checkout.CheckoutUnavailable:
            return render(
                request, "donations/give.html", {**context, "provider_down": True}, status=503
            )
        except checkout.CheckoutRefused as exc:
            context["refusal"] = str(exc)
        else:
            remember_checkout(request.session, opened.intent)
            return HttpResponseRedirect(opened.payment_url, status=303)
    return render(request, "donations/give.html", context)


def _absolute(request: HttpRequest, name: str, intent: CheckoutIntent) -> str:
    return request.build_absolute_uri(reverse(name, kwargs={"intent_id": intent.pk}))


def thanks(request: HttpRequest, intent_id: UUID) -> HttpResponse:
    """The return page: reads our ledger, and says honestly when the payment is still
    being confirmed (the webhook has not arrived yet) or has not been confirmed at all."""
    intent = get_object_or_404(CheckoutIntent.objects.select_related("campaign"), pk=intent_id)
    page = _page_of(intent.campaign)
    share_url = request.build_absolute_uri(page)
    title = intent.campaign.title if intent.campaign else _("The Solidarity Fund")
    context = {
        "intent": intent,
        "outcome": selectors.checkout_outcome(intent),
        "page": page,
        "try_again": f"{page}?{_form_query(request, intent)}#give",
        "share_url": share_url,
        "share_links": share_links(share_url, title),
    }
    return render(request, "donations/thanks.html", context)


def _form_query(request: HttpRequest, intent: CheckoutIntent) -> str:
    """The query that fills the form in again: everything for the browser that started
    the checkout (see ``donations.resume``), the amount and frequency for any other."""
    if started_here(request.session, intent):
        return urlencode({RESUME_PARAMETER: intent.pk})
    return urlencode({"amount": intent.amount_minor, "frequency": intent.frequency})


@require_http_methods(["GET", "POST"])
def cancelled(request: HttpRequest, intent_id: UUID) -> HttpResponse:
    """The donor left Stripe's page: back to the form as they left it.

    A GET (the link Stripe's page returns to, or a link preview fetching it) changes
    nothing: the session expires at Stripe on its own. A POST closes it at once."""
    intent = get_object_or_404(CheckoutIntent.objects.select_related("campaign"), pk=intent_id)
    if request.method == "POST":
        checkout.abandon_checkout(intent)
    messages.info(request, _("The payment was cancelled and nothing was charged."))
    return redirect(f"{_page_of(intent.campaign)}?{_form_query(request, intent)}#give")


def update_card(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link in a failed-payment email: on to Stripe's page to change the card."""
    plan = plan_from_update_card_token(token)
    if plan is None or not plan.billing_customer_id:
        return render(request, "donations/link_expired.html", status=400)
    try:
        url = stripe_gateway.create_billing_portal_session(
            plan.billing_customer_id, request.build_absolute_uri(reverse("campaigns:home"))
        )
    except stripe_gateway.StripeError:
        return render(request, "donations/payment_provider_unavailable.html", status=503)
    return HttpResponseRedirect(url)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Verify, store and acknowledge; processing happens in a Celery task."""
    try:
        verified = stripe_gateway.verify_webhook(
            request.body, request.headers.get("Stripe-Signature")
        )
    except stripe_gateway.InvalidWebhook as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    try:
        created = receive_webhook_event(verified.raw, verified.event)
    except InvalidEvent as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"received": True, "duplicate": not created})
