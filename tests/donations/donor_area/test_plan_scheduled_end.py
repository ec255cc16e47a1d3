"""A monthly gift whose cancellation is scheduled in Stripe's billing portal: the page says
when it ends and offers to keep it; the amount and the pause wait until it is kept."""

import pytest
from django.urls import reverse
from django.utils import translation

from donations.donor_area import plans
from donations.models import PlanChange, RecurringPlan
from tests.donations.donor_area.conftest import subscription_at_emulator
from tests.donations.donor_area.test_plan_pages import page, portal_action, url
from tests.donations.donor_area.test_plans import refused

from .helpers import signed_in_donor

pytestmark = pytest.mark.django_db


@pytest.fixture
def ending_plan(client, make_live_plan, forward) -> RecurringPlan:
    """Ada's plan, its cancellation scheduled in the portal and the event delivered."""
    plan = make_live_plan(email="ada@example.org")
    signed_in_donor(client, "ada@example.org")
    portal_action(client, plan, "cancel")
    forward()
    plan.refresh_from_db()
    assert plan.ends_at is not None
    return plan


def test_the_amount_and_the_pause_are_refused_while_the_gift_ends(ending_plan, emulator_events):
    with refused("ends on .* “Keep my monthly gift” first"):
        plans.change_amount(ending_plan, 15000, by=None)
    with refused("ends on .* “Keep my monthly gift” first"):
        plans.pause(ending_plan, 1, by=None)

    assert emulator_events.take() == []
    assert not PlanChange.objects.exists()


def test_keeping_undoes_the_scheduled_end_at_stripe_pending_until_its_event(
    ending_plan, stripe_emulator_server, forward, mailoutbox
):
    mailoutbox.clear()
    change = plans.keep(ending_plan, by=None)

    subscription = subscription_at_emulator(stripe_emulator_server, ending_plan)
    assert subscription["cancel_at_period_end"] is False and subscription["cancel_at"] is None
    assert plans.pending_change(ending_plan) == change

    forward()

    ending_plan.refresh_from_db()
    assert ending_plan.ends_at is None
    assert plans.pending_change(ending_plan) is None
    (email,) = mailoutbox
    assert "Din månadsgåva fortsätter" in email.body
    assert "Din månadsgåva fortsätter" in email.alternatives[0][0]
    plans.change_amount(ending_plan, 15000, by=None)  # allowed again


def test_keeping_a_gift_that_does_not_end_is_refused(live_plan, emulator_events):
    with refused("no end date to undo"):
        plans.keep(live_plan, by=None)
    assert emulator_events.take() == []


def test_the_page_offers_to_keep_the_gift_instead_of_changing_it(client, ending_plan, forward):
    content = page(client)
    assert "plan-ending" in content and "Keep my monthly gift" in content
    assert "Change amount" not in content and 'name="months"' not in content

    response = client.post(url("donor-area:plan-keep", ending_plan), follow=True)

    assert "Your request to keep your monthly gift has been sent" in response.content.decode()
    forward()
    content = page(client)
    assert "plan-ending" not in content and "Change amount" in content


def test_a_change_posted_from_an_old_page_is_refused_in_swedish(client, ending_plan):
    with translation.override("sv"):
        amount_url = reverse("donor-area:plan-amount", kwargs={"plan_pk": ending_plan.pk})
        swedish_page = reverse("donor-area:plans")

    response = client.post(amount_url, {"amount": "150"}, follow=True)

    content = response.content.decode()
    assert "Välj ”Behåll min månadsgåva” först" in content
    assert "Behåll min månadsgåva" in client.get(swedish_page).content.decode()
    assert not PlanChange.objects.exists()
