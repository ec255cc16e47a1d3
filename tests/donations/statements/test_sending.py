"""The January email: last year's statement, once per donor and year."""

from datetime import datetime
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from donations import tasks
from donations.models import YearlyStatementSent
from donations.statements import sending
from tests.factories.donations import DonorFactory, GiftFactory

pytestmark = pytest.mark.django_db


def gave_in(year, **donor_fields):
    donor = DonorFactory(**donor_fields)
    GiftFactory(donor=donor, paid_at=datetime(year, 5, 1, tzinfo=timezone.get_default_timezone()))
    return donor


def test_each_donor_of_the_year_gets_one_statement_with_its_pdf():
    ada, bo = gave_in(2025, language="en"), gave_in(2025)
    gave_in(2024)

    assert tasks.send_yearly_statements(2025) == 2

    assert sorted(m.to[0] for m in mail.outbox) == sorted([ada.email, bo.email])
    english = next(m for m in mail.outbox if m.to == [ada.email])
    assert "2025" in english.subject and "statement" in english.subject
    [(filename, content, _mimetype)] = english.attachments
    assert filename == "statement-2025.pdf" and content.startswith(b"%PDF")
    assert "/en/my-gifts/statements/2025/" in english.body
    assert english.extra_headers["List-Unsubscribe"]


def test_running_again_sends_nothing_more():
    gave_in(2025)
    tasks.send_yearly_statements(2025)

    assert tasks.send_yearly_statements(2025) == 0
    assert sending.send_yearly_statement(YearlyStatementSent.objects.get().donor, 2025) is False
    assert len(mail.outbox) == 1


def test_a_failed_send_is_given_back_for_the_next_run():
    donor = gave_in(2025)

    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError),
        pytest.raises(OSError),
    ):
        sending.send_yearly_statement(donor, 2025)

    assert not YearlyStatementSent.objects.exists()
    assert tasks.send_yearly_statements(2025) == 1
    assert len(mail.outbox) == 1


def test_an_erased_donor_gets_no_statement():
    gave_in(2025, erased_at=timezone.now())

    assert tasks.send_yearly_statements(2025) == 0
    assert not mail.outbox


def test_a_donor_who_gave_nothing_that_year_gets_nothing():
    donor = gave_in(2024)

    assert sending.send_yearly_statement(donor, 2025) is False
    assert not mail.outbox


def test_the_default_year_is_last_year():
    with mock.patch("django.utils.timezone.localdate", return_value=datetime(2026, 1, 2).date()):
        assert sending.last_year() == 2025


def test_beat_runs_it_every_day_in_january():
    entry = django_settings.CELERY_BEAT_SCHEDULE["send-yearly-statements"]

    assert entry["task"] == "donations.tasks.send_yearly_statements"
    assert entry["schedule"].month_of_year == {1}
    assert entry["schedule"].day_of_month == set(range(1, 32))
