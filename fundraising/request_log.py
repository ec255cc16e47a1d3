"""The logging configuration (``LOGGING``), and expected 403s in one line.

A view refuses someone its page by raising PermissionDenied; Django then logs the
refusal on ``django.request`` with the exception's whole traceback, as if it were a
fault. This filter turns such a record into one line naming the path and the user's
id (None for an anonymous visitor), and leaves every other record, server errors'
tracebacks included, as it is.
"""

import logging

from django.core.exceptions import PermissionDenied


class PermissionDeniedInOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            user = getattr(getattr(record, "request", None), "user", None)
            # Django has escaped the path (the first argument) against log injection.
            record.msg = "Forbidden (permission denied): %s user=%s"
            record.args = (record.args[0], getattr(user, "pk", None))
            record.exc_info = None
            record.exc_text = None
        return True


def logging_config(level: str) -> dict:
    """Everything to the console at ``level``; quieter libraries; 403s in one line."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "permission_denied_in_one_line": {
                "()": "fundraising.request_log.PermissionDeniedInOneLine"
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # An expected 403 is one line (path, user id), not a traceback.
            "django.request": {"filters": ["permission_denied_in_one_line"]},
            # The PDF library and its font subsetter log ~40 lines per receipt at
            # INFO and DEBUG, burying the worker's other output.
            "fpdf": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
