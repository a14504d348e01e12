"""Images the tests feed the app: photos, every pixel mode, animations and decompression bombs.

Each is made here, in code, so a test says what it needs ("a 16-bit PNG", "a PNG claiming
20000x20000 pixels") and no binary file has to be kept beside the tests.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    """The bytes of `image` saved in format `fmt` (PNG, JPEG, GIF, ...)."""
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def gradient(mode: str, size: tuple[int, int] = (40, 30)) -> Image.Image:
    """A (width, height) picture of two opposite ramps, converted to the PIL `mode`."""
    width, height = size
    ramp = np.tile(np.linspace(0, 255, width), (height, 1)).astype(np.uint8)
    return Image.fromarray(np.stack([ramp, ramp[::-1], np.full_like(ramp, 90)], -1)).convert(mode)


def sixteen_bit(size: tuple[int, int] = (40, 30)) -> Image.Image:
    """A 16-bit grayscale ramp over the whole range 0..65535."""
    width, height = size
    values = np.tile(np.linspace(0, 65535, width), (height, 1)).astype("<u2")
    return Image.frombytes("I;16", size, values.tobytes())


def animated_gif() -> bytes:
    """A two-frame GIF: a red frame, then a blue one."""
    red, blue = Image.new("RGB", (20, 20), (255, 0, 0)), Image.new("RGB", (20, 20), (0, 0, 255))
    return encode(red, "GIF", save_all=True, append_images=[blue], duration=100, loop=0)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def png_bytes(width: int = 300, height: int = 200, mode: str = "RGBA") -> bytes:
    """A real PNG photo-like image (a gradient with a disc), not square and not RGB."""
    yy, xx = np.mgrid[0:height, 0:width]
    rgb = np.stack([xx * 255 // width, yy * 255 // height, np.full_like(xx, 90)], axis=-1)
    disc = (xx - width / 2) ** 2 + (yy - height / 2) ** 2 < (height / 3) ** 2
    rgb[disc] = (230, 40, 40)
    return encode(Image.fromarray(rgb.astype(np.uint8)).convert(mode), "PNG")


def noise_photo(path: Path, width: int = 90, height: int = 60) -> Path:
    """Save a seeded RGB noise picture to `path` (its suffix names the format)."""
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8)).save(path)
    return path
