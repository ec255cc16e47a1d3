"""A real Celery worker on a real broker processes delivered webhooks, and a worker
killed mid-dispatch leaves no event behind once it is restarted.

Runs when CELERY_INTEGRATION_BROKER_URL names a broker (CI sets
redis://127.0.0.1:6379/0 in its PostgreSQL pass); the worker is a subprocess, so
the test database must be one it can open: PostgreSQL or a SQLite file."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from donations.models import Gift, GiftStatus, ReceiptCounter, WebhookEvent
from fundraising.celery import app as celery_app
from tests.donations import stripe_events as se
from tests.factories.donations import CheckoutIntentFactory

BROKER = os.environ.get("CELERY_INTEGRATION_BROKER_URL", "")
ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.celery_worker,
    # Under xdist each test process has its own queue (and its own test database);
    # keeping these tests in one process keeps two sets of workers and beat from
    # competing for the CPU within their timeouts.
    pytest.mark.xdist_group("celery_worker"),
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


class CeleryProcesses:
    """Celery workers and beat as subprocesses on one queue of the test broker (named
    after the test process, so that parallel test processes never take each other's
    tasks), each in a session of its own so that it can be killed as a crash kills it."""

    def __init__(self, queue: str, logs: Path):
        self.queue = queue
        self.logs = logs
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": BROKER,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_TASK_DEFAULT_QUEUE": queue,
        }
        self.running: list[subprocess.Popen] = []

    def start(self, name: str, *arguments: str) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("a")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "fundraising", *arguments],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.running.append(process)
        return process

    def worker(self) -> subprocess.Popen:
        return self.start(
            "worker",
            "worker",
            "--pool",
            "solo",
            "--queues",
            self.queue,
            "--hostname",
            f"{self.queue}@%h",
            "--loglevel",
            "INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        )

    def beat(self) -> subprocess.Popen:
        return self.start("beat", "beat", "--loglevel", "INFO")

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        """SIGKILL, as the out-of-memory killer or a lost machine would: no shutdown."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.terminate()
        for process in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill(process)
        for log in sorted(self.logs.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-4000:]}")


@pytest.fixture
def celery_processes(tmp_path):
    processes = CeleryProcesses(f"integration-{os.getpid()}", tmp_path)
    default_broker = celery_app.conf.broker_url
    publish_to(BROKER, queue=processes.queue, eager=False)
    try:
        yield processes
    finally:
        publish_to(default_broker, queue="celery", eager=True)
        processes.stop_all()


@pytest.fixture
def worker(celery_processes):
    return celery_processes.worker()


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


def wait_until(condition, *, timeout: float, alive=()) -> float:
    """Poll until ``condition()`` holds; returns the seconds it took."""
    started = time.monotonic()
    while not condition():
        for process in alive:
            assert process.poll() is None, "a Celery process exited"
        assert time.monotonic() - started < timeout, f"not within {timeout} s"
        time.sleep(0.2)
    return time.monotonic() - started


def a_worker_waits_for_the_receipt_counter() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
               AND wait_event_type = 'Lock' AND query ILIKE %s""",
            [f"%{ReceiptCounter._meta.db_table}%"],
        )
        return cursor.fetchone() is not None


def every_event_processed() -> bool:
    return not WebhookEvent.objects.exclude(status=WebhookEvent.Status.PROCESSED).exists()


def test_a_worker_killed_mid_dispatch_leaves_no_event_behind(client, celery_processes):
    """The worker dies with SIGKILL while it processes the events of a dispatch (its
    request cleared, its task unacknowledged, which Redis would hand out again only
    after the visibility timeout): once a worker is back, beat's sweep finds the
    stranded events and every one is processed within 60 s."""
    if connection.vendor != "postgresql":
        pytest.skip("holds a row lock from a second connection to stop the worker mid-event")
    intents = [CheckoutIntentFactory(amount_minor=25000) for _ in range(3)]
    payments = [
        se.event(
            "checkout.session.completed", se.checkout_session(intent, payment_intent=f"pi_k{i}")
        )
        for i, intent in enumerate(intents)
    ]
    early_refund = se.event(
        "charge.refunded", se.charge(payment_intent="pi_k0", amount=25000, amount_refunded=25000)
    )
    ReceiptCounter.objects.create(year=timezone.localtime().year)
    celery_processes.beat()

    with psycopg.connect(database_url()) as blocker:
        # The first gift's receipt number waits for this lock: the worker is stopped in
        # the middle of processing the events its dispatch took.
        blocker.execute(
            f"SELECT 1 FROM {ReceiptCounter._meta.db_table} WHERE year = %s FOR UPDATE",
            [timezone.localtime().year],
        )
        for evt in (early_refund, *payments):  # one dispatch queued for the four
            assert se.post_event(client, evt).status_code == 200
        worker = celery_processes.worker()
        wait_until(a_worker_waits_for_the_receipt_counter, timeout=30, alive=[worker])
        celery_processes.kill(worker)
        blocker.rollback()

    assert WebhookEvent.objects.filter(status=WebhookEvent.Status.PENDING).count() == 3
    restarted = celery_processes.worker()
    took = wait_until(every_event_processed, timeout=60, alive=[restarted])
    print(f"every event processed {took:.1f} s after the restart")

    gifts = Gift.objects.order_by("receipt_number")
    assert [gift.receipt_number for gift in gifts] == [1, 2, 3]  # none lost to the kill
    assert gifts.get(stripe_payment_intent_id="pi_k0").status == GiftStatus.REFUNDED
