"""Shared test setup: Celery runs tasks eagerly unless a test asks for a real worker."""

import pytest

from fundraising.celery import app as celery_app


@pytest.fixture(autouse=True)
def eager_celery():
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached pages never leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
