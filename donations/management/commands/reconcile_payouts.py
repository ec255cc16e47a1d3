"""Fetch paid payouts' balance transactions from Stripe again, reconcile each payout to
the öre and print what does not add up; exits non-zero when something does not."""

from django.core.management.base import BaseCommand, CommandError

from donations import stripe_gateway
from donations.finance.reconciliation import Reconciliation, fetch_and_reconcile
from donations.models import BalanceTransaction, Payout
from fundraising.money import format_money


class Command(BaseCommand):
    help = (
        "Re-fetch and reconcile paid payouts (or one, --payout po_...); prints every "
        "difference and unmatched line, exit status 1 when any payout does not reconcile."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--payout", help="Only this Stripe payout id (po_...).")

    def handle(self, *args, payout: str | None = None, **options) -> None:
        payouts = Payout.objects.filter(status=Payout.Status.PAID).order_by("arrival_date", "pk")
        if payout:
            payouts = Payout.objects.filter(stripe_payout_id=payout)
            if not payouts.exists():
                raise CommandError(f"No payout {payout} is recorded.")
        failing = 0
        for row in payouts:
            try:
                result = fetch_and_reconcile(row)
            except stripe_gateway.StripeError as error:
                raise CommandError(f"{row.stripe_payout_id}: Stripe said: {error}") from error
            self.stdout.write(describe(result))
            failing += not result.balanced
        if failing:
            raise CommandError(f"{failing} payout(s) do not reconcile.")
        self.stdout.write(self.style.SUCCESS(f"{len(payouts)} payout(s) reconciled."))


def describe(result: Reconciliation) -> str:
    """One line per payout, then its categories and unmatched lines when it is off."""
    payout = result.payout

    def money(amount: int) -> str:
        return format_money(amount, payout.currency, language="en")

    head = (
        f"{payout.stripe_payout_id}: {result.status}: payout {money(payout.amount_minor)}, "
        f"lines {money(result.lines_net_minor)}, difference {money(result.difference_minor)}"
    )
    if result.balanced:
        return head
    details = [
        f"  {total.category or '-'}: {total.count} line(s), gross {money(total.gross_minor)}, "
        f"fee {money(total.fee_minor)}, net {money(total.net_minor)}"
        for total in result.categories
    ]
    details += [f"  unmatched {describe_line(line)}" for line in result.unmatched]
    return "\n".join([head, *details])


def describe_line(line: BalanceTransaction) -> str:
    return (
        f"{line.stripe_balance_transaction_id} {line.type} from {line.source_id or '-'}: "
        f"net {format_money(line.net_minor, line.currency, language='en')}"
    )
