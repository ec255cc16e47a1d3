"""``manage.py seed_demo``: the centre's regions, programmes, member organisations,
campaigns (each with an illustration of our own making) and two demo logins.
Idempotent: rows are matched on slug, code or email, so running it again updates them
in place; an image is drawn only where none is stored (an image staff uploaded stays).
It creates no gifts."""

import functools
from datetime import date, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from accounts.models import User
from accounts.roles import Role, grant_role
from accounts.services import mark_email_verified
from campaigns import demo_data, services
from campaigns.hero import WithHeroImage
from campaigns.illustrations import illustration
from campaigns.images import Renditions, drawn_image, encode_renditions, store_hero_image
from campaigns.models import (
    Campaign,
    CampaignStatus,
    Country,
    MemberOrganisation,
    OrganisationMembership,
    Programme,
    Region,
    Theme,
)
from campaigns.portal import services as portal_services

# The workflow a new demo campaign walks through, so its history reads like a real one.
WORKFLOW = [CampaignStatus.IN_REVIEW, CampaignStatus.PUBLISHED, CampaignStatus.CLOSED]


class Command(BaseCommand):
    help = "Create or update the demo regions, programmes, organisations, campaigns and logins."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        seed_geography()
        seed_programmes()
        seed_organisations()
        staff = seed_users()
        seed_campaigns(by=staff)
        seed_images()
        seed_portal()
        extras = [import_string(seeder)() for seeder in settings.DEMO_DATA_SEEDERS]
        self.stdout.write(self.style.SUCCESS("\n".join([summary(), *extras])))


def seed_geography() -> None:
    regions = {}
    for order, (slug, name_sv, name_en) in enumerate(demo_data.REGIONS, start=1):
        regions[slug], _ = Region.objects.update_or_create(
            slug=slug, defaults={"name_sv": name_sv, "name_en": name_en, "sort_order": order}
        )
    for code, name_sv, name_en, region in demo_data.COUNTRIES:
        Country.objects.update_or_create(
            code=code,
            defaults={
                "slug": slugify(name_en),
                "name_sv": name_sv,
                "name_en": name_en,
                "region": regions[region],
            },
        )
    for slug, name_sv, name_en in demo_data.THEMES:
        Theme.objects.update_or_create(slug=slug, defaults={"name_sv": name_sv, "name_en": name_en})


def seed_programmes() -> None:
    for row in demo_data.PROGRAMMES:
        fields = dict(row)
        slug = fields.pop("slug")
        countries = fields.pop("countries")
        themes = fields.pop("themes")
        fields["region"] = Region.objects.get(slug=fields["region"])
        fields["starts_on"] = date.fromisoformat(fields["starts_on"])
        fields["ends_on"] = date.fromisoformat(fields["ends_on"]) if fields["ends_on"] else None
        programme, _ = Programme.objects.update_or_create(slug=slug, defaults=fields)
        programme.countries.set(Country.objects.filter(code__in=countries))
        programme.themes.set(Theme.objects.filter(slug__in=themes))


def seed_organisations() -> None:
    for slug, name, kind in demo_data.ORGANISATIONS:
        MemberOrganisation.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "website": f"https://{slug}.example.org/"},
        )


def seed_users() -> User:
    """The demo logins, with verified addresses so allauth lets them in.
    Passwords are set only when the user is created, never reset on a rerun."""
    staff = ensure_user(
        demo_data.STAFF_USER["email"],
        demo_data.STAFF_USER["password"],
        first_name="Sara",
        last_name="Insamlare",
        is_staff=True,
        is_superuser=True,
    )
    org_user = ensure_user(
        demo_data.ORGANISATION_USER["email"],
        demo_data.ORGANISATION_USER["password"],
        first_name="Olle",
        last_name="Ombud",
    )
    OrganisationMembership.objects.update_or_create(
        user=org_user,
        organisation=MemberOrganisation.objects.get(
            slug=demo_data.ORGANISATION_USER["organisation"]
        ),
        defaults={"role": OrganisationMembership.Role.ADMIN},
    )
    finance = ensure_user(
        demo_data.FINANCE_USER["email"],
        demo_data.FINANCE_USER["password"],
        first_name="Fia",
        last_name="Ekonom",
    )
    grant_role(finance, Role.FINANCE)
    return staff


def seed_portal() -> None:
    """More organisation staff, a fundraising staffer, and a pending change to a
    published campaign (submitted once; a rerun leaves it as it is)."""
    for email, password, organisation, role, first_name, last_name in demo_data.ORGANISATION_STAFF:
        user = ensure_user(email, password, first_name=first_name, last_name=last_name)
        OrganisationMembership.objects.update_or_create(
            user=user,
            organisation=MemberOrganisation.objects.get(slug=organisation),
            defaults={"role": role},
        )
    fundraiser = ensure_user(
        demo_data.FUNDRAISING_USER["email"],
        demo_data.FUNDRAISING_USER["password"],
        first_name="Frida",
        last_name="Granskare",
    )
    grant_role(fundraiser, Role.FUNDRAISING)
    change = demo_data.PENDING_CHANGE
    campaign = Campaign.objects.get(slug=change["campaign"])
    if campaign.revisions.exists() or campaign.status != CampaignStatus.PUBLISHED:
        return
    editor = User.objects.get(email=change["by"])
    values = portal_services.start_values(campaign)
    values["summary_sv"] = change["summary_sv"]
    portal_services.edit_campaign(campaign, values, by=editor)
    portal_services.submit_campaign(campaign, by=editor)


def ensure_user(email: str, password: str, **fields: object) -> User:
    user, created = User.objects.update_or_create(email=email, defaults=fields)
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    mark_email_verified(user)
    return user


def seed_campaigns(*, by: User) -> None:
    today = timezone.localdate()
    for row in demo_data.CAMPAIGNS:
        fields = dict(row)
        slug = fields.pop("slug")
        status = fields.pop("status")
        fields["starts_on"] = today + timedelta(days=fields.pop("starts_in_days"))
        ends_in_days = fields.pop("ends_in_days")
        fields["ends_on"] = None if ends_in_days is None else today + timedelta(days=ends_in_days)
        fields["programme"] = Programme.objects.get(slug=fields["programme"])
        countries = fields.pop("countries")
        owner = fields["organisation"]
        fields["organisation"] = MemberOrganisation.objects.get(slug=owner) if owner else None
        fields.setdefault("allows_monthly", True)
        campaign, created = Campaign.objects.update_or_create(slug=slug, defaults=fields)
        campaign.countries.set(Country.objects.filter(code__in=countries))
        if created:
            walk_workflow(campaign, status, by=by)


def seed_images() -> None:
    """An illustration for every demo programme and campaign that has no stored image."""
    models: dict[str, type[WithHeroImage]] = {"programmes": Programme, "campaigns": Campaign}
    for kind, scenes in demo_data.ILLUSTRATIONS.items():
        for row in models[kind].objects.filter(slug__in=scenes):
            if not has_stored_image(row):
                renditions, alt_sv, alt_en = demo_picture(row.slug, *scenes[row.slug])
                store_hero_image(row, renditions, alt_sv=alt_sv, alt_en=alt_en)


@functools.cache
def demo_picture(slug: str, scene: str, palette: str) -> tuple[Renditions, str, str]:
    """A demo illustration's encoded files and alt texts, drawn and encoded once per
    process (the tests seed many fresh databases)."""
    picture = illustration(slug, scene, palette)
    return encode_renditions(drawn_image(picture.image)), picture.alt_sv, picture.alt_en


def has_stored_image(row: WithHeroImage) -> bool:
    image = row.hero_image
    return image is not None and all(default_storage.exists(name) for name in image.file_names())


def walk_workflow(campaign: Campaign, status: str, *, by: User) -> None:
    """Move a new campaign from draft to ``status`` one allowed step at a time."""
    if status == CampaignStatus.DRAFT:
        return
    for step in WORKFLOW[: WORKFLOW.index(status) + 1]:
        services.change_campaign_status(campaign, step, by=by, note="Demo data")


def summary() -> str:
    counts = {
        "regions": Region.objects.count(),
        "countries": Country.objects.count(),
        "themes": Theme.objects.count(),
        "programmes": Programme.objects.count(),
        "member organisations": MemberOrganisation.objects.count(),
        "campaigns": Campaign.objects.count(),
        "published campaigns": Campaign.objects.published().count(),
    }
    lines = [f"  {name}: {count}" for name, count in counts.items()]
    logins = [
        f"  staff login: {demo_data.STAFF_USER['email']} / {demo_data.STAFF_USER['password']}"
        " (the first login sets up two-factor authentication: have an authenticator app ready)",
        f"  finance staff login: {demo_data.FINANCE_USER['email']} / "
        f"{demo_data.FINANCE_USER['password']}",
        f"  member organisation login: {demo_data.ORGANISATION_USER['email']} / "
        f"{demo_data.ORGANISATION_USER['password']}",
        f"  fundraising staff login (review queue): {demo_data.FUNDRAISING_USER['email']} / "
        f"{demo_data.FUNDRAISING_USER['password']}",
        *(
            f"  {role} of {organisation}: {email} / {password}"
            for email, password, organisation, role, *_names in demo_data.ORGANISATION_STAFF
        ),
    ]
    return "\n".join(["Demo data is in place:", *lines, *logins])
