"""Signing and delivering events to webhook endpoints, the way Stripe does.

One background thread sends deliveries from a single queue ordered by due time, so first
attempts go out in event order. A failed attempt (non-2xx or connection error) is rescheduled
with exponential back-off and does not hold up later events, as with Stripe.
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import http.client
import itertools
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger("stripe_emulator.webhooks")

DEFAULT_WEBHOOK_SECRET = "whsec_emulator_local_development_secret"
USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"


def sign(payload: bytes, secret: str, timestamp: int) -> str:
    """The ``Stripe-Signature`` header: HMAC-SHA256 of ``"<t>.<payload>"`` keyed with the whole
    ``whsec_...`` string."""
    signed = f"{timestamp}.".encode() + payload
    signature = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


@dataclass(order=True)
class _Delivery:
    due: float
    sequence: int
    url: str = field(compare=False)
    event_id: str = field(compare=False)
    event_type: str = field(compare=False)
    payload: bytes = field(compare=False)
    generation: int = field(compare=False)
    attempt: int = field(compare=False, default=1)


@dataclass
class DeliveryAttempt:
    event_id: str
    url: str
    attempt: int
    status: int | None
    error: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": self.event_id,
            "url": self.url,
            "attempt": self.attempt,
            "status": self.status,
            "error": self.error,
        }


class WebhookDispatcher:
    def __init__(
        self,
        urls: Sequence[str],
        secret: str = DEFAULT_WEBHOOK_SECRET,
        *,
        retry_base_seconds: float = 1.0,
        max_attempts: int = 8,
        timeout_seconds: float = 10.0,
        on_delivered: Callable[[str], None] | None = None,
    ) -> None:
        self.urls = list(urls)
        self.secret = secret
        self.retry_base_seconds = retry_base_seconds
        self.max_attempts = max_attempts
        self.timeout_seconds = timeout_seconds
        self.on_delivered = on_delivered
        self.attempts: list[DeliveryAttempt] = []
        """Every delivery attempt so far, for ``/_emulator/state`` and tests."""
        self._queue: list[_Delivery] = []
        self._sequence = itertools.count()
        self._in_flight = 0
        self._generation = 0
        """Bumped by :meth:`clear` so a delivery in flight during a reset is not retried."""
        self._condition = threading.Condition()
        self._stopping = False
        self._held = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.urls and self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="stripe-emulator-webhooks", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout_seconds + 1)
            self._thread = None

    def enqueue(self, event: dict[str, Any]) -> None:
        """Queue ``event`` for every endpoint; the payload is fixed now, like Stripe's snapshot."""
        if not self.urls:
            return
        payload = json.dumps(event, indent=2).encode()
        with self._condition:
            for url in self.urls:
                delivery = _Delivery(
                    time.monotonic(),
                    next(self._sequence),
                    url,
                    event["id"],
                    event["type"],
                    payload,
                    self._generation,
                )
                heapq.heappush(self._queue, delivery)
            self._condition.notify_all()

    def hold(self) -> None:
        """Queue events without sending them until :meth:`release` (a test looks at what a
        page shows before Stripe's events arrive)."""
        with self._condition:
            self._held = True

    def release(self) -> None:
        with self._condition:
            self._held = False
            self._condition.notify_all()

    def clear(self) -> None:
        with self._condition:
            self._generation += 1
            self._queue.clear()
            self.attempts.clear()
            self._condition.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing is queued or being sent (retries included); False on timeout."""
        with self._condition:
            return self._condition.wait_for(
                lambda: not self._queue and not self._in_flight, timeout=timeout
            )

    def _run(self) -> None:
        while True:
            delivery = self._next_due()
            if delivery is None:
                return
            try:
                self._attempt(delivery)
            finally:
                with self._condition:
                    self._in_flight -= 1
                    self._condition.notify_all()

    def _next_due(self) -> _Delivery | None:
        with self._condition:
            while not self._stopping:
                if self._queue and not self._held:
                    wait = self._queue[0].due - time.monotonic()
                    if wait <= 0:
                        self._in_flight += 1
                        return heapq.heappop(self._queue)
                    self._condition.wait(wait)
                else:
                    self._condition.wait()
            return None

    def _attempt(self, delivery: _Delivery) -> None:
        status, error = self._post(delivery)
        record = DeliveryAttempt(delivery.event_id, delivery.url, delivery.attempt, status, error)
        with self._condition:
            self.attempts.append(record)
        if status is not None and 200 <= status < 300:
            logger.info(
                "Delivered %s %s to %s (%d)",
                delivery.event_type,
                delivery.event_id,
                delivery.url,
                status,
            )
            if self.on_delivered is not None:
                self.on_delivered(delivery.event_id)
            return
        reason = error or f"HTTP {status}"
        if delivery.attempt >= self.max_attempts:
            logger.warning(
                "Giving up on %s %s to %s after %d attempts (%s)",
                delivery.event_type,
                delivery.event_id,
                delivery.url,
                delivery.attempt,
                reason,
            )
            return
        delay = self.retry_base_seconds * 2 ** (delivery.attempt - 1)
        logger.info(
            "Delivery of %s %s to %s failed (%s); retrying in %.2fs",
            delivery.event_type,
            delivery.event_id,
            delivery.url,
            reason,
            delay,
        )
        with self._condition:
            if delivery.generation != self._generation:
                return
            delivery.attempt += 1
            delivery.due = time.monotonic() + delay
            delivery.sequence = next(self._sequence)
            heapq.heappush(self._queue, delivery)

    def _post(self, delivery: _Delivery) -> tuple[int | None, str | None]:
        """POST once; redirects count as failures, as they do for Stripe."""
        parts = urlsplit(delivery.url)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        path = parts.path or "/"
        if parts.query:
            path += f"?{parts.query}"
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": sign(delivery.payload, self.secret, int(time.time())),
            "User-Agent": USER_AGENT,
            "Accept": "*/*; q=0.5, application/xml",
            "Cache-Control": "no-cache",
        }
        connection = connection_class(parts.netloc, timeout=self.timeout_seconds)
        try:
            connection.request("POST", path, body=delivery.payload, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status, None
        except (OSError, http.client.HTTPException) as exc:
            return None, f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()
