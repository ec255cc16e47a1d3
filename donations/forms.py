"""The giving form: amount, frequency, donor, tribute, donor wall and consent.

Rendered by hand in ``templates/donations/_give_form.html`` (amount buttons, a segmented
once/monthly toggle), so it needs no JavaScript and its markup is ours to keep valid."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, SuggestedAmount
from fundraising.money import format_money, major_to_minor, minor_to_major, minor_units_from_text
from fundraising.translation import current_language

from .checkout import GiftRequest, amount_limits
from .consents.wording import NEWSLETTER_CONSENT_WORDING, contact_consent_wording
from .fee_cover import fee_cover_minor, fee_estimate
from .finance.personnummer import InvalidPersonnummer, normalise_personnummer
from .models import CheckoutIntent, Frequency, TributeKind

DEFAULT_SUGGESTED_AMOUNTS = {
    currency: [SuggestedAmount(amount_minor=amount) for amount in amounts]
    for currency, amounts in {
        "SEK": [10000, 25000, 50000, 100000],
        "EUR": [1000, 2500, 5000],
    }.items()
}


def suggested_amounts(campaign: Campaign | None) -> list[SuggestedAmount]:
    """The campaign's suggested amounts, or sensible defaults (without impact lines) in
    its currency."""
    currency = campaign.currency if campaign else settings.DEFAULT_CURRENCY
    return (campaign.amount_suggestions() if campaign else None) or (
        DEFAULT_SUGGESTED_AMOUNTS[currency]
    )


def preselected_amount(campaign: Campaign | None) -> int:
    """The middle suggested amount (the lower middle of an even number)."""
    amounts = suggested_amounts(campaign)
    return amounts[(len(amounts) - 1) // 2].amount_minor


@dataclass(frozen=True)
class AmountOption:
    """One amount button. ``impact`` is the line under the amount ("a week of legal aid")
    in the page's language, empty where the campaign gives none."""

    value: str
    label: str
    checked: bool
    impact: str = ""


class BootstrapBoundField(forms.BoundField):
    """Marks an invalid input for Bootstrap (Django already adds ``aria-invalid`` and
    ``aria-describedby`` pointing at the error and help text)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            classes = attrs.get("class") or (widget or self.field.widget).attrs.get("class", "")
            attrs["class"] = f"{classes} is-invalid".strip()
        return attrs


class SingleLineField(forms.CharField):
    """Text that ends up in an email header or on one line: every run of whitespace
    (CR/LF and tabs included) becomes one space and other control characters go."""

    def to_python(self, value: object) -> str:
        text = super().to_python(value)
        printable = "".join(char if char.isprintable() else " " for char in text)
        return " ".join(printable.split())


class GiveForm(forms.Form):
    bound_field_class = BootstrapBoundField

    amount = forms.ChoiceField(label=_("Amount"), required=False, widget=forms.RadioSelect)
    other_amount = forms.DecimalField(
        label=_("Other amount"),
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text=_("A typed amount is given instead of the buttons above."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "class": "form-control"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often?"),
        choices=Frequency.choices,
        initial=Frequency.ONCE,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    cover_fees = forms.BooleanField(
        label=_("Cover the card fee"),
        required=False,
        initial=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    name = SingleLineField(
        label=_("Your name"),
        max_length=160,
        widget=forms.TextInput(attrs={"autocomplete": "name", "class": "form-control"}),
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
        help_text=_("Your receipt is sent here."),
    )
    tribute_kind = forms.ChoiceField(
        label=_("Give in someone's name"),
        choices=TributeKind.choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    tribute_name = SingleLineField(
        label=_("Their name"),
        max_length=160,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    tribute_notify_email = forms.EmailField(
        label=_("Send an e-card to (optional)"),
        required=False,
        help_text=_("We email them that a gift was given in this name; never the amount."),
        widget=forms.EmailInput(attrs={"class": "form-control"}),
    )
    show_on_wall = forms.BooleanField(
        label=_("Show my name on the donor wall"),
        required=False,
        initial=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    public_message = forms.CharField(
        label=_("Public message (optional)"),
        max_length=280,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    newsletter_consent = forms.BooleanField(
        label=NEWSLETTER_CONSENT_WORDING,
        required=False,
        initial=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    personnummer = forms.CharField(
        label=_("Personnummer (optional)"),
        max_length=20,
        required=False,
        help_text=_(
            "For the tax reduction for gifts: we report your gifts to Skatteverket. "
            "Used for nothing else."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "class": "form-control"}
        ),
    )

    def __init__(self, *args, campaign: Campaign | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.offers_tax_reduction:
            del self.fields["personnummer"]
        self.campaign = campaign
        self.currency = campaign.currency if campaign else settings.DEFAULT_CURRENCY
        self.suggestions = suggested_amounts(campaign)
        if campaign is not None and campaign.organisation is not None:
            self.fields["contact_consent"] = forms.BooleanField(
                label=contact_consent_wording(campaign.organisation),
                required=False,
                initial=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
        self.fields["amount"].choices = [
            (str(item.amount_minor), format_money(item.amount_minor, self.currency))
            for item in self.suggestions
        ]
        self.fields["amount"].initial = str(preselected_amount(campaign))
        self.fields["other_amount"].label = _("Other amount (%(currency)s)") % {
            "currency": self.currency
        }
        minimum, maximum = amount_limits(self.currency)
        self.fields["other_amount"].widget.attrs.update(
            min=str(minor_to_major(minimum)), max=str(minor_to_major(maximum)), step="0.01"
        )
        if not self.allows_monthly:
            self.fields["frequency"].choices = [(Frequency.ONCE, Frequency.ONCE.label)]
        estimate = fee_estimate(self.currency)
        self.fields["cover_fees"].widget.attrs.update(
            {
                "data-fee-percent-basis-points": str(estimate.percent_basis_points),
                "data-fee-fixed-minor": str(estimate.fixed_minor),
                "data-currency": self.currency,
            }
        )

    @property
    def offers_tax_reduction(self) -> bool:
        return settings.APPROVED_GIFT_RECIPIENT

    def clean_personnummer(self) -> str:
        text = self.cleaned_data.get("personnummer", "").strip()
        return valid_personnummer(text) if text else ""

    @property
    def allows_monthly(self) -> bool:
        return self.campaign is None or self.campaign.allows_monthly

    def amount_options(self) -> list[AmountOption]:
        chosen = str(self["amount"].value() or "")
        return [
            AmountOption(value=value, label=label, checked=value == chosen, impact=item.impact)
            for (value, label), item in zip(
                self.fields["amount"].choices, self.suggestions, strict=True
            )
        ]

    def fee_cover_text(self) -> str:
        """The fee cover for the amount chosen so far, for the label beside the tick
        (``give.js`` keeps it in step as the amount changes)."""
        amount = self._shown_amount_minor()
        if amount is None or amount <= 0:
            return ""
        return format_money(fee_cover_minor(amount, self.currency), self.currency)

    def _shown_amount_minor(self) -> int | None:
        typed = self["other_amount"].value()
        if typed not in (None, ""):
            try:
                return major_to_minor(str(typed).replace(",", "."))
            except (ArithmeticError, ValueError):  # "abc", "NaN", "1e999"
                return None
        return minor_units_from_text(str(self["amount"].value() or ""))

    def field_errors(self) -> list[tuple[forms.BoundField, list[str]]]:
        """Each field with errors, in the form's order, for the summary above the form."""
        return [(self[name], self.errors[name]) for name in self.fields if name in self.errors]

    def clean(self) -> dict:
        cleaned = super().clean()
        self._clean_amount(cleaned)
        if cleaned.get("tribute_kind") and not cleaned.get("tribute_name"):
            self.add_error("tribute_name", _("Write the name of the person the gift honours."))
        if self.campaign is not None and not self.campaign.accepts_gifts():
            raise forms.ValidationError(_("This campaign is not accepting gifts."))
        return cleaned

    def _clean_amount(self, cleaned: dict) -> None:
        """A typed amount is the chosen amount, whatever button is pressed: a donor who
        types 250 means 250 (and, without JavaScript, the preselected button stays on)."""
        if "other_amount" in self.errors:
            return
        if cleaned.get("other_amount") is not None:
            self.errors.pop("amount", None)  # the button no longer matters
            self._check_limits(major_to_minor(cleaned["other_amount"]), "other_amount", cleaned)
        elif "amount" not in self.errors:
            if cleaned.get("amount"):
                self._check_limits(int(cleaned["amount"]), "amount", cleaned)
            else:
                self.add_error("amount", _("Choose an amount or write your own."))

    def _check_limits(self, amount_minor: int, field: str, cleaned: dict) -> None:
        minimum, maximum = amount_limits(self.currency)
        if amount_minor < minimum:
            self.add_error(
                field,
                _("The smallest gift we can accept is %(minimum)s.")
                % {"minimum": format_money(minimum, self.currency)},
            )
        elif amount_minor > maximum:
            self.add_error(
                field,
                _("For gifts above %(maximum)s, please contact us.")
                % {"maximum": format_money(maximum, self.currency)},
            )
        else:
            cleaned["amount_minor"] = amount_minor

    def gift_request(self) -> GiftRequest:
        data = self.cleaned_data
        return GiftRequest(
            campaign=self.campaign,
            amount_minor=data["amount_minor"],
            currency=self.currency,
            frequency=data["frequency"],
            name=data["name"].strip(),
            email=data["email"],
            language=current_language(),
            tribute_kind=data.get("tribute_kind") or "",
            tribute_name=data.get("tribute_name", "").strip(),
            tribute_notify_email=data.get("tribute_notify_email") or "",
            show_on_wall=data.get("show_on_wall", False),
            public_message=data.get("public_message", "").strip(),
            newsletter_consent=data.get("newsletter_consent", False),
            consent_wording=str(NEWSLETTER_CONSENT_WORDING),
            personnummer=data.get("personnummer", ""),
            cover_fees=data.get("cover_fees", False),
            contact_consent_wording=(
                str(self.fields["contact_consent"].label) if data.get("contact_consent") else ""
            ),
        )


def initial_from_query(query: dict, campaign: Campaign | None) -> dict:
    """Keep the amount and frequency a link carries (``?amount=25000&frequency=monthly``);
    a value that is not one we could have sent is ignored, like any other bad input."""
    initial: dict = {}
    amount = amount_from_query(str(query.get("amount", "")), campaign)
    if amount is not None:
        initial.update(amount_initial(amount, campaign))
    if query.get("frequency") in Frequency.values:
        initial["frequency"] = query["frequency"]
    return initial


def amount_initial(amount_minor: int, campaign: Campaign | None) -> dict:
    """A suggested amount presses its button; any other is written in "Other amount",
    whole amounts without decimals (``321``, not ``321.00``)."""
    if amount_minor in {item.amount_minor for item in suggested_amounts(campaign)}:
        return {"amount": str(amount_minor)}
    major = minor_to_major(amount_minor)
    return {"amount": "", "other_amount": major if amount_minor % 100 else major.quantize(1)}


def amount_from_query(value: str, campaign: Campaign | None) -> int | None:
    """Minor units within the gift limits, else None."""
    minimum, maximum = amount_limits(campaign.currency if campaign else settings.DEFAULT_CURRENCY)
    amount = minor_units_from_text(value)
    return amount if amount is not None and minimum <= amount <= maximum else None


def initial_from_intent(intent: CheckoutIntent) -> dict:
    """Everything the donor typed before leaving Stripe's page, to type none of it again."""
    return {
        **amount_initial(intent.gift_minor, intent.campaign),
        "cover_fees": intent.fee_cover_minor > 0,
        "frequency": intent.frequency,
        "name": intent.donor_name,
        "email": intent.donor.email,
        "tribute_kind": intent.tribute_kind,
        "tribute_name": intent.tribute_name,
        "tribute_notify_email": intent.tribute_notify_email,
        "show_on_wall": intent.show_on_wall,
        "public_message": intent.public_message,
        "newsletter_consent": intent.newsletter_consent,
        "contact_consent": bool(intent.contact_consent_wording),
    }


def valid_personnummer(text: str) -> str:
    """``text`` as 12 digits, or the form error a mistyped personnummer gets."""
    try:
        return normalise_personnummer(text)
    except InvalidPersonnummer:
        raise forms.ValidationError(
            _("This is not a valid Swedish personnummer or coordination number."),
            code="invalid_personnummer",
        ) from None
