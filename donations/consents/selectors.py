"""Reading consents: the current state is the latest row for a donor, topic and
organisation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from campaigns.models import MemberOrganisation

from ..models import Consent, Donor, Gift


def _latest(donor: Donor, topic: str, organisation: MemberOrganisation | None) -> Consent | None:
    return (
        Consent.objects.filter(donor=donor, topic=topic, organisation=organisation)
        .order_by("-created_at", "-id")
        .first()
    )


def current_consent(donor: Donor, topic: str, organisation: MemberOrganisation | None) -> bool:
    """Whether the donor's latest word on the topic is "yes" (never asked: no)."""
    latest = _latest(donor, topic, organisation)
    return latest is not None and latest.given


def given_consents(donor: Donor) -> list[tuple[str, MemberOrganisation | None]]:
    """The (topic, organisation) pairs whose consent the donor currently gives."""
    pairs = {
        (row.topic, row.organisation)
        for row in Consent.objects.filter(donor=donor).select_related("organisation")
    }
    return [(topic, org) for topic, org in pairs if current_consent(donor, topic, org)]


def _consenting(topic: str, organisation: MemberOrganisation | None) -> QuerySet[Donor]:
    latest = (
        Consent.objects.filter(donor=OuterRef("pk"), topic=topic, organisation=organisation)
        .order_by("-created_at", "-id")
        .values("given")[:1]
    )
    return Donor.objects.annotate(consent_given=Subquery(latest)).filter(consent_given=True)


def donors_consenting_to_contact(organisation: MemberOrganisation) -> QuerySet[Donor]:
    """Donors whose latest word is that ``organisation`` may contact them (for the
    organisation's own donor list and export)."""
    return _consenting(Consent.Topic.CONTACT, organisation)


def newsletter_subscribers() -> QuerySet[Donor]:
    """Donors whose latest word is yes to the newsletter."""
    return _consenting(Consent.Topic.NEWSLETTER, None)


@dataclass(frozen=True)
class ConsentState:
    """One consent as the donor area shows it: given or not, since when, in what words."""

    topic: str
    organisation: MemberOrganisation | None
    given: bool
    since: datetime | None
    wording: str


def consent_overview(donors: Iterable[Donor]) -> list[ConsentState]:
    """A person's consents across their donor records: the newsletter, then each member
    organisation they have given to or answered; the latest row of any record decides."""
    donors = list(donors)
    rows = list(
        Consent.objects.filter(donor__in=donors)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    latest: dict[tuple[str, int | None], Consent] = {}
    for row in rows:
        latest[(row.topic, row.organisation_id)] = row
    organisations = {row.organisation for row in rows if row.organisation is not None}
    organisations.update(
        MemberOrganisation.objects.filter(
            campaigns__gifts__in=Gift.objects.filter(donor__in=donors)
        ).distinct()
    )
    wanted = [(Consent.Topic.NEWSLETTER, None)] + [
        (Consent.Topic.CONTACT, org) for org in sorted(organisations, key=lambda o: o.name)
    ]
    states = []
    for topic, org in wanted:
        row = latest.get((topic, org.pk if org else None))
        states.append(
            ConsentState(
                topic=topic,
                organisation=org,
                given=bool(row and row.given),
                since=row.created_at if row else None,
                wording=row.wording if row else "",
            )
        )
    return states


def history(donors: Iterable[Donor]) -> QuerySet[Consent]:
    """Every consent the donors have given or withdrawn, newest first."""
    return (
        Consent.objects.filter(donor__in=list(donors))
        .select_related("organisation", "donor")
        .order_by("-created_at", "-id")
    )
