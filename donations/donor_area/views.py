"""A signed-in donor's monthly gifts: the list, and one POST per action (thin: parse,
call a service, say what happened, back to the list)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User

from ..models import RecurringPlan
from . import plans, selectors
from .forms import AmountForm, CancelForm, PauseForm

Action = Callable[[RecurringPlan, User], object]


@login_required
def my_plans(request: HttpRequest) -> HttpResponse:
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
        "has_verified_email": bool(selectors.verified_emails(request.user)),
    }
    return render(request, "donations/donor_area/plans.html", context)


@login_required
@require_POST
def change_amount(request: HttpRequest, plan_pk: int) -> HttpResponse:
    form = AmountForm(request.POST)
    return _act(
        request,
        plan_pk,
        form,
        lambda plan, user: plans.change_amount(plan, form.amount_minor(), by=user),
    )


@login_required
@require_POST
def pause(request: HttpRequest, plan_pk: int) -> HttpResponse:
    form = PauseForm(request.POST)
    return _act(
        request, plan_pk, form, lambda plan, user: plans.pause(plan, form.month_count(), by=user)
    )


@login_required
@require_POST
def resume(request: HttpRequest, plan_pk: int) -> HttpResponse:
    return _act(request, plan_pk, None, lambda plan, user: plans.resume(plan, by=user))


@login_required
@require_POST
def cancel(request: HttpRequest, plan_pk: int) -> HttpResponse:
    form = CancelForm(request.POST)
    return _act(
        request,
        plan_pk,
        form,
        lambda plan, user: plans.cancel(plan, form.cleaned_data["reason"], by=user),
    )


@login_required
@require_POST
def update_card(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = selectors.plan_of(request.user, plan_pk)
    try:
        url = plans.card_update_url(plan, request.build_absolute_uri(reverse("donations:my-plans")))
    except plans.PlanChangeRefused as exc:
        messages.error(request, str(exc))
        return redirect("donations:my-plans")
    return HttpResponseRedirect(url, status=303)


def _act(
    request: HttpRequest, plan_pk: int, form: forms.Form | None, action: Action
) -> HttpResponse:
    plan = selectors.plan_of(request.user, plan_pk)
    if form is not None and not form.is_valid():
        messages.error(request, _form_error(form))
        return redirect("donations:my-plans")
    try:
        action(plan, request.user)
    except plans.PlanChangeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Your change has been sent. It shows here as pending until it is confirmed."),
        )
    return redirect("donations:my-plans")


def _form_error(form: forms.Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
