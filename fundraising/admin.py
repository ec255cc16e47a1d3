"""Admin pieces shared by the apps, and the audit log of staff actions.

Every change made in the admin (and every replay of a Stripe event) is a
``LogEntry``: who, when, on what and what changed. Staff read them here; nobody
edits or deletes them."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext_lazy as _

from fundraising.money import format_money


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by staff, never edited or deleted by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def money_column(field: str, description: str) -> Callable[[admin.ModelAdmin, Any], str]:
    """A list column showing ``<field>`` (minor units) in the row's currency: 250 kr."""

    @admin.display(description=description, ordering=field)
    def column(model_admin: admin.ModelAdmin, row: Any) -> str:
        return format_money(getattr(row, field), row.currency)

    return column


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "change"]
    list_filter = ["action_flag", "content_type"]
    search_fields = ["object_repr", "change_message", "user__email"]
    list_select_related = ["user", "content_type"]
    date_hierarchy = "action_time"

    @admin.display(description=_("change"))
    def change(self, entry: LogEntry) -> str:
        return entry.get_change_message()
