"""The donor area's pages (thin: read through the selectors, render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..consents import records as consent_records
from ..consents import selectors as consent_selectors
from ..consents.links import donor_from_withdrawal_token
from ..consents.wording import WITHDRAW_ALL_WORDING
from ..models import Consent
from ..notifications.receipt_pdf import render_receipt_pdf
from ..statements.figures import YearlyStatement, gift_years, yearly_statement
from ..statements.pdf import render_statement_pdf
from ..statements.texts import tax_outcome, tax_rule
from . import selectors
from .forms import ConsentChoiceForm, wording_for

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
        "plan_count": selectors.ongoing_plan_count(request.user),
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
    return pdf_response(
        render_receipt_pdf(gift),
        _("receipt-%(reference)s.pdf") % {"reference": gift.receipt_reference},
    )


@donor_login_required
def statements(request: HttpRequest) -> HttpResponse:
    """The calendar years the user gave in, each with its statement."""
    context = {
        "years": gift_years(selectors.donors_of(request.user)),
        "addresses": selectors.address_status(request.user),
    }
    return render(request, "donations/donor_area/statements.html", context)


def _statement_or_404(request: HttpRequest, year: int) -> YearlyStatement:
    statement = None
    donors = selectors.donors_of(request.user)
    if year in gift_years(donors):
        statement = yearly_statement(donors, year)
    if statement is None:
        raise Http404
    return statement


@donor_login_required
def statement(request: HttpRequest, year: int) -> HttpResponse:
    """One year's gifts with refunds netted, the totals and the tax reduction (if any)."""
    statement = _statement_or_404(request, year)
    context = {
        "statement": statement,
        "tax_outcome": tax_outcome(statement.tax) if statement.tax else "",
        "tax_rule": tax_rule() if statement.tax else "",
    }
    return render(request, "donations/donor_area/statement.html", context)


@donor_login_required
def statement_pdf(request: HttpRequest, year: int) -> HttpResponse:
    statement = _statement_or_404(request, year)
    return pdf_response(
        render_statement_pdf(statement), _("statement-%(year)s.pdf") % {"year": year}
    )


@donor_login_required
@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest) -> HttpResponse:
    """The newsletter and each member organisation's "may contact me": one click gives or
    withdraws, for every verified address of the account; the history below."""
    donors = list(selectors.donors_of(request.user))
    if request.method == "POST":
        form = ConsentChoiceForm(request.POST)
        if not form.is_valid() or not donors:
            messages.error(request, _("That choice could not be saved. Nothing was changed."))
            return redirect("donor-area:consents")
        consent_records.set_consent_for_donors(
            donors,
            topic=form.cleaned_data["topic"],
            organisation=form.cleaned_data["organisation"],
            given=form.cleaned_data["given"],
            wording=form.wording(),
            source=Consent.Source.DONOR_AREA,
        )
        messages.success(request, _("Your choice has been saved."))
        return redirect("donor-area:consents")
    context = {
        "choices": [
            (state, wording_for(state.topic, state.organisation, given=not state.given))
            for state in consent_selectors.consent_overview(donors)
        ],
        "history": consent_selectors.history(donors)[:50],
        "has_donors": bool(donors),
        "addresses": selectors.address_status(request.user),
    }
    return render(request, "donations/donor_area/consents.html", context)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def withdraw_consents(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link in every donor email: no sign-in needed. A GET shows what is given
    and one button; a POST (that button, or a mail program's one-click unsubscribe,
    which sends no CSRF token: the signed link is the credential) withdraws it all.
    Following it again changes nothing."""
    donor = donor_from_withdrawal_token(token)
    if donor is None:
        return render(request, "donations/donor_area/withdrawal_link_invalid.html", status=400)
    withdrawn = None
    if request.method == "POST":
        withdrawn = consent_records.withdraw_all(
            [donor], wording=str(WITHDRAW_ALL_WORDING), source=Consent.Source.EMAIL_LINK
        )
    context = {
        "given": consent_selectors.given_consents(donor),
        "withdrawn": withdrawn,
        "wording": WITHDRAW_ALL_WORDING,
    }
    return render(request, "donations/donor_area/withdraw_consents.html", context)
