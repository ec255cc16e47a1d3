"""Where campaigns happen and what they are about: regions, countries, themes and
the development programmes run with partner organisations."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fundraising.translation import LocalizedText

from ..hero import WithHeroImage, hero_image_constraint


class NamedInTwoLanguages(models.Model):
    """A row with a Swedish and an English name and a URL slug."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    name = LocalizedText("name")


class Region(NamedInTwoLanguages):
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["sort_order", "name_en"]


class Country(NamedInTwoLanguages):
    code = models.CharField(
        _("code"),
        max_length=6,
        unique=True,
        help_text=_("ISO 3166 code, e.g. AL; a subdivision code such as IQ-KR where needed."),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="countries", verbose_name=_("region")
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]


class Theme(NamedInTwoLanguages):
    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name_en"]


class Programme(WithHeroImage):
    """A country or regional development programme run with partner organisations."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160)
    summary_sv = models.TextField(_("summary (Swedish)"))
    summary_en = models.TextField(_("summary (English)"))
    partners_sv = models.TextField(_("partner organisations (Swedish)"), blank=True)
    partners_en = models.TextField(_("partner organisations (English)"), blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("region")
    )
    countries = models.ManyToManyField(
        Country, related_name="programmes", verbose_name=_("countries")
    )
    themes = models.ManyToManyField(
        Theme, related_name="programmes", blank=True, verbose_name=_("themes")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["region__sort_order", "title_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_period_ordered",
            ),
            hero_image_constraint("programme"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:programme", kwargs={"slug": self.slug})

    title = LocalizedText("title")
    summary = LocalizedText("summary")
    partners = LocalizedText("partners")
