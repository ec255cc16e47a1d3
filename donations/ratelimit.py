"""A small fixed-window rate limit on the shared cache, against card testing."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

PERIODS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"10/m"`` → (10 requests, 60 seconds)."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period]


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind a proxy the first X-Forwarded-For hop when trusted."""
    if settings.PRODUCTION:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def allow(request: HttpRequest, scope: str, rate: str) -> bool:
    """Count this request; False once the client has used up the window."""
    limit, seconds = parse_rate(rate)
    window = int(time.time() // seconds)
    key = f"ratelimit:{scope}:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=seconds + 1)
        used = 1
    return used <= limit
