"""Rebuild the cached campaign and fund totals and the dashboards' per-day aggregates
from the gift ledger; report differences."""

from django.core.management.base import BaseCommand

from donations.totals import TotalsDifference, recompute_totals


class Command(BaseCommand):
    help = (
        "Rebuild cached campaign, fund and per-day totals from the ledger; prints every difference."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report differences without fixing them."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        differences = recompute_totals(fix=not dry_run)
        for diff in differences:
            self.stdout.write(describe(diff))
        verb = "found" if dry_run else "fixed"
        self.stdout.write(self.style.SUCCESS(f"{len(differences)} difference(s) {verb}."))


SHORT_NAMES = {
    "raised_minor": "raised",
    "gift_count": "gifts",
    "donor_count": "donors",
    "gross_minor": "gross",
    "refunded_minor": "refunded",
}


def describe(diff: TotalsDifference) -> str:
    """``<label>: raised 25000 → 30000, gifts 1 → 2`` with only the fields that differ."""
    changes = [
        f"{SHORT_NAMES[name]} {cached} → {ledger}" for name, cached, ledger in diff.changes()
    ]
    return f"{diff.label}: {', '.join(changes)}"
