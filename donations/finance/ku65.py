"""Kontrolluppgift KU65 (gåva): what an approved gift recipient reports to Skatteverket
for the tax reduction for gifts, one statement per person (personnummer) a year.

The rules are in ``donations/tax_reduction.py``: only gifts of at least 200 kr per
occasion count, and only a person whose counted gifts reach 2 000 kr in the year is
reported. Amounts are whole kronor, öre dropped.

The file follows Skatteverket's "Teknisk beskrivning och XML-schemalager" for
kontrolluppgifter (schema version ``KU_SCHEMA_VERSION``, as published in
Kontrolluppgifter_COMPONENT_8.0.xsd and "Bilaga 2b - Fältlista"): root ``Skatteverket``
(``omrade="Kontrolluppgifter"``) with ``Avsandare``, ``Blankettgemensamt`` and one
``Blankett nummer="2314"`` per statement, whose ``KU65`` holds ``Inkomstar`` (field
203), ``Specifikationsnummer`` (570), ``MottagetGavobelopp`` (621),
``InkomsttagareKU65/Inkomsttagare`` (215, the personnummer) and
``UppgiftslamnareKU65/UppgiftslamnarId`` (201, our organisation number, 12 digits).
Skatteverket publishes a new schema version for each income year: check the version and
form number against the current technical description before filing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO
from xml.etree import ElementTree

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from fundraising.money import format_money

from ..models import Gift, TaxReductionClaim
from ..tax_reduction import GIFT_OCCASION_MINIMUM_MINOR, TAX_CURRENCY, YEARLY_MINIMUM_MINOR
from .personnummer import mask_personnummer

KU_SCHEMA_VERSION = "8.0"
KU65_FORM_NUMBER = "2314"
SPECIFICATION_NUMBER = "1"  # one KU65 per person a year; the same number replaces it
INSTANCE_NS = (
    f"http://xmls.skatteverket.se/se/skatteverket/ai/instans/infoForBeskattning/{KU_SCHEMA_VERSION}"
)
COMPONENT_NS = f"http://xmls.skatteverket.se/se/skatteverket/ai/komponent/infoForBeskattning/{KU_SCHEMA_VERSION}"
PROGRAM_NAME = "Solidarity"


@dataclass(frozen=True)
class Ku65Statement:
    """One person's reported gifts in the year."""

    personnummer: str
    amount_minor: int
    gifts: int

    @property
    def amount_kronor(self) -> int:
        return self.amount_minor // 100


@dataclass(frozen=True)
class LeftOut:
    """A donor or person not reported, and why (never the whole personnummer)."""

    who: str
    reason: str


@dataclass
class Ku65Report:
    year: int
    statements: list[Ku65Statement] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


def ku65_report(year: int) -> Ku65Report:
    """Every person to report for ``year`` and everyone who gave but is left out."""
    gifts = _gifts_of_year(year)
    report = Ku65Report(year=year)
    for person in _per_person(gifts):
        total, counted = person["counted_minor"] or 0, person["counted"]
        if total >= YEARLY_MINIMUM_MINOR:
            report.statements.append(
                Ku65Statement(
                    personnummer=person["personnummer"], amount_minor=total, gifts=counted
                )
            )
        else:
            report.left_out.append(_below_threshold(person, total))
    report.left_out.extend(_donors_without_personnummer(gifts))
    return report


def _gifts_of_year(year: int):
    zone = timezone.get_default_timezone()
    return Gift.objects.filter(
        paid_at__gte=datetime(year, 1, 1, tzinfo=zone),
        paid_at__lt=datetime(year + 1, 1, 1, tzinfo=zone),
    ).annotate(
        personnummer=Coalesce(
            F("checkout_intent__tax_claim__personnummer"), _donor_level_personnummer()
        ),
        net_minor=F("amount_minor") - F("refunded_minor") - F("disputed_minor"),
    )


def _donor_level_personnummer() -> Subquery:
    """The number the gift's donor gave in the donor area: it counts the gifts whose
    checkout (or the checkout that started their plan) was given none."""
    claims = TaxReductionClaim.objects.filter(
        donor=OuterRef("donor_id"), checkout_intent__isnull=True
    )
    return Subquery(claims.values("personnummer")[:1])


def _per_person(gifts) -> Iterable[dict]:
    counts = Q(currency=TAX_CURRENCY, net_minor__gte=GIFT_OCCASION_MINIMUM_MINOR)
    return (
        gifts.filter(personnummer__isnull=False)
        .values("personnummer")
        .annotate(
            counted_minor=Sum("net_minor", filter=counts),
            counted=Count("pk", filter=counts),
            small=Count("pk", filter=Q(net_minor__lt=GIFT_OCCASION_MINIMUM_MINOR)),
            foreign=Count("pk", filter=~Q(currency=TAX_CURRENCY)),
        )
        .order_by("personnummer")
    )


def _below_threshold(person: dict, total: int) -> LeftOut:
    reason = _(
        "gifts of at least %(occasion)s came to %(total)s, below %(year)s "
        "(%(small)d smaller or refunded, %(foreign)d in another currency)"
    ) % {
        "occasion": format_money(GIFT_OCCASION_MINIMUM_MINOR, TAX_CURRENCY),
        "total": format_money(total, TAX_CURRENCY),
        "year": format_money(YEARLY_MINIMUM_MINOR, TAX_CURRENCY),
        "small": person["small"],
        "foreign": person["foreign"],
    }
    return LeftOut(who=mask_personnummer(person["personnummer"]), reason=reason)


def _donors_without_personnummer(gifts) -> list[LeftOut]:
    with_number = gifts.filter(personnummer__isnull=False).values("donor_id")
    donor_ids = (
        gifts.filter(personnummer__isnull=True)
        .exclude(donor_id__in=with_number)
        .values_list("donor_id", flat=True)
        .distinct()
        .order_by("donor_id")
    )
    reason = _("no personnummer given")
    return [
        LeftOut(who=_("donor %(id)s") % {"id": donor_id}, reason=reason) for donor_id in donor_ids
    ]


CONTACT_EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def settings_problems() -> list[str]:
    """What in the settings Skatteverket's schema would refuse (``settings`` names)."""
    problems = []
    if not CONTACT_EMAIL_PATTERN.fullmatch(settings.FINANCE_CONTACT_EMAIL):
        problems.append("FINANCE_CONTACT_EMAIL must be an address with a domain name.")
    if not 1 <= len(settings.FINANCE_CONTACT_PHONE) <= 20:
        problems.append("FINANCE_CONTACT_PHONE must be 1 to 20 characters.")
    if not 1 <= len(settings.FINANCE_CONTACT_NAME) <= 50:
        problems.append("FINANCE_CONTACT_NAME must be 1 to 50 characters.")
    if not re.fullmatch(r"\d{12}", organisation_identity()):
        problems.append("ORGANISATION_NUMBER must be a Swedish organisation number.")
    return problems


def organisation_identity() -> str:
    """The organisation number as Skatteverket writes it: 12 digits, ``16`` + the 10."""
    digits = "".join(char for char in settings.ORGANISATION_NUMBER if char.isdigit())
    return digits if len(digits) == 12 else f"16{digits}"


def write_ku65(report: Ku65Report, stream: BinaryIO, *, created: datetime | None = None) -> None:
    """The report as Skatteverket's XML file (UTF-8)."""
    ElementTree.register_namespace("", INSTANCE_NS)
    ElementTree.register_namespace("ku", COMPONENT_NS)
    root = ElementTree.Element(f"{{{INSTANCE_NS}}}Skatteverket", omrade="Kontrolluppgifter")
    created = timezone.localtime(created or timezone.now())
    _sender(root, created)
    _common(root)
    for statement in report.statements:
        _form(root, report.year, statement)
    ElementTree.ElementTree(root).write(stream, encoding="UTF-8", xml_declaration=True)


def _ku(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str):
    element = ElementTree.SubElement(parent, f"{{{COMPONENT_NS}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _contact(parent: ElementTree.Element, tag: str) -> None:
    contact = _ku(parent, tag)
    _ku(contact, "Namn", settings.FINANCE_CONTACT_NAME)
    _ku(contact, "Telefon", settings.FINANCE_CONTACT_PHONE)
    _ku(contact, "Epostadress", settings.FINANCE_CONTACT_EMAIL)


def _sender(root: ElementTree.Element, created: datetime) -> None:
    sender = _ku(root, "Avsandare")
    _ku(sender, "Programnamn", PROGRAM_NAME)
    _ku(sender, "Organisationsnummer", organisation_identity())
    _contact(sender, "TekniskKontaktperson")
    _ku(sender, "Skapad", created.strftime("%Y-%m-%dT%H:%M:%S"))


def _common(root: ElementTree.Element) -> None:
    reporter = _ku(_ku(root, "Blankettgemensamt"), "Uppgiftslamnare")
    _ku(reporter, "UppgiftslamnarePersOrgnr", organisation_identity())
    _contact(reporter, "Kontaktperson")


def _form(root: ElementTree.Element, year: int, statement: Ku65Statement) -> None:
    form = _ku(root, "Blankett", nummer=KU65_FORM_NUMBER)
    case = _ku(form, "Arendeinformation")
    _ku(case, "Arendeagare", organisation_identity())
    _ku(case, "Period", str(year))
    ku65 = _ku(_ku(form, "Blankettinnehall"), "KU65")
    reporter = _ku(ku65, "UppgiftslamnareKU65")
    _ku(reporter, "UppgiftslamnarId", organisation_identity(), faltkod="201")
    _ku(reporter, "NamnUppgiftslamnare", settings.ORGANISATION_NAME[:50], faltkod="202")
    _ku(ku65, "Inkomstar", str(year), faltkod="203")
    _ku(ku65, "Specifikationsnummer", SPECIFICATION_NUMBER, faltkod="570")
    _ku(ku65, "MottagetGavobelopp", str(statement.amount_kronor), faltkod="621")
    _ku(_ku(ku65, "InkomsttagareKU65"), "Inkomsttagare", statement.personnummer, faltkod="215")
