"""A real Celery worker on a real broker processes a delivered webhook.

Runs when CELERY_INTEGRATION_BROKER_URL names a broker (CI sets
redis://127.0.0.1:6379/0 in its PostgreSQL pass); the worker is a subprocess, so
the test database must be one it can open: PostgreSQL or a SQLite file."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from donations.models import Gift, WebhookEvent
from fundraising.celery import app as celery_app
from tests.donations import stripe_events as se
from tests.factories.donations import CheckoutIntentFactory

BROKER = os.environ.get("CELERY_INTEGRATION_BROKER_URL", "")
ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not BROKER, reason="set CELERY_INTEGRATION_BROKER_URL to run"),
]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db["USER"] or "postgres"
        return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db["NAME"] in (":memory:", "") or "mode=memory" in str(db["NAME"]):
        pytest.skip("a worker process cannot open an in-memory SQLite test database")
    return f"sqlite:///{db['NAME']}"


def publish_to(broker_url: str, *, queue: str, eager: bool) -> None:
    """Point this process's producer at a broker. The app caches its connection and
    producer pools on first use, so they are dropped to take the new URL."""
    celery_app.conf.update(broker_url=broker_url, task_always_eager=eager, task_default_queue=queue)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def worker():
    queue = f"integration-{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "fundraising",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--loglevel",
            "INFO",
            "--without-heartbeat",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    default_broker = celery_app.conf.broker_url
    publish_to(BROKER, queue=queue, eager=False)
    try:
        yield process
    finally:
        publish_to(default_broker, queue="celery", eager=True)
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])


def test_a_real_worker_processes_a_delivered_webhook(client, worker):
    intent = CheckoutIntentFactory(amount_minor=25000)
    evt = se.event("checkout.session.completed", se.checkout_session(intent, payment_intent="pi_w"))

    response = se.post_event(client, evt)
    assert response.status_code == 200

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Gift.objects.exists():
        assert worker.poll() is None, "the worker exited"
        time.sleep(0.2)
    gift = Gift.objects.get()
    assert (gift.stripe_payment_intent_id, gift.amount_minor, gift.receipt_number) == (
        "pi_w",
        25000,
        1,
    )
    assert WebhookEvent.objects.get().status == WebhookEvent.Status.PROCESSED
