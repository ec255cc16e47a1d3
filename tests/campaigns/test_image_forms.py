"""The hero-image form field and mixin other forms (the campaign portal) reuse."""

import pytest
from django import forms
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from campaigns.forms import HeroImageField, HeroImageFormMixin
from campaigns.images import CheckedImage, store_hero_image
from tests.factories.campaigns import CampaignFactory

from .image_files import image_upload, upload

pytestmark = pytest.mark.django_db


class PortalForm(HeroImageFormMixin, forms.Form):
    title = forms.CharField()


def form_for(owner, files=None, **data):
    form = PortalForm({"title": "A title", **data}, MultiValueDict(files or {}))
    form.hero_owner = owner
    return form


def test_the_field_gives_a_checked_image_or_none():
    field = HeroImageField(required=False)
    assert isinstance(field.clean(image_upload()), CheckedImage)
    assert field.clean(None) is None
    with pytest.raises(forms.ValidationError):
        field.clean(upload(b"GIF89a not really", "a.gif", "image/gif"))


def test_an_upload_with_descriptions_is_stored_on_save():
    campaign = CampaignFactory()
    form = form_for(
        campaign, {"hero_upload": [image_upload()]}, hero_alt_sv="En bild", hero_alt_en="A picture"
    )
    assert form.is_valid(), form.errors
    form.save_hero_image(campaign)
    campaign.refresh_from_db()
    assert campaign.hero_image.widths == [480, 960, 1600]
    assert campaign.hero_alt_sv == "En bild"


def test_descriptions_are_required_with_an_upload_and_for_a_kept_image():
    campaign = CampaignFactory()
    with translation.override("en"):
        form = form_for(campaign, {"hero_upload": [image_upload()]}, hero_alt_en="A picture")
        assert not form.is_valid()
        assert form.errors["hero_alt_sv"] == [
            "Describe what the image shows, for people who cannot see it."
        ]
    store_hero_image(campaign, image_upload(), alt_sv="Bild", alt_en="Picture")
    assert not form_for(campaign).is_valid(), "a kept image keeps needing its descriptions"
    assert form_for(campaign, remove_hero="on").is_valid()
    assert form_for(CampaignFactory()).is_valid(), "no image, no description needed"


def test_removing_takes_the_image_off():
    campaign = CampaignFactory()
    store_hero_image(campaign, image_upload(), alt_sv="Bild", alt_en="Picture")
    form = form_for(campaign, remove_hero="on")
    assert form.is_valid()
    form.save_hero_image(campaign)
    campaign.refresh_from_db()
    assert campaign.hero_image is None


def test_the_help_text_states_the_limits_in_the_language_of_the_page():
    with translation.override("sv"):
        help_text = str(PortalForm().fields["hero_upload"].help_text)
    assert "960 × 540" in help_text and "10 MB" in help_text and "JPEG" in help_text
    assert help_text.startswith("En bild")
