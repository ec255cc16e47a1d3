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

from ..models import RecurringPlan
from . import plans, selectors
from .plan_forms import AmountForm, CancelForm, PauseForm
from .views import donor_login_required

Action = Callable[[RecurringPlan, User], object]


@donor_login_required
def plans_page(request: HttpRequest) -> HttpResponse:
    user_plans = list(selectors.plans_of(request.user))
    latest = selectors.latest_changes(user_plans)
    rows = [
        {
            "plan": plan,
            "pending": plans.waiting(latest.get(plan.pk)),
            "changeable": plan.status in plans.CHANGEABLE,
        }
        for plan in user_plans
    ]
    context = {
        "rows": rows,
        "amount_form": AmountForm(),
        "pause_form": PauseForm(),
        "cancel_form": CancelForm(),
        "addresses": selectors.address_status(request.user),
    }
    return render(request, "donations/donor_area/plans.html", context)


@donor_login_required
@require_POST
def change_amount(request: HttpRequest, plan_pk: int) -> HttpResponse:
    form = AmountForm(request.POST)
    return _act(
        request,
        plan_pk,
        form,
        lambda plan, user: plans.change_amount(plan, form.amount_minor(), by=user),
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
