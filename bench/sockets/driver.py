"""The socket load driver: its own process (pinned to core 1 by the bench), ``websockets``
client connections, and the measurements.

It opens one connection per person of the scenario (RSE: the person's session cookie and
an allowed Origin, as a browser; baselines: the person and rooms in the query string),
then runs the plan of a job file:

- ``idle``: every connection stays open and pings every 25 s like the browser client;
  the server's CPU is measured over the period.
- ``ramp``: messages (``chat.send``, a unique ``client_id`` each) go at a steady rate to
  the rooms of 20, each from a random member; the rate grows step by step until a step
  fails (p99 >= 100 ms, a lost or duplicated delivery, an error, or the driver could not
  keep the rate). Each run's result is its last passing step.
- ``burst``: a fixed rate into the one room of 200 for a few seconds, waiting as long as it
  takes for every delivery.
- ``steady``: one rate for a while (the profiler samples the server meanwhile).

Latency is measured from the moment the frame is handed to the socket to its receipt at
each member, the sender included, on the driver's own clock. Lost = expected deliveries
(members x messages that were not refused) - deliveries received; duplicates are counted
per receiver by client id. With RSE, a receiver that missed messages asks ``chat.history``
for them afterwards, as the real client does when a sequence number jumps: what it finds
is reported as recovered (the live path dropped it, the product did not lose it).

Server CPU and memory come from /proc for the given process ids.

Its parts: meter.py (/proc), connections.py (opening connections, receiving, recovering
what was missed); this module sends at a rate and runs the plans."""

import argparse
import asyncio
import json
import subprocess
from pathlib import Path

from .connections import Conn, Connections, Sent, Stats
from .meter import cpu_seconds, perf, rss_bytes

BODY = "Load test {n}: has anyone seen the invoice template for the Lyon office? Thanks"


class Driver(Connections):
    """Runs a job's plan over the scenario's connections."""

    # sending

    async def run_rate(self, rooms, rate, duration, drain):
        """Send ``rate`` messages/s for ``duration`` s round-robin to ``rooms``, each from a
        random member; wait up to ``drain`` s after the last send for every delivery."""
        self.step_id += 1
        await self.reopen_closed()
        stats = self.stats = Stats()
        for conn in self.conns:
            conn.seen = set()
            conn.seqs = {}
        closed_before = len(self.closed)
        total = max(1, round(rate * duration))
        rng = self.rng
        frames = []
        for n in range(total):
            room = rooms[n % len(rooms)]
            cid = f"{self.token}-{self.step_id}-{n}"
            rec = Sent(room["room"], len(room["members"]))
            stats.sent[cid] = rec
            frame = {
                "type": "chat.send",
                "room": room["room"],
                "client_id": cid,
                "body": BODY.format(n=n),
                "ref": cid,
            }
            rec.conn, rec.frame = rng.choice(room["members"]), frame
            frames.append((rec.conn, json.dumps(frame), rec))
        self.meter.start()
        start = perf() + 0.02
        lag = 0.0
        for n, (conn, text, rec) in enumerate(frames):
            delay = start + n / rate - perf()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                lag = max(lag, -delay)
            rec.t = perf()
            try:
                conn.ws.send_text(text)
            except ConnectionError:
                rec.error = "closed"
        last_send = perf()
        expected = sum(r.expected for r in stats.sent.values())
        deadline = last_send + drain
        while perf() < deadline:
            refused = sum(r.expected for r in stats.sent.values() if r.error)
            if stats.received + refused >= expected:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)  # a duplicate would come right after the last frame
        cpu = self.meter.stop()
        sent_for = last_send - start
        refused = [r for r in stats.sent.values() if r.error]
        lost = sum(r.expected - r.received for r in stats.sent.values() if not r.error)
        lat = sorted(stats.latencies)
        span = (stats.last_receipt or last_send) - start
        result = {
            "rate": rate,
            "messages": total,
            "members": round(expected / total, 1),
            "achieved_rate": total / sent_for if sent_for > 0 else rate,
            "send_lag_max_ms": 1000 * lag,
            "expected": expected,
            "delivered": stats.received,
            "deliveries_per_s": stats.received / span if span > 0 else 0,
            "offered_deliveries_per_s": rate * expected / total,
            "p50_ms": 1000 * percentile(lat, 50),
            "p99_ms": 1000 * percentile(lat, 99),
            "max_ms": 1000 * lat[-1] if lat else None,
            # From send to the sender's chat.ack: the message is stored and published.
            "ack_p50_ms": 1000 * percentile(sorted(stats.acks), 50),
            "ack_p99_ms": 1000 * percentile(sorted(stats.acks), 99),
            "lost": lost,
            "duplicates": stats.duplicates,
            "refused": len(refused),
            "refusals": sorted({r.error for r in refused}),
            "unacked": sum(1 for r in stats.sent.values() if r.seq is None and not r.error),
            # Acks saying "already stored": the driver reused a client id (a bench bug).
            "duplicate_acks": stats.duplicate_acks,
            "late_from_earlier": stats.late,
            "closed": len(self.closed) - closed_before,
            **cpu,
            "server_us_per_delivery": 1e6 * cpu["server_cpu_s"] / max(1, stats.received),
            "server_rss_mb": rss_bytes(self.job["pids"]) / 2**20,
        }
        if lost and self.job["auth"] == "cookie":
            counted = stats.received
            result["recovered"], result["lost_after_history"] = await self.fill_gaps(stats)
            result["resent_unacked"] = stats.resent
            # Live frames that arrived after the step's count (a backlog still draining).
            result["late_live"] = stats.received - counted
        return result

    async def wait_quiet(self, limit=30, below=10.0):
        """Let the server finish a backlog (CPU under ``below`` %) before the next step."""
        deadline = perf() + limit
        while perf() < deadline:
            before, t = cpu_seconds(self.job["pids"]), perf()
            await asyncio.sleep(0.5)
            if 100 * (cpu_seconds(self.job["pids"]) - before) / (perf() - t) < below:
                return

    # plan

    async def idle(self, seconds):
        async def pinger(conn, offset):
            await asyncio.sleep(offset)
            n = 0
            while True:
                n += 1
                if conn.ws.is_open:
                    conn.ws.send_text(json.dumps({"type": "ping", "ref": f"p{n}"}))
                await asyncio.sleep(25)

        tasks = [asyncio.create_task(pinger(c, self.rng.uniform(0, 25))) for c in self.conns]
        self.meter.start()
        await asyncio.sleep(seconds)
        cpu = self.meter.stop()
        for task in tasks:
            task.cancel()
        return cpu

    async def ramp(self, rooms, start, factor, steps, duration, drain):
        results = []
        rate = start
        for _ in range(steps):
            step = await self.run_rate(rooms, rate, duration, drain)
            step["pass"] = passed(step)
            results.append(step)
            print(
                f"    {rate:7.1f} msg/s  {step['deliveries_per_s']:8.0f} deliveries/s  "
                f"p50 {step['p50_ms']:6.1f}  p99 {step['p99_ms']:7.1f} ms  "
                f"(ack p50 {step['ack_p50_ms']:.0f})  "
                f"lost {step['lost']}  dup {step['duplicates']}  "
                f"server {step['server_cpu_pct']:3.0f}%  driver {step['driver_cpu_pct']:3.0f}%"
                f"  foreign {step['foreign_core0_pct']:3.0f}/{step['foreign_core1_pct']:3.0f}%"
                + ("" if step["pass"] else "  FAIL"),
                flush=True,
            )
            await self.wait_quiet()
            if step["pass"]:
                rate *= factor
            elif any(s["pass"] for s in results) or len(results) >= 3 or rate < 2:
                break
            else:
                rate /= 1.5  # the first steps failed: step down (at most twice)
        return results

    async def main(self):
        job = self.job
        out = {"target": job["name"], "connections": 0}
        warm = Conn(0, self.scenario["people"][0], [])
        await self.open(warm)
        warm.ws.close()
        await asyncio.sleep(1)
        rss_before = rss_bytes(job["pids"])
        out["connect_s"] = await self.connect_all()
        out["connections"] = len(self.conns)
        await asyncio.sleep(3)
        rss_after = rss_bytes(job["pids"])
        out["rss_before_mb"] = rss_before / 2**20
        out["rss_connected_mb"] = rss_after / 2**20
        out["rss_per_connection_kb"] = (rss_after - rss_before) / len(self.conns) / 1024
        print(
            f"  {len(self.conns)} connections in {out['connect_s']:.1f} s; server memory "
            f"{out['rss_before_mb']:.0f} -> {out['rss_connected_mb']:.0f} MB "
            f"({out['rss_per_connection_kb']:.0f} KB each)",
            flush=True,
        )
        if job.get("idle"):
            out["idle"] = await self.idle(job["idle"])
            print(
                f"  idle {job['idle']} s: server {out['idle']['server_cpu_pct']:.1f}% CPU"
                f"  (foreign load {out['idle']['foreign_core0_pct']:.0f}% on core 0)",
                flush=True,
            )
        small = [r for r in self.rooms if len(r["members"]) == job.get("room_size", 20)]
        big = max(self.rooms, key=lambda r: len(r["members"]))
        out["runs"] = []
        start = job["ramp"]["start"]
        for run in range(job.get("runs", 1)):
            print(f"  run {run + 1}: ramp into {len(small)} rooms of 20", flush=True)
            steps = await self.ramp(
                small,
                start,
                job["ramp"]["factor"] if run == 0 else job["ramp"]["fine_factor"],
                job["ramp"]["steps"],
                job["ramp"]["duration"],
                job["ramp"]["drain"],
            )
            best = [s for s in steps if s["pass"]]
            record = {"steps": steps, "best": best[-1] if best else None}
            if best:
                start = max(job["ramp"]["start"], best[-1]["rate"] * job["ramp"]["restart"])
            if job.get("burst") and run < job.get("burst_runs", 1):
                b = job["burst"]
                step = await self.run_rate([big], b["rate"], b["duration"], b["drain"])
                record["burst"] = step
                print(
                    f"  burst into {len(big['members'])}: {b['rate']} msg/s for "
                    f"{b['duration']} s: p50 {step['p50_ms']:.0f}  p99 {step['p99_ms']:.0f} ms"
                    f"  max {step['max_ms'] or 0:.0f} ms  lost {step['lost']}"
                    f" (late live {step.get('late_live', '-')}, recovered from history "
                    f"{step.get('recovered', '-')}, lost for good "
                    f"{step.get('lost_after_history', '-')})"
                    f"  dup {step['duplicates']}  closed {step['closed']}",
                    flush=True,
                )
                await self.wait_quiet()
            out["runs"].append(record)
        if job.get("steady"):
            s = job["steady"]
            rate = s["rate"]
            if rate < 1:  # a fraction of the best rate found
                found = [r["best"]["rate"] for r in out["runs"] if r["best"]]
                rate = rate * sorted(found)[len(found) // 2] if found else job["ramp"]["start"]
            profiler = None
            if s.get("profile_to"):
                profiler = subprocess.Popen(
                    [
                        s["py_spy"],
                        "record",
                        *("--pid", str(job["pids"][0]), "--duration", str(s["duration"])),
                        # Blocking samples: --nonblocking read stacks while they changed
                        # and put 14 % of the samples in a 2 µs deepcopy (measured).
                        *("--rate", "200", "--gil", "--format", "raw"),
                        *("--output", s["profile_to"]),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            step = await self.run_rate(small, rate, s["duration"], 10)
            if profiler is not None:
                profiler.wait()
            out["steady"] = step
            print(
                f"  steady {rate:.0f} msg/s for {s['duration']} s: "
                f"{step['server_us_per_delivery']:.0f} us of server CPU per delivery",
                flush=True,
            )
        out["closed"] = self.closed
        for conn in self.conns:
            conn.ws.close()
        await asyncio.sleep(0.5)
        return out


def percentile(values, pct):
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, round(pct / 100 * len(values) + 0.5) - 1))
    return values[k]


def passed(step):
    return (
        step["p99_ms"] < 100
        and step["lost"] == 0
        and step["duplicates"] == 0
        and step["refused"] == 0
        and step["closed"] == 0
        and step["duplicate_acks"] == 0
        and step["achieved_rate"] >= 0.95 * step["rate"]
    )


def main():
    parser = argparse.ArgumentParser(description="socket load driver (see module doc)")
    parser.add_argument("--job", required=True, help="job file (JSON), written by bench.sockets")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    job = json.loads(Path(args.job).read_text())
    scenario = json.loads(Path(job["scenario"]).read_text())
    driver = Driver(job, scenario)
    try:
        from uvloop import run
    except ImportError:
        run = asyncio.run
    result = run(driver.main())
    Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
