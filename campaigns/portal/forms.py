"""Forms of the portal: a campaign (draft or proposed changes), a review decision, an
invitation. They parse and check input; the services in this package change state."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import normalize_newlines
from django.utils.translation import gettext_lazy as _

from fundraising.money import major_to_minor
from fundraising.translation import sorted_by_name

from ..forms import HeroImageFormMixin, SuggestedAmountsField, typed_major
from ..hero import WithHeroImage
from ..images import CheckedImage
from ..models import Campaign, Country, OrganisationMembership, Programme, Theme
from .models import EDITABLE_FIELDS

MAX_GOAL = Decimal(100_000_000)
MULTI_LINE_FIELDS = ("summary_sv", "summary_en", "story_sv", "story_en")


class CampaignForm(HeroImageFormMixin, forms.ModelForm):
    """Every field an organisation edits; the goal is typed in kronor/euros."""

    goal = forms.DecimalField(
        label=_("Goal"),
        max_digits=12,
        decimal_places=2,
        help_text=_("In the campaign's currency, e.g. 250000."),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.order_by("title_sv")
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    suggested_amounts = SuggestedAmountsField(
        label=_("Suggested amounts"),
        required=False,
        help_text=_(
            "One row per amount button, with what the amount pays for (optional). "
            "Leave a row empty to drop it."
        ),
    )

    class Meta:
        model = Campaign
        fields = [field for field in EDITABLE_FIELDS if field != "goal_minor"]
        widgets = {
            "summary_sv": forms.Textarea(attrs={"rows": 2}),
            "summary_en": forms.Textarea(attrs={"rows": 2}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(
        self,
        *args: Any,
        proposing: bool = False,
        hero_owner: WithHeroImage | None = None,
        **kwargs: Any,
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        if "goal_minor" in initial:
            initial["goal"] = typed_major(initial.pop("goal_minor"))
        elif kwargs.get("instance") is not None and kwargs["instance"].pk:
            initial.setdefault("goal", typed_major(kwargs["instance"].goal_minor))
        super().__init__(*args, **kwargs)
        for name in ("countries", "themes"):
            rows = sorted_by_name(self.fields[name].queryset)
            self.fields[name].choices = [(row.pk, row.name) for row in rows]
        self.hero_owner = hero_owner or self.instance
        self.current_image = self.hero_owner.hero_image if self.hero_owner.pk else None
        if proposing or self.current_image is None:
            # Proposed changes may bring a new image, not take the approved one away;
            # with no image there is nothing to remove.
            del self.fields["remove_hero"]

    def clean_goal(self) -> Decimal:
        goal = self.cleaned_data["goal"]
        if goal <= 0:
            raise forms.ValidationError(_("The goal must be more than zero."))
        if goal > MAX_GOAL:
            raise forms.ValidationError(_("The goal is too large."))
        return goal

    def clean(self) -> dict[str, Any]:
        """Multi-line texts with LF line endings (a browser sends a textarea's as CRLF),
        so an unchanged story is not a change in review."""
        cleaned = super().clean()
        for field in MULTI_LINE_FIELDS:
            if isinstance(cleaned.get(field), str):
                cleaned[field] = normalize_newlines(cleaned[field])
        if cleaned.get("goal") is not None:
            self.instance.goal_minor = major_to_minor(cleaned["goal"])
        return cleaned

    def campaign_values(self) -> dict[str, Any]:
        """The cleaned values under the model's field names, for the services."""
        values = {field: self.cleaned_data[field] for field in self._meta.fields}
        values["goal_minor"] = major_to_minor(self.cleaned_data["goal"])
        values["hero_alt_sv"] = (values["hero_alt_sv"] or "").strip()
        values["hero_alt_en"] = (values["hero_alt_en"] or "").strip()
        return values

    @property
    def upload(self) -> CheckedImage | None:
        return self.cleaned_data.get("hero_upload")

    @property
    def remove_image(self) -> bool:
        return bool(self.cleaned_data.get("remove_hero"))


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Say what needs to change.")},
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=OrganisationMembership.Role.choices,
        initial=OrganisationMembership.Role.EDITOR,
    )
