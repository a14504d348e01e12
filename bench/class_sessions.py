"""Students' tabs without the browsers: sessions that speak Streamlit's own websocket protocol.

A `Session` connects to `/_stcore/stream` (subprotocol "streamlit") as the page's JavaScript
does, asks for a page with a `rerun_script` BackMsg, and then does with the ForwardMsgs what
the browser does, so the server runs the page and its fragments for it exactly as for a tab:

- it keeps the hashes of the messages marked cacheable and sends them with every request, so
  the server sends a reference instead of an element it sent before; they expire after
  `max_cached_message_age` runs of their fragment (or of the page), as in the browser;
- each `auto_rerun` starts a timer that asks for that fragment every `interval` seconds
  (`setInterval` in the browser, whether or not the last run has finished), stopped by
  `stop_auto_rerun`, or by a whole-page run, which registers its fragments again.

It draws nothing and sends no widget values (every widget keeps its default). What it counts:
runs finished, how long the server took to answer a request (from the request to the run's
`script_finished`), exceptions and error boxes on the page, and why a connection ended early.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

_EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
_FRAGMENT_DONE = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")


@dataclass
class Tally:
    """What one session saw."""

    page_runs: int = 0  # whole-page runs finished
    fragment_runs: int = 0  # fragment runs finished
    received_bytes: int = 0
    answers: list[float] = field(default_factory=list)  # seconds from a request to its run's end
    first_page: float | None = None  # seconds from connecting to the first page run's end
    charts: int = 0  # Plotly charts received whole (not as a reference to one sent before)
    errors: list[str] = field(default_factory=list)  # exceptions and error boxes on the page
    closed: str | None = None  # why the connection ended before the session was stopped


class Session:
    """One student's tab on `page` of the app at `url` (http://host:port)."""

    def __init__(self, url: str, page: str) -> None:
        self.stream = url.replace("http", "ws", 1) + "/_stcore/stream"
        self.page = page
        self.tally = Tally()
        self._page_hash = ""
        self._max_age = 2
        self._run_count = 0
        self._cache: dict[str, tuple[int, str]] = {}  # hash -> (run count when last used, fragment)
        self._timers: dict[str, tuple[float, asyncio.Task]] = {}
        self._pending: list[float] = []  # when the requests not yet answered were sent
        self._socket = None
        self._started = 0.0

    def _request(self, fragment_id: str = "", auto: bool = False) -> bytes:
        msg = BackMsg()
        state = msg.rerun_script
        if self._page_hash:
            state.page_script_hash = self._page_hash
        else:
            state.page_name = self.page
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        state.cached_message_hashes.extend(self._cache)
        state.widget_states.SetInParent()
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        return msg.SerializeToString()

    async def _send(self, fragment_id: str = "", auto: bool = False) -> None:
        self._pending.append(time.monotonic())
        await self._socket.send(self._request(fragment_id, auto))

    async def _every(self, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            await self._send(fragment_id, auto=True)

    def _stop_timers(self, fragment_ids: list[str] | None = None) -> None:
        for fragment_id in list(self._timers) if fragment_ids is None else fragment_ids:
            held = self._timers.pop(fragment_id, None)
            if held:
                held[1].cancel()

    def _finished(self, msg: ForwardMsg) -> None:
        if msg.script_finished == _EARLY:
            return
        now = time.monotonic()
        if self._pending:
            self.tally.answers.append(now - self._pending[0])
            self._pending.clear()
        if msg.script_finished == _FRAGMENT_DONE:
            self.tally.fragment_runs += 1
        else:
            self.tally.page_runs += 1
            if self.tally.first_page is None:
                self.tally.first_page = now - self._started
        # The browser's cache ages the messages of the fragments that ran (all after a page run).
        self._run_count += 1
        ran = set(msg.metadata.run.fragment_ids)
        for key, (used, fragment) in list(self._cache.items()):
            if ran and fragment not in ran:
                continue
            if self._run_count - used > self._max_age:
                del self._cache[key]

    def _element(self, msg: ForwardMsg) -> None:
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.tally.errors.append(f"exception: {element.exception.message[:200]}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            self.tally.errors.append(f"error box: {element.alert.body[:200]}")
        elif kind == "plotly_chart":
            self.tally.charts += 1

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = (self._run_count, msg.delta.fragment_id)
        if kind == "ref_hash":
            if msg.ref_hash in self._cache:
                self._cache[msg.ref_hash] = (self._run_count, self._cache[msg.ref_hash][1])
            else:
                self.tally.errors.append(f"a reference to a message never received: {msg.ref_hash}")
        elif kind == "new_session":
            self._page_hash = msg.new_session.page_script_hash
            self._max_age = msg.new_session.config.max_cached_message_age or self._max_age
            if not msg.metadata.run.fragment_ids:
                self._stop_timers()
        elif kind == "auto_rerun":
            fragment, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
            if fragment and self._timers.get(fragment, (None,))[0] != interval:
                self._stop_timers([fragment])
                task = asyncio.get_running_loop().create_task(self._every(fragment, interval))
                self._timers[fragment] = (interval, task)
        elif kind == "stop_auto_rerun":
            self._stop_timers(list(msg.stop_auto_rerun.fragment_ids))
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg)
        elif kind == "script_finished":
            self._finished(msg)
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            self.tally.errors.append("the page did not compile")

    async def run(self, stop: asyncio.Event) -> Tally:
        """Open the page and watch it until `stop` is set (or the server closes the socket)."""
        self._started = time.monotonic()
        try:
            async with websockets.connect(
                self.stream, subprotocols=["streamlit"], max_size=None, open_timeout=120,
                compression=None, ping_interval=None,
            ) as socket:  # fmt: skip
                self._socket = socket
                await self._send()
                reading = asyncio.ensure_future(self._read(socket))
                stopped = asyncio.ensure_future(stop.wait())
                done, _ = await asyncio.wait(
                    {reading, stopped}, return_when=asyncio.FIRST_COMPLETED
                )
                if reading in done and not stop.is_set():
                    self.tally.closed = f"the server closed the connection: {reading.exception()}"
                reading.cancel()
                stopped.cancel()
        except (OSError, websockets.WebSocketException, TimeoutError) as error:
            self.tally.closed = f"{type(error).__name__}: {error}"
        finally:
            self._stop_timers()
        return self.tally

    async def _read(self, socket) -> None:
        async for payload in socket:
            self.tally.received_bytes += len(payload)
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            self._handle(msg)


async def watch(url: str, page: str, count: int, stop: asyncio.Event, spread: float = 0.0):
    """`count` sessions on `page` until `stop` is set; they open over `spread` seconds.

    Returns:
        Each session's `Tally`.
    """
    sessions = [Session(url, page) for _ in range(count)]

    async def one(index: int, session: Session) -> Tally:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), spread * index / max(count, 1))
        if stop.is_set():
            return session.tally
        return await session.run(stop)

    return await asyncio.gather(*(one(i, s) for i, s in enumerate(sessions)))
