"""What the socket bench measures from /proc: the CPU seconds and resident memory of given
processes and how busy each core is, and the ``Meter`` that turns them into a period's
CPU figures for the server, Redis and the driver. Used by the driver and by the bench's
idle measure (bench/sockets/__main__.py)."""

import os
import time

perf = time.perf_counter
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

# --- /proc ---------------------------------------------------------------------------------


def cpu_seconds(pids):
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICKS
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def rss_bytes(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except FileNotFoundError:
            pass
    return total


def core_busy():
    """Busy seconds of each core since boot (/proc/stat), to see foreign load."""
    busy = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                name, *values = line.split()
                values = [int(v) for v in values]
                idle = values[3] + values[4]
                busy[name] = (sum(values[:8]) - idle) / TICKS
    return busy


class Meter:
    """CPU of the server, Redis and the driver, and of each core, over a period."""

    def __init__(self, servers, redis):
        self.servers, self.redis, self.me = servers, redis, [os.getpid()]

    def start(self):
        self.t = perf()
        self.c = (cpu_seconds(self.servers), cpu_seconds(self.redis), cpu_seconds(self.me))
        self.cores = core_busy()

    def stop(self):
        wall = perf() - self.t
        now = (cpu_seconds(self.servers), cpu_seconds(self.redis), cpu_seconds(self.me))
        cores = core_busy()
        server, redis, me = (b - a for a, b in zip(self.c, now, strict=True))
        busy = {k: (cores[k] - self.cores[k]) / wall for k in cores}
        return {
            "wall_s": wall,
            "server_cpu_s": server,
            "server_cpu_pct": 100 * server / wall,
            "redis_cpu_pct": 100 * redis / wall,
            "driver_cpu_pct": 100 * me / wall,
            # Work of other processes on the two cores during the period, in % of a core:
            # a busy machine makes a step's figures worse, and the report says so.
            "foreign_core0_pct": 100 * max(0.0, busy.get("cpu0", 0) - (server + redis) / wall),
            "foreign_core1_pct": 100 * max(0.0, busy.get("cpu1", 0) - me / wall),
        }
