"""Zips for the import tests: a run's export taken apart and put together again, good or bad.

`entries` reads a zip into {name: bytes}; `make_zip` writes {name: bytes} back (a name may
map to `SYMLINK` + target to store a symbolic link); `BAD_ZIPS` changes a good export into
each kind of bad zip the importer must refuse, with the words its sentence must contain.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Callable

SYMLINK = b"\0symlink:"  # a value starting with this is written as a link to the rest


def entries(data: bytes) -> dict[str, bytes]:
    """A zip's files as {name: content}."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def make_zip(files: dict[str, bytes]) -> bytes:
    """A zip of `files` ({name: content}), deflated; `SYMLINK` values become links."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if content.startswith(SYMLINK):
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                content = content[len(SYMLINK) :]
            archive.writestr(info, content)
    return buffer.getvalue()


def top(files: dict[str, bytes]) -> str:
    """The run id: the folder every entry sits in."""
    return next(iter(files)).split("/")[0]


def _with(change: Callable[[dict[str, bytes], str], None]) -> Callable[[bytes], bytes]:
    def bad(good: bytes) -> bytes:
        files = entries(good)
        change(files, top(files))
        return make_zip(files)

    return bad


def _set(name: str, content: bytes) -> Callable[[dict[str, bytes], str], None]:
    return lambda files, run: files.__setitem__(name.format(run=run), content)


def _drop(name: str) -> Callable[[dict[str, bytes], str], None]:
    return lambda files, run: files.pop(name.format(run=run))


def _flatten(files: dict[str, bytes], run: str) -> None:
    for name in list(files):
        files[name.split("/", 1)[1]] = files.pop(name)


def _rename_folder(files: dict[str, bytes], run: str) -> None:
    for name in list(files):
        files[name.replace(run, "my-run", 1)] = files.pop(name)


def _second_line_broken(files: dict[str, bytes], run: str) -> None:
    lines = files[f"{run}/metrics.jsonl"].splitlines(keepends=True)
    files[f"{run}/metrics.jsonl"] = b"".join([lines[0], b"{garbage\n", *lines[1:]])


def _not_a_zip(good: bytes) -> bytes:
    return good[:100]  # its start only: no table of contents at the end


# kind -> (make the bad zip from a good export's bytes, words its sentence contains)
BAD_ZIPS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "dot-dot path": (_with(_set("{run}/../../escaped.txt", b"x")), "points outside its folder"),
    "absolute path": (_with(_set("/tmp/escaped.txt", b"x")), "points outside its folder"),
    "backslash path": (_with(_set("{run}\\..\\escaped.txt", b"x")), "points outside its folder"),
    "drive letter": (_with(_set("C:/escaped.txt", b"x")), "points outside its folder"),
    "symlink": (
        _with(_set("{run}/tensorboard/link", SYMLINK + b"/etc/passwd")),
        "is a symbolic link",
    ),
    "name twice": (_with(_set("{run}/CONFIG.json", b"{}")), "twice"),
    "not a zip": (_not_a_zip, "is not a whole zip file"),
    "no run folder": (_with(_flatten), "is not a run export"),
    "folder not a run id": (_with(_rename_folder), "named like a run id"),
    "no status.json": (_with(_drop("{run}/status.json")), "it has no status.json"),
    "config.json not JSON": (_with(_set("{run}/config.json", b"{not json")), "its config.json"),
    "config.json a list": (_with(_set("{run}/config.json", b"[1, 2]")), "its config.json"),
    "config.json no network": (_with(_set("{run}/config.json", b'{"spec": 3}')), "config.json"),
    "meta.json cut": (_with(_set("{run}/meta.json", b'{"name": "x", "ta')), "its meta.json"),
    "status.json unknown state": (
        _with(_set("{run}/status.json", b'{"state": "dancing"}')),
        "its status.json",
    ),
    "metrics line garbage": (_with(_second_line_broken), "line 2 of its metrics.jsonl"),
    "newer export format": (
        _with(_set("{run}/export.json", b'{"format": 99, "model": ["best"]}')),
        "newer AlexNet Lab",
    ),
    "model.keras cut": (
        _with(lambda files, run: files.__setitem__(f"{run}/model.keras", b"PK\x03\x04 cut")),
        "model.keras is not a Keras model that loads",
    ),
}
