"""Hero images: check an upload, make the renditions the pages use, store them.

The one way in for every image, whoever uploads it (the admin, the campaign portal,
``seed_demo``)::

    store_hero_image(campaign, request.FILES["image"], alt_sv="…", alt_en="…")

An upload is trusted for nothing: it is decoded with Pillow (its name and content type
are ignored) and refused with a translated ``ValidationError`` unless it is a JPEG, PNG
or WebP image of at most ``HERO_IMAGE_MAX_BYTES`` and ``HERO_IMAGE_MAX_PIXELS`` (read
from the header before any pixel is decoded, so a decompression bomb costs nothing)
and at least ``HERO_IMAGE_MIN_WIDTH`` × ``HERO_IMAGE_MIN_HEIGHT``. The EXIF orientation
is applied, colours are converted to sRGB and transparency flattened on white, and no
metadata (EXIF, GPS position, comments) survives: only newly encoded pixels are
stored. ``campaigns.hero`` describes the renditions and their names.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from .hero import (
    ALT_MAX_LENGTH,
    ASPECT_RATIO,
    RENDITION_WIDTHS,
    HeroImage,
    WithHeroImage,
    height_for,
    rendition_name,
    rendition_widths,
)

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 82
WEBP_QUALITY = 78
DIGEST_LENGTH = 16
# EXIF orientations that turn the picture a quarter: width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class CheckedImage:
    """An upload that passed every check: its pixels, oriented, in sRGB and cropped to
    16:9 at the largest rendition's size, and the digest of the uploaded bytes."""

    image: Image.Image
    digest: str


def check_hero_upload(upload: IO[bytes]) -> CheckedImage:
    """Read, decode and check an uploaded file; a ``ValidationError`` says what is wrong."""
    data = _read_within_limit(upload)
    image = _open_image(data)
    _check_pixels(*image.size)
    pixels = _decoded(image)
    return CheckedImage(
        image=_cropped(_flattened(_in_srgb(ImageOps.exif_transpose(pixels)))),
        digest=hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH],
    )


@dataclass(frozen=True)
class Renditions:
    """The encoded files of a checked image, by width and extension, with its size and
    the digest its name is made of."""

    digest: str
    width: int
    height: int
    files: dict[tuple[int, str], bytes]


def encode_renditions(checked: CheckedImage) -> Renditions:
    """Each width as WebP and as a progressive JPEG, without any metadata."""
    image = checked.image
    files = {}
    for width in rendition_widths(image.width):
        sized = image if width == image.width else _resized(image, width)
        files[width, "webp"] = _encoded(sized, "WEBP")
        files[width, "jpg"] = _encoded(sized, "JPEG")
    return Renditions(checked.digest, image.width, image.height, files)


def drawn_image(image: Image.Image) -> CheckedImage:
    """An image our own code made (``seed_demo``'s illustrations): nothing to distrust,
    so it is only cropped and sized like an upload; its digest is of its pixels."""
    pixels = _cropped(image.convert("RGB"))
    return CheckedImage(
        image=pixels, digest=hashlib.sha256(pixels.tobytes()).hexdigest()[:DIGEST_LENGTH]
    )


def check_alt_texts(alt_sv: str, alt_en: str) -> tuple[str, str]:
    """Both descriptions, stripped; a ``ValidationError`` per missing or overlong one,
    keyed by the model field (``hero_alt_sv``, ``hero_alt_en``)."""
    errors: dict[str, str] = {}
    texts = {"hero_alt_sv": alt_sv.strip(), "hero_alt_en": alt_en.strip()}
    for field, text in texts.items():
        if not text:
            errors[field] = _("Describe what the image shows, for people who cannot see it.")
        elif len(text) > ALT_MAX_LENGTH:
            errors[field] = _("Keep the description to %(limit)d characters.") % {
                "limit": ALT_MAX_LENGTH
            }
    if errors:
        raise ValidationError(errors)
    return texts["hero_alt_sv"], texts["hero_alt_en"]


def store_hero_image(
    owner: WithHeroImage,
    upload: IO[bytes] | CheckedImage | Renditions,
    *,
    alt_sv: str,
    alt_en: str,
) -> HeroImage:
    """Check the upload (unless already checked) and the alt texts, store the renditions
    and make them the hero image of ``owner`` (a saved campaign or programme). The
    previous image's files are deleted once the change is committed."""
    alt_sv, alt_en = check_alt_texts(alt_sv, alt_en)
    renditions = _renditions_of(upload)
    name = f"heroes/{owner._meta.model_name}/{owner.pk}/{renditions.digest}"
    for (width, extension), content in renditions.files.items():
        _save_once(rendition_name(name, width, extension), content)
    _set_hero_fields(
        owner,
        hero_image_name=name,
        hero_image_width=renditions.width,
        hero_image_height=renditions.height,
        hero_alt_sv=alt_sv,
        hero_alt_en=alt_en,
    )
    image = owner.hero_image
    assert image is not None
    return image


def remove_hero_image(owner: WithHeroImage) -> None:
    """Take the hero image off ``owner`` and delete its files once committed."""
    _set_hero_fields(
        owner,
        hero_image_name="",
        hero_image_width=None,
        hero_image_height=None,
        hero_alt_sv="",
        hero_alt_en="",
    )


@transaction.atomic
def delete_with_hero_image(owner: WithHeroImage) -> None:
    """Delete ``owner`` (a campaign or programme) and, once that is committed, its image's
    files, so no picture outlives the row that showed it."""
    image = owner.hero_image
    owner.delete()
    if image is not None:
        transaction.on_commit(lambda: _delete_files(image))


@transaction.atomic
def _set_hero_fields(owner: WithHeroImage, **values: object) -> None:
    model = type(owner)
    locked = model.objects.select_for_update().get(pk=owner.pk)
    previous = locked.hero_image
    fields = list(values)
    if any(field.name == "updated_at" for field in model._meta.fields):
        fields.append("updated_at")
    for field, value in values.items():
        setattr(locked, field, value)
        setattr(owner, field, value)
    locked.save(update_fields=fields)
    if previous is not None and previous.name != values["hero_image_name"]:
        transaction.on_commit(lambda: _delete_files(previous))


def _delete_files(image: HeroImage) -> None:
    for file_name in image.file_names():
        default_storage.delete(file_name)


def _save_once(name: str, content: bytes) -> None:
    """Store a file under exactly this name. Names are digests of the upload, so a file
    already there (the same image stored again, or by a concurrent upload) is the same."""
    if default_storage.exists(name):
        return
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:
        default_storage.delete(saved)


def _renditions_of(upload: IO[bytes] | CheckedImage | Renditions) -> Renditions:
    if isinstance(upload, Renditions):
        return upload
    checked = upload if isinstance(upload, CheckedImage) else check_hero_upload(upload)
    return encode_renditions(checked)


def _resized(image: Image.Image, width: int) -> Image.Image:
    return image.resize((width, height_for(width)), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encoded(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


def _read_within_limit(upload: IO[bytes]) -> bytes:
    limit = settings.HERO_IMAGE_MAX_BYTES
    too_large = ValidationError(
        _("The image is larger than %(limit)s MB.") % {"limit": max_megabytes()},
        code="file_too_large",
    )
    if (getattr(upload, "size", None) or 0) > limit:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_large
    return data


def max_megabytes() -> str:
    """``HERO_IMAGE_MAX_BYTES`` in megabytes, as the active language writes numbers."""
    return _number(settings.HERO_IMAGE_MAX_BYTES / MEGABYTE)


def _number(value: float) -> str:
    """A number as the active language writes it, with one decimal only when needed."""
    return number_format(int(value) if value.is_integer() else round(value, 1))


def _open_image(data: bytes) -> Image.Image:
    """The image's header, read by Pillow's JPEG, PNG and WebP readers only."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The file is not an image in JPEG, PNG or WebP format."), code="not_an_image"
        ) from None


def _check_pixels(width: int, height: int) -> None:
    if width * height > settings.HERO_IMAGE_MAX_PIXELS:
        raise _too_many_pixels()


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image has more than %(limit)s million pixels.")
        % {"limit": _number(settings.HERO_IMAGE_MAX_PIXELS / 1_000_000)},
        code="too_many_pixels",
    )


def _check_dimensions(width: int, height: int) -> None:
    min_width, min_height = settings.HERO_IMAGE_MIN_WIDTH, settings.HERO_IMAGE_MIN_HEIGHT
    if width < min_width or height < min_height:
        raise ValidationError(
            _(
                "The image is too small: it must be at least %(min_width)d × %(min_height)d "
                "pixels, and it is %(width)d × %(height)d."
            )
            % {"min_width": min_width, "min_height": min_height, "width": width, "height": height},
            code="too_small",
        )


def _decoded(image: Image.Image) -> Image.Image:
    """The pixels of an image of a reasonable size, decoded once its dimensions as shown
    (after the EXIF orientation) are checked. A large JPEG is decoded at a reduced scale
    that still covers the largest rendition (much faster); a damaged file is refused."""
    largest = (RENDITION_WIDTHS[-1], height_for(RENDITION_WIDTHS[-1]))
    try:
        # Reading a PNG's EXIF decodes it: only after _check_pixels.
        quarter_turn = image.getexif().get(ExifTags.Base.Orientation) in QUARTER_TURNS
        width, height = image.size
        _check_dimensions(*((height, width) if quarter_turn else (width, height)))
        image.draft("RGB", largest[::-1] if quarter_turn else largest)
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("The image file is damaged or incomplete."), code="damaged_image"
        ) from None
    return image


def _in_srgb(image: Image.Image) -> Image.Image:
    """Colours converted from the embedded ICC profile, if any, to sRGB (what browsers
    assume once the profile is gone); a profile Pillow cannot read is ignored."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB") or image
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


def _flattened(image: Image.Image) -> Image.Image:
    """RGB pixels; transparent parts on white."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _cropped(image: Image.Image) -> Image.Image:
    """The centre 16:9 of the picture, at most as wide as the largest rendition."""
    width, height = image.size
    ratio_width, ratio_height = ASPECT_RATIO
    target = min(width, height * ratio_width // ratio_height, RENDITION_WIDTHS[-1])
    if image.size == (target, height_for(target)):
        return image
    return ImageOps.fit(image, (target, height_for(target)), Image.Resampling.LANCZOS)
