"""Files only their owner may fetch, through a view that checks who asks: kept outside
MEDIA_ROOT (which a web server may serve to anyone), under PRIVATE_EXPORTS_ROOT."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateExportStorage(FileSystemStorage):
    """The root is read from the settings on each use (not once at start-up), so a
    deployment or a test can move it; files and folders are the owner's only."""

    def __init__(self) -> None:
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_EXPORTS_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


private_exports = PrivateExportStorage()


def private_exports_storage() -> PrivateExportStorage:
    """The FileField's storage (a callable, so migrations name it, not its root)."""
    return private_exports
