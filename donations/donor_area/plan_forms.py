"""The forms on a donor's monthly-gift page (thin: parse what was typed)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fundraising.money import major_to_minor

from .plans import PAUSE_MONTHS, REASON_MAX_LENGTH, amount_out_of_range

UNTIL_RESUMED = "resume"
MONTH_LABELS = {1: _("1 month"), 2: _("2 months"), 3: _("3 months")}


class AmountForm(forms.Form):
    """A plan's new monthly amount, checked against the limits of the plan's currency so
    the error shows at the field (the service checks again)."""

    amount = forms.DecimalField(label=_("New monthly amount"), max_digits=12, decimal_places=2)

    def __init__(self, *args, currency: str = "SEK", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        out_of_range = amount_out_of_range(major_to_minor(amount), self.currency)
        if out_of_range:
            raise forms.ValidationError(out_of_range)
        return amount

    def amount_minor(self) -> int:
        return major_to_minor(self.cleaned_data["amount"])


class PauseForm(forms.Form):
    months = forms.ChoiceField(
        label=_("Pause for"),
        choices=[(str(months), MONTH_LABELS[months]) for months in PAUSE_MONTHS]
        + [(UNTIL_RESUMED, _("Until I resume"))],
    )

    def month_count(self) -> int | None:
        value = self.cleaned_data["months"]
        return None if value == UNTIL_RESUMED else int(value)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you cancelling? (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("Yes, end my monthly gift. Nothing more will be charged."),
        error_messages={"required": _("Tick the box to confirm that you want to end the gift.")},
    )
