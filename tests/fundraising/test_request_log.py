"""A page refused to a role is an expected 403: one log line with the path and the
user's id. A server error keeps its traceback."""

import logging

import pytest
from django.test import Client

from accounts import services
from tests.roles import log_in_as

pytestmark = pytest.mark.django_db


def request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "django.request"]


def test_a_refused_page_is_one_line_with_the_path_and_the_user(client, caplog):
    donor = log_in_as(client, "donor")

    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get("/ekonomi/utbetalningar/").status_code == 403

    [record] = request_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        f"Forbidden (permission denied): /ekonomi/utbetalningar/ user={donor.pk}"
    )
    assert record.exc_info is None
    assert "Traceback" not in caplog.text
    assert len(caplog.text.strip().splitlines()) == 1


def test_a_server_error_keeps_its_traceback(caplog, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "update_profile", fail)
    client = Client(raise_request_exception=False)
    log_in_as(client, "donor")

    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.post("/en/account/", {"first_name": "Anna", "language": "en"})

    assert response.status_code == 500
    [record] = request_records(caplog)
    assert record.levelno == logging.ERROR
    assert isinstance(record.exc_info[1], RuntimeError)
    assert "Traceback" in caplog.text and "the database went away" in caplog.text
