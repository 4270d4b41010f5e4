"""The tables of a socket bench: medians over the runs of each target."""

from statistics import median

from .profiling import markdown as profile_markdown

LABELS = {
    "bare": "bare `websockets` broadcast",
    "naive-memory": "naive Channels, in-memory layer",
    "naive-pubsub": "naive Channels, Redis pub/sub layer",
    "naive-classic": "naive Channels, RedisChannelLayer",
    "rse-memory": "RSE, in-memory layer",
    "rse-pubsub": "RSE, Redis pub/sub layer",
    "rse-classic": "RSE, RedisChannelLayer",
}


def med(values):
    values = [v for v in values if v is not None]
    return median(values) if values else None


def fmt(value, digits=0):
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def bests(result):
    return [run["best"] for run in result.get("runs", []) if run.get("best")]


def cpu_capacity(result):
    """Deliveries/s a whole core would give at the CPU cost per delivery measured on the
    busiest clean step of each run (median): robust to other load on the machine, which
    delays a step but does not change what it costs."""
    costs = []
    for run in result.get("runs", []):
        clean = [s for s in run["steps"] if s["lost"] == 0 and s["closed"] == 0 and s["delivered"]]
        if clean:
            busiest = max(clean, key=lambda s: s["server_cpu_pct"])
            costs.append(busiest["server_us_per_delivery"])
    cost = med(costs)
    return (1e6 / cost if cost else None), cost


def markdown(summary):
    failed = [r for r in summary["results"] if r.get("error")]
    results = [r for r in summary["results"] if not r.get("error")]
    lines = [
        f"# Socket bench {summary['stamp']} ({summary['database']})",
        "",
        "Server on core 0, driver on core 1; 1,000 connections. Ramp: rooms of 20, the "
        "highest rate with p99 < 100 ms and nothing lost, lost nor refused; medians of "
        f"{summary['args']['runs']} run(s). Foreign load: other processes' share of core 0 / "
        "core 1 during the best steps (anything above a few % makes the figures worse). "
        "CPU-bound estimate: 1 s of one core divided by the server CPU per delivery on the "
        "busiest step without loss (it ignores latency, and is robust to other load).",
        "",
        "| target | processes | deliveries/s | msg/s | p50 ms | p99 ms | lost | dup "
        "| server CPU % | µs CPU per delivery | driver CPU % | foreign load % "
        "| CPU-bound estimate, deliveries/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: |",
    ]
    for r in results:
        b = bests(r)
        runs = [fmt(x["deliveries_per_s"]) for x in b]
        lines.append(
            "| "
            + " | ".join(
                [
                    LABELS.get(r["target"], r["target"]),
                    str(r["processes"]),
                    fmt(med([x["deliveries_per_s"] for x in b]))
                    + (f" ({', '.join(runs)})" if len(runs) > 1 else ""),
                    fmt(med([x["rate"] for x in b])),
                    fmt(med([x["p50_ms"] for x in b]), 1),
                    fmt(med([x["p99_ms"] for x in b]), 1),
                    fmt(sum(x["lost"] for x in b)),
                    fmt(sum(x["duplicates"] for x in b)),
                    fmt(med([x["server_cpu_pct"] for x in b])),
                    fmt(med([x["server_us_per_delivery"] for x in b])),
                    fmt(med([x["driver_cpu_pct"] for x in b])),
                    fmt(max((x["foreign_core0_pct"] for x in b), default=None))
                    + " / "
                    + fmt(max((x["foreign_core1_pct"] for x in b), default=None)),
                    fmt(cpu_capacity(r)[0]) + f" ({fmt(cpu_capacity(r)[1])} µs)",
                ]
            )
            + " |"
        )
        if not b:
            lines[-1] = lines[-1].replace("| - |", "| no passing step |", 1)
    lines += [
        "",
        "Each run's first failing step, for the record (what broke: p99, loss, or the rate):",
        "",
    ]
    for r in results:
        fails = [s for run in r.get("runs", []) for s in run["steps"] if not s["pass"]]
        text = "; ".join(
            f"{s['rate']:.0f} msg/s: p99 {s['p99_ms']:.0f} ms, lost {s['lost']}, "
            f"dup {s['duplicates']}, refused {s['refused']}, closed {s['closed']}, "
            f"sent {s['achieved_rate']:.0f}/s"
            for s in fails
        )
        lines.append(f"- {r['target']}: {text or 'none failed (raise the steps)'}")
    lines += [
        "",
        "## Memory and idle connections",
        "",
        "| target | connect 1,000 (s) | server RSS before (MB) | RSS per connection (KB) "
        "| idle CPU % (1,000 connections, a ping each 25 s) | foreign load % |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        idle = r.get("idle") or {}
        lines.append(
            f"| {LABELS.get(r['target'], r['target'])} | {fmt(r.get('connect_s'), 1)} "
            f"| {fmt(r.get('rss_before_mb'))} | {fmt(r.get('rss_per_connection_kb'), 1)} "
            f"| {fmt(idle.get('server_cpu_pct'), 1)} "
            f"| {fmt(idle.get('foreign_core0_pct'))} / {fmt(idle.get('foreign_core1_pct'))} |"
        )
    bursts = [(r, run["burst"]) for r in results for run in r.get("runs", []) if run.get("burst")]
    if bursts:
        lines += [
            "",
            "## Burst into the room of 200",
            "",
            "| target | messages | deliveries | p50 ms | p99 ms | max ms | not live in time "
            "| came late | recovered from history | lost for good | dup | closed by the server "
            "| server RSS after (MB) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            "| ---: |",
        ]
        for r, s in bursts:
            # Without a history to ask (baselines), what did not come is lost for good.
            final = s["lost"] if r["kind"] != "rse" or not s["lost"] else "-"
            final = s.get("lost_after_history", final)
            lines.append(
                f"| {LABELS.get(r['target'], r['target'])} | {s['messages']} | {s['delivered']} "
                f"| {fmt(s['p50_ms'])} | {fmt(s['p99_ms'])} | {fmt(s['max_ms'])} | {s['lost']} "
                f"| {s.get('late_live', '-')} | {s.get('recovered', '-')} "
                f"| {final} "
                f"| {s['duplicates']} | {s['closed']} "
                f"| {fmt(s['server_rss_mb'])} |"
            )
    if summary.get("sendpath"):
        sp = summary["sendpath"]
        lines += [
            "",
            "## chat.send, database side alone",
            "",
            f"{sp['queries']} queries and {sp['median_ms']:.2f} ms per message (median), on one "
            "core, outside the server (bench/sockets/sendpath.py):",
            "",
            *(f"    {q}" for q in sp["sql"]),
        ]
    for r in results:
        if r.get("steady"):
            s = r["steady"]
            lines += [
                "",
                f"## Profile: {r['target']} at {s['rate']:.0f} msg/s "
                f"({s['deliveries_per_s']:.0f} deliveries/s, {s['server_cpu_pct']:.0f}% CPU, "
                f"{s['server_us_per_delivery']:.0f} µs per delivery)",
                "",
            ]
            if r.get("profile"):
                lines.append(profile_markdown(r["profile"]))
    if failed:
        lines += ["", "## Targets that could not be measured", ""]
        lines += [f"- {r['target']}: {r['error']}" for r in failed]
    return "\n".join(lines) + "\n"
