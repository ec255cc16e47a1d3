"""The refund form on the finance gift page."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fundraising.money import format_money, major_from_text, major_to_minor

from .refunds import REASON_MAX_LENGTH

SMALLEST_REFUND_MINOR = 1


class WrittenAmountField(forms.DecimalField):
    """A decimal amount written the way the page's reader writes it: ``99,50`` as well as
    ``99.50`` and ``1 000,50``."""

    def to_python(self, value: object) -> Decimal | None:
        if value in self.empty_values:
            return None
        amount = major_from_text(str(value))
        if amount is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount


class RefundForm(forms.Form):
    amount = WrittenAmountField(
        label=_("Amount to refund"),
        max_digits=12,
        decimal_places=2,
        help_text=_("In the gift's currency, e.g. 100 or 99.50."),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("Kept in the audit trail and shown with the refund."),
    )
    cancel_plan = forms.BooleanField(
        label=_("Also cancel the monthly gift"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(
        self, *args, currency: str = "SEK", can_cancel_plan: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency
        if not can_cancel_plan:
            del self.fields["cancel_plan"]

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if major_to_minor(amount) < SMALLEST_REFUND_MINOR:
            raise forms.ValidationError(
                _("Enter an amount of at least %(minimum)s.")
                % {"minimum": format_money(SMALLEST_REFUND_MINOR, self.currency)},
                code="min_value",
            )
        return amount

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Give the reason for the refund."))
        return reason

    @property
    def amount_minor(self) -> int:
        return major_to_minor(self.cleaned_data["amount"])
