"""RSE served for real, as ``make run`` and production serve it (``python -m rse.serve``),
for the tests that need a server process: browser tests, server limits, two processes."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port, env, output=subprocess.PIPE):
    """Start a server process on ``port``; ``output`` takes what it prints."""
    command = [sys.executable, "-m", "rse.serve", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(
        [*command, "--no-access-log"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def wait_until_up(process, origin, describe=lambda: ""):
    """Until ``origin`` answers its health check; a server that dies or stays silent for
    30 s fails the test with what it printed (``describe()``)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{origin}/healthz", timeout=1)
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the server did not start:\n" + describe()) from None
            time.sleep(0.1)
