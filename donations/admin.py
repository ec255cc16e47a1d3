"""Admin for the ledger. Financial rows are read-only here: they change only
through Stripe events and services, so every change has a source.

Gifts and Stripe events run into millions: their lists sort only by indexed columns
(``sortable_by``), filter on fixed choices, and search exact keys (see
``fundraising.admin.ExactSearchMixin``); a name is searched on the donor list."""

from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from fundraising.admin import (
    ExactSearchMixin,
    LargeListMixin,
    ReadOnlyAdmin,
    email_address,
    exact_value,
    money_column,
    receipt_reference,
    stripe_ids,
    text,
)

from .audit import describe_changes, record_staff_action
from .donor_area import erasure, my_data
from .models import (
    CheckoutIntent,
    Consent,
    Donor,
    ExportedPeriod,
    ExportLog,
    Gift,
    PreparedExport,
    RecurringPlan,
    Refund,
    TaxReductionClaim,
    WebhookEvent,
    YearlyStatementSent,
)
from .webhooks import dispatch, handlers

UUID_PATTERN = r"[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}"
EVENT_TYPE_PATTERN = r"[a-z_]+(\.[a-z_]+)+"


class DonorAdminForm(forms.ModelForm):
    class Meta:
        model = Donor
        fields = ["email", "name", "language", "user"]

    def clean_email(self) -> str:
        """Stored in lower case, as the giving form stores it: one donor per address."""
        return self.cleaned_data["email"].strip().lower()


@admin.register(Donor)
class DonorAdmin(LargeListMixin, ExactSearchMixin, admin.ModelAdmin):
    """Donors are corrected by hand (a misspelt name); each change is logged with the old
    and new values. Donors are never deleted here: their gifts are bookkeeping records.

    The one list searched by name: a trigram index on PostgreSQL finds any part of it."""

    form = DonorAdminForm
    list_display = ["email", "name", "language", "stripe_customer_id", "created_at"]
    search_fields = ["email", "name", "stripe_customer_id"]
    search_kinds = [
        email_address("email"),
        stripe_ids(cus_="stripe_customer_id"),
        text("name__icontains", _("a name or part of one (at least three letters)")),
    ]
    sortable_by = ["email", "created_at"]
    list_filter = ["language"]
    readonly_fields = ["stripe_customer_id", "created_at", "erased_at"]
    raw_id_fields = ["user"]
    actions = ["export_personal_data", "erase_personal_data"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Download the selected donors' data (zip)"))
    def export_personal_data(self, request, queryset):
        """For a donor who asks by letter; logged like every staff action on a donor."""
        for donor in queryset:
            record_staff_action(request.user, donor, "Personal data exported.")
        response = HttpResponse(my_data.export_zip(queryset), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="donor-data.zip"'
        return response

    @admin.action(description=_("Erase the selected donors' personal data"))
    def erase_personal_data(self, request, queryset):
        """Asks for confirmation first; the same service and rules as the donor's own."""
        if request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Erase personal data"),
                "donors": queryset,
                "refusal": erasure.erasure_refusal(queryset),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/donations/donor/erase_confirmation.html", context
            )
        try:
            count = erasure.erase_donors(queryset, by=request.user)
        except erasure.ErasureRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return None
        self.message_user(
            request,
            ngettext(
                "The personal data of %(count)d donor was erased.",
                "The personal data of %(count)d donors was erased.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        return None

    def construct_change_message(self, request, form, formsets, add=False):
        if add or not form.changed_data:
            return super().construct_change_message(request, form, formsets, add)
        return describe_changes(form.instance, form.initial, form.changed_data)


@admin.register(Gift)
class GiftAdmin(LargeListMixin, ExactSearchMixin, ReadOnlyAdmin):
    list_display = ["paid_at", "amount", "kind", "status", "campaign", "donor", "receipt"]
    # The campaign filter lists the campaigns table; the date filter offers fixed
    # periods (a date hierarchy would read the dates of every gift on each load).
    list_filter = ["kind", "status", "currency", "campaign", ("paid_at", admin.DateFieldListFilter)]
    search_fields = [
        "donor__email",
        "stripe_payment_intent_id",
        "stripe_invoice_id",
        "stripe_charge_id",
        "receipt_number",
    ]
    search_kinds = [
        email_address("donor__email"),
        stripe_ids(
            pi_="stripe_payment_intent_id",
            in_="stripe_invoice_id",
            ch_="stripe_charge_id",
            cus_="donor__stripe_customer_id",
        ),
        receipt_reference("receipt_year", "receipt_number"),
    ]
    sortable_by = ["paid_at"]
    list_select_related = ["campaign", "donor"]
    amount = money_column("amount_minor", _("amount"))

    @admin.display(description=_("receipt"), ordering="receipt_number")
    def receipt(self, gift: Gift) -> str:
        return gift.receipt_reference


@admin.register(CheckoutIntent)
class CheckoutIntentAdmin(LargeListMixin, ExactSearchMixin, ReadOnlyAdmin):
    list_display = [
        "created_at",
        "donor",
        "campaign",
        "amount",
        "frequency",
        "status",
    ]
    list_filter = ["status", "frequency", "currency"]
    search_fields = ["id", "donor__email", "stripe_session_id"]
    search_kinds = [
        email_address("donor__email"),
        stripe_ids(cs_="stripe_session_id"),
        exact_value("pk", _("a checkout id"), UUID_PATTERN),
    ]
    sortable_by = ["created_at"]
    list_select_related = ["campaign", "donor"]
    amount = money_column("amount_minor", _("amount"))


@admin.register(RecurringPlan)
class RecurringPlanAdmin(LargeListMixin, ExactSearchMixin, ReadOnlyAdmin):
    list_display = [
        "created_at",
        "donor",
        "campaign",
        "amount",
        "status",
        "next_charge",
        "ends_at",
    ]
    list_filter = ["status", "currency"]
    search_fields = ["stripe_subscription_id", "donor__email"]
    search_kinds = [
        email_address("donor__email"),
        stripe_ids(sub_="stripe_subscription_id", cus_="donor__stripe_customer_id"),
    ]
    sortable_by = ["created_at", "next_charge"]
    list_select_related = ["campaign", "donor"]
    amount = money_column("amount_minor", _("monthly amount"))

    @admin.display(description=_("next charge"), ordering="next_charge_at")
    def next_charge(self, plan: RecurringPlan) -> datetime | None:
        """None once a scheduled end comes first."""
        return plan.upcoming_charge_at


@admin.register(Refund)
class RefundAdmin(LargeListMixin, ExactSearchMixin, ReadOnlyAdmin):
    list_display = ["created_at", "gift", "amount", "status", "reason", "created_by"]
    search_fields = ["stripe_refund_id", "gift__donor__email"]
    search_kinds = [
        email_address("gift__donor__email"),
        stripe_ids(
            re_="stripe_refund_id",
            pi_="gift__stripe_payment_intent_id",
            in_="gift__stripe_invoice_id",
            ch_="gift__stripe_charge_id",
        ),
        receipt_reference("gift__receipt_year", "gift__receipt_number"),
    ]
    sortable_by = ["created_at"]
    list_select_related = ["gift", "created_by"]
    amount = money_column("amount_minor", _("amount"))


@admin.register(ExportedPeriod)
class ExportedPeriodAdmin(ReadOnlyAdmin):
    """Periods handed to the books as SIE (``export_sie`` marks them)."""

    list_display = ["start", "end", "voucher_count", "exported_at", "exported_by"]
    list_select_related = ["exported_by"]


@admin.register(ExportLog)
class ExportLogAdmin(LargeListMixin, ReadOnlyAdmin):
    """Every dashboard export: who took which file, with which filters, when."""

    list_display = ["exported_at", "kind", "file_format", "exported_by", "filters"]
    list_filter = ["kind", "file_format"]
    list_select_related = ["exported_by"]
    date_hierarchy = "exported_at"


@admin.register(PreparedExport)
class PreparedExportAdmin(ReadOnlyAdmin):
    """Background XLSX exports and, for a failed one, its error. The file itself is never
    linked here: only the person who asked fetches it, from Your exports."""

    list_display = ["created_at", "kind", "organisation", "requested_by", "status", "row_count"]
    list_filter = ["status", "kind"]
    list_select_related = ["organisation", "requested_by"]
    exclude = ["file"]


@admin.register(TaxReductionClaim)
class TaxReductionClaimAdmin(LargeListMixin, ReadOnlyAdmin):
    """Only for users given the view permission (finance staff), and even then masked:
    the whole number leaves the database only in the KU65 file."""

    list_display = ["masked_personnummer", "donor", "checkout_intent", "created_at"]
    fields = readonly_fields = ["masked_personnummer", "donor", "checkout_intent", "created_at"]
    sortable_by = ["created_at"]
    list_select_related = ["donor", "checkout_intent"]

    @admin.display(description=_("personnummer"))
    def masked_personnummer(self, claim: TaxReductionClaim) -> str:
        return str(claim)


@admin.register(Consent)
class ConsentAdmin(LargeListMixin, ExactSearchMixin, ReadOnlyAdmin):
    """The consent history: rows are only added (by the giving form, the donor area and
    the link in emails), never edited."""

    list_display = ["created_at", "donor", "topic", "organisation", "given", "source"]
    list_filter = ["topic", "given", "source"]
    search_kinds = [email_address("donor__email")]
    sortable_by = ["created_at"]
    list_select_related = ["donor", "organisation"]


@admin.register(YearlyStatementSent)
class YearlyStatementSentAdmin(LargeListMixin, ExactSearchMixin, ReadOnlyAdmin):
    list_display = ["year", "donor", "sent_at"]
    list_filter = ["year"]
    search_kinds = [email_address("donor__email")]
    sortable_by = ["year"]
    list_select_related = ["donor"]


class EventTypeFilter(admin.SimpleListFilter):
    """The types we read, from the handlers' registry rather than a ``DISTINCT`` over
    every event; events of other types are those with the status "ignored", and events
    of another API version those with the status "other API version"."""

    title = _("type")
    parameter_name = "type__exact"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [(event_type, event_type) for event_type in sorted(handlers.EVENT_HANDLERS)]

    def queryset(self, request, queryset):
        return queryset.filter(type=self.value()) if self.value() else queryset


@admin.register(WebhookEvent)
class WebhookEventAdmin(LargeListMixin, ExactSearchMixin, admin.ModelAdmin):
    list_display = ["received_at", "type", "status", "attempts", "stripe_event_id", "api_version"]
    list_filter = ["status", EventTypeFilter]
    search_fields = ["stripe_event_id", "type"]
    search_kinds = [
        stripe_ids(evt_="stripe_event_id"),
        exact_value("type", _("an event type (invoice.paid)"), EVENT_TYPE_PATTERN),
    ]
    sortable_by = ["received_at"]
    readonly_fields = [field.name for field in WebhookEvent._meta.fields]
    actions = ["replay"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Process the selected events again"))
    def replay(self, request, queryset) -> None:
        """Queue the selected events again; each replay is logged with who asked."""
        count = 0
        for event in queryset:
            if dispatch.replay_webhook_event(event):
                record_staff_action(request.user, event, gettext("Replayed (processed again)"))
                count += 1
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d event queued for processing.",
                    "%(count)d events queued for processing.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        skipped = queryset.count() - count
        if skipped:
            self.message_user(
                request,
                _(
                    "Ignored events and events of another API version are not processed "
                    "(for another version, upgrade the SDK first)."
                ),
                messages.WARNING,
            )


from . import admin_finance  # noqa: E402, F401  (disputes, payouts, balance transactions)
