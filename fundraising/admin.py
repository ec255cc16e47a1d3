"""Admin pieces shared by the apps, and the audit log of staff actions.

Every change made in the admin (and every replay of a Stripe event) is a
``LogEntry``: who, when, on what and what changed. Staff read them here; nobody
edits or deletes them.

Lists of millions of rows (gifts, Stripe events) stay fast with ``LargeListMixin``:
a paginator that never counts a huge table row by row, and searches that look up
exact keys (an email address, a Stripe id, a receipt number) through unique indexes
instead of ``LIKE '%…%'`` over joins."""

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from fundraising.money import format_money

# Up to this many rows a list is counted exactly; beyond it PostgreSQL's planner
# estimate is shown (counting two million rows takes seconds).
EXACT_COUNT_LIMIT = 10_000


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


class EstimatedCountPaginator(Paginator):
    """Counts exactly up to ``EXACT_COUNT_LIMIT`` rows (a count that stops there), and
    above that, on PostgreSQL, takes the planner's estimate of the rows. A list of two
    million gifts shows about two million in a millisecond instead of seconds, and
    pages through its first ``EXACT_COUNT_LIMIT`` rows; older rows are reached by
    sorting the other way or filtering."""

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return super().count
        capped = queryset.order_by()[: EXACT_COUNT_LIMIT + 1].count()
        if capped <= EXACT_COUNT_LIMIT:
            return capped
        estimate = planner_row_estimate(queryset)
        return queryset.count() if estimate is None else max(estimate, capped)

    @cached_property
    def num_pages(self) -> int:
        """Beyond the exact count, only the first ``EXACT_COUNT_LIMIT`` rows are paged:
        deeper pages cost an ever longer ``OFFSET``."""
        pages = super().num_pages
        if self.count <= EXACT_COUNT_LIMIT:
            return pages
        return min(pages, math.ceil(EXACT_COUNT_LIMIT / self.per_page))


def planner_row_estimate(queryset: QuerySet) -> int | None:
    """PostgreSQL's estimate of how many rows ``queryset`` gives (None elsewhere)."""
    from django.db import connections

    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class SortableOnlyChangeList(ChangeList):
    """Sorts only by the columns offered for sorting (``sortable_by``): a hand-made
    ``?o=`` on another column would otherwise sort millions of rows without an index."""

    def get_ordering_field(self, field_name):
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return None
        return super().get_ordering_field(field_name)


class LargeListMixin:
    """For lists that grow to millions of rows: no exact count of the whole table,
    neither for the page (``EstimatedCountPaginator``) nor for the "N total" link, and
    sorting only by the (indexed) columns in ``sortable_by``."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return SortableOnlyChangeList


@dataclass(frozen=True)
class SearchKind:
    """One kind of search term: how to recognise it and which rows it finds."""

    description: Any
    condition: Callable[[str], Q | None]


def stripe_ids(**lookups_by_prefix: str) -> SearchKind:
    """A Stripe id (``pi_…``, ``cus_…``), matched exactly on the unique column its
    prefix names: ``stripe_ids(pi_="stripe_payment_intent_id")``."""

    def condition(term: str) -> Q | None:
        for prefix, lookup in lookups_by_prefix.items():
            if term.startswith(prefix):
                return Q(**{lookup: term})
        return None

    examples = ", ".join(f"{prefix}…" for prefix in lookups_by_prefix)
    return SearchKind(format_lazy(_("a Stripe id ({examples})"), examples=examples), condition)


def email_address(lookup: str) -> SearchKind:
    """An email address, in any case, matched exactly (addresses are stored in lower
    case, under a unique index)."""

    def condition(term: str) -> Q | None:
        return Q(**{lookup: term.lower()}) if "@" in term else None

    return SearchKind(_("an email address"), condition)


RECEIPT_REFERENCE = re.compile(r"^(?P<year>\d{4})-(?P<number>\d{1,9})$")


def receipt_reference(year_lookup: str, number_lookup: str) -> SearchKind:
    """A receipt reference as printed, ``2026-000123``: year and number, exactly."""

    def condition(term: str) -> Q | None:
        if match := RECEIPT_REFERENCE.match(term):
            return Q(**{year_lookup: int(match["year"]), number_lookup: int(match["number"])})
        return None

    return SearchKind(_("a receipt number (2026-000123)"), condition)


def exact_value(lookup: str, description: Any, pattern: str = r".+") -> SearchKind:
    """A whole value matching ``pattern`` (a UUID, an event type), matched exactly."""

    def condition(term: str) -> Q | None:
        return Q(**{lookup: term}) if re.fullmatch(pattern, term) else None

    return SearchKind(description, condition)


def text(lookup: str, description: Any, min_length: int = 3) -> SearchKind:
    """Any other text of at least ``min_length`` characters, found within ``lookup``
    (``name__icontains``): only on tables an index makes that fast for (trigrams)."""

    def condition(term: str) -> Q | None:
        return Q(**{lookup: term}) if len(term) >= min_length else None

    return SearchKind(description, condition)


class ExactSearchMixin:
    """The admin's search box, answering from indexes.

    ``search_kinds`` lists what a term may be, in order; the first kind that
    recognises the term decides which rows it finds. A term no kind recognises
    finds nothing, and the help text under the box says what can be searched."""

    search_kinds: Sequence[SearchKind] = ()

    @property
    def search_help_text(self) -> Any:
        descriptions = [kind.description for kind in self.search_kinds]
        kinds = format_lazy(", ".join(["{}"] * len(descriptions)), *descriptions)
        return format_lazy(_("Search for {kinds}."), kinds=kinds)

    def get_search_results(
        self, request, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        for kind in self.search_kinds:
            if (condition := kind.condition(term)) is not None:
                return queryset.filter(condition), False
        return queryset.none(), False


@admin.register(LogEntry)
class LogEntryAdmin(LargeListMixin, ExactSearchMixin, ReadOnlyAdmin):
    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "change"]
    list_filter = ["action_flag", "content_type", ("action_time", admin.DateFieldListFilter)]
    search_fields = ["object_repr", "user__email"]
    search_kinds = [
        email_address("user__email__iexact"),
        text("object_repr__icontains", _("what was changed, or part of its name")),
    ]
    sortable_by = ["action_time"]
    list_select_related = ["user", "content_type"]

    @admin.display(description=_("change"))
    def change(self, entry: LogEntry) -> str:
        return entry.get_change_message()
