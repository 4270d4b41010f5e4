"""Every query of one page, as the bench's viewer sees it, slowest first, with plans.

Run against a database that ``make bench`` seeded (it stays in var/bench/ and in the
rse_bench PostgreSQL database), for example::

    RSE_DATABASE_URL=sqlite:///var/bench/bench.sqlite3 RSE_VAR_DIR=var/bench \\
        .venv/bin/python -m bench.explain / --plans 3
    RSE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/rse_bench RSE_VAR_DIR=var/bench \\
        .venv/bin/python -m bench.explain /groups/circle-0/forum/

Plans are ``EXPLAIN QUERY PLAN`` on SQLite and ``EXPLAIN (ANALYZE, BUFFERS)`` on
PostgreSQL. Times are medians over ``--runs`` requests, after warming up.
"""

import argparse
import os
import statistics

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rse.settings")
django.setup()

from django.test import Client  # noqa: E402

from bench.pages import capture, explain  # noqa: E402
from bench.seed_feed import seed_viewer  # noqa: E402


def main():
    parser = argparse.ArgumentParser(prog="python -m bench.explain")
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--plans", type=int, default=2, help="plans of the N slowest queries")
    args = parser.parse_args()
    client = Client()
    client.force_login(seed_viewer())
    for _ in range(3):
        client.get(args.url)
    runs = [capture(client, args.url) for _ in range(args.runs)]
    rows = []
    for number, (sql, params, _ms) in enumerate(runs[0]):
        times = [run[number][2] for run in runs if len(run) > number]
        rows.append((statistics.median(times), number, sql, params))
    total = sum(row[0] for row in rows)
    print(f"{args.url}: {len(rows)} queries, {total:.2f} ms of SQL (median per query)")
    for ms, number, sql, _params in rows:
        print(f"  #{number:<3} {ms:7.2f} ms  {sql[:160]}")
    selects = [row for row in rows if row[2].lstrip().upper().startswith("SELECT")]
    for ms, number, sql, params in sorted(selects, key=lambda row: -row[0])[: args.plans]:
        print(f"\n#{number} ({ms:.2f} ms): {sql}\nparams: {list(params or ())}")
        print(explain(sql, params))


if __name__ == "__main__":
    main()
