"""Latency, queries and memory of each page, at each scale (run by ``python -m bench``)."""

import argparse
import json
import resource
import statistics
import time

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.seed import seed_groups, seed_people  # noqa: E402
from rse.accounts.models import User  # noqa: E402


def pages(viewer):
    other = User.objects.exclude(pk=viewer.pk).order_by("pk")[len(str(viewer.pk))]
    return {
        "home": "/",
        "directory": "/people/",
        "directory page 20": "/people/?page=20",
        "search 'support paris'": "/people/?q=support+paris",
        "search skill": "/people/?skill=invoicing",
        "profile": f"/people/{other.pk}/",
        "groups directory": "/groups/",
        "groups: mine": "/groups/?filter=mine",
        "groups: search": "/groups/?q=support+paris",
        "group page": "/groups/circle-0/",
        "members of 2000": "/groups/circle-0/members/",
    }


def measure(client, url, requests):
    for _ in range(3):
        client.get(url)
    queries = []
    # A wrapper survives the reconnection that each request makes (CONN_MAX_AGE=0).
    with connection.execute_wrapper(
        lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
    ):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "queries": len(queries),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1000,10000")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--out")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    results = {}
    print(
        f"== {args.database}: server-side latency in ms (median of {args.runs} runs of "
        f"{args.requests} requests), queries per request"
    )
    for scale in [int(s) for s in args.scales.split(",")]:
        started = time.perf_counter()
        seed_people(scale)
        seed_groups(scale // 10)
        seeded = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
        viewer = User.objects.order_by("pk").first()
        viewer.department = "Support"
        viewer.is_staff = True  # sees every group, secret ones included: the widest view
        viewer.save(update_fields=["department", "is_staff"])
        client = Client()
        client.force_login(viewer)
        scale_results = {}
        for name, url in pages(viewer).items():
            runs = [measure(client, url, args.requests) for _ in range(args.runs)]
            scale_results[name] = {
                "p50": statistics.median(r["p50"] for r in runs),
                "p95": statistics.median(r["p95"] for r in runs),
                "queries": runs[0]["queries"],
            }
        results[scale] = scale_results
        print(f"-- {scale:>6} people (seeded in {seeded:.1f} s)")
        for name, r in scale_results.items():
            print(f"   {name:24} p50 {r['p50']:7.2f}  p95 {r['p95']:7.2f}  queries {r['queries']}")
    scales = sorted(results)
    if len(scales) > 1:
        low, high = results[scales[0]], results[scales[-1]]
        print(f"-- p95 ratio {scales[-1]} / {scales[0]} people")
        for name in low:
            print(f"   {name:24} x{high[name]['p95'] / low[name]['p95']:.2f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"-- peak memory of the benchmark process: {peak_mb:.0f} MB")
    if args.out:
        with open(args.out, "w") as handle:
            json.dump(
                {"database": args.database, "results": results, "peak_mb": peak_mb},
                handle,
                indent=2,
            )


if __name__ == "__main__":
    main()
