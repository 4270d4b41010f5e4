"""Starting the servers under test, each pinned to core 0 (the load driver has core 1).

Every server runs as its own process from the repository root; a private Redis (also on
core 0, on a free port, nothing saved to disk) serves the Redis runs, so the bench never
touches another Redis on the machine.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SERVER_CORE = "0"
DRIVER_CORE = "1"
NICE = 0  # --nice: a negative value (root only) favours the bench on a shared machine


def pinned(core, argv):
    """``argv`` pinned to one core, when taskset exists (it is util-linux)."""
    argv = list(argv)
    if NICE:
        argv = ["nice", "-n", str(NICE), *argv]
    if shutil.which("taskset"):
        return ["taskset", "-c", core, *argv]
    return argv


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


class Processes:
    """Processes started together and stopped together (by their own ids only)."""

    def __init__(self, label):
        self.label = label
        self.procs = []
        self.ports = []

    @property
    def pids(self):
        return [p.pid for p in self.procs]

    def start(self, argv, env, port, log):
        proc = subprocess.Popen(
            pinned(SERVER_CORE, argv),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        self.ports.append(port)
        wait_for_port(port, proc)
        return proc

    def stop(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.procs = []


def start_redis(log):
    """A private redis-server on core 0, or ``None`` when redis-server is not installed."""
    if not shutil.which("redis-server"):
        return None
    port = free_port()
    redis = Processes("redis")
    redis.start(
        [
            "redis-server",
            *("--port", str(port), "--bind", "127.0.0.1", "--save", ""),
            *("--appendonly", "no", "--maxclients", "10000", "--loglevel", "warning"),
        ],
        os.environ.copy(),
        port,
        log,
    )
    redis.url = f"redis://127.0.0.1:{port}/0"
    return redis


def uvicorn(app, port):
    # uvicorn's defaults here: uvloop and httptools when installed, websockets' sans-I/O
    # protocol; permessage-deflate is accepted only when the client offers it.
    return [
        str(BIN / "uvicorn"),
        app,
        *("--host", "127.0.0.1", "--port", str(port)),
        *("--no-access-log", "--log-level", "warning"),
    ]


def rse_env(*, database_url, var_dir, layer, redis_url=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RSE_")}
    env.update(
        RSE_DATABASE_URL=database_url,
        RSE_VAR_DIR=str(var_dir),
        RSE_DEBUG="0",
        RSE_SECRET_KEY="bench-sockets-secret-key-not-for-production-0123456789",
        RSE_ALLOWED_HOSTS="127.0.0.1",
        # The load sends far more than a person may: the rate limit must not refuse it.
        RSE_CHAT_MESSAGES_PER_MINUTE="100000000",
        RSE_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="bench.sockets.rse_settings",
        BENCH_CHANNEL_LAYER=layer,
    )
    if redis_url:
        env["RSE_REDIS_URL"] = redis_url
    return env


def start_rse(*, processes, env, log):
    servers = Processes("rse")
    for _ in range(processes):
        port = free_port()
        servers.start(uvicorn("rse.asgi:application", port), env, port, log)
    return servers


def start_naive(*, processes, layer, redis_url, log):
    env = os.environ.copy()
    env.update(BENCH_CHANNEL_LAYER=layer, BENCH_REDIS_URL=redis_url or "")
    servers = Processes("naive")
    for _ in range(processes):
        port = free_port()
        servers.start(uvicorn("bench.sockets.naive:application", port), env, port, log)
    return servers


def start_bare(*, log):
    servers = Processes("bare")
    port = free_port()
    servers.start(
        [sys.executable, "-m", "bench.sockets.bare", "--port", str(port)],
        os.environ.copy(),
        port,
        log,
    )
    return servers
