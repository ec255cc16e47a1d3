"""The hero image of a campaign or programme: its columns, and how its renditions are named.

An uploaded image is stored only as renditions (``campaigns.images`` makes them): a
16:9 crop at the widths in ``RENDITION_WIDTHS`` that the image is wide enough for, plus
its own width when that is smaller than the largest, each as WebP and as a JPEG fallback::

    heroes/campaign/12/3f9a0c1d2e4b5a69-480.webp   heroes/campaign/12/3f9a0c1d2e4b5a69-480.jpg
    heroes/campaign/12/3f9a0c1d2e4b5a69-960.webp   ...

The name is the digest of the uploaded file, so a replaced image gets new addresses
(no browser or page cache keeps showing the old one) and the files can be cached
forever. The row keeps the name, the largest width and height, and the alt texts.
"""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from fundraising.translation import LocalizedText

RENDITION_WIDTHS = (480, 960, 1600)
ASPECT_RATIO = (16, 9)
# The JPEG width emails show (600 px wide, sharp on high-density screens).
EMAIL_WIDTH = 960
FORMATS = {"webp": "image/webp", "jpg": "image/jpeg"}


def rendition_widths(largest: int) -> list[int]:
    """Every width stored for an image whose largest rendition is ``largest`` wide."""
    return [width for width in RENDITION_WIDTHS if width < largest] + [largest]


def height_for(width: int) -> int:
    ratio_width, ratio_height = ASPECT_RATIO
    return round(width * ratio_height / ratio_width)


def rendition_name(name: str, width: int, extension: str) -> str:
    return f"{name}-{width}.{extension}"


@dataclass(frozen=True)
class HeroImage:
    """A stored hero image, ready for a ``<picture>``: addresses, size and alt text."""

    name: str
    width: int
    height: int
    alt: str

    @property
    def widths(self) -> list[int]:
        return rendition_widths(self.width)

    def url(self, width: int, extension: str = "jpg") -> str:
        return default_storage.url(rendition_name(self.name, width, extension))

    def srcset(self, extension: str) -> str:
        return ", ".join(f"{self.url(width, extension)} {width}w" for width in self.widths)

    @property
    def srcset_webp(self) -> str:
        return self.srcset("webp")

    @property
    def srcset_jpeg(self) -> str:
        return self.srcset("jpg")

    @property
    def fallback_url(self) -> str:
        """The JPEG for browsers without ``srcset``: the one nearest the email width."""
        return self.url(self.email_width)

    @property
    def email_width(self) -> int:
        return max((width for width in self.widths if width <= EMAIL_WIDTH), default=self.width)

    def file_names(self) -> list[str]:
        return [
            rendition_name(self.name, width, extension)
            for width in self.widths
            for extension in FORMATS
        ]


class WithHeroImage(models.Model):
    """Columns of a row that may have a hero image (a campaign, a programme). Change
    them only through ``campaigns.images.store_hero_image`` / ``remove_hero_image``."""

    hero_image_name = models.CharField(_("hero image"), max_length=200, blank=True, editable=False)
    hero_image_width = models.PositiveIntegerField(
        _("hero image width"), null=True, blank=True, editable=False
    )
    hero_image_height = models.PositiveIntegerField(
        _("hero image height"), null=True, blank=True, editable=False
    )
    hero_alt_sv = models.CharField(
        _("image description (Swedish)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    hero_alt_en = models.CharField(
        _("image description (English)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    class Meta:
        abstract = True

    hero_alt = LocalizedText("hero_alt")

    @property
    def hero_image(self) -> HeroImage | None:
        """The hero image with its alt text in the active language, or None."""
        if not self.hero_image_name or not self.hero_image_width:
            return None
        return HeroImage(
            name=self.hero_image_name,
            width=self.hero_image_width,
            height=self.hero_image_height or height_for(self.hero_image_width),
            alt=self.hero_alt,
        )


def hero_image_constraint(prefix: str) -> models.CheckConstraint:
    """A stored image has its size and alt text in both languages."""
    return models.CheckConstraint(
        condition=models.Q(hero_image_name="")
        | (
            models.Q(hero_image_width__isnull=False, hero_image_height__isnull=False)
            & ~models.Q(hero_alt_sv="")
            & ~models.Q(hero_alt_en="")
        ),
        name=f"{prefix}_hero_image_complete",
    )
