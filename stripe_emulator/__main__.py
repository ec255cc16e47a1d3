"""Command line: ``python -m stripe_emulator [--port 12111] [--webhook-url URL]...``."""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Sequence

from stripe_emulator.core import DEFAULT_API_VERSION
from stripe_emulator.server import DEFAULT_HOST, DEFAULT_PORT, EmulatorServer
from stripe_emulator.webhooks import DEFAULT_WEBHOOK_SECRET

logger = logging.getLogger("stripe_emulator")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    env = os.environ
    parser = argparse.ArgumentParser(
        prog="python -m stripe_emulator", description="Run the Stripe API emulator."
    )
    parser.add_argument("--host", default=env.get("STRIPE_EMULATOR_HOST", DEFAULT_HOST))
    parser.add_argument(
        "--port", type=int, default=int(env.get("STRIPE_EMULATOR_PORT", DEFAULT_PORT))
    )
    parser.add_argument(
        "--public-url",
        default=env.get("STRIPE_EMULATOR_PUBLIC_URL"),
        help="base URL browsers use to reach the hosted pages (default: http://HOST:PORT)",
    )
    parser.add_argument(
        "--webhook-url",
        action="append",
        dest="webhook_urls",
        help="endpoint to POST events to; repeat for several "
        "(default: $STRIPE_EMULATOR_WEBHOOK_URL, comma-separated)",
    )
    parser.add_argument(
        "--webhook-secret",
        default=env.get("STRIPE_WEBHOOK_SECRET", DEFAULT_WEBHOOK_SECRET),
        help="whsec_... secret used to sign webhooks (default: $STRIPE_WEBHOOK_SECRET)",
    )
    parser.add_argument("--api-version", default=DEFAULT_API_VERSION)
    args = parser.parse_args(argv)
    if args.webhook_urls is None:
        env_urls = env.get("STRIPE_EMULATOR_WEBHOOK_URL", "").split(",")
        args.webhook_urls = [url.strip() for url in env_urls if url.strip()]
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    server = EmulatorServer(
        args.host,
        args.port,
        public_url=args.public_url,
        webhook_urls=args.webhook_urls,
        webhook_secret=args.webhook_secret,
        api_version=args.api_version,
    )
    logger.info(
        "Stripe emulator on %s (API version %s); webhooks to %s",
        server.base_url,
        args.api_version,
        ", ".join(args.webhook_urls) or "nowhere",
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        logger.info("Stopped")


if __name__ == "__main__":
    main()
