"""The hero-image service: what it accepts, what it refuses, and what it stores."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image

from campaigns.images import check_hero_upload, remove_hero_image, store_hero_image
from tests.factories.campaigns import CampaignFactory, ProgrammeFactory

from .image_files import halves_bytes, image_bytes, image_upload, png_claiming_size, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, except where a test says otherwise."""
    with translation.override("en"):
        yield


ALT = {"alt_sv": "Tre arbetare framför en fabrik", "alt_en": "Three workers outside a factory"}


def stored(name: str) -> Image.Image:
    with default_storage.open(name) as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


def refusal(file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_hero_upload(file)
    return caught.value


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_an_image_is_stored_at_every_width_as_webp_and_jpeg(image_format):
    campaign = CampaignFactory()
    hero = store_hero_image(campaign, image_upload(image_format, (2400, 1600)), **ALT)

    campaign.refresh_from_db()
    assert campaign.hero_image == hero
    assert (hero.width, hero.height) == (1600, 900)
    assert hero.widths == [480, 960, 1600]
    assert hero.name.startswith(f"heroes/campaign/{campaign.pk}/")
    for width in hero.widths:
        webp, jpeg = stored(f"{hero.name}-{width}.webp"), stored(f"{hero.name}-{width}.jpg")
        assert (webp.format, jpeg.format) == ("WEBP", "JPEG")
        assert webp.size == jpeg.size == (width, round(width * 9 / 16))
    assert (campaign.hero_alt_sv, campaign.hero_alt_en) == (ALT["alt_sv"], ALT["alt_en"])


def test_a_smaller_image_is_stored_up_to_its_own_width():
    programme = ProgrammeFactory()
    hero = store_hero_image(programme, image_upload("PNG", (1200, 800)), **ALT)
    assert hero.widths == [480, 960, 1200]
    assert (hero.width, hero.height) == (1200, 675)
    assert stored(f"{hero.name}-1200.jpg").size == (1200, 675)
    assert hero.name.startswith(f"heroes/programme/{programme.pk}/")


def test_a_text_file_named_like_a_jpeg_is_not_an_image():
    error = refusal(upload(b"Hello, I am not a picture.\n" * 100, "photo.jpg", "image/jpeg"))
    assert error.code == "not_an_image"
    assert error.messages == ["The file is not an image in JPEG, PNG or WebP format."]


def test_a_gif_is_refused():
    assert refusal(image_upload("GIF", (1920, 1080))).code == "not_an_image"


def test_a_30_megabyte_file_is_refused_before_it_is_decoded():
    big = upload(image_bytes("JPEG") + b"\0" * (30 * 1024 * 1024))
    error = refusal(big)
    assert error.code == "file_too_large"
    assert error.messages == ["The image is larger than 10 MB."]


def test_the_size_limit_is_a_setting(settings):
    settings.HERO_IMAGE_MAX_BYTES = 3 * 1024 * 1024 // 2
    big = upload(image_bytes("JPEG") + b"\0" * (2 * 1024 * 1024))
    assert refusal(big).messages == ["The image is larger than 1.5 MB."]
    with translation.override("sv"):
        assert refusal(big).messages == ["Bilden är större än 1,5 MB."]


@pytest.mark.parametrize("size", [(10_000, 6_000), (20_000, 20_000)])
def test_a_decompression_bomb_is_refused_from_its_header(size):
    error = refusal(upload(png_claiming_size(*size), "bomb.png", "image/png"))
    assert error.code == "too_many_pixels"
    assert error.messages == ["The image has more than 50 million pixels."]


def test_a_tiny_image_is_refused():
    error = refusal(image_upload("JPEG", (300, 200)))
    assert error.code == "too_small"
    assert error.messages == [
        "The image is too small: it must be at least 960 × 540 pixels, and it is 300 × 200."
    ]


def test_a_truncated_image_is_refused():
    data = image_bytes("JPEG", (1920, 1080), colour="#123456")
    assert refusal(upload(data[: len(data) // 3])).code == "damaged_image"


def test_the_exif_orientation_is_applied_and_all_metadata_dropped():
    # Stored landscape with red on the left; orientation 6 shows it turned a quarter
    # clockwise: portrait, red on top. The 16:9 crop of its middle keeps both colours.
    hero = store_hero_image(
        CampaignFactory(), upload(halves_bytes((1800, 1200), orientation=6)), **ALT
    )
    assert (hero.width, hero.height) == (1200, 675)
    for extension in ("jpg", "webp"):
        image = stored(f"{hero.name}-1200.{extension}").convert("RGB")
        top, bottom = image.getpixel((600, 20)), image.getpixel((600, 655))
        assert top[0] > 200 and top[2] < 60, top
        assert bottom[2] > 200 and bottom[0] < 60, bottom
        assert not image.getexif()
        assert "exif" not in image.info and "icc_profile" not in image.info


def test_exif_with_a_gps_position_is_not_kept():
    hero = store_hero_image(CampaignFactory(), upload(image_bytes("JPEG", orientation=1)), **ALT)
    for name in hero.file_names():
        with default_storage.open(name) as file:
            data = file.read()
        assert b"Exif" not in data and b"Camera maker" not in data


def test_transparency_is_flattened_on_white():
    image = check_hero_upload(image_upload("PNG", mode="RGBA", colour=(0, 0, 0, 0))).image
    assert image.mode == "RGB"
    assert image.getpixel((10, 10)) == (255, 255, 255)


def test_alt_texts_are_required_and_nothing_is_stored_without_them():
    campaign = CampaignFactory()
    with pytest.raises(ValidationError) as caught:
        store_hero_image(campaign, image_upload(), alt_sv=" ", alt_en="A picture")
    assert caught.value.message_dict == {
        "hero_alt_sv": ["Describe what the image shows, for people who cannot see it."]
    }
    campaign.refresh_from_db()
    assert campaign.hero_image is None
    assert not default_storage.exists("heroes")


def test_replacing_an_image_deletes_the_old_files(django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        old = store_hero_image(campaign, image_upload(colour="red"), **ALT)
    with django_capture_on_commit_callbacks(execute=True):
        new = store_hero_image(campaign, image_upload(colour="blue"), **ALT)
    assert new.name != old.name
    assert all(default_storage.exists(name) for name in new.file_names())
    assert not any(default_storage.exists(name) for name in old.file_names())


def test_storing_the_same_image_again_keeps_its_files(django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = store_hero_image(campaign, image_upload(), **ALT)
        again = store_hero_image(campaign, image_upload(), alt_sv="Ny text", alt_en="New text")
    assert again.name == first.name
    assert all(default_storage.exists(name) for name in again.file_names())
    campaign.refresh_from_db()
    assert campaign.hero_alt_en == "New text"


def test_removing_an_image_clears_it_and_deletes_its_files(django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    hero = store_hero_image(campaign, image_upload(), **ALT)
    with django_capture_on_commit_callbacks(execute=True):
        remove_hero_image(campaign)
    campaign.refresh_from_db()
    assert campaign.hero_image is None and campaign.hero_alt_sv == ""
    assert not any(default_storage.exists(name) for name in hero.file_names())


def test_the_alt_text_follows_the_language():
    campaign = CampaignFactory()
    store_hero_image(campaign, image_upload(), **ALT)
    with translation.override("en"):
        assert campaign.hero_image.alt == ALT["alt_en"]
    with translation.override("sv"):
        assert campaign.hero_image.alt == ALT["alt_sv"]
