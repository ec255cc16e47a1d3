"""Shared test setup: Celery runs tasks eagerly unless a test asks for a real worker;
property-based tests are reproducible and short unless asked to explore."""

import os

import pytest
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from fundraising.celery import app as celery_app

# "ci" (the default) replays the same examples on every run and keeps each property to a
# few seconds; HYPOTHESIS_PROFILE=explore searches longer with fresh random examples.
# No example database: nothing is written into the working tree.
hypothesis_settings.register_profile(
    "ci", deadline=None, derandomize=True, database=None, max_examples=150
)
hypothesis_settings.register_profile("explore", deadline=None, database=None, max_examples=3000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file in this process's temporary folder, not
    Django's default shared-cache in-memory database. The browser tests' live server
    answers each request in a thread of its own with a connection of its own; on a
    shared-cache memory database those connections take table locks that SQLite's busy
    timeout does not wait for ("database table is locked"), on a file they queue up
    as in production (WAL, IMMEDIATE). Each xdist worker has its own folder, so its
    own file."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and not database["TEST"].get("NAME"):
        database["TEST"]["NAME"] = str(tmp_path_factory.getbasetemp() / "test-db.sqlite3")


@pytest.fixture(autouse=True)
def eager_celery():
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_EXPORTS_ROOT = tmp_path / "private-exports"


@pytest.fixture(autouse=True)
def _default_language():
    """A request through the test client leaves its language active in the test's thread
    (so reverse() would give /en/ addresses): every test starts in the default language."""
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached pages never leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
