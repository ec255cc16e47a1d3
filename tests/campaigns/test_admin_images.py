"""Staff upload, replace and remove hero images in the admin, through campaigns.images."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from campaigns.images import store_hero_image
from campaigns.models import Campaign, Programme
from tests.factories.campaigns import CampaignFactory, ProgrammeFactory

from .image_files import image_upload, upload

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:campaigns_{obj._meta.model_name}_change", args=[obj.pk])


def change_form_data(client, url):
    """What the change form posts back untouched: every field's value and each inline's
    management form."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
    return data


def post_change(client, obj, **changes):
    data = change_form_data(client, change_url(obj)) | changes
    return client.post(change_url(obj), data)


@pytest.mark.parametrize("factory", [CampaignFactory, ProgrammeFactory])
def test_staff_upload_an_image_with_its_descriptions(staff_client, factory):
    obj = factory()
    response = post_change(
        staff_client,
        obj,
        hero_upload=image_upload("JPEG", (2000, 1200)),
        hero_alt_sv="Kvinnor på ett fackligt möte",
        hero_alt_en="Women at a union meeting",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    image = obj.hero_image
    assert image is not None and image.widths == [480, 960, 1600]
    assert all(default_storage.exists(name) for name in image.file_names())
    assert obj.hero_alt_en == "Women at a union meeting"

    html = staff_client.get(change_url(obj)).content.decode()
    assert image.url(480) in html
    assert 'alt="Kvinnor på ett fackligt möte"' in html or 'alt="Women at a union meeting"' in html


def test_an_upload_without_descriptions_is_refused_and_nothing_stored(staff_client):
    campaign = CampaignFactory()
    response = post_change(staff_client, campaign, hero_upload=image_upload(), hero_alt_en="")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    # The admin speaks Swedish.
    assert errors["hero_alt_sv"] == ["Beskriv vad bilden visar, för den som inte kan se den."]
    assert "hero_alt_en" in errors
    campaign.refresh_from_db()
    assert campaign.hero_image is None
    assert not default_storage.exists("heroes")


def test_a_file_that_is_not_an_image_is_refused_next_to_the_field(staff_client):
    campaign = CampaignFactory()
    response = post_change(
        staff_client,
        campaign,
        hero_upload=upload(b"<script>alert(1)</script>", "evil.jpg", "image/jpeg"),
        hero_alt_sv="Text",
        hero_alt_en="Text",
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["hero_upload"] == [
        "Filen är inte en bild i formatet JPEG, PNG eller WebP."
    ]
    campaign.refresh_from_db()
    assert campaign.hero_image is None


def test_staff_replace_and_then_remove_an_image(staff_client, django_capture_on_commit_callbacks):
    programme = ProgrammeFactory()
    alts = {"hero_alt_sv": "Ett landskap", "hero_alt_en": "A landscape"}
    with django_capture_on_commit_callbacks(execute=True):
        post_change(staff_client, programme, hero_upload=image_upload(colour="red"), **alts)
    first = Programme.objects.get(pk=programme.pk).hero_image
    with django_capture_on_commit_callbacks(execute=True):
        post_change(staff_client, programme, hero_upload=image_upload(colour="green"), **alts)
    second = Programme.objects.get(pk=programme.pk).hero_image
    assert second.name != first.name
    assert not default_storage.exists(first.file_names()[0])

    # Changing only the descriptions keeps the image.
    post_change(staff_client, programme, hero_alt_en="A green landscape")
    programme.refresh_from_db()
    assert programme.hero_image.name == second.name
    assert programme.hero_alt_en == "A green landscape"

    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(staff_client, programme, remove_hero="on")
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.hero_image is None
    assert not any(default_storage.exists(name) for name in second.file_names())


def test_a_kept_image_needs_its_descriptions(staff_client):
    campaign = CampaignFactory()
    post_change(
        staff_client, campaign, hero_upload=image_upload(), hero_alt_sv="Bild", hero_alt_en="Pic"
    )
    response = post_change(staff_client, campaign, hero_alt_sv="")
    assert response.status_code == 200
    assert "hero_alt_sv" in response.context["adminform"].form.errors
    assert Campaign.objects.get(pk=campaign.pk).hero_alt_sv == "Bild"


def test_deleting_a_draft_in_the_admin_deletes_its_image_files(
    staff_client, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(draft=True)
    image = store_hero_image(campaign, image_upload(), alt_sv="Bild", alt_en="Picture")
    url = reverse("admin:campaigns_campaign_delete", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Campaign.objects.filter(pk=campaign.pk).exists()
    assert not any(default_storage.exists(name) for name in image.file_names())


def test_deleting_programmes_from_the_list_deletes_their_image_files(
    staff_client, django_capture_on_commit_callbacks
):
    programmes = ProgrammeFactory.create_batch(2)
    files = [
        name
        for programme in programmes
        for name in store_hero_image(
            programme, image_upload(), alt_sv="Bild", alt_en="Picture"
        ).file_names()
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:campaigns_programme_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [p.pk for p in programmes],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert not Programme.objects.filter(pk__in=[p.pk for p in programmes]).exists()
    assert not any(default_storage.exists(name) for name in files)
