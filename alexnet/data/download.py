"""Download the official CIFAR-10 archive, verified, resumable, with progress.

The file is written to `<name>.part` and only renamed to its final name after its sha256 matches,
so a half-downloaded or tampered file never counts as data. An interrupted download keeps the
`.part` file and the next call resumes it with an HTTP Range request (starting over if the server
ignores the range); a file whose checksum is wrong is deleted.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
CIFAR10_SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
ARCHIVE_NAME = "cifar-10-python.tar.gz"

# progress(done_bytes, total_bytes, bytes_per_second); total_bytes is 0 when the server does not
# say how large the file is.
Progress = Callable[[int, int, float], None]

_CHUNK = 1 << 20  # 1 MiB: frequent enough progress updates, few enough calls
_TIMEOUT_S = 30  # a stalled connection fails instead of hanging the UI forever


def _sha256_of(path: Path) -> hashlib._Hash:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(_CHUNK), b""):
            digest.update(block)
    return digest


def _open(url: str, offset: int) -> tuple[object, int, int]:
    """Open the URL from byte `offset`; returns (response, start offset, total size or 0)."""
    request = urllib.request.Request(url, headers={"User-Agent": "alexnet-lab"})
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    try:
        response = urllib.request.urlopen(request, timeout=_TIMEOUT_S)
    except urllib.error.HTTPError as err:
        if err.code == 416 and offset:  # the range starts at or past the end: .part is complete
            return None, offset, offset
        raise
    length = int(response.headers.get("Content-Length") or 0)
    if offset and response.status == 206:
        content_range = response.headers.get("Content-Range", "")
        if content_range.startswith(f"bytes {offset}-"):
            total = content_range.rsplit("/", 1)[-1]
            return response, offset, int(total) if total.isdigit() else offset + length
    return response, 0, length  # no (usable) range support: start over


def download_file(
    url: str,
    dest: str | os.PathLike,
    *,
    sha256: str,
    progress: Progress | None = None,
) -> Path:
    """Download `url` to `dest`, verified against `sha256`, resuming a previous `.part` file.

    Args:
        url: where to download from (http or https).
        dest: the final file path; the download goes to `dest + ".part"` until verified.
        sha256: the expected SHA-256 hex digest of the whole file.
        progress: optional callable(done_bytes, total_bytes, bytes_per_second), called after
            every chunk.

    Returns:
        The path of the verified file.

    Raises:
        ValueError: the downloaded file's checksum is not `sha256` (the file is deleted).
        OSError: the connection failed or was interrupted (the `.part` file is kept to resume).
    """
    dest = Path(dest)
    if dest.exists():  # only ever created by the verified rename below
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    offset = part.stat().st_size if part.exists() else 0
    try:
        response, start, total = _open(url, offset)
    except urllib.error.URLError as err:
        raise OSError(f"could not download {url}: {err.reason}") from err
    digest = _sha256_of(part) if start else hashlib.sha256()
    if response is not None:
        done = _append(url, response, part, digest, (start, total), progress)
        if total and done < total:
            raise OSError(
                f"download of {url} stopped at {done:,} of {total:,} bytes; "
                f"run it again to resume from {part}."
            )
    if digest.hexdigest() != sha256.lower():
        part.unlink(missing_ok=True)
        raise ValueError(
            f"the file downloaded from {url} has sha256 {digest.hexdigest()}, expected {sha256}; "
            "it was deleted. The download was corrupted or the server sent another file; "
            "try again later or download it by hand and give its path."
        )
    os.replace(part, dest)
    return dest


def _append(
    url: str,
    response: Any,
    part: Path,
    digest: Any,
    sizes: tuple[int, int],
    progress: Progress | None,
) -> int:
    """Append the response's bytes to `part`; returns the bytes it holds then.

    Args:
        sizes: (bytes `part` held before, the whole file's size or 0 when unknown).
    """
    start, total = sizes
    done, started = start, time.monotonic()
    try:
        with response, open(part, "ab" if start else "wb") as out:
            while block := response.read(_CHUNK):
                out.write(block)
                digest.update(block)
                done += len(block)
                if progress is not None:
                    elapsed = max(time.monotonic() - started, 1e-6)
                    progress(done, total, (done - start) / elapsed)
    except http.client.HTTPException as err:  # e.g. IncompleteRead: the server hung up
        raise OSError(
            f"download of {url} broke off after {done:,} bytes ({err!r}); "
            f"run it again to resume from {part}."
        ) from err
    return done


def download_cifar10(
    folder: str | os.PathLike,
    *,
    url: str = CIFAR10_URL,
    sha256: str = CIFAR10_SHA256,
    progress: Progress | None = None,
) -> Path:
    """Download the official `cifar-10-python.tar.gz` into `folder` (skipped if already there).

    Args:
        folder: where the archive goes (by default Keras' datasets folder, see `sources`).
        url: the download address; tests point it at a local server.
        sha256: the expected SHA-256 of the archive.
        progress: optional callable(done_bytes, total_bytes, bytes_per_second).
    """
    return download_file(url, Path(folder) / ARCHIVE_NAME, sha256=sha256, progress=progress)


def text_progress_bar(
    done: int, total: int, bytes_per_second: float, *, stream: TextIO | None = None
) -> None:
    """Draw a one-line text progress bar, e.g. for the command line: `progress=text_progress_bar`.

    Args:
        done: bytes downloaded so far.
        total: bytes in all (0 if unknown).
        bytes_per_second: current speed.
        stream: where to write; standard error by default.
    """
    stream = stream or sys.stderr
    width = 30
    mb = 1024 * 1024
    speed = f"{bytes_per_second / mb:.1f} MB/s"
    if total:
        filled = min(width, int(width * done / total))
        bar = "#" * filled + "-" * (width - filled)
        line = f"\r[{bar}] {done / mb:6.1f}/{total / mb:.1f} MB  {speed}"
    else:
        line = f"\r{done / mb:6.1f} MB  {speed}"
    stream.write(line)
    if total and done >= total:
        stream.write("\n")
    stream.flush()
