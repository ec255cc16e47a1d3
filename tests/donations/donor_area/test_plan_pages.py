"""The monthly-gift page over HTTP: own plans only, every action, refusals as messages."""

import urllib.request

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from donations.billing_dates import months_from
from donations.models import PlanChange, RecurringPlan
from tests.donations.donor_area.conftest import emulator_post, subscription_at_emulator
from tests.factories.accounts import StaffFactory

from .helpers import signed_in_donor

pytestmark = pytest.mark.django_db


def url(name: str, plan: RecurringPlan | None = None) -> str:
    with translation.override("en"):
        return reverse(name, kwargs={"plan_pk": plan.pk} if plan else None)


def page(client) -> str:
    return client.get(url("donor-area:plans")).content.decode()


def test_the_page_lists_own_plans_with_amount_status_and_next_charge(client, make_live_plan):
    own = make_live_plan(email="ada@example.org")
    other = make_live_plan(amount_minor=20000, email="bo@example.org")
    signed_in_donor(client, "ada@example.org")

    content = page(client)

    assert f'id="plan-{own.pk}"' in content and f'id="plan-{other.pk}"' not in content
    assert "SEK\xa0100" in content and "Active" in content
    assert own.campaign.title in content
    assert "Next charge" in content


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("donor-area:plan-amount", {"amount": "150"}),
        ("donor-area:plan-pause", {"months": "1"}),
        ("donor-area:plan-resume", {}),
        ("donor-area:plan-cancel", {"reason": "", "confirm": "on"}),
        ("donor-area:plan-card", {}),
    ],
)
def test_another_donors_plan_is_not_found_and_unchanged(
    client, make_live_plan, emulator_events, name, data
):
    make_live_plan(email="ada@example.org")
    other = make_live_plan(email="bo@example.org")
    signed_in_donor(client, "ada@example.org")

    response = client.post(url(name, other), data)

    assert response.status_code == 404
    assert emulator_events.take() == []
    assert not PlanChange.objects.exists()


def test_an_unverified_address_shows_no_plan_and_acts_on_none(client, make_live_plan):
    plan = make_live_plan(email="ada@example.org")
    user = signed_in_donor(client, "someone@example.org")
    user.emailaddress_set.create(email="ada@example.org", verified=False)

    assert f'id="plan-{plan.pk}"' not in page(client)
    assert client.post(url("donor-area:plan-cancel", plan)).status_code == 404


def test_change_the_amount_pending_then_confirmed(client, make_live_plan, forward, mailoutbox):
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")

    response = client.post(url("donor-area:plan-amount", plan), {"amount": "150"}, follow=True)

    content = response.content.decode()
    assert "Your change has been sent" in content
    assert (
        "Your new monthly amount of SEK\xa0150 has been sent to the payment provider "
        "and is waiting for its confirmation. Reload the page in a moment."
    ) in content
    assert "Change the amount" not in content, "no button name quoted"
    forward()
    content = page(client)
    assert "SEK\xa0150" in content and "is waiting for its confirmation" not in content


def test_a_refusal_is_a_message_and_changes_nothing(client, make_live_plan, emulator_events):
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")

    for data in ({"amount": "10"}, {"amount": "abc"}, {"amount": "-5"}):
        response = client.post(url("donor-area:plan-amount", plan), data, follow=True)
        assert response.status_code == 400
        assert f'id="amount-{plan.pk}_error"' in response.content.decode()
    response = client.post(url("donor-area:plan-pause", plan), {"months": "7"}, follow=True)
    assert response.status_code == 200
    assert emulator_events.take() == []
    assert not PlanChange.objects.exists()


def test_pause_resume_and_cancel_over_http(client, make_live_plan, forward, stripe_emulator_server):
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")

    client.post(url("donor-area:plan-pause", plan), {"months": "resume"})
    forward()
    assert "until you resume it" in page(client)
    client.post(url("donor-area:plan-resume", plan))
    forward()
    client.post(url("donor-area:plan-cancel", plan), {"reason": "Moving abroad", "confirm": "on"})
    forward()

    subscription = subscription_at_emulator(stripe_emulator_server, plan)
    assert subscription["status"] == "canceled"
    assert subscription["cancellation_details"]["comment"] == "Moving abroad"
    plan.refresh_from_db()
    assert plan.status == RecurringPlan.Status.CANCELLED
    assert "Change amount" not in page(client)


def test_update_card_goes_to_stripes_portal(client, make_live_plan, stripe_emulator_server):
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")

    response = client.post(url("donor-area:plan-card", plan))

    assert response.status_code == 303
    assert response["Location"].startswith(f"{stripe_emulator_server.base_url}/portal/")


def test_signed_out_visitors_are_sent_to_sign_in(client, make_live_plan):
    plan = make_live_plan(email="ada@example.org")
    response = client.post(url("donor-area:plan-cancel", plan))
    assert response.status_code == 302
    assert "code" in response["Location"]


def portal_action(client, plan: RecurringPlan, action: str) -> None:
    """What the donor does in the billing portal "Update card" opens: cancel or renew."""
    portal = client.post(url("donor-area:plan-card", plan))["Location"].split("?")[0]
    request = urllib.request.Request(
        f"{portal}/subscriptions/{plan.stripe_subscription_id}/{action}", data=b"", method="POST"
    )
    urllib.request.urlopen(request).close()


def test_a_cancellation_in_the_portal_shows_the_end_and_no_next_charge(
    client, make_live_plan, forward
):
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")

    portal_action(client, plan, "cancel")
    forward()

    plan.refresh_from_db()
    assert plan.status == RecurringPlan.Status.ACTIVE
    assert plan.ends_at is not None and plan.ends_at == plan.next_charge_at
    content = page(client)
    assert "Ends on" in content and "Next charge" not in content
    staff = Client()
    staff.force_login(StaffFactory())
    admin_page = staff.get(reverse("admin:donations_recurringplan_changelist")).content.decode()
    assert '<td class="field-next_charge">-</td>' in admin_page
    with translation.override("sv"):
        ends = date_format(timezone.localtime(plan.ends_at), "j F Y")
    assert f'<td class="field-ends_at nowrap">{ends}' in admin_page


def test_renewing_in_the_portal_clears_the_end(client, make_live_plan, forward):
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")
    portal_action(client, plan, "cancel")
    forward()

    portal_action(client, plan, "renew")
    forward()

    plan.refresh_from_db()
    assert plan.ends_at is None
    content = page(client)
    assert "Ends on" not in content and "Next charge" in content


@pytest.mark.parametrize("deleted_first", [False, True])
def test_the_scheduled_end_then_the_deletion_in_either_order_twice_cancels_the_plan(
    client, make_live_plan, emulator_events, deliver, stripe_emulator_server, deleted_first
):
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")
    portal_action(client, plan, "cancel")
    updated = emulator_events.take("customer.subscription.updated")
    emulator_post(
        stripe_emulator_server, f"/_emulator/subscriptions/{plan.stripe_subscription_id}/renew"
    )
    deleted = emulator_events.take("customer.subscription.deleted")
    assert len(updated) == 1 and len(deleted) == 1

    for event in (deleted + updated if deleted_first else updated + deleted) * 2:
        deliver(event)

    plan.refresh_from_db()
    assert plan.status == RecurringPlan.Status.CANCELLED
    assert plan.cancelled_at is not None
    content = page(client)
    assert "Next charge" not in content and "Change amount" not in content


def test_cancelling_without_the_confirmation_tick_changes_nothing(
    client, make_live_plan, emulator_events
):
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")

    response = client.post(url("donor-area:plan-cancel", plan), {"reason": "x"}, follow=True)

    assert "Tick the box to confirm that you want to end the gift." in response.content.decode()
    assert 'name="confirm"' in page(client) and " required>" in page(client)
    assert emulator_events.take() == []
    assert not PlanChange.objects.exists()
    plan.refresh_from_db()
    assert plan.status == RecurringPlan.Status.ACTIVE


def test_the_swedish_pending_and_pause_wording(client, make_live_plan):
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")
    with translation.override("sv"):
        swedish_page = reverse("donor-area:plans")
    content = client.get(swedish_page).content.decode()
    assert "Hur länge vill du pausa?" in content and "Tills vidare" in content
    assert "Pausa i" not in content
    client.post(url("donor-area:plan-amount", plan), {"amount": "150"})

    content = client.get(swedish_page).content.decode()

    assert "Ditt nya månadsbelopp på 150\xa0kr är skickat till betaltjänsten" in content
    assert "Ändra beloppet" not in content
    assert "Väntar" not in content and "&quot;" not in content


@pytest.mark.parametrize("typed", ["0", "10000000"])
def test_an_amount_out_of_range_is_shown_at_the_field_with_what_was_typed(
    client, make_live_plan, emulator_events, typed
):
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")
    with translation.override("sv"):
        amount_url = reverse("donor-area:plan-amount", kwargs={"plan_pk": plan.pk})

    response = client.post(amount_url, {"amount": typed})

    content = response.content.decode()
    field = f'id="amount-{plan.pk}"'
    assert response.status_code == 400
    assert f'value="{typed}"' in content and field in content
    assert 'aria-invalid="true"' in content
    assert f'aria-describedby="amount-{plan.pk}_helptext amount-{plan.pk}_error"' in content
    assert (
        f'<div class="invalid-feedback d-block" id="amount-{plan.pk}_error">'
        "Månadsbeloppet måste vara mellan 50\xa0kr och 100\xa0000\xa0kr.</div>"
    ) in content
    assert "alert-danger" not in content, "the error is at the field, not in a banner"
    assert emulator_events.take() == []
    assert not PlanChange.objects.exists()


def test_a_good_amount_form_is_not_marked_invalid(client, make_live_plan):
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")

    content = page(client)

    assert f'aria-describedby="amount-{plan.pk}_helptext"' in content
    assert "aria-invalid" not in content


def test_a_paused_plan_says_when_it_is_charged_next(client, make_live_plan, forward):
    plan = make_live_plan(email="ada@example.org")
    next_charge = timezone.localtime(plan.next_charge_at)
    signed_in_donor(client, "ada@example.org")
    client.post(url("donor-area:plan-pause", plan), {"months": "1"})
    forward()
    with translation.override("sv"):
        swedish_page = reverse("donor-area:plans")
        swedish_date = date_format(months_from(next_charge, 1), "DATE_FORMAT")
    with translation.override("en"):
        english_date = date_format(months_from(next_charge, 1), "DATE_FORMAT")

    swedish = client.get(swedish_page).content.decode()
    english = page(client)

    assert f"Pausad – nästa dragning {swedish_date}" in swedish
    assert "Pausad · till" not in swedish
    assert f"Paused – next charge {english_date}" in english
