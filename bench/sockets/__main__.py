"""``python -m bench.sockets``: RSE's chat under socket load, against two baselines.

Every target runs with the server pinned to core 0 and the driver to core 1, on the same
scenario: 1,000 signed-in connections, 50 rooms of 20 (all), one room of 200 (the first
200 people). For each target: memory per connection, CPU while idle, then ramps of
chat.send at growing rates (the highest with p99 < 100 ms and nothing lost, median of the
runs) and a burst into the room of 200. docs/bench-chat.md explains the figures.

  python -m bench.sockets                 the six main targets, 3 runs each (~15 minutes)
  python -m bench.sockets --quick         bare, naive and RSE in memory, 1 run (3 minutes)
  python -m bench.sockets --targets rse-memory,rse-pubsub --runs 1
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from . import report, servers
from .meter import Meter
from .profiling import py_spy

ROOT = servers.ROOT
VAR = ROOT / "var" / "bench-sockets"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/rse_bench_sockets"

TARGETS = {
    # name: (kind, server processes, channel layer, first rate of the ramp in msg/s)
    "bare": ("bare", 1, None, 400),
    "naive-memory": ("naive", 1, "memory", 15),
    "naive-pubsub": ("naive", 2, "pubsub", 40),
    "naive-classic": ("naive", 2, "classic", 15),
    "rse-memory": ("rse", 1, "memory", 15),
    "rse-pubsub": ("rse", 2, "pubsub", 15),
    "rse-classic": ("rse", 2, "classic", 10),
}
FULL = "bare,naive-memory,naive-pubsub,rse-memory,rse-pubsub,rse-classic"
QUICK = "bare,naive-memory,rse-memory"


def database_url(database):
    if database == "postgres":
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS rse_bench_sockets")
            c.execute("CREATE DATABASE rse_bench_sockets")
        return POSTGRES_URL
    db = VAR / "chat.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{db}"


def seed(url, args):
    env = servers.rse_env(database_url=url, var_dir=VAR, layer="memory")
    env["DJANGO_SETTINGS_MODULE"] = "rse.settings"
    scenario = VAR / "scenario.json"
    subprocess.run(
        [
            sys.executable,
            *("-m", "bench.sockets.seed", "--people", str(args.people)),
            *("--room-size", "20", "--big-room", "200", "--out", str(scenario)),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return scenario


def foreign_load(seconds=2.0):
    meter = Meter([], [])
    meter.start()
    time.sleep(seconds)
    m = meter.stop()
    # The meter counts this process itself as "driver": it sleeps, so that is ~0.
    return m["foreign_core0_pct"], m["foreign_core1_pct"]


def wait_for_quiet(limit):
    core0, core1 = foreign_load()
    deadline = time.monotonic() + limit
    while max(core0, core1) > 15 and time.monotonic() < deadline:
        print(f"  the machine is busy ({core0:.0f}% / {core1:.0f}% of cores 0/1): waiting")
        time.sleep(10)
        core0, core1 = foreign_load()
    if max(core0, core1) > 15:
        print(
            f"  WARNING: other processes use {core0:.0f}% of core 0 and {core1:.0f}% of "
            "core 1: this target's figures will be worse than the machine can do",
            flush=True,
        )
    return core0, core1


def job_for(name, args, started, scenario, redis):
    kind, processes, layer, start = TARGETS[name]
    job = {
        "name": name,
        "kind": kind,
        "processes": processes,
        "layer": layer,
        "urls": [f"ws://127.0.0.1:{port}/ws/" for port in started.ports],
        "auth": "cookie" if kind == "rse" else "query",
        "scenario": str(scenario),
        "pids": started.pids,
        "redis_pids": redis.pids if (redis and layer in ("pubsub", "classic")) else [],
        "idle": args.idle,
        "runs": args.runs,
        "room_size": 20,
        "ramp": {
            "start": start,
            "factor": 1.5,
            "fine_factor": 1.15,
            "restart": 0.85,
            "steps": 10,
            "duration": args.step,
            "drain": 3,
        },
        "burst": {"rate": args.burst_rate, "duration": 5, "drain": 90} if args.burst else None,
        "burst_runs": args.burst_runs,
    }
    if args.profile and name in ("naive-memory", "rse-memory", "rse-pubsub"):
        tool = py_spy()
        if tool:
            job["steady"] = {
                "rate": 0.7,  # of the median best rate
                "duration": 15,
                "py_spy": tool,
                "profile_to": str(VAR / f"profile-{name}.txt"),
            }
        else:
            print("  (py-spy is not installed: no profile; .venv/bin/pip install py-spy)")
    return job


def run_target(name, args, url, scenario, redis, stamp, tries=2):
    """One target; tried again once if a server process died under it (on a shared
    machine, something outside the bench may end it), else recorded as failed."""
    for attempt in range(tries):
        try:
            return run_target_once(name, args, url, scenario, redis, stamp)
        except ServerDied as died:
            print(f"  {died}", flush=True)
            error = str(died)
        except subprocess.CalledProcessError as failed:
            error = f"the driver failed ({failed.returncode}): see above"
            break
        if attempt + 1 < tries:
            print("  trying this target again", flush=True)
    kind, processes, layer, _start = TARGETS[name]
    return {"target": name, "kind": kind, "processes": processes, "layer": layer, "error": error}


class ServerDied(Exception):
    pass


def run_target_once(name, args, url, scenario, redis, stamp):
    kind, processes, layer, _start = TARGETS[name]
    print(f"\n== {name}: {processes} server process(es), layer {layer or '-'}", flush=True)
    quiet = wait_for_quiet(args.wait_quiet)
    log = open(VAR / f"{name}.log", "w")  # noqa: SIM115 - closed below, after the servers
    redis_url = redis.url if redis and layer in ("pubsub", "classic") else None
    if redis_url:
        import redis as redis_client

        redis_client.Redis.from_url(redis_url).flushall()
    if kind == "rse":
        env = servers.rse_env(database_url=url, var_dir=VAR, layer=layer, redis_url=redis_url)
        started = servers.start_rse(processes=processes, env=env, log=log)
    elif kind == "naive":
        started = servers.start_naive(
            processes=processes, layer=layer, redis_url=redis_url, log=log
        )
    else:
        started = servers.start_bare(log=log)
    job = job_for(name, args, started, scenario, redis)
    job_file, out_file = VAR / f"job-{name}.json", VAR / f"result-{name}-{stamp}.json"
    job_file.write_text(json.dumps(job, indent=1))
    try:
        subprocess.run(
            servers.pinned(
                servers.DRIVER_CORE,
                [
                    sys.executable,
                    "-m",
                    "bench.sockets.driver",
                    "--job",
                    str(job_file),
                    "--out",
                    str(out_file),
                ],
            ),
            cwd=ROOT,
            check=True,
        )
    except subprocess.CalledProcessError:
        dead = [(p.pid, p.returncode) for p in started.procs if p.poll() is not None]
        if dead:
            raise ServerDied(
                f"server process(es) exited during the run (pid, code): {dead}; "
                f"log: {(VAR / f'{name}.log').relative_to(ROOT)}"
            ) from None
        raise
    finally:
        started.stop()
        log.close()
    result = json.loads(out_file.read_text())
    result.update(kind=kind, processes=processes, layer=layer, foreign_before=quiet, job=job)
    if job.get("steady", {}).get("profile_to") and Path(job["steady"]["profile_to"]).exists():
        from .profiling import summarise

        result["profile"] = summarise(job["steady"]["profile_to"])
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.sockets",
        description="RSE's chat under socket load, against two baselines (docs/bench-chat.md)",
    )
    parser.add_argument("--quick", action="store_true", help=f"targets {QUICK}, 1 run")
    parser.add_argument("--targets", default="", help=f"comma-separated, from {', '.join(TARGETS)}")
    parser.add_argument("--runs", type=int, default=3, help="ramps per target (median)")
    parser.add_argument("--people", type=int, default=1000, help="connections, one per person")
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--step", type=float, default=3, help="seconds per ramp step")
    parser.add_argument("--idle", type=float, default=10, help="seconds of idle measurement")
    parser.add_argument("--burst-rate", type=float, default=80, help="msg/s into the room of 200")
    parser.add_argument("--burst-runs", type=int, default=1, help="bursts per target")
    parser.add_argument("--no-burst", dest="burst", action="store_false")
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="run servers and driver at this niceness (e.g. -10, as root) on a shared machine",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        metavar="S",
        help="wait up to S seconds for other processes to leave the cores alone",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.targets = args.targets or QUICK
        args.runs, args.idle, args.step = 1, 10, 3
    servers.NICE = args.nice
    targets = (args.targets or FULL).split(",")
    unknown = set(targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    if os.cpu_count() < 2:
        print("WARNING: one core only: the server and the driver will share it")
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / "static").mkdir(exist_ok=True)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    started = time.perf_counter()
    url = database_url(args.database)
    scenario = seed(url, args)
    redis = None
    if any(TARGETS[t][2] in ("pubsub", "classic") for t in targets):
        redis = servers.start_redis(open(VAR / "redis.log", "w"))  # noqa: SIM115
        if redis is None:
            print("redis-server is not installed: the Redis targets are skipped")
            targets = [t for t in targets if TARGETS[t][2] not in ("pubsub", "classic")]
    sendpath = None
    if any(TARGETS[t][0] == "rse" for t in targets):
        env = servers.rse_env(database_url=url, var_dir=VAR, layer="memory")
        subprocess.run(
            servers.pinned(
                servers.SERVER_CORE,
                [
                    sys.executable,
                    "-m",
                    "bench.sockets.sendpath",
                    "--out",
                    str(VAR / "sendpath.json"),
                ],
            ),
            cwd=ROOT,
            env=env,
            check=True,
        )
        sendpath = json.loads((VAR / "sendpath.json").read_text())
    results = []
    try:
        for name in targets:
            results.append(run_target(name, args, url, scenario, redis, stamp))
    finally:
        if redis:
            redis.stop()
    summary = {
        "stamp": stamp,
        "database": args.database,
        "args": vars(args),
        "seconds": time.perf_counter() - started,
        "sendpath": sendpath,
        "results": results,
    }
    json_file = out / f"sockets-{args.database}-{stamp}.json"
    json_file.write_text(json.dumps(summary, indent=1))
    text = report.markdown(summary)
    (out / f"sockets-{args.database}-{stamp}.md").write_text(text)
    print("\n" + text)
    print(
        f"\n{time.perf_counter() - started:.0f} s in all; written to "
        f"{json_file.relative_to(ROOT)} and .md",
        flush=True,
    )


if __name__ == "__main__":
    main()
