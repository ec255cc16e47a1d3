"""The giving form: amount, frequency, donor, tribute, donor wall and consent."""

from decimal import Decimal

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from fundraising.money import format_money, major_to_minor, minor_to_major, minor_units_from_text
from fundraising.translation import current_language

from .checkout import GiftRequest, amount_limits
from .models import Frequency, TributeKind

OTHER_AMOUNT = "other"
DEFAULT_SUGGESTED_AMOUNTS_MINOR = {"SEK": [10000, 25000, 50000, 100000], "EUR": [1000, 2500, 5000]}
NEWSLETTER_CONSENT_WORDING = _(
    "Yes, I want news about the solidarity work by email. I can unsubscribe at any time."
)


def suggested_amounts(campaign: Campaign | None) -> list[int]:
    """The campaign's suggested amounts, or sensible defaults in its currency."""
    currency = campaign.currency if campaign else settings.DEFAULT_CURRENCY
    return (campaign.suggested_amounts_minor if campaign else None) or (
        DEFAULT_SUGGESTED_AMOUNTS_MINOR[currency]
    )


class SingleLineField(forms.CharField):
    """Text that ends up in an email header or on one line: every run of whitespace
    (CR/LF and tabs included) becomes one space and other control characters go."""

    def to_python(self, value: object) -> str:
        text = super().to_python(value)
        printable = "".join(char if char.isprintable() else " " for char in text)
        return " ".join(printable.split())


class GiveForm(forms.Form):
    amount = forms.ChoiceField(label=_("Amount"), widget=forms.RadioSelect)
    other_amount = forms.DecimalField(
        label=_("Other amount"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "1"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often?"),
        choices=Frequency.choices,
        initial=Frequency.ONCE,
        widget=forms.RadioSelect,
    )
    name = SingleLineField(
        label=_("Your name"), max_length=160, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Your receipt is sent here."),
    )
    tribute_kind = forms.ChoiceField(
        label=_("Give in someone's name"), choices=TributeKind.choices, required=False
    )
    tribute_name = SingleLineField(label=_("Their name"), max_length=160, required=False)
    tribute_notify_email = forms.EmailField(
        label=_("Send an e-card to (optional)"),
        required=False,
        help_text=_("We email them that a gift was given in this name; never the amount."),
    )
    show_on_wall = forms.BooleanField(
        label=_("Show my name on the donor wall"), required=False, initial=False
    )
    public_message = forms.CharField(
        label=_("Public message (optional)"),
        max_length=280,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    newsletter_consent = forms.BooleanField(
        label=NEWSLETTER_CONSENT_WORDING, required=False, initial=False
    )

    def __init__(self, *args, campaign: Campaign | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.currency = campaign.currency if campaign else settings.DEFAULT_CURRENCY
        self.fields["amount"].choices = [
            *(
                (str(value), format_money(value, self.currency))
                for value in suggested_amounts(campaign)
            ),
            (OTHER_AMOUNT, _("Other amount")),
        ]
        self.fields["other_amount"].label = _("Other amount (%(currency)s)") % {
            "currency": self.currency
        }
        if campaign is not None and not campaign.allows_monthly:
            self.fields["frequency"].choices = [(Frequency.ONCE, Frequency.ONCE.label)]
        self.helper = self._layout()

    def _layout(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(
            Fieldset(
                _("Your gift"), InlineRadios("amount"), "other_amount", InlineRadios("frequency")
            ),
            Fieldset(_("About you"), "name", "email"),
            Fieldset(
                _("In memory or in honour (optional)"),
                "tribute_kind",
                "tribute_name",
                "tribute_notify_email",
            ),
            Fieldset(_("Donor wall"), "show_on_wall", "public_message"),
            Div("newsletter_consent"),
            Submit("give", _("Continue to payment"), css_class="btn-solidarity btn-lg w-100"),
        )
        return helper

    def clean(self) -> dict:
        cleaned = super().clean()
        self._clean_amount(cleaned)
        if cleaned.get("tribute_kind") and not cleaned.get("tribute_name"):
            self.add_error("tribute_name", _("Write the name of the person the gift honours."))
        if self.campaign is not None and not self.campaign.accepts_gifts():
            raise forms.ValidationError(_("This campaign is not accepting gifts."))
        return cleaned

    def _clean_amount(self, cleaned: dict) -> None:
        choice = cleaned.get("amount")
        if choice is None:
            return
        if choice == OTHER_AMOUNT:
            other = cleaned.get("other_amount")
            if other is None:
                if "other_amount" not in self.errors:
                    self.add_error("other_amount", _("Write the amount you want to give."))
                return
            amount_minor, field = major_to_minor(other), "other_amount"
        else:
            amount_minor, field = int(choice), "amount"
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
        )


def initial_from_query(query: dict, campaign: Campaign | None) -> dict:
    """Keep the amount and frequency when a donor comes back from Stripe's page; a value
    that is not one we could have sent is ignored, like any other bad input."""
    initial: dict = {}
    amount = amount_from_query(str(query.get("amount", "")), campaign)
    if amount in suggested_amounts(campaign):
        initial["amount"] = str(amount)
    elif amount is not None:
        initial["amount"] = OTHER_AMOUNT
        initial["other_amount"] = minor_to_major(amount)
    if query.get("frequency") in Frequency.values:
        initial["frequency"] = query["frequency"]
    return initial


def amount_from_query(value: str, campaign: Campaign | None) -> int | None:
    """Minor units within the gift limits, else None."""
    minimum, maximum = amount_limits(campaign.currency if campaign else settings.DEFAULT_CURRENCY)
    amount = minor_units_from_text(value)
    return amount if amount is not None and minimum <= amount <= maximum else None
