"""My data: download everything we hold, or ask for erasure (thin: selectors and the
``my_data`` / ``erasure`` services)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import erasure, my_data, selectors
from .views import donor_login_required


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that erasure cannot be undone."), required=True
    )


@donor_login_required
def my_data_page(request: HttpRequest) -> HttpResponse:
    donors = selectors.donors_of(request.user)
    context = {
        "addresses": selectors.address_status(request.user),
        "refusal": erasure.erasure_refusal(donors),
        "form": ErasureForm(),
    }
    return render(request, "donations/donor_area/my_data.html", context)


@donor_login_required
def download(request: HttpRequest) -> HttpResponse:
    content = my_data.export_zip(selectors.donors_of(request.user))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_("my-data.zip")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@donor_login_required
@require_POST
def erase(request: HttpRequest) -> HttpResponse:
    if not ErasureForm(request.POST).is_valid():
        messages.error(request, _("Tick the box to confirm that erasure cannot be undone."))
        return redirect("donor-area:my-data")
    user = request.user
    try:
        erasure.erase_donors(selectors.donors_of(user), by=user, users=[user])
    except erasure.ErasureRefused as exc:
        messages.error(request, str(exc))
        return redirect("donor-area:my-data")
    logout(request)
    messages.success(
        request,
        _("Your personal data has been erased. Your gifts are kept, without your name."),
    )
    return redirect("campaigns:home")
