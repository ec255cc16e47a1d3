"""Image files for tests, made on the fly with Pillow (and by hand where Pillow will not)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def image_bytes(
    image_format: str = "JPEG",
    size: tuple[int, int] = (1920, 1080),
    *,
    colour: str = "darkred",
    orientation: int | None = None,
    mode: str = "RGB",
) -> bytes:
    """An image of one colour; ``orientation`` is written as EXIF, with a GPS position."""
    image = Image.new(mode, size, colour)
    options: dict[str, object] = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation  # Orientation
        exif[0x010F] = "Camera maker"  # Make
        exif[0x8825] = {1: "N", 2: (59.0, 20.0, 0.0)}  # GPSInfo
        options["exif"] = exif.tobytes()
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def halves_bytes(size: tuple[int, int], *, orientation: int) -> bytes:
    """A JPEG whose left half (as stored) is red and right half blue, with an EXIF
    orientation: what the viewer sees depends on the orientation being applied."""
    image = Image.new("RGB", size, "blue")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def image_upload(image_format: str = "JPEG", size: tuple[int, int] = (1920, 1080), **options):
    extension = EXTENSIONS[image_format]
    return upload(
        image_bytes(image_format, size, **options), f"picture.{extension}", f"image/{extension}"
    )


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb
    as far as any reader that trusts the header is concerned."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
