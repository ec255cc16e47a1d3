"""Donor self-service pages."""

from allauth.account.views import RequestLoginCodeView
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


class KeepDestinationRequestLoginCodeView(RequestLoginCodeView):
    """allauth's "send me a sign-in code" page. Someone who already has a code pending is
    sent on to enter it; allauth drops the ``next`` there, so after the code they would
    land on the home page instead of where they were going (say Mina gåvor)."""

    def _redirect_to_pending_stage(self, request, stage):
        response = super()._redirect_to_pending_stage(request, stage)
        if response is not None:
            response["Location"] = self.passthrough_next_url(response["Location"])
        return response


request_login_code = KeepDestinationRequestLoginCodeView.as_view()
