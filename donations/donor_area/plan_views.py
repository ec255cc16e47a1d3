"""A signed-in donor's monthly gifts: the list, and one POST per action (thin: parse,
call a service, say what happened, back to the list)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User

from ..billing_dates import first_charge_after
from ..models import PlanChange, RecurringPlan
from . import plans, selectors
from .plan_forms import AmountForm, CancelForm, PauseForm
from .plan_texts import pending_text
from .views import donor_login_required

Action = Callable[[RecurringPlan, User], object]


@donor_login_required
def plans_page(request: HttpRequest) -> HttpResponse:
    return _render_plans(request)


def _render_plans(
    request: HttpRequest,
    invalid_amount: tuple[int, AmountForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The list; ``invalid_amount`` is a plan's amount form sent with an error, shown at
    its field with what was typed."""
    user_plans = list(selectors.plans_of(request.user))
    latest = selectors.latest_changes(user_plans)
    rows = [
        {
            "plan": plan,
            "pending": _pending_text(plans.waiting(latest.get(plan.pk))),
            "changeable": plan.status in plans.CHANGEABLE,
            "charges_again_at": first_charge_after(plan.next_charge_at, plan.paused_until),
            "amount_form": _amount_form_for(plan, invalid_amount),
        }
        for plan in user_plans
    ]
    context = {
        "rows": rows,
        "pause_form": PauseForm(),
        "cancel_form": CancelForm(),
        "addresses": selectors.address_status(request.user),
    }
    return render(request, "donations/donor_area/plans.html", context, status=status)


def _pending_text(change: PlanChange | None) -> str:
    return pending_text(change) if change is not None else ""


def _amount_form_for(
    plan: RecurringPlan, invalid_amount: tuple[int, AmountForm] | None
) -> AmountForm:
    if invalid_amount is not None and invalid_amount[0] == plan.pk:
        return invalid_amount[1]
    return AmountForm(currency=plan.currency, auto_id=f"%s-{plan.pk}")


@donor_login_required
@require_POST
def change_amount(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """A new monthly amount. One that is not a number or out of range is shown at the
    field with what was typed; a refusal of the plan's state (ending, a change pending)
    is a message like the other actions'."""
    plan = selectors.plan_of(request.user, plan_pk)
    form = AmountForm(request.POST, currency=plan.currency, auto_id=f"%s-{plan.pk}")
    if not form.is_valid() and _shows_amount_form(plan):
        return _render_plans(request, invalid_amount=(plan.pk, form), status=400)
    return _act(
        request,
        plan_pk,
        form,
        lambda plan, user: plans.change_amount(plan, form.amount_minor(), by=user),
    )


def _shows_amount_form(plan: RecurringPlan) -> bool:
    """Whether the page has the plan's amount field to show an error at (as the template
    decides: a changeable plan that does not end and has no change pending)."""
    return (
        plan.status in plans.CHANGEABLE
        and plan.ends_at is None
        and plans.pending_change(plan) is None
    )


@donor_login_required
@require_POST
def pause(request: HttpRequest, plan_pk: int) -> HttpResponse:
    form = PauseForm(request.POST)
    return _act(
        request, plan_pk, form, lambda plan, user: plans.pause(plan, form.month_count(), by=user)
    )


@donor_login_required
@require_POST
def resume(request: HttpRequest, plan_pk: int) -> HttpResponse:
    return _act(request, plan_pk, None, lambda plan, user: plans.resume(plan, by=user))


@donor_login_required
@require_POST
def keep(request: HttpRequest, plan_pk: int) -> HttpResponse:
    return _act(request, plan_pk, None, lambda plan, user: plans.keep(plan, by=user))


@donor_login_required
@require_POST
def cancel(request: HttpRequest, plan_pk: int) -> HttpResponse:
    form = CancelForm(request.POST)
    return _act(
        request,
        plan_pk,
        form,
        lambda plan, user: plans.cancel(plan, form.cleaned_data["reason"], by=user),
    )


@donor_login_required
@require_POST
def update_card(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = selectors.plan_of(request.user, plan_pk)
    try:
        url = plans.card_update_url(plan, request.build_absolute_uri(reverse("donor-area:plans")))
    except plans.PlanChangeRefused as exc:
        messages.error(request, str(exc))
        return redirect("donor-area:plans")
    return HttpResponseRedirect(url, status=303)


def _act(
    request: HttpRequest, plan_pk: int, form: forms.Form | None, action: Action
) -> HttpResponse:
    plan = selectors.plan_of(request.user, plan_pk)
    if form is not None and not form.is_valid():
        messages.error(request, _form_error(form))
        return redirect("donor-area:plans")
    try:
        action(plan, request.user)
    except plans.PlanChangeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Your change has been sent. It shows here as pending until it is confirmed."),
        )
    return redirect("donor-area:plans")


def _form_error(form: forms.Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
