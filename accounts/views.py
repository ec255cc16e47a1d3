"""Donor self-service pages."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from . import services
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
        {"form": form, "mfa_enabled": is_mfa_enabled(request.user)},
    )
