"""Reading a zip nobody vouches for (an upload, a file from another computer) within limits.

Before anything is unpacked, every entry's name is checked: no absolute path, no drive
letter, no `..` or `.` part, no backslash, no control character, no symbolic link, no name
twice (ignoring case, as Windows and macOS do). The zip's directory is sized up before
Python's `zipfile` parses it, then the file count and the total unpacked size are capped
(`MAX_FILES`, `MAX_UNPACKED_BYTES`); the bytes actually unpacked are counted too, so a
size the zip misstates cannot get past the cap. Each refusal is a `ConfigError` naming the
zip by its file name only.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any

from alexnet.config.checks import ConfigError

# A run holds about ten files plus its TensorBoard event files (a few per resume).
MAX_FILES = 1_000
# Sized for the ImageNet AlexNet (62.4 million parameters): a checkpoint with AdamW's two
# moments is about 750 MB, a run has two (best and last), and its metrics a few MB.
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_DIRECTORY_BYTES = MAX_FILES * 1024  # the zip's table of contents: 1 KB per entry at most
CHUNK = 1024 * 1024
_EOCD = struct.Struct("<4s4H2LH")  # the zip's end record: where its table of contents is
_EOCD_SIGNATURE = b"PK\x05\x06"

NOT_A_ZIP = (
    "{zip} is not a whole zip file; choose a zip made by Download zip on the Runs page or by "
    "`python -m alexnet export`."
)
UNSAFE_NAME = (
    "{zip} was not imported: its entry '{entry}' points outside its folder (an absolute path, "
    "'..' or a backslash); only zips made by AlexNet Lab's export can be imported."
)
LINK = (
    "{zip} was not imported: its entry '{entry}' is a symbolic link, which no export holds; "
    "only zips made by AlexNet Lab's export can be imported."
)
TWICE = "{zip} was not imported: it holds '{entry}' twice; export the run again."
TOO_MANY_FILES = (
    "{zip} holds more than {limit:,} files, more than any run; only zips made by AlexNet "
    "Lab's export can be imported."
)
TOO_BIG = (
    "{zip} unpacks to more than {limit}, more than any run; only zips made by AlexNet Lab's "
    "export can be imported."
)
_DRIVE = re.compile(r"^[A-Za-z]:")


def size_text(size: int) -> str:
    """Bytes as a reader says them: 20 MB, 20.5 MB, 4 GB (1 MB = 1024 x 1024 bytes, as
    Streamlit counts them)."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size:,} bytes"


def shown_entry(name: str) -> str:
    """An entry's name fit for a message: printable, at most 100 characters."""
    text = "".join(c if c.isprintable() else "?" for c in name)
    return text if len(text) <= 100 else text[:97] + "..."


class SafeZip:
    """An untrusted zip, opened and checked; `entries` are its files, `extract` unpacks one.

    Args:
        source: a path or an open binary file (an upload).
        zip_name: the zip's file name, for messages.

    Raises:
        ConfigError: for a file that is no whole zip, an unsafe name, or too much content.
    """

    def __init__(self, source: str | os.PathLike[str] | IO[bytes], zip_name: str) -> None:
        self.zip_name = zip_name
        self.unpacked = 0
        self._stack = contextlib.ExitStack()
        try:
            handle = source if hasattr(source, "read") else open(source, "rb")  # noqa: SIM115
            if handle is not source:
                self._stack.callback(handle.close)
            _check_directory(handle, zip_name)
            self.archive = self._stack.enter_context(zipfile.ZipFile(handle))
            self.entries = check_entries(self.archive.infolist(), zip_name)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            self._stack.close()
            raise ConfigError(NOT_A_ZIP, zip=zip_name) from error
        except BaseException:
            self._stack.close()
            raise

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._stack.close()

    def extract(self, info: zipfile.ZipInfo, target: Path) -> None:
        """Unpack one entry to `target` (a new file), counting its bytes against the cap."""
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self.archive.open(info) as source, open(target, "xb") as out:
                while chunk := source.read(CHUNK):
                    self.unpacked += len(chunk)
                    if self.unpacked > MAX_UNPACKED_BYTES:
                        raise ConfigError(
                            TOO_BIG, zip=self.zip_name, limit=size_text(MAX_UNPACKED_BYTES)
                        )
                    out.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            # RuntimeError: an encrypted entry; the others: a damaged or unknown compression.
            raise ConfigError(NOT_A_ZIP, zip=self.zip_name) from None


def _check_directory(handle: IO[bytes], zip_name: str) -> None:
    """Refuse a zip whose table of contents is too large before `zipfile` reads all of it."""
    handle.seek(0, os.SEEK_END)
    end = handle.tell()
    handle.seek(max(0, end - _EOCD.size - 0xFFFF))  # the end record, after a comment
    tail = handle.read()
    handle.seek(0)
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < _EOCD.size:
        return  # not a zip: zipfile says so
    fields = _EOCD.unpack_from(tail, at)
    entries, directory_bytes = fields[4], fields[5]
    # 0xFFFFFFFF: a ZIP64 archive keeps the size elsewhere; its entries are counted below.
    if entries > MAX_FILES or MAX_DIRECTORY_BYTES < directory_bytes < 0xFFFFFFFF:
        raise ConfigError(TOO_MANY_FILES, zip=zip_name, limit=MAX_FILES)


def check_entries(infos: list[zipfile.ZipInfo], zip_name: str) -> list[zipfile.ZipInfo]:
    """The file entries (folders left out), once every entry passed the checks above."""
    if len(infos) > MAX_FILES:
        raise ConfigError(TOO_MANY_FILES, zip=zip_name, limit=MAX_FILES)
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ConfigError(LINK, zip=zip_name, entry=shown_entry(name))
        if not is_safe_name(name):
            raise ConfigError(UNSAFE_NAME, zip=zip_name, entry=shown_entry(name))
        key = name.rstrip("/").casefold()
        if key in seen:
            raise ConfigError(TWICE, zip=zip_name, entry=shown_entry(name))
        seen.add(key)
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise ConfigError(TOO_BIG, zip=zip_name, limit=size_text(MAX_UNPACKED_BYTES))
    return [info for info in infos if not info.is_dir()]


def is_safe_name(name: str) -> bool:
    """Whether a zip entry's name stays inside the folder it is unpacked into."""
    if not name or name.startswith("/") or "\\" in name or _DRIVE.match(name):
        return False
    parts = name.removesuffix("/").split("/")
    return all(part not in ("", ".", "..") and part.isprintable() for part in parts)
