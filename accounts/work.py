"""The staff's Work pages: what the Work menu lists, and where a staff member starts.

Each page is guarded by the permission the page itself checks (``campaigns/rules.py``,
``donations/rules.py``); the admin by ``is_staff``, as Django's admin does. The
first page a person may open is their start page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import User


@dataclass(frozen=True)
class WorkPage:
    url_name: str
    label: Promise
    opens_for: Callable[[User | AnonymousUser], bool]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def _permission(name: str) -> Callable[[User | AnonymousUser], bool]:
    return lambda user: user.has_perm(name)


# Whoever may take a download from a dashboard (``dashboards.export_views``) has its
# prepared XLSX files waiting under "Your exports".
EXPORT_PERMISSIONS = (
    "campaigns.view_dashboard",
    "campaigns.use_portal",
    "donations.export_gifts",
    "donations.export_plans",
)


def _any_permission(*names: str) -> Callable[[User | AnonymousUser], bool]:
    return lambda user: any(user.has_perm(name) for name in names)


WORK_PAGES = (
    WorkPage("finance:payouts", _("Finance"), _permission("donations.view_finance")),
    WorkPage("portal:home", _("Our campaigns"), _permission("campaigns.use_portal")),
    WorkPage(
        "dashboards:fundraising",
        _("Fundraising dashboard"),
        _permission("campaigns.view_dashboard"),
    ),
    WorkPage("dashboards:mine", _("Our dashboard"), _permission("campaigns.use_portal")),
    WorkPage("dashboards:exports", _("Your exports"), _any_permission(*EXPORT_PERMISSIONS)),
    WorkPage("portal:review-queue", _("Review queue"), _permission("campaigns.review_campaigns")),
    WorkPage("admin:index", _("Administration"), lambda user: user.is_staff),
)


def work_pages(user: User | AnonymousUser) -> list[WorkPage]:
    """The Work pages the person may open, in the menu's order."""
    return [page for page in WORK_PAGES if page.opens_for(user)]


def start_page(user: User | AnonymousUser) -> str:
    """The address of the person's first Work page ("" for someone without one)."""
    pages = work_pages(user)
    return pages[0].url if pages else ""
