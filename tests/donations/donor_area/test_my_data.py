"""My data: the export, and erasure that keeps the books (service, donor pages, admin)."""

import io
import json
import zipfile

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from donations import selectors, stripe_gateway
from donations.donor_area import erasure, my_data
from donations.models import (
    Dispute,
    Donor,
    Gift,
    RecurringPlan,
    TaxReductionClaim,
    WebhookEvent,
)
from tests.donations.donor_area.conftest import subscription_at_emulator
from tests.factories.accounts import StaffFactory
from tests.factories.donations import CheckoutIntentFactory, DonorFactory, GiftFactory

from .helpers import signed_in_donor

pytestmark = pytest.mark.django_db

EMAIL = "ada@example.org"


def en(name: str) -> str:
    with translation.override("en"):
        return reverse(name)


def unzip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_the_export_holds_every_section_as_json_and_csv(make_live_plan):
    plan = make_live_plan(email=EMAIL)
    other = GiftFactory(
        donor=DonorFactory(email="bo@example.org"), donor_name="Bo Ek", receipt_number=999
    )

    files = unzip(my_data.export_zip(Donor.objects.filter(email=EMAIL)))

    data = json.loads(files["my-data.json"])
    assert [donor["email"] for donor in data["donors"]] == [EMAIL]
    (gift,) = data["gifts"]
    assert (gift["amount_minor"], gift["amount"], gift["currency"]) == (10000, "100.00", "SEK")
    assert gift["receipt_number"] == plan.gifts.get().receipt_reference
    assert data["monthly_gifts"][0]["status"] == "active"
    assert data["checkouts"][0]["name_given"] == "Maria Månadsgivare"
    assert [row["email"] for row in data["emails_sent"]] == ["receipt"]
    for name in ("donors", "gifts", "monthly_gifts", "checkouts", "emails_sent"):
        assert files[f"{name}.csv"].splitlines()[0]
    assert other.receipt_reference not in files["gifts.csv"]
    assert "Bo Ek" not in files["my-data.json"]


def test_a_donor_downloads_their_own_data_only(client, make_live_plan):
    make_live_plan(email=EMAIL)
    make_live_plan(email="bo@example.org")
    signed_in_donor(client, EMAIL)

    response = client.get(en("donor-area:my-data-download"))

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="my-data.zip"'
    with translation.override("sv"):
        swedish = client.get(reverse("donor-area:my-data-download"))
    assert swedish["Content-Disposition"] == 'attachment; filename="mina-uppgifter.zip"'
    data = json.loads(unzip(response.content)["my-data.json"])
    assert [donor["email"] for donor in data["donors"]] == [EMAIL]


def test_erasure_cancels_in_stripe_first_then_keeps_only_the_books(
    client, make_live_plan, stripe_emulator_server, forward
):
    plan = make_live_plan(email=EMAIL)
    plan.gifts.update(show_on_wall=True, public_message="Solidaritet!")
    gift = plan.gifts.get()
    user = signed_in_donor(client, EMAIL)
    customer_id = plan.stripe_customer_id

    response = client.post(en("donor-area:my-data-erase"), {"confirm": "on"}, follow=True)

    assert "has been erased" in response.content.decode()
    assert subscription_at_emulator(stripe_emulator_server, plan)["status"] == "canceled"
    assert customer_id in stripe_emulator_server.emulator.store.deleted
    plan.refresh_from_db()
    assert plan.status == RecurringPlan.Status.CANCELLED
    donor = Donor.objects.get(pk=plan.donor_id)
    assert donor.name == "" and EMAIL not in donor.email and donor.erased_at
    gift.refresh_from_db()
    assert (gift.donor_name, gift.public_message) == ("", "")
    assert gift.receipt_number is not None and gift.amount_minor == 10000
    assert [entry.name for entry in selectors.donor_wall(plan.campaign)] == [""]  # "Anonymous"
    assert not User.objects.get(pk=user.pk).is_active
    assert "_auth_user_id" not in client.session
    forward()  # customer.subscription.deleted and customer.deleted arrive afterwards
    assert not WebhookEvent.objects.filter(payload__icontains=EMAIL).exists()
    assert not WebhookEvent.objects.filter(payload__icontains="Maria").exists()
    assert WebhookEvent.objects.filter(type="customer.deleted").exists()
    (entry,) = LogEntry.objects.filter(object_id=str(donor.pk))
    assert entry.user_id == user.pk and "email address" in entry.change_message
    assert EMAIL not in entry.change_message and "Maria" not in entry.change_message


def test_erasure_needs_the_box_ticked(client, make_live_plan):
    plan = make_live_plan(email=EMAIL)
    signed_in_donor(client, EMAIL)

    client.post(en("donor-area:my-data-erase"), {})

    assert Donor.objects.get(pk=plan.donor_id).email == EMAIL


def test_erasure_is_refused_while_a_dispute_is_open(client, make_live_plan, emulator_events):
    plan = make_live_plan(email=EMAIL)
    Dispute.objects.create(
        stripe_dispute_id="dp_1",
        gift=plan.gifts.get(),
        stripe_charge_id="ch_1",
        status="needs_response",
        amount_minor=10000,
        currency="SEK",
    )
    signed_in_donor(client, EMAIL)

    page = client.get(en("donor-area:my-data")).content.decode()
    response = client.post(en("donor-area:my-data-erase"), {"confirm": "on"}, follow=True)

    assert "disputed" in page and "disputed" in response.content.decode()
    assert Donor.objects.get(pk=plan.donor_id).email == EMAIL
    assert emulator_events.take() == []


def test_stripe_unreachable_erases_nothing(make_live_plan, monkeypatch):
    plan = make_live_plan(email=EMAIL)

    def down(*args, **kwargs):
        raise stripe_gateway.APIConnectionError("connection refused")

    monkeypatch.setattr(stripe_gateway, "cancel_subscription", down)
    with pytest.raises(erasure.ErasureRefused):
        erasure.erase_donors(Donor.objects.filter(email=EMAIL), by=StaffFactory())

    assert Donor.objects.get(pk=plan.donor_id).name == "Maria Månadsgivare"
    assert Gift.objects.get(plan=plan).donor_name == "Maria Månadsgivare"


def test_staff_export_and_erase_from_the_admin(client, make_live_plan, stripe_emulator_server):
    plan = make_live_plan(email=EMAIL)
    staff = StaffFactory()
    client.force_login(staff)
    changelist = reverse("admin:donations_donor_changelist")
    selected = {"_selected_action": [plan.donor_id]}

    exported = client.post(changelist, {"action": "export_personal_data", **selected})
    assert EMAIL in unzip(exported.content)["donors.csv"]
    confirm = client.post(changelist, {"action": "erase_personal_data", **selected})
    assert confirm.status_code == 200 and "kan inte ångras" in confirm.content.decode()
    assert Donor.objects.get(pk=plan.donor_id).email == EMAIL

    client.post(changelist, {"action": "erase_personal_data", "confirm": "yes", **selected})

    donor = Donor.objects.get(pk=plan.donor_id)
    assert donor.erased_at and donor.name == ""
    assert subscription_at_emulator(stripe_emulator_server, plan)["status"] == "canceled"
    messages = list(LogEntry.objects.filter(object_id=str(donor.pk), user=staff))
    assert {entry.change_message.split(":")[0] for entry in messages} == {
        "Personal data exported.",
        "Personal data erased",
    }
    page = client.get(reverse("admin:donations_donor_change", args=[donor.pk])).content.decode()
    assert EMAIL not in page and "Maria" not in page


def test_erasure_removes_the_personnummer_given_for_the_tax_reduction():
    intent = CheckoutIntentFactory()
    TaxReductionClaim.objects.create(
        checkout_intent=intent, donor=intent.donor, personnummer="198803200016"
    )
    erasure.erase_donors([intent.donor], by=StaffFactory())
    assert not TaxReductionClaim.objects.exists()
    assert "personnummer" in LogEntry.objects.get().change_message


def test_erasure_removes_the_donor_level_personnummer_too():
    intent = CheckoutIntentFactory()
    other = DonorFactory()
    for donor in (intent.donor, other):
        TaxReductionClaim.objects.create(donor=donor, personnummer="198803200016")
    TaxReductionClaim.objects.create(
        checkout_intent=intent, donor=intent.donor, personnummer="198803200016"
    )
    erasure.erase_donors([intent.donor], by=StaffFactory())
    assert list(TaxReductionClaim.objects.values_list("donor", "checkout_intent")) == [
        (other.pk, None)
    ]
