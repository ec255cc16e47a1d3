"""The campaign list's filter, read from GET parameters (``?region=<slug>&theme=<slug>``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Region, Theme


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
