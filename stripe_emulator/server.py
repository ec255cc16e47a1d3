"""The HTTP server: API-key checks, idempotency, routing, and the embeddable EmulatorServer."""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from stripe_emulator import api, control, hosted
from stripe_emulator.core import DEFAULT_API_VERSION, NO_REQUEST, Emulator, current_request
from stripe_emulator.errors import StripeError, authentication_error
from stripe_emulator.forms import parse_query
from stripe_emulator.objects import new_id
from stripe_emulator.store import Store
from stripe_emulator.web import Request, Response, Router, error_response, json_response
from stripe_emulator.webhooks import DEFAULT_WEBHOOK_SECRET, WebhookDispatcher

logger = logging.getLogger("stripe_emulator")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 12111
_POLL_SECONDS = 0.05
"""How often the serving thread checks for ``stop()``; short so tests stop servers quickly."""
_KEY_PREFIXES = ("sk_", "rk_")
_MISSING_KEY = (
    "You did not provide an API key. You need to provide your API key in the Authorization "
    "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
    "https://stripe.com/docs/api#authentication for details, or we can help at "
    "https://support.stripe.com/."
)


@dataclass
class _CachedResponse:
    fingerprint: str
    response: Response


def api_key(headers: Mapping[str, str]) -> str:
    """The secret key from ``Authorization`` (Bearer, or Basic as ``curl -u sk_test_...:``)."""
    authorization = headers.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "basic":
        try:
            credentials = base64.b64decode(credentials).decode().partition(":")[0]
        except ValueError:
            credentials = ""
    elif scheme.lower() != "bearer":
        credentials = ""
    key = credentials.strip()
    if not key:
        raise authentication_error(_MISSING_KEY)
    if not key.startswith(_KEY_PREFIXES):
        masked = key[:8] + "*" * max(len(key) - 12, 0) + key[-4:]
        raise authentication_error(f"Invalid API Key provided: {masked}")
    return key


def index(emu: Emulator, request: Request) -> Response:
    return json_response(
        {"object": "stripe_emulator", "api_version": emu.api_version, "url": emu.public_url}
    )


class Application:
    """Turns one HTTP request into a :class:`Response`, independently of the HTTP server."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.router = Router()
        api.register(self.router)
        control.register(self.router)
        hosted.register(self.router)
        self.router.add("GET", "/", index)

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Response:
        """``headers`` must have lower-case names."""
        request_id = new_id("req", 14)
        try:
            response = self._handle(method, target, headers, body, request_id)
        except StripeError as error:
            response = error_response(error)
        except Exception:
            logger.exception("Error handling %s %s", method, target)
            response = error_response(
                StripeError("An unknown error occurred.", status=500, type="api_error")
            )
        response.headers.setdefault("Request-Id", request_id)
        return response

    def _handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes, request_id: str
    ) -> Response:
        parts = urlsplit(target)
        params = parse_query(parts.query)
        if method == "POST":
            params.update(parse_query(body.decode("utf-8", errors="replace")))
        request = Request(method, parts.path, params, headers)
        if not parts.path.startswith("/v1/"):
            with self.emulator.store.lock:
                current_request.set(NO_REQUEST)
                return self.router.dispatch(self.emulator, request)
        api_key(headers)
        idempotency_key = headers.get("idempotency-key") if method == "POST" else None
        current_request.set({"id": request_id, "idempotency_key": idempotency_key})
        with self.emulator.store.lock:
            if idempotency_key:
                response = self._idempotent(request, idempotency_key, body)
            else:
                response = self._dispatch_api(request)
        response.headers["Stripe-Version"] = self.emulator.api_version
        return response

    def _dispatch_api(self, request: Request) -> Response:
        try:
            return self.router.dispatch(self.emulator, request)
        except StripeError as error:
            return error_response(error)

    def _idempotent(self, request: Request, key: str, body: bytes) -> Response:
        """Replay the saved response for a reused key, as Stripe does.

        Like Stripe, only requests that ran are saved: successes and card errors, not
        validation errors.
        """
        fingerprint = hashlib.sha256(request.path.encode() + b"\n" + body).hexdigest()
        saved: dict[str, Any] = self.emulator.store.idempotent_responses
        cached = saved.get(key)
        if cached is not None:
            if cached.fingerprint != fingerprint:
                raise StripeError(
                    "Keys for idempotent requests can only be used with the same parameters they "
                    f"were first used with. Try using a key other than '{key}' if you meant to "
                    "execute a different request.",
                    type="idempotency_error",
                )
            replay: Response = cached.response
            return Response(
                replay.status,
                replay.body,
                replay.content_type,
                {**replay.headers, "Idempotent-Replayed": "true"},
            )
        response = self._dispatch_api(request)
        response.headers["Idempotency-Key"] = key
        if response.status < 400 or response.status == 402:
            saved[key] = _CachedResponse(fingerprint, response)
        return response


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    application: Application


class _RequestHandler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "stripe-emulator/1.0"

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._respond()

    def do_POST(self) -> None:
        self._respond()

    def do_DELETE(self) -> None:
        self._respond()

    def _respond(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        response = self.server.application.handle(self.command, self.path, headers, body)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), format % args)


class EmulatorServer:
    """A Stripe emulator listening on ``host:port`` (``port=0`` picks a free port).

    ``start()`` serves from a daemon thread (for tests); ``serve_forever()`` blocks (for the
    command line). Webhooks go to every URL in ``webhook_urls``, signed with ``webhook_secret``.
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        *,
        public_url: str | None = None,
        webhook_urls: Sequence[str] = (),
        webhook_secret: str = DEFAULT_WEBHOOK_SECRET,
        api_version: str = DEFAULT_API_VERSION,
        retry_base_seconds: float = 1.0,
        max_delivery_attempts: int = 8,
        delivery_timeout_seconds: float = 10.0,
    ) -> None:
        self._httpd = _HTTPServer((host, port), _RequestHandler)
        self.dispatcher = WebhookDispatcher(
            webhook_urls,
            webhook_secret,
            retry_base_seconds=retry_base_seconds,
            max_attempts=max_delivery_attempts,
            timeout_seconds=delivery_timeout_seconds,
            on_delivered=self._mark_delivered,
        )
        self.emulator = Emulator(
            public_url=public_url or self.base_url,
            dispatcher=self.dispatcher,
            api_version=api_version,
        )
        self._httpd.application = Application(self.emulator)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """Where the server listens, e.g. ``http://127.0.0.1:12111``."""
        host, port = self._httpd.server_address[:2]
        host = str(host)
        if host in ("0.0.0.0", "::"):
            host = "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}"

    @property
    def public_url(self) -> str:
        """The base of the hosted-page URLs handed to browsers."""
        return self.emulator.public_url

    @property
    def webhook_secret(self) -> str:
        return self.dispatcher.secret

    @property
    def state(self) -> Store:
        return self.emulator.store

    def start(self) -> EmulatorServer:
        self.dispatcher.start()
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": _POLL_SECONDS},
            name="stripe-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.dispatcher.start()
        try:
            self._httpd.serve_forever()
        finally:
            self.dispatcher.stop()
            self._httpd.server_close()

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()
        self.dispatcher.stop()

    def wait_for_deliveries(self, timeout: float = 5.0) -> bool:
        """Block until every queued webhook was delivered or given up; False on timeout."""
        return self.dispatcher.wait_idle(timeout)

    def reset(self) -> None:
        with self.state.lock:
            self.emulator.reset()

    def _mark_delivered(self, event_id: str) -> None:
        self.emulator.mark_delivered(event_id)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
