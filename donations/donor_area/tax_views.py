"""Tax reduction: a signed-in donor gives, replaces or removes the personnummer the KU65
report counts their gifts under (thin: the selector and the ``services`` functions).
Only for an approved gift recipient; otherwise the page does not exist."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ..forms import valid_personnummer
from . import selectors, services
from .views import donor_login_required


class DonorPersonnummerForm(forms.Form):
    personnummer = forms.CharField(
        label=gettext_lazy("Personnummer"),
        max_length=20,
        help_text=gettext_lazy("12 or 10 digits: YYYYMMDD-NNNN or YYMMDD-NNNN."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "class": "form-control"}
        ),
    )

    def clean_personnummer(self) -> str:
        return valid_personnummer(self.cleaned_data["personnummer"].strip())


@donor_login_required
@require_http_methods(["GET", "POST"])
def tax_reduction(request: HttpRequest) -> HttpResponse:
    if not settings.APPROVED_GIFT_RECIPIENT:
        raise Http404
    donors = list(selectors.donors_of(request.user))
    form = DonorPersonnummerForm()
    if request.method == "POST":
        if not donors:
            messages.error(request, _("That choice could not be saved. Nothing was changed."))
            return redirect("donor-area:tax-reduction")
        if "remove" in request.POST:
            services.remove_donor_personnummer(donors)
            messages.success(request, _("Your personnummer has been removed."))
            return redirect("donor-area:tax-reduction")
        form = DonorPersonnummerForm(request.POST)
        if form.is_valid():
            services.set_donor_personnummer(donors, form.cleaned_data["personnummer"])
            messages.success(request, _("Your personnummer has been saved."))
            return redirect("donor-area:tax-reduction")
    numbers = selectors.donor_personnummer(request.user)
    context = {
        "form": form,
        "numbers": numbers,
        "has_number": any(row.masked for row in numbers),
        "addresses": selectors.address_status(request.user),
    }
    return render(request, "donations/donor_area/tax_reduction.html", context)
