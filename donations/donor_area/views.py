"""The donor area's pages (thin: read through the selectors, render)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..notifications.receipt_pdf import render_receipt_pdf
from . import selectors

# Donors sign in with a code sent to their email; a password account can switch to the
# password form from there.
donor_login_required = login_required(login_url="account_request_login_code")


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@donor_login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Which addresses claim gifts (and why an unverified one does not), and a summary."""
    context = {
        "addresses": selectors.address_status(request.user),
        "gift_count": selectors.gifts_of(request.user).count(),
        "plan_count": selectors.plans_of(request.user).count(),
    }
    return render(request, "donations/donor_area/overview.html", context)


@donor_login_required
def gifts(request: HttpRequest) -> HttpResponse:
    """Every gift of the user's verified addresses, with status and receipt."""
    context = {
        "gifts": selectors.gifts_of(request.user),
        "addresses": selectors.address_status(request.user),
    }
    return render(request, "donations/donor_area/gifts.html", context)


@donor_login_required
def gift_receipt(request: HttpRequest, gift_id: int) -> HttpResponse:
    """A gift's receipt as a PDF, from what was recorded with the gift."""
    gift = selectors.gift_of(request.user, gift_id)
    return pdf_response(render_receipt_pdf(gift), f"receipt-{gift.receipt_reference}.pdf")
