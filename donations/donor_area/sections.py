"""The sections of the donor area, in the order its menu lists them.

A section is a URL name and a label (and, if it exists only when a setting is on, that
setting's name); the menu (``donations/donor_area/_menu.html``)
and the overview draw from this list, so a new page joins by adding a line here."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    url_name: str
    label: str | Promise
    description: str | Promise
    setting: str = ""

    @property
    def shown(self) -> bool:
        return not self.setting or bool(getattr(settings, self.setting))


SECTIONS: list[Section] = [
    Section("donor-area:overview", _("Overview"), _("Your addresses and a summary.")),
    Section(
        "donor-area:gifts",
        _("Gifts"),
        _("Every gift with its status and receipt."),
    ),
    Section(
        "donor-area:statements",
        _("Yearly statements"),
        _("Your gifts per calendar year, with refunds taken off."),
    ),
    Section(
        "donor-area:consents",
        _("Consents"),
        _("Newsletter, and contact from the member organisations you gave through."),
    ),
    Section(
        "donor-area:plans",
        _("Monthly gifts"),
        _("Change the amount, pause, resume or cancel, and update the card."),
    ),
    Section(
        "donor-area:tax-reduction",
        _("Tax reduction"),
        _("Your personnummer, so your gifts count towards the tax reduction."),
        setting="APPROVED_GIFT_RECIPIENT",
    ),
    Section(
        "donor-area:my-data",
        _("My data"),
        _("Download everything we hold about you, or have it erased."),
    ),
]
