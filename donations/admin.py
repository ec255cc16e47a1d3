"""Admin for the ledger. Financial rows are read-only here: they change only
through Stripe events and services, so every change has a source."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from fundraising.admin import ReadOnlyAdmin, money_column

from .audit import describe_changes, record_staff_action
from .models import (
    CheckoutIntent,
    Donor,
    Gift,
    RecurringPlan,
    Refund,
    WebhookEvent,
)
from .webhooks import dispatch


class DonorAdminForm(forms.ModelForm):
    class Meta:
        model = Donor
        fields = ["email", "name", "language", "user"]

    def clean_email(self) -> str:
        """Stored in lower case, as the giving form stores it: one donor per address."""
        return self.cleaned_data["email"].strip().lower()


@admin.register(Donor)
class DonorAdmin(admin.ModelAdmin):
    """Donors are corrected by hand (a misspelt name); each change is logged with the old
    and new values. Donors are never deleted here: their gifts are bookkeeping records."""

    form = DonorAdminForm
    list_display = ["email", "name", "language", "stripe_customer_id", "created_at"]
    search_fields = ["email", "name", "stripe_customer_id"]
    list_filter = ["language"]
    readonly_fields = ["stripe_customer_id", "created_at"]
    raw_id_fields = ["user"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def construct_change_message(self, request, form, formsets, add=False):
        if add or not form.changed_data:
            return super().construct_change_message(request, form, formsets, add)
        return describe_changes(form.instance, form.initial, form.changed_data)


@admin.register(Gift)
class GiftAdmin(ReadOnlyAdmin):
    list_display = ["paid_at", "amount", "kind", "status", "campaign", "donor", "receipt"]
    list_filter = ["kind", "status", "currency", "campaign"]
    search_fields = [
        "donor__email",
        "donor__name",
        "stripe_payment_intent_id",
        "stripe_invoice_id",
        "stripe_charge_id",
    ]
    date_hierarchy = "paid_at"
    list_select_related = ["campaign", "donor"]
    amount = money_column("amount_minor", _("amount"))

    @admin.display(description=_("receipt"), ordering="receipt_number")
    def receipt(self, gift: Gift) -> str:
        return gift.receipt_reference


@admin.register(CheckoutIntent)
class CheckoutIntentAdmin(ReadOnlyAdmin):
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
    list_select_related = ["campaign", "donor"]
    amount = money_column("amount_minor", _("amount"))


@admin.register(RecurringPlan)
class RecurringPlanAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "donor",
        "campaign",
        "amount",
        "status",
        "next_charge_at",
    ]
    list_filter = ["status", "currency"]
    search_fields = ["stripe_subscription_id", "donor__email"]
    list_select_related = ["campaign", "donor"]
    amount = money_column("amount_minor", _("monthly amount"))


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "gift", "amount", "reason", "created_by"]
    search_fields = ["stripe_refund_id", "gift__donor__email"]
    list_select_related = ["gift", "created_by"]
    amount = money_column("amount_minor", _("amount"))


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["received_at", "type", "status", "attempts", "stripe_event_id", "api_version"]
    list_filter = ["status", "type", "api_version"]
    search_fields = ["stripe_event_id", "type"]
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
