"""``python -m stripe_emulator``: options, environment defaults, and a real start-up."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from stripe_emulator.__main__ import parse_args
from stripe_emulator.core import DEFAULT_API_VERSION
from stripe_emulator.webhooks import DEFAULT_WEBHOOK_SECRET

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "STRIPE_EMULATOR_HOST",
        "STRIPE_EMULATOR_PORT",
        "STRIPE_EMULATOR_WEBHOOK_URL",
        "STRIPE_WEBHOOK_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)

    args = parse_args([])

    assert (args.host, args.port, args.public_url) == ("127.0.0.1", 12111, None)
    assert args.webhook_urls == []
    assert (
        args.webhook_secret == DEFAULT_WEBHOOK_SECRET == "whsec_emulator_local_development_secret"
    )
    assert args.api_version == DEFAULT_API_VERSION


def test_environment_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIPE_EMULATOR_HOST", "0.0.0.0")
    monkeypatch.setenv("STRIPE_EMULATOR_PORT", "9999")
    monkeypatch.setenv(
        "STRIPE_EMULATOR_WEBHOOK_URL", "http://127.0.0.1:8000/stripe/webhook/, http://other/hook"
    )
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_from_env")

    args = parse_args([])

    assert (args.host, args.port) == ("0.0.0.0", 9999)
    assert args.webhook_urls == ["http://127.0.0.1:8000/stripe/webhook/", "http://other/hook"]
    assert args.webhook_secret == "whsec_from_env"


def test_options_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIPE_EMULATOR_WEBHOOK_URL", "http://ignored/")

    args = parse_args(
        [
            "--port",
            "0",
            "--webhook-url",
            "http://a/",
            "--webhook-url",
            "http://b/",
            "--webhook-secret",
            "whsec_cli",
            "--api-version",
            "2025-01-01.test",
            "--public-url",
            "http://emulator.test",
        ]
    )

    assert args.webhook_urls == ["http://a/", "http://b/"]
    assert (args.webhook_secret, args.api_version) == ("whsec_cli", "2025-01-01.test")
    assert args.public_url == "http://emulator.test"


def test_runs_as_a_module() -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "stripe_emulator", "--port", "0"],
        cwd=PROJECT_ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        first_line = process.stderr.readline()
        match = re.search(r"Stripe emulator on (http://\S+)", first_line)
        assert match, first_line
        with urllib.request.urlopen(match.group(1) + "/", timeout=5) as response:
            assert json.load(response)["api_version"] == DEFAULT_API_VERSION
        assert "GET / HTTP/1.1" in process.stderr.readline()
    finally:
        process.terminate()
        process.wait(timeout=5)
