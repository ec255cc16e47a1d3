"""The campaign list's filter, read from GET parameters (``?region=<slug>&theme=<slug>``),
and the suggested-amounts editor used by the campaign admin."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fundraising.money import major_to_minor, minor_to_major

from .models import (
    IMPACT_MAX_LENGTH,
    MAX_SUGGESTED_AMOUNTS,
    Region,
    SuggestedAmount,
    Theme,
    validate_suggested_amounts,
)


class CampaignFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All regions"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def filters(self) -> dict[str, Region | Theme | None]:
        """The chosen region and theme; an unknown slug filters nothing rather than failing."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value is not None}


MAX_TYPED_AMOUNT = Decimal(10) ** 12


class SuggestedAmountsWidget(forms.Widget):
    """A small table: one row per amount button with the amount in kronor/euros and its
    impact line in Swedish and English. Empty rows are left out when saved."""

    template_name = "campaigns/widgets/suggested_amounts.html"
    columns = ("amount", "impact_sv", "impact_en")

    def get_context(self, name: str, value: object, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        rows = list(value) if isinstance(value, list) else []
        rows += [dict.fromkeys(self.columns, "")] * (MAX_SUGGESTED_AMOUNTS - len(rows))
        context["widget"]["rows"] = [
            {column: (f"{name}_{column}_{index}", row.get(column, "")) for column in self.columns}
            for index, row in enumerate(rows)
        ]
        context["widget"]["impact_max_length"] = IMPACT_MAX_LENGTH
        return context

    def value_from_datadict(self, data, files, name: str) -> list[dict[str, str]]:
        return [
            {
                column: str(data.get(f"{name}_{column}_{index}", "")).strip()
                for column in self.columns
            }
            for index in range(MAX_SUGGESTED_AMOUNTS)
        ]

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return not any(key.startswith(f"{name}_amount_") for key in data)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_amount_0" if id_ else id_


class SuggestedAmountsField(forms.Field):
    """Edits ``Campaign.suggested_amounts``: rows of typed amounts (``250`` or ``250,50``)
    and impact lines become the stored ``[{"amount_minor", "impact_sv", "impact_en"}]``."""

    widget = SuggestedAmountsWidget
    default_validators = [validate_suggested_amounts]

    def prepare_value(self, value: object) -> object:
        """Stored objects become rows with the amount in major units; rows typed into
        a form that had errors stay as they were typed."""
        if not isinstance(value, list):
            return value
        return [_row_from_stored(item) if "amount_minor" in item else item for item in value]

    def to_python(self, value: object) -> list[dict[str, object]]:
        rows = value if isinstance(value, list) else []
        return [_stored_from_row(row) for row in rows if any(row.values())]


def _row_from_stored(item: dict) -> dict[str, str]:
    major = minor_to_major(item["amount_minor"])
    return {
        "amount": str(major.quantize(Decimal(1)) if item["amount_minor"] % 100 == 0 else major),
        "impact_sv": item["impact_sv"],
        "impact_en": item["impact_en"],
    }


def _stored_from_row(row: dict[str, str]) -> dict[str, object]:
    return SuggestedAmount(
        amount_minor=_typed_amount_minor(row["amount"]),
        impact_sv=row["impact_sv"],
        impact_en=row["impact_en"],
    ).as_json()


def _typed_amount_minor(text: str) -> int:
    """``"250"`` or ``"250,50"`` → minor units; anything else is a clear error."""
    if not text:
        raise ValidationError(_("Each impact line needs an amount."))
    try:
        amount = Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or not _is_whole_cents(amount):
        raise ValidationError(
            _("“%(amount)s” is not an amount; write it like 250 or 250,50.") % {"amount": text}
        )
    return major_to_minor(amount)


def _is_whole_cents(amount: Decimal) -> bool:
    """Positive, below a trillion and with at most two decimals."""
    exponent = amount.as_tuple().exponent
    return 0 < amount < MAX_TYPED_AMOUNT and isinstance(exponent, int) and exponent >= -2
