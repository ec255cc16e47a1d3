"""The campaign list's filter (``?region=<slug>&theme=<slug>``), the suggested-amounts
editor, and the hero-image upload field and form mixin any form that sets an image reuses."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fundraising.money import major_to_minor, minor_to_major

from .hero import ALT_MAX_LENGTH, WithHeroImage
from .images import (
    CheckedImage,
    check_hero_upload,
    max_megabytes,
    remove_hero_image,
    store_hero_image,
)
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
        attrs = context["widget"]["attrs"]
        context["widget"]["invalid"] = bool(attrs.get("aria-invalid")) or (
            "is-invalid" in attrs.get("class", "")
        )
        context["widget"]["describedby"] = attrs.get("aria-describedby", "")
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


def typed_major(amount_minor: int) -> Decimal:
    """Minor units as a person would type them: ``15000000`` → ``150000``, ``25050`` →
    ``250.50`` (no ``.00`` on whole amounts)."""
    major = minor_to_major(amount_minor)
    return major.quantize(Decimal(1)) if amount_minor % 100 == 0 else major


def _row_from_stored(item: dict) -> dict[str, str]:
    return {
        "amount": str(typed_major(item["amount_minor"])),
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

    def full_clean(self) -> None:
        super().full_clean()
        chosen = self.files.get(self.add_prefix("hero_upload")) if self.is_bound else None
        if chosen and self._errors and "hero_upload" not in self._errors:
            self.add_error(
                "hero_upload",
                ValidationError(
                    _("The image was not saved because the form has errors; choose the file again.")
                ),
            )

    def save_hero_image(self, owner: WithHeroImage) -> None:
        """Apply the upload or removal to the saved ``owner``."""
        data = self.cleaned_data
        if data.get("hero_upload"):
            store_hero_image(
                owner, data["hero_upload"], alt_sv=data["hero_alt_sv"], alt_en=data["hero_alt_en"]
            )
        elif data.get("remove_hero") and owner.hero_image is not None:
            remove_hero_image(owner)
