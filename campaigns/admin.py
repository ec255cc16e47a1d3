"""Admin for programmes, member organisations and campaigns.

A campaign's status is read-only here: it moves only through the workflow
actions, which call ``campaigns.services`` so every move is checked and logged.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fundraising.admin import ReadOnlyAdmin, money_column
from fundraising.money import format_money

from . import images, services
from .forms import HeroImageFormMixin, SuggestedAmountsField
from .hero import WithHeroImage
from .models import (
    Campaign,
    CampaignStatusChange,
    CampaignTotal,
    Country,
    FundTotal,
    MemberOrganisation,
    OrganisationMembership,
    Programme,
    Region,
    Theme,
)
from .portal.models import CampaignRevision, Invitation


class CountryInline(admin.TabularInline):
    model = Country
    fields = ["name_sv", "name_en", "code", "slug"]
    extra = 0
    show_change_link = True


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "slug", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name_sv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [CountryInline]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "code", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name_sv", "name_en", "code", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["region"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "slug"]
    search_fields = ["name_sv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class HeroImageAdminMixin:
    """Upload, replace or remove the hero image through ``campaigns.images`` (the form's
    ``save_hero_image``), with a preview of the stored one."""

    hero_fieldset = (
        _("Image"),
        {"fields": ["hero_preview", "hero_upload", "hero_alt_sv", "hero_alt_en", "remove_hero"]},
    )

    @admin.display(description=_("Current image"))
    def hero_preview(self, obj: WithHeroImage) -> str:
        image = obj.hero_image
        if image is None:
            return _("No image yet.")
        return format_html(
            '<img src="{}" width="240" height="{}" alt="{}">',
            image.url(image.widths[0]),
            round(240 * image.height / image.width),
            image.alt,
        )

    def save_model(self, request: HttpRequest, obj: WithHeroImage, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        form.save_hero_image(obj)

    def delete_model(self, request: HttpRequest, obj: WithHeroImage) -> None:
        images.delete_with_hero_image(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            for obj in queryset:
                images.delete_with_hero_image(obj)


class ProgrammeAdminForm(HeroImageFormMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["hero_alt_sv", "hero_alt_en"]  # the admin adds its fieldsets


class CampaignAdminForm(HeroImageFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["hero_alt_sv", "hero_alt_en"]  # the admin adds its fieldsets


@admin.register(Programme)
class ProgrammeAdmin(HeroImageAdminMixin, admin.ModelAdmin):
    form = ProgrammeAdminForm
    readonly_fields = ["hero_preview"]
    list_display = ["title_sv", "title_en", "region", "starts_on", "ends_on"]
    list_filter = ["region", "themes"]
    list_select_related = ["region"]
    search_fields = ["title_sv", "title_en", "slug", "countries__name_sv", "countries__name_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["region", "countries", "themes"]
    date_hierarchy = "starts_on"
    fieldsets = [
        (None, {"fields": ["slug", "region", "countries", "themes", "starts_on", "ends_on"]}),
        (_("Swedish"), {"fields": ["title_sv", "summary_sv", "partners_sv"]}),
        (_("English"), {"fields": ["title_en", "summary_en", "partners_en"]}),
        HeroImageAdminMixin.hero_fieldset,
    ]


class OrganisationMembershipInline(admin.TabularInline):
    model = OrganisationMembership
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(MemberOrganisation)
class MemberOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationMembershipInline]
    # A website typed without a scheme is taken as https, as Django 6 will do.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


class ReadOnlyAdminMixin:
    """Rows that record history: shown, never added, changed or deleted by hand."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class CampaignStatusChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CampaignStatusChange
    fields = ["changed_at", "event", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields
    extra = 0


Transition = Callable[..., Campaign]


def _run_transition(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Campaign],
    transition: Transition,
) -> None:
    """Apply a workflow step to each selected campaign; refusals are reported, not raised."""
    moved = 0
    for campaign in queryset:
        try:
            transition(campaign, by=request.user)
        except services.InvalidTransition as refusal:
            modeladmin.message_user(
                request,
                _("“%(campaign)s”: %(reason)s") % {"campaign": campaign, "reason": refusal},
                level=messages.ERROR,
            )
        else:
            moved += 1
    if moved:
        modeladmin.message_user(
            request,
            ngettext("%(count)d campaign was moved.", "%(count)d campaigns were moved.", moved)
            % {"count": moved},
            level=messages.SUCCESS,
        )


@admin.action(description=_("Submit for review"))
def submit_for_review(modeladmin, request, queryset):
    _run_transition(modeladmin, request, queryset, services.submit_for_review)


@admin.action(description=_("Publish"))
def publish(modeladmin, request, queryset):
    _run_transition(modeladmin, request, queryset, services.publish_campaign)


@admin.action(description=_("Return to draft"))
def return_to_draft(modeladmin, request, queryset):
    _run_transition(modeladmin, request, queryset, services.return_to_draft)


@admin.action(description=_("Close"))
def close(modeladmin, request, queryset):
    _run_transition(modeladmin, request, queryset, services.close_campaign)


@admin.register(Campaign)
class CampaignAdmin(HeroImageAdminMixin, admin.ModelAdmin):
    form = CampaignAdminForm
    list_display = [
        "title_sv",
        "status",
        "organisation",
        "programme",
        "goal",
        "is_featured",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["status", "is_featured", "currency", "programme__region", "organisation"]
    list_select_related = ["organisation", "programme"]
    search_fields = ["title_sv", "title_en", "slug", "summary_sv", "summary_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["programme", "organisation"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at", "hero_preview"]
    date_hierarchy = "starts_on"
    actions = [submit_for_review, publish, return_to_draft, close]
    inlines = [CampaignStatusChangeInline]
    fieldsets = [
        (None, {"fields": ["slug", "status", "programme", "organisation", "is_featured"]}),
        (_("Swedish"), {"fields": ["title_sv", "summary_sv", "story_sv"]}),
        (_("English"), {"fields": ["title_en", "summary_en", "story_en"]}),
        HeroImageAdminMixin.hero_fieldset,
        (
            _("Giving"),
            {
                "fields": [
                    "goal_minor",
                    "currency",
                    "suggested_amounts",
                    "allows_monthly",
                    "starts_on",
                    "ends_on",
                ]
            },
        ),
        (_("History"), {"fields": ["published_at", "created_at", "updated_at"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "suggested_amounts":
            return SuggestedAmountsField(
                label=db_field.verbose_name,
                required=False,
                help_text=_(
                    "One row per amount button, in the campaign's currency, with what the "
                    "amount pays for. Leave a row empty to drop it; no rows gives the "
                    "default amounts."
                ),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("goal"), ordering="goal_minor")
    def goal(self, campaign: Campaign) -> str:
        return format_money(campaign.goal_minor, campaign.currency)


@admin.register(CampaignStatusChange)
class CampaignStatusChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["campaign", "event", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["event", "to_status", "from_status"]
    list_select_related = ["campaign", "changed_by"]
    search_fields = ["campaign__title_sv", "campaign__title_en", "changed_by__email", "note"]
    date_hierarchy = "changed_at"


@admin.register(CampaignTotal)
class CampaignTotalAdmin(ReadOnlyAdmin):
    """Kept totals; ``python manage.py recompute_totals`` rebuilds them from the ledger."""

    list_display = ["campaign", "raised", "gift_count", "donor_count"]
    list_select_related = ["campaign"]

    @admin.display(description=_("raised"), ordering="raised_minor")
    def raised(self, total: CampaignTotal) -> str:
        return format_money(total.raised_minor, total.campaign.currency)


@admin.register(FundTotal)
class FundTotalAdmin(ReadOnlyAdmin):
    list_display = ["currency", "raised", "gift_count"]
    raised = money_column("raised_minor", _("raised"))


@admin.register(CampaignRevision)
class CampaignRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Changes proposed to published campaigns; decided in the review queue on the site."""

    list_display = ["campaign", "state", "created_by", "submitted_at", "updated_at"]
    list_filter = ["state"]
    list_select_related = ["campaign", "created_by"]
    search_fields = ["campaign__title_sv", "campaign__title_en"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role", "organisation"]
    list_select_related = ["organisation", "invited_by"]
    search_fields = ["email", "organisation__name"]
