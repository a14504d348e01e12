"""Downloading CIFAR-10: verified against a sha256, resumable, never leaving a half file as data.

A real HTTP server on 127.0.0.1 (http.server in a thread) serves a small archive in the official
layout; the tests point `url` and `sha256` at it.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
from collections.abc import Iterator

import pytest

from alexnet import data
from alexnet.data.download import ARCHIVE_NAME, download_file
from tests.cifar_files import archive_bytes, official_files


class _Server(http.server.ThreadingHTTPServer):
    """Serves `files` (path -> bytes); honours Range; `cut` paths hang up half-way, once each."""

    files: dict[str, bytes]
    cut: set[str]
    ranges: list[str | None]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        body = self.server.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        requested = self.headers.get("Range")
        self.server.ranges.append(requested)
        start = int(requested.removeprefix("bytes=").split("-")[0]) if requested else 0
        if start >= len(body):
            self.send_error(416)
            return
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        if self.path in self.server.cut:
            self.server.cut.discard(self.path)
            self.wfile.write(body[start : len(body) // 2])  # promise everything, send half
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body[start:])

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def archive() -> bytes:
    return archive_bytes(official_files(per_batch=100, test_size=200))


@pytest.fixture
def server(archive: bytes) -> Iterator[_Server]:
    srv = _Server(("127.0.0.1", 0), _Handler)
    tampered = bytearray(archive)
    tampered[len(archive) // 2] ^= 0xFF  # one changed byte: same size, another sha256
    srv.files = {"/cifar-10-python.tar.gz": archive, "/tampered.tar.gz": bytes(tampered)}
    srv.cut, srv.ranges = set(), []
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join()


def _url(server: _Server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def _sha(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def test_download_with_matching_sha256_is_loaded_and_reports_progress(server, archive, home):
    calls: list[tuple[int, int, float]] = []
    loaded = data.load_cifar10(
        download=True,
        url=_url(server, "/cifar-10-python.tar.gz"),
        sha256=_sha(archive),
        progress=lambda done, total, speed: calls.append((done, total, speed)),
    )
    saved = home / ".keras" / "datasets" / ARCHIVE_NAME
    assert loaded.source == "download" and str(saved) in loaded.description
    assert len(loaded.x_train) == 500 and len(loaded.x_test) == 200
    assert saved.read_bytes() == archive
    assert calls[-1][:2] == (len(archive), len(archive))
    assert all(speed > 0 for _, _, speed in calls)


def test_verified_download_is_reused_later_without_the_network(server, archive, home):
    url, sha = _url(server, "/cifar-10-python.tar.gz"), _sha(archive)
    data.load_cifar10(download=True, url=url, sha256=sha)
    server.files.clear()  # the server forgets the file: a second fetch would fail
    assert data.load_cifar10().source == "download"


def test_download_with_wrong_sha256_raises_and_leaves_no_file(server, archive, home):
    with pytest.raises(ValueError, match="expected " + _sha(archive)) as error:
        data.load_cifar10(download=True, url=_url(server, "/tampered.tar.gz"), sha256=_sha(archive))
    assert "/tampered.tar.gz" in str(error.value)
    assert list((home / ".keras" / "datasets").iterdir()) == []
    assert data.load_cifar10().source == "sample"


def test_download_is_not_attempted_unless_asked(server, archive, home):
    loaded = data.load_cifar10(url=_url(server, "/cifar-10-python.tar.gz"), sha256=_sha(archive))
    assert loaded.source == "sample" and server.ranges == []


def test_interrupted_download_is_not_data_and_resumes_with_a_range_request(server, archive, home):
    url, sha = _url(server, "/cifar-10-python.tar.gz"), _sha(archive)
    server.cut.add("/cifar-10-python.tar.gz")
    with pytest.raises(OSError, match="resume"):
        data.load_cifar10(download=True, url=url, sha256=sha)
    folder = home / ".keras" / "datasets"
    assert [p.name for p in folder.iterdir()] == [ARCHIVE_NAME + ".part"]
    assert data.load_cifar10().source == "sample"  # the half file does not count

    loaded = data.load_cifar10(download=True, url=url, sha256=sha)
    assert server.ranges == [None, f"bytes={len(archive) // 2}-"]
    assert loaded.source == "download"
    assert (folder / ARCHIVE_NAME).read_bytes() == archive
    assert not (folder / (ARCHIVE_NAME + ".part")).exists()


def test_complete_part_file_is_verified_when_the_server_says_range_not_satisfiable(
    server, archive, tmp_path
):
    dest = tmp_path / "a.tar.gz"
    (tmp_path / "a.tar.gz.part").write_bytes(archive)
    download_file(_url(server, "/cifar-10-python.tar.gz"), dest, sha256=_sha(archive))
    assert dest.read_bytes() == archive and server.ranges == [f"bytes={len(archive)}-"]


def test_unreachable_server_raises_os_error_naming_the_url(tmp_path):
    with pytest.raises(OSError, match=r"127\.0\.0\.1:9/x\.tar\.gz"):
        download_file("http://127.0.0.1:9/x.tar.gz", tmp_path / "x.tar.gz", sha256="0" * 64)
    assert list(tmp_path.iterdir()) == []


def test_missing_file_on_the_server_raises_os_error(server, tmp_path):
    with pytest.raises(OSError, match="Not Found"):
        download_file(_url(server, "/nothing.tar.gz"), tmp_path / "x.tar.gz", sha256="0" * 64)


def test_text_progress_bar_shows_megabytes_and_speed():
    out = io.StringIO()
    data.text_progress_bar(50 * 2**20, 100 * 2**20, 2.5 * 2**20, stream=out)
    data.text_progress_bar(100 * 2**20, 100 * 2**20, 2.5 * 2**20, stream=out)
    first, second = out.getvalue().split("\r")[1:]
    assert first == "[" + "#" * 15 + "-" * 15 + "]   50.0/100.0 MB  2.5 MB/s"
    assert second.endswith("100.0/100.0 MB  2.5 MB/s\n")
