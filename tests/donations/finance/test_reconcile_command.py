"""``manage.py reconcile_payouts``: re-fetches, re-checks and says what differs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from donations.models import BalanceTransaction, Payout, ReconciliationStatus
from tests.stripe_emulator.helpers import control

pytestmark = pytest.mark.django_db


def _run(*args):
    out = StringIO()
    call_command("reconcile_payouts", *args, stdout=out)
    return out.getvalue()


def test_a_charge_we_never_heard_of_is_listed_until_its_gift_arrives(stripe_side):
    stripe_side.give(25000)
    stripe_side.give(10000, report=False)
    [payout] = control(stripe_side.server, "/payouts").json()["data"]
    payout_id = payout["id"]
    for event in stripe_side.server.state.events("payout.paid"):  # but not the gift's
        stripe_side.deliver(event)
    payout = Payout.objects.get(stripe_payout_id=payout_id)
    assert payout.reconciliation_status == ReconciliationStatus.UNMATCHED
    assert payout.unmatched_line_count == 1

    with pytest.raises(CommandError, match="1 payout"):
        _run("--payout", payout_id)
    unmatched = BalanceTransaction.objects.get(matched=False)
    assert unmatched.type == "charge" and unmatched.gift is None

    stripe_side.flush()  # the late gift's events
    output = _run()

    assert f"{payout_id}: balanced" in output
    assert "1 payout(s) reconciled." in output
    unmatched.refresh_from_db()
    assert unmatched.matched and unmatched.gift.amount_minor == 10000


def test_a_payout_that_does_not_add_up_prints_its_difference_and_exits_non_zero(stripe_side):
    stripe_side.give(25000)
    payout_id = stripe_side.payout()
    Payout.objects.filter(stripe_payout_id=payout_id).update(amount_minor=24000)

    with pytest.raises(CommandError) as failed:
        _run()
    assert "do not reconcile" in str(failed.value)
    payout = Payout.objects.get()
    assert payout.reconciliation_status == ReconciliationStatus.UNBALANCED
    assert payout.difference_minor == (25000 - 555) - 24000


def test_an_unknown_payout_is_refused():
    with pytest.raises(CommandError, match="No payout po_nope"):
        _run("--payout", "po_nope")
