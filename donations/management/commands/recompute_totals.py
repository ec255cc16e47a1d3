"""Rebuild the cached campaign and fund totals from the gift ledger; report differences."""

from django.core.management.base import BaseCommand

from donations.totals import TotalsDifference, recompute_totals


class Command(BaseCommand):
    help = "Rebuild cached campaign and fund totals from the ledger; prints every difference."

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


def describe(diff: TotalsDifference) -> str:
    """``<label>: raised 25000 → 30000, gifts 1 → 2`` with only the fields that differ."""
    changes = [
        f"{name} {getattr(diff.cached, field)} → {getattr(diff.ledger, field)}"
        for name, field in (
            ("raised", "raised_minor"),
            ("gifts", "gift_count"),
            ("donors", "donor_count"),
        )
        if getattr(diff.cached, field) != getattr(diff.ledger, field)
    ]
    return f"{diff.label}: {', '.join(changes)}"
