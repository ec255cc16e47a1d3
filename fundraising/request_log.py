"""Expected 403s in one line.

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
