"""Write a period's vouchers as SIE 4I for the accounting program and mark it exported."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from donations.finance.periods import mark_exported, overlapping_exports
from donations.finance.sie import InvalidPeriod, check_period, write_sie


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from None


class Command(BaseCommand):
    help = "Write the vouchers of a period as a SIE 4I file and mark the period exported."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="Last day, YYYY-MM-DD.")
        parser.add_argument("--output", required=True, help="The SIE file to write.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Export even if the period overlaps one already marked exported.",
        )

    def handle(self, *args, **options) -> None:
        with translation.override("en"):  # like the other commands' output
            self.export(**options)

    def export(self, *, start: str, end: str, output: str, force: bool, **options) -> None:
        first, last = day(start), day(end)
        try:
            check_period(first, last)
        except InvalidPeriod as exc:
            raise CommandError(str(exc)) from exc
        overlapping = list(overlapping_exports(first, last))
        for period in overlapping:
            self.stderr.write(
                f"Already exported: {period.start} – {period.end} "
                f"(at {period.exported_at:%Y-%m-%d %H:%M}, {period.voucher_count} vouchers)."
            )
        if overlapping and not force:
            raise CommandError(
                "The period overlaps one already exported; importing it again would book the "
                "same money twice. Use --force to export anyway."
            )
        try:
            with transaction.atomic(), open(output, "wb") as stream:
                export = write_sie(first, last, stream)
                mark_exported(first, last, vouchers=export.vouchers)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from exc
        for reason in export.left_out:
            self.stdout.write(f"left out: {reason}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{export.vouchers} voucher(s) for {first} – {last} written to {output}; "
                "the period is marked exported."
            )
        )
