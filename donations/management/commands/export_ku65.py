"""Write the year's kontrolluppgifter KU65 (gåva) for Skatteverket; list who is left out."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from donations.finance.ku65 import ku65_report, settings_problems, write_ku65
from fundraising.money import format_money


class Command(BaseCommand):
    help = "Write KU65 (gifts, tax reduction) for a year as Skatteverket's XML file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The income year, e.g. 2026.")
        parser.add_argument("--output", required=True, help="The XML file to write.")

    def handle(self, *args, **options) -> None:
        with translation.override("en"):  # like the other commands' output
            self.export(**options)

    def export(self, *, year: int, output: str, **options) -> None:
        if not settings.APPROVED_GIFT_RECIPIENT:
            raise CommandError(
                "Not an approved gift recipient (APPROVED_GIFT_RECIPIENT): no KU65 to report."
            )
        if not 2019 <= year <= 9999:
            raise CommandError("--year must be 2019 (when the tax reduction returned) or later.")
        problems = settings_problems()
        if problems:
            raise CommandError(" ".join(problems))
        report = ku65_report(year)
        try:
            with open(output, "wb") as stream:
                write_ku65(report, stream)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from exc
        for left_out in report.left_out:
            self.stdout.write(f"left out: {left_out.who}: {left_out.reason}")
        total = sum(statement.amount_kronor for statement in report.statements) * 100
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.statements)} KU65 statement(s) for {year}, "
                f"{format_money(total, 'SEK', 'en')} in all, written to {output}; "
                f"{len(report.left_out)} left out."
            )
        )
