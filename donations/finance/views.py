"""Finance pages: payouts and their lines, open disputes, unmatched lines, refunds, a
month of the books with its SIE file, finding a gift, and one gift with the refund form. Every page
needs ``donations.view_finance`` (refunds ``donations.refund_gift``, SIE
``donations.export_books``); every list is paginated and downloads as CSV
(``?format=csv``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fundraising.money import format_major, format_money

from ..models import Gift, Payout, RecurringPlan
from ..notifications.receipt_pdf import render_receipt_pdf
from . import ledger_reads, selectors, tables
from . import month as months
from .csv_export import csv_response
from .forms import RefundForm
from .periods import mark_exported
from .refunds import RefundRefused, is_disputed, refundable_minor, request_refund
from .search import GiftSearchForm, find_gifts
from .sie import write_sie

PAGE_SIZE = 50
LINES_PAGE_SIZE = 100


def requires(permission: str) -> Callable:
    """Anonymous visitors are sent to log in; anyone without the permission gets 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked

    return decorate


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def page_of(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def list_or_csv(
    request: HttpRequest,
    queryset,
    *,
    template: str,
    table: tuple[str, Callable, Callable],
    size: int = PAGE_SIZE,
    **context,
) -> HttpResponse:
    """A page of the list, or (``?format=csv``) all of it as CSV: ``table`` is the
    file name, the header and the rows of ``tables``."""
    filename, header, rows = table
    if wants_csv(request):
        return csv_response(filename, header(), rows(queryset))
    return render(request, template, {"page": page_of(request, queryset, size), **context})


@require_GET
@requires("donations.view_finance")
def payouts(request: HttpRequest) -> HttpResponse:
    return list_or_csv(
        request,
        selectors.payouts(),
        template="finance/payouts.html",
        table=("payouts.csv", tables.payout_header, tables.payout_rows),
    )


@require_GET
@requires("donations.view_finance")
def payout_detail(request: HttpRequest, pk: int) -> HttpResponse:
    payout = get_object_or_404(Payout, pk=pk)
    return list_or_csv(
        request,
        selectors.payout_lines(payout),
        template="finance/payout.html",
        table=(f"{payout.stripe_payout_id}.csv", tables.line_header, tables.line_rows),
        size=LINES_PAGE_SIZE,
        payout=payout,
    )


@require_GET
@requires("donations.view_finance")
def disputes(request: HttpRequest) -> HttpResponse:
    return list_or_csv(
        request,
        ledger_reads.open_disputes(),
        template="finance/disputes.html",
        table=("open-disputes.csv", tables.dispute_header, tables.dispute_rows),
        now=timezone.now(),
    )


@require_GET
@requires("donations.view_finance")
def unmatched(request: HttpRequest) -> HttpResponse:
    return list_or_csv(
        request,
        selectors.unmatched_lines().select_related("gift", "refund", "dispute"),
        template="finance/unmatched.html",
        table=("unmatched-lines.csv", tables.line_header, tables.line_rows),
        not_reconciled=selectors.payouts_not_reconciled(),
    )


@require_GET
@requires("donations.view_finance")
def refunds(request: HttpRequest) -> HttpResponse:
    return list_or_csv(
        request,
        ledger_reads.refunds(),
        template="finance/refunds.html",
        table=("refunds.csv", tables.refund_header, tables.refund_rows),
        unsettled=ledger_reads.unsettled_refund_requests()[:PAGE_SIZE],
    )


@require_GET
@requires("donations.view_finance")
def gifts(request: HttpRequest) -> HttpResponse:
    """Every gift, newest first, or those a receipt number, email, name or Stripe id
    finds."""
    form = GiftSearchForm(request.GET)
    query = form.query()
    return render(
        request,
        "finance/gifts.html",
        {"form": form, "query": query, "page": page_of(request, find_gifts(query))},
    )


@require_GET
@requires("donations.view_finance")
def this_month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return redirect("finance:month", year=today.year, month=today.month)


def _month_or_404(year: int, month: int) -> months.Month:
    try:
        return months.Month.of(year, month)
    except ValueError:
        raise Http404 from None


@require_GET
@requires("donations.view_finance")
def month_view(request: HttpRequest, year: int, month: int) -> HttpResponse:
    period = _month_or_404(year, month)
    context = {
        "month": period,
        "gifts": months.gift_totals(period),
        "refunds": months.refund_totals(period),
        "failed_refunds": months.failed_refund_totals(period),
        "disputes": months.dispute_totals(period),
        "movements": months.balance_movements(period),
        "payouts": months.month_payouts(period),
        "closing_balance": months.closing_balance(period),
        "exports": months.exports_of(period),
    }
    return render(request, "finance/month.html", context)


@require_POST
@requires("donations.export_books")
def month_sie(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The month's vouchers as SIE 4I; the month is marked exported. A month exported
    before is only written again when asked (``again``), so it is not booked twice."""
    period = _month_or_404(year, month)
    if months.exports_of(period).exists() and not request.POST.get("again"):
        messages.error(
            request,
            _("This month was exported before. Tick “export again” if you mean to."),
        )
        return redirect("finance:month", year=year, month=month)
    stream = io.BytesIO()
    with transaction.atomic():
        export = write_sie(period.start, period.end, stream)
        mark_exported(period.start, period.end, vouchers=export.vouchers, user=request.user)
    response = HttpResponse(stream.getvalue(), content_type="text/plain; charset=cp437")
    response["Content-Disposition"] = f'attachment; filename="{period.start:%Y-%m}.se"'
    return response


def _gift_context(gift: Gift, form: RefundForm | None = None) -> dict:
    can_cancel_plan = gift.plan is not None and gift.plan.status != RecurringPlan.Status.CANCELLED
    remaining = refundable_minor(gift)
    if form is None:
        form = RefundForm(
            currency=gift.currency,
            can_cancel_plan=can_cancel_plan,
            initial={"amount": format_major(remaining) if remaining else None},
        )
    return {
        "gift": gift,
        "form": form,
        "remaining_minor": remaining,
        "disputed": is_disputed(gift),
    }


@require_GET
@requires("donations.view_finance")
def gift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    gift = _gift_or_404(pk)
    return render(request, "finance/gift.html", _gift_context(gift))


def _gift_or_404(pk: int) -> Gift:
    try:
        return ledger_reads.gift_for_finance(pk)
    except Gift.DoesNotExist:
        raise Http404 from None


@require_POST
@requires("donations.refund_gift")
def refund_gift(request: HttpRequest, pk: int) -> HttpResponse:
    gift = _gift_or_404(pk)
    can_cancel_plan = gift.plan is not None
    form = RefundForm(request.POST, currency=gift.currency, can_cancel_plan=can_cancel_plan)
    if form.is_valid():
        try:
            refund = request_refund(
                gift.pk,
                amount_minor=form.amount_minor,
                reason=form.cleaned_data["reason"],
                by=request.user,
                cancel_plan=form.cleaned_data.get("cancel_plan", False),
            )
        except RefundRefused as refused:
            form.add_error(None, refused.message)
        else:
            _say_what_happened(request, refund)
            return redirect("finance:gift", pk=gift.pk)
    context = _gift_context(ledger_reads.gift_for_finance(pk), form)
    return render(request, "finance/gift.html", context, status=400)


def _say_what_happened(request: HttpRequest, refund) -> None:
    amount = format_money(refund.amount_minor, refund.currency)
    if refund.state == refund.State.FAILED:
        messages.error(
            request,
            _("Stripe could not make the refund of %(amount)s: %(reason)s")
            % {"amount": amount, "reason": refund.failure_reason},
        )
    else:
        messages.success(
            request,
            _("A refund of %(amount)s is requested. It counts as refunded when Stripe confirms it.")
            % {"amount": amount},
        )


@require_GET
@requires("donations.view_finance")
def gift_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    gift = get_object_or_404(Gift.objects.select_related("campaign", "donor"), pk=pk)
    if gift.receipt_number is None:
        raise Http404
    response = HttpResponse(render_receipt_pdf(gift), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{gift.receipt_reference}.pdf"'
    return response
