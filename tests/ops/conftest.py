"""Fixtures that run coprod against real services: a Redis broker and a Celery worker in its own process.

`make test` runs these tests under scripts/with-postgres.sh and scripts/with-redis.sh with
COPROD_REQUIRE_SERVICES=1, where a missing service fails the test; run outside that harness, a test that
needs a service it has not got is skipped and says why.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_string
from email.message import Message as EmailMessage
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import redis
from django.db import connection

from coprod.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent.parent
# Generous: a worker on a busy two-core machine takes a few seconds to start and to pick up a task.
WORKER_START_TIMEOUT = 60
TASK_TIMEOUT = 60


def _missing(reason: str) -> None:
    if os.environ.get("COPROD_REQUIRE_SERVICES"):
        pytest.fail(f"{reason} (COPROD_REQUIRE_SERVICES is set, so this is a failure)")
    pytest.skip(f"{reason}; `make pytest-redis` runs this test with the services it needs")


@pytest.fixture
def redis_broker_url() -> str:
    """The URL of a real Redis server, as scripts/with-redis.sh exports it."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith(("redis://", "rediss://", "redis+socket://")):
        _missing("needs a Redis server in CELERY_BROKER_URL (run under scripts/with-redis.sh)")
    return url


@pytest.fixture
def postgres_database(transactional_db) -> None:
    """A PostgreSQL test database that other processes can connect to (SQLite's is in memory)."""
    if connection.vendor != "postgresql":
        _missing("needs PostgreSQL in DATABASE_URL (run under scripts/with-postgres.sh)")


def database_url(settings_dict: dict) -> str:
    """DATABASE_URL for a settings dict, the test database's included; OPTIONS (a socket's host) go in
    the query string, as django-environ reads them."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or ""
    port = settings_dict.get("PORT") or ""
    address = f"{host}:{port}" if host and port else host
    options = {k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    query = f"?{urlencode(options, safe='/')}" if options else ""
    return f"postgres://{credentials}{address}/{quote(settings_dict['NAME'], safe='')}{query}"


def wait_until(predicate: Callable[[], bool], *, timeout: float, message: Callable[[], str]) -> None:
    """Poll until the predicate holds; fail with the message (say, the worker's log) if it never does."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(message())
        time.sleep(0.2)


@dataclass
class WorkerProcess:
    """A `celery worker` running in its own process, with its log collected as it goes."""

    process: subprocess.Popen
    name: str
    lines: list[str] = field(default_factory=list)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_for(self, predicate: Callable[[], bool], *, timeout: float = TASK_TIMEOUT) -> None:
        """Wait until the predicate (say, a row gone from the database) holds, else fail with the log."""
        wait_until(
            predicate, timeout=timeout, message=lambda: f"The worker did not do it; its log:\n{self.log}"
        )

    def kill(self) -> None:
        """SIGKILL, as the machine's out-of-memory killer or a pulled plug would: no clean-up at all."""
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        """Warm shutdown: finishes the task in hand, closes its database connection."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)


def point_celery_at(url: str | None, *, eager: bool) -> None:
    """Send this process's tasks to the broker at url (None: the configured one), dropping the
    connections kept for another. The write URL, because Celery prefers CELERY_BROKER_URL in the
    environment to broker_url."""
    celery_app.conf.broker_write_url = url
    celery_app.conf.task_always_eager = eager
    celery_app._pool = None  # the next send takes a pool for the new URL (kombu keeps one per broker)
    celery_app.amqp._producer_pool = None


@dataclass
class Workers:
    """Starts `celery worker` processes on the test database and a broker; stops them all at the end.

    The workers and the test share MEDIA_ROOT (a fresh folder) and an outbox folder, where each
    e-mail a worker sends is written to a file (outbox() reads them back).
    """

    env: dict[str, str]
    mail_dir: Path
    started: list[WorkerProcess] = field(default_factory=list)

    def start(
        self,
        broker_url: str,
        *,
        env: dict[str, str] | None = None,
        include: tuple[str, ...] = (),
        pool: str = "solo",
        concurrency: int = 1,
    ) -> WorkerProcess:
        """A worker on broker_url, once it says it is ready. The solo pool runs one task at a time in
        the one process (killing that kills the task); prefork runs them in children, as in production."""
        name = f"coprod-test-{uuid.uuid4().hex[:8]}@%h"
        command = [
            sys.executable, "-m", "celery", "-A", "coprod", "worker", f"--pool={pool}",
            f"--concurrency={concurrency}", "--loglevel=INFO", "-n", name,
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        if include:
            command += ["--include", ",".join(include)]
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, "CELERY_BROKER_URL": broker_url, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        worker = WorkerProcess(process=process, name=name)
        self.started.append(worker)
        threading.Thread(target=worker._collect, daemon=True).start()
        wait_until(
            lambda: " ready." in worker.log or process.poll() is not None,
            timeout=WORKER_START_TIMEOUT,
            message=lambda: f"The worker did not start; its log:\n{worker.log}",
        )
        if process.poll() is not None:
            pytest.fail(f"The worker stopped at start (exit {process.returncode}); its log:\n{worker.log}")
        return worker

    def outbox(self) -> list[EmailMessage]:
        """Every e-mail the workers sent (the file backend writes messages apart by a line of dashes)."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for chunk in path.read_text().split("\n" + "-" * 79 + "\n"):
                if chunk.strip():
                    messages.append(message_from_string(chunk))
        return messages


@pytest.fixture
def workers(postgres_database, settings, tmp_path) -> Iterator[Workers]:
    """Starts real Celery workers (see Workers). Tests using it see only committed data on both
    sides, hence the transactional database."""
    settings.MEDIA_ROOT = tmp_path / "media"
    mail_dir = tmp_path / "outbox"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coprod.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "COPROD_TEST_EMAIL_DIR": str(mail_dir),
        "PYTHONUNBUFFERED": "1",
    }
    eager = celery_app.conf.task_always_eager
    pool = Workers(env=env, mail_dir=mail_dir)
    try:
        yield pool
    finally:
        for worker in pool.started:
            worker.stop()
        point_celery_at(None, eager=eager)


@pytest.fixture
def send_tasks_to() -> Iterator[Callable[[str], None]]:
    """Point this process's Celery at a real broker (tasks no longer run in-process) for one test."""
    eager = celery_app.conf.task_always_eager
    try:
        yield lambda url: point_celery_at(url, eager=False)
    finally:
        point_celery_at(None, eager=eager)


@pytest.fixture
def celery_worker_process(workers, redis_broker_url) -> WorkerProcess:
    """A real Celery worker on the shared Redis broker; tasks sent with .delay() while it runs go
    through the broker, not in-process."""
    point_celery_at(redis_broker_url, eager=False)
    return workers.start(redis_broker_url)


@dataclass
class RedisServer:
    """A throwaway redis-server on a unix socket, which a test may stop and start again (nothing is
    saved to disk, so whatever it held is gone after a restart, as with a broker that lost its data)."""

    folder: Path
    process: subprocess.Popen | None = None

    @property
    def socket(self) -> Path:
        return self.folder / "redis.sock"

    @property
    def url(self) -> str:
        return f"redis+socket://{self.socket}"

    def start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server", "--port", "0",
            "--unixsocket", str(self.socket), "--unixsocketperm", "700",
            "--dir", str(self.folder), "--save", "", "--appendonly", "no",
        ]  # fmt: skip
        log = open(self.folder / "server.log", "a")  # noqa: SIM115 (the server holds it)
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_until(self.answers, timeout=20, message=lambda: (self.folder / "server.log").read_text())

    def answers(self) -> bool:
        client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=1)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen server cannot stop
            self.process.terminate()
            self.process.wait(timeout=20)
        self.socket.unlink(missing_ok=True)

    def freeze(self) -> None:
        """SIGSTOP: connections are still accepted, but nothing is answered (a hung broker)."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A Redis server of the test's own, to stop and start (the shared one stays up for the rest)."""
    if not shutil.which("redis-server"):
        _missing("needs redis-server installed (scripts/with-redis.sh installs it)")
    # A short folder name: a unix socket's path is limited to about 100 characters.
    server = RedisServer(folder=Path(tempfile.mkdtemp(prefix="coprod-redis-")))
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)
