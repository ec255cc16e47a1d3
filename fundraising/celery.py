"""The Celery application; tasks are autodiscovered from the installed apps."""

import os
from pathlib import Path

from celery import Celery
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fundraising.settings")

app = Celery("fundraising")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_filesystem_broker_folders() -> None:
    """The embedded file-system broker needs its folders before a worker polls them."""
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get(key)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)


if settings.CELERY_BROKER_URL.startswith("filesystem"):
    ensure_filesystem_broker_folders()
