"""Donor self-service pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from . import services, two_factor, work
from .forms import ProfileForm


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's account overview, where they change their name and language."""
    form = ProfileForm.for_user(request.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = services.update_profile(request.user, **form.cleaned_data)
        # Continue in the language just chosen, so the choice takes effect at once.
        with translation.override(user.language):
            messages.success(request, _("Your account details have been saved."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        # Whoever must use two factors has enrolled by now (the middleware saw to it).
        {"form": form, "two_factor_required": two_factor.must_use_two_factor(request.user)},
    )


@login_required
def continue_after_enrolment(request: HttpRequest) -> HttpResponse:
    """From the recovery codes shown after enrolling, on to the page the person
    was going to when they were sent to enrol, else to their first Work page."""
    destination = two_factor.pop_destination(request) or work.start_page(request.user)
    return redirect(destination or "accounts:profile")
