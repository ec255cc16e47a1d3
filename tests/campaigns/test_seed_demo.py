from datetime import date

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone
from PIL import Image

from accounts.models import User
from campaigns.images import store_hero_image
from campaigns.models import (
    Campaign,
    CampaignStatus,
    CampaignStatusChange,
    Country,
    HistoryEvent,
    MemberOrganisation,
    OrganisationMembership,
    Programme,
    Region,
    Theme,
)
from campaigns.portal.models import CampaignRevision
from campaigns.portal.selectors import review_queue
from donations import totals
from donations.dashboards import selectors
from donations.dashboards.periods import Period
from donations.finance import ledger_reads
from donations.models import Gift, ReceiptCounter, Refund
from tests.campaigns.image_files import image_upload

pytestmark = pytest.mark.django_db

MODELS = [
    Region,
    Country,
    Theme,
    Programme,
    MemberOrganisation,
    OrganisationMembership,
    Campaign,
    CampaignStatusChange,
    User,
    EmailAddress,
]


def snapshot():
    return {
        "counts": {model.__name__: model.objects.count() for model in MODELS},
        "campaigns": sorted(Campaign.objects.values_list("slug", "status", "goal_minor")),
        "programmes": sorted(Programme.objects.values_list("slug", flat=True)),
        "countries": sorted(Country.objects.values_list("code", "name_sv", "region__slug")),
        "programme countries": sorted(
            Programme.countries.through.objects.values_list("programme__slug", "country__code")
        ),
        "campaign countries": sorted(
            Campaign.countries.through.objects.values_list("campaign__slug", "country__code")
        ),
    }


@pytest.fixture
def seeded(capsys, settings):
    """The demo data without its year of gifts (seconds per test); the gifts' own test
    uses ``seeded_with_gifts``."""
    settings.DEMO_DATA_SEEDERS = []
    call_command("seed_demo")
    return capsys.readouterr().out


@pytest.fixture
def seeded_with_gifts(capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def test_running_twice_gives_the_same_data(seeded):
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first


def test_prints_a_summary(seeded):
    assert "campaigns: 11" in seeded and "staff@solidarity.local" in seeded


def test_creates_the_centres_geography(seeded):
    assert Region.objects.count() == 6
    assert Country.objects.count() == 31
    assert Country.objects.get(code="IQ-KR").name_sv == "Irakiska Kurdistan"
    assert Country.objects.get(code="XK").region.name_en == "Western Balkans"
    assert Country.objects.get(code="EH").name_sv == "Västsahara"
    assert Region.objects.get(name_en="Middle East and North Africa").name_sv == (
        "Mellanöstern och Nordafrika"
    )
    assert set(Theme.objects.values_list("name_sv", flat=True)) >= {
        "Arbetsrätt",
        "Jämställdhet",
        "Medborgarinflytande",
    }


def test_creates_the_western_balkans_programme(seeded):
    programme = Programme.objects.get(slug="western-balkans")
    assert set(programme.countries.values_list("code", flat=True)) == {"AL", "XK", "RS"}
    assert set(programme.themes.values_list("name_en", flat=True)) == {
        "Labour rights",
        "Citizen participation",
        "Gender equality",
    }
    assert programme.campaigns.count() >= 2


def test_every_campaign_is_for_some_of_its_programmes_countries(seeded):
    for campaign in Campaign.objects.select_related("programme"):
        countries = set(campaign.countries.values_list("code", flat=True))
        assert countries, campaign.slug
        assert countries <= set(campaign.programme.countries.values_list("code", flat=True))


def test_creates_campaigns_in_every_state_of_the_workflow(seeded):
    statuses = list(Campaign.objects.values_list("status", flat=True))
    assert statuses.count(CampaignStatus.PUBLISHED) >= 6
    assert statuses.count(CampaignStatus.IN_REVIEW) == 1
    assert statuses.count(CampaignStatus.DRAFT) == 1
    assert Campaign.objects.filter(is_featured=True, status=CampaignStatus.PUBLISHED).exists()
    assert Campaign.objects.filter(allows_monthly=False).exists()
    assert Campaign.objects.filter(currency="EUR").count() == 1
    assert all(
        campaign.story_sv.count("\n\n") >= 1 and campaign.story_en and campaign.title_en
        for campaign in Campaign.objects.all()
    )
    published = Campaign.objects.get(slug="fair-wages-western-balkans")
    moves = published.status_changes.filter(event=HistoryEvent.STATUS).order_by("pk")
    assert list(moves.values_list("to_status", flat=True)) == [
        "in_review",
        "published",
    ]


def test_creates_member_organisations_of_every_kind(seeded):
    kinds = set(MemberOrganisation.objects.values_list("kind", flat=True))
    assert kinds >= {"trade_union", "party", "study_association", "tenants", "youth", "cooperative"}


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("staff@solidarity.local", "solidarity-staff"),
        ("org@solidarity.local", "solidarity-org"),
        ("fundraising@solidarity.local", "solidarity-fundraising"),
        ("editor@solidarity.local", "solidarity-editor"),
        ("abf-admin@solidarity.local", "solidarity-abf-admin"),
        ("abf-editor@solidarity.local", "solidarity-abf-editor"),
    ],
)
def test_demo_users_can_log_in_with_a_verified_address(seeded, client, email, password):
    assert EmailAddress.objects.get(email=email, verified=True, primary=True)
    response = client.post("/en/account/login/", {"login": email, "password": password})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_the_demo_staff_login_walks_through_two_factor_enrolment_and_keeps_it(seeded, client):
    assert "first login sets up two-factor authentication" in seeded
    client.post(
        "/konto/login/", {"login": "staff@solidarity.local", "password": "solidarity-staff"}
    )
    assert client.get("/admin/")["Location"] == "/konto/2fa/totp/activate/"

    staff = User.objects.get(email="staff@solidarity.local")
    TOTP.activate(staff, generate_totp_secret())
    call_command("seed_demo")
    assert is_mfa_enabled(staff)


def test_the_staff_user_is_a_superuser_and_the_org_user_a_member(seeded):
    assert User.objects.get(email="staff@solidarity.local").is_superuser
    org_user = User.objects.get(email="org@solidarity.local")
    assert not org_user.is_staff
    assert org_user.member_organisations.count() == 1


def test_a_rerun_does_not_reset_changed_passwords(seeded):
    user = User.objects.get(email="org@solidarity.local")
    user.set_password("changed-by-the-user")
    user.save()
    call_command("seed_demo")
    user.refresh_from_db()
    assert user.check_password("changed-by-the-user")


def test_seeds_a_year_of_gifts_once_with_totals_refunds_and_receipts_that_agree(
    seeded_with_gifts, capsys
):
    gifts = Gift.objects.count()
    assert gifts > 1000
    assert not Gift.objects.exclude(campaign__status=CampaignStatus.PUBLISHED).exists()
    assert not Gift.objects.filter(paid_at__gt=timezone.now()).exists()
    assert totals.recompute_totals(fix=False) == []
    _assert_finance_lists_every_refund()
    _assert_receipts_numbered_gaplessly_per_year()
    by_country = selectors.raised_by("country", Period(date(2000, 1, 1), date(2100, 1, 1), "SEK"))
    assert by_country and all(share.label != "Inget land" for share in by_country)
    call_command("seed_demo")
    assert (Gift.objects.count(), Refund.objects.count()) == (gifts, _refunded().count())
    assert "demo gifts: in place already" in capsys.readouterr().out


def _refunded():
    return Gift.objects.filter(refunded_minor__gt=0)


def _assert_finance_lists_every_refund():
    """Each refunded gift has its succeeded refund, made after the payment, not later
    than now (the seeding runs once per test run: one test checks it all)."""
    refunded = _refunded()
    assert refunded.count() > 10
    listed = ledger_reads.refunds()
    assert sorted(listed.values_list("gift_id", "amount_minor", "currency", "status")) == sorted(
        (gift.pk, gift.refunded_minor, gift.currency, Refund.Status.SUCCEEDED) for gift in refunded
    )
    assert not listed.filter(created_at__lt=F("gift__paid_at")).exists()
    assert not listed.filter(created_at__gt=timezone.now()).exists()


def _assert_receipts_numbered_gaplessly_per_year():
    assert not Gift.objects.filter(receipt_number__isnull=True).exists()
    assert not Gift.objects.filter(receipt_sent_at__isnull=True).exists()
    for counter in ReceiptCounter.objects.all():
        numbers = list(
            Gift.objects.filter(receipt_year=counter.year)
            .order_by("paid_at", "pk")
            .values_list("receipt_number", flat=True)
        )
        assert numbers == list(range(1, counter.last_number + 1))
    assert ReceiptCounter.objects.count() == len(set(Gift.objects.values_list("receipt_year")))


def test_the_org_user_previews_their_draft_but_not_another_orgs_review(seeded, client):
    org_user = User.objects.get(email="org@solidarity.local")
    TOTP.activate(org_user, generate_totp_secret())  # organisation staff use two factors
    client.force_login(org_user)
    assert client.get("/kampanjer/energy-workers-ukraine/").status_code == 200
    assert client.get("/kampanjer/women-lead-albanian-unions/").status_code == 404


def test_the_demo_finance_login_holds_the_finance_role(seeded):
    finance = User.objects.get(email="finance@solidarity.local")
    assert finance.has_perm("donations.view_finance")
    assert not finance.is_staff


def hero_images():
    fields = ["slug", "hero_image_name", "hero_alt_sv", "hero_alt_en"]
    return sorted([*Campaign.objects.values_list(*fields), *Programme.objects.values_list(*fields)])


def test_every_campaign_and_programme_gets_an_illustration_with_alt_text(seeded):
    rows = [*Campaign.objects.all(), *Programme.objects.all()]
    assert len(rows) == 18
    for row in rows:
        image = row.hero_image
        assert image is not None, row.slug
        assert (image.width, image.height) == (1600, 900)
        assert all(default_storage.exists(name) for name in image.file_names())
        assert row.hero_alt_sv.startswith("En illustration: ")
        assert row.hero_alt_en.startswith("An illustration: ")
    factory = Campaign.objects.get(slug="fair-wages-western-balkans")
    assert factory.hero_alt_en == (
        "An illustration: a factory with smoking chimneys by the hills, in red and warm orange."
    )
    with default_storage.open(factory.hero_image.file_names()[-1]) as file:
        picture = Image.open(file)
        assert picture.format == "JPEG" and picture.size == (1600, 900)
        assert len(set(picture.convert("RGB").resize((64, 36)).get_flattened_data())) > 20, (
            "not blank"
        )


def test_illustrations_are_the_same_on_every_run(seeded):
    first = hero_images()
    call_command("seed_demo")
    assert hero_images() == first
    digests = {name.rsplit("/", 1)[-1] for _, name, _, _ in first}
    assert len(digests) == 18, "each picture is its own"


def test_an_uploaded_image_is_kept_and_a_missing_file_drawn_again(seeded):
    campaign = Campaign.objects.get(slug="emergency-lebanon")
    store_hero_image(campaign, image_upload(), alt_sv="Ett foto", alt_en="A photo")
    programme = Programme.objects.get(slug="asia")
    lost = programme.hero_image
    default_storage.delete(lost.file_names()[0])

    call_command("seed_demo")
    campaign.refresh_from_db()
    programme.refresh_from_db()
    assert campaign.hero_alt_en == "A photo"
    assert programme.hero_image.name == lost.name
    assert all(default_storage.exists(name) for name in programme.hero_image.file_names())


def test_two_organisations_have_an_admin_and_an_editor_and_the_queue_has_work(seeded):
    for slug in ("fackliga-centralorganisationen", "arbetarnas-bildningsforbund"):
        roles = set(
            OrganisationMembership.objects.filter(organisation__slug=slug).values_list(
                "role", flat=True
            )
        )
        assert roles == {"admin", "editor"}
    queue = [(item.campaign.slug, item.revision is not None) for item in review_queue()]
    assert queue == [("women-lead-albanian-unions", False), ("fair-wages-western-balkans", True)]
    assert User.objects.get(email="fundraising@solidarity.local").has_perm(
        "campaigns.review_campaigns"
    )
    call_command("seed_demo")  # a rerun adds no second pending change
    assert CampaignRevision.objects.count() == 1
