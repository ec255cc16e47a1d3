"""The refund form on the finance gift page."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fundraising.money import major_from_text, major_to_minor

from .refunds import REASON_MAX_LENGTH


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
        min_value=Decimal("0.01"),
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

    def __init__(self, *args, can_cancel_plan: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not can_cancel_plan:
            del self.fields["cancel_plan"]

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Give the reason for the refund."))
        return reason

    @property
    def amount_minor(self) -> int:
        return major_to_minor(self.cleaned_data["amount"])
