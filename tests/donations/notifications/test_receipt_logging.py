"""Rendering a receipt PDF keeps the worker's console readable: the PDF and font
libraries log only warnings, so the emails printed there are not buried."""

import logging

import pytest

from donations.notifications.receipt_pdf import render_receipt_pdf
from tests.factories.donations import GiftFactory

pytestmark = pytest.mark.django_db

PDF_LIBRARIES = ("fpdf", "fontTools")


def test_rendering_a_receipt_logs_nothing_below_warning_from_the_pdf_libraries(caplog):
    gift = GiftFactory()
    # The levels come from settings.LOGGING; capture everything the libraries let through.
    caplog.set_level(logging.DEBUG, logger="")

    pdf = render_receipt_pdf(gift)

    assert pdf.startswith(b"%PDF")
    chatter = [r for r in caplog.records if r.name.split(".")[0] in PDF_LIBRARIES]
    assert [r for r in chatter if r.levelno < logging.WARNING] == []
