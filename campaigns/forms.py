"""The campaign list's filter (``?region=<slug>&theme=<slug>``), and the hero-image
upload field and form mixin any form that sets an image reuses."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .hero import ALT_MAX_LENGTH, WithHeroImage
from .images import (
    CheckedImage,
    check_hero_upload,
    max_megabytes,
    remove_hero_image,
    store_hero_image,
)
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


class HeroImageField(forms.FileField):
    """An uploaded hero image, checked by ``campaigns.images.check_hero_upload``: its
    cleaned value is a ``CheckedImage`` (or None), ready for ``store_hero_image``."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data: Any, initial: Any = None) -> CheckedImage | None:
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return None
        return check_hero_upload(upload)


class HeroImageFormMixin(forms.Form):
    """Fields to upload, replace or remove the hero image of ``hero_owner`` (a campaign or
    programme, maybe unsaved) with its two alt texts. Call ``save_hero_image()`` once the
    owner is saved. Mixed into a ModelForm, the alt fields are the model's own."""

    hero_upload = HeroImageField(label=_("Hero image"), required=False)
    hero_alt_sv = forms.CharField(
        label=_("Image description (Swedish)"), max_length=ALT_MAX_LENGTH, required=False
    )
    hero_alt_en = forms.CharField(
        label=_("Image description (English)"), max_length=ALT_MAX_LENGTH, required=False
    )
    remove_hero = forms.BooleanField(label=_("Remove the image"), required=False)

    hero_owner: WithHeroImage | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hero_upload"].help_text = _(
            "A JPEG, PNG or WebP picture of at least %(width)d × %(height)d pixels and at "
            "most %(megabytes)s MB. It is cropped to 16:9 around its centre."
        ) % {
            "width": settings.HERO_IMAGE_MIN_WIDTH,
            "height": settings.HERO_IMAGE_MIN_HEIGHT,
            "megabytes": max_megabytes(),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        owner = self.hero_owner or getattr(self, "instance", None)
        has_image = owner is not None and owner.pk is not None and owner.hero_image is not None
        keeps_image = cleaned.get("hero_upload") or (has_image and not cleaned.get("remove_hero"))
        if keeps_image:
            for field in ("hero_alt_sv", "hero_alt_en"):
                if not (cleaned.get(field) or "").strip() and field not in self.errors:
                    self.add_error(
                        field,
                        ValidationError(
                            _("Describe what the image shows, for people who cannot see it.")
                        ),
                    )
        return cleaned

    def save_hero_image(self, owner: WithHeroImage) -> None:
        """Apply the upload or removal to the saved ``owner``."""
        data = self.cleaned_data
        if data.get("hero_upload"):
            store_hero_image(
                owner, data["hero_upload"], alt_sv=data["hero_alt_sv"], alt_en=data["hero_alt_en"]
            )
        elif data.get("remove_hero") and owner.hero_image is not None:
            remove_hero_image(owner)
