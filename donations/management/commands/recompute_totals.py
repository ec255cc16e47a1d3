"""Rebuild the cached campaign totals from the gift ledger and report differences."""

from django.core.management.base import BaseCommand

from donations.services import recompute_campaign_totals


class Command(BaseCommand):
    help = "Rebuild cached campaign totals from the ledger; prints every difference found."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report differences without fixing them."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        differences = recompute_campaign_totals(fix=not dry_run)
        for diff in differences:
            cached, ledger = diff.cached, diff.ledger
            self.stdout.write(
                f"{diff.campaign_slug}: raised {cached.raised_minor} → {ledger.raised_minor}, "
                f"gifts {cached.gift_count} → {ledger.gift_count}, "
                f"donors {cached.donor_count} → {ledger.donor_count}"
            )
        verb = "found" if dry_run else "fixed"
        self.stdout.write(self.style.SUCCESS(f"{len(differences)} difference(s) {verb}."))
