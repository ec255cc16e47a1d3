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
    """The address to count: the one the outermost trusted proxy saw.

    Each proxy appends the address it received the request from to
    X-Forwarded-For, so only the last ``TRUSTED_PROXY_HOPS`` entries were written
    by our proxies; everything to their left is the client's own text. A header
    shorter than that means the request skipped a proxy, so the address that
    connected to us is counted instead: a client never chooses its own address.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_HOPS
    if hops <= 0:
        return remote_addr
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < hops:
        return remote_addr
    return forwarded[-hops].strip() or remote_addr


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
