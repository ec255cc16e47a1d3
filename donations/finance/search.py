"""Finding a gift on the finance pages: by its receipt number (``2026-000123``), gift
number, the donor's email or name, or a Stripe id (payment intent, invoice, charge or
Checkout session), as finance staff are asked about gifts. Each kind of query is one
indexed look-up, except a name, which reads the donors table (not the gifts)."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import Donor, Gift

RECEIPT = re.compile(r"^(\d{4})-(\d{1,9})$")
STRIPE_PREFIXES = {
    "pi_": "stripe_payment_intent_id",
    "in_": "stripe_invoice_id",
    "ch_": "stripe_charge_id",
    "py_": "stripe_charge_id",
    "cs_": "checkout_intent__stripe_session_id",
}
QUERY_MAX_LENGTH = 200


class GiftSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a gift"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text=_("Receipt number (2026-000123), gift number, email, name or Stripe id."),
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )

    def query(self) -> str:
        return self.cleaned_data["q"].strip() if self.is_valid() else ""


def matching(query: str) -> Q:
    """What a gift must match for the query (an empty query matches every gift)."""
    if not query:
        return Q()
    if receipt := RECEIPT.match(query):
        return Q(receipt_year=int(receipt[1]), receipt_number=int(receipt[2]))
    if query.isdigit():
        return Q(pk=int(query)) if len(query) < 19 else Q(pk__in=[])
    for prefix, column in STRIPE_PREFIXES.items():
        if query.startswith(prefix):
            return Q(**{column: query})
    if "@" in query:
        return Q(donor__email=query.lower())
    donors = Donor.objects.filter(name__icontains=query).values("pk")
    return Q(donor__in=donors)


def find_gifts(query: str) -> QuerySet[Gift]:
    """The gifts matching, newest first, with what the list shows loaded."""
    return (
        Gift.objects.filter(matching(query))
        .select_related("campaign", "donor")
        .order_by("-paid_at", "-pk")
    )
