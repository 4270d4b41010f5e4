"""Latency, queries and memory of each page, at each scale (run by ``python -m bench``).

A scale is a step of growth: people, groups and posts. The database grows from one step
to the next (seeding is idempotent), so ``--posts 10000,1000000`` measures a network of
10,000 posts, then the same network grown to a million.
"""

import argparse
import json
import math
import resource
import statistics
import subprocess
import time
from itertools import zip_longest

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.load import Loader  # noqa: E402
from bench.seed import seed_groups, seed_people  # noqa: E402
from bench.seed_feed import (  # noqa: E402
    analyze,
    seed_posts,
    seed_viewer,
    size_on_disk,
    thread_with_most_comments,
)
from bench.seed_feed_data import BIG_GROUP  # noqa: E402
from feed.models import Comment, Post  # noqa: E402
from groups.models import Group  # noqa: E402
from rse.accounts.models import User  # noqa: E402

FEED_PAGES = ("home", "group feed", "forum", "thread, 500 answers")
GOAL_HOME_P95_MS = 50
GOAL_HOME_RATIO = 1.5
GOAL_THREAD_P95_MS = 150
GOAL_AT_POSTS = 1_000_000


def pages(viewer, thread):
    other = User.objects.exclude(pk=viewer.pk).order_by("pk")[len(str(viewer.pk))]
    urls = {
        "home": "/",
        "home side column": "/home/aside/",
        "group feed": f"/groups/{BIG_GROUP}/",
        "forum": f"/groups/{BIG_GROUP}/forum/",
        "forum, one topic": f"/groups/{BIG_GROUP}/forum/?topic=invoicing",
    }
    if thread:
        urls["thread, 500 answers"] = f"/posts/{thread.pk}/"
        urls["thread, oldest first"] = f"/posts/{thread.pk}/?sort=oldest"
    urls.update(
        {
            "unanswered": "/unanswered/",
            "directory": "/people/",
            "directory page 20": "/people/?page=20",
            "search 'support paris'": "/people/?q=support+paris",
            "search skill": "/people/?skill=invoicing",
            "profile": f"/people/{other.pk}/",
            "groups directory": "/groups/",
            "groups: mine": "/groups/?filter=mine",
            "groups: search": "/groups/?q=support+paris",
            "members of 2000": f"/groups/{BIG_GROUP}/members/",
        }
    )
    return urls


def capture(client, url):
    """One request, with each query's SQL, parameters and time."""
    queries = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((sql, params, (time.perf_counter() - started) * 1000))

    # On the connection, which the test client keeps from one request to the next (a server
    # process takes one from its pool for each request: RSE_DATABASE_POOL).
    with connection.execute_wrapper(record):
        response = client.get(url)
    if response.status_code != 200:
        raise AssertionError(f"{url} answered {response.status_code}")
    return queries


def measure(client, url, requests, budget):
    """``requests`` timed requests after a warm-up, fewer for a page so slow that they
    would take more than ``budget`` seconds (at least 5: the p95 is then the maximum)."""
    client.get(url)  # the first one after seeding reads cold caches
    started = time.perf_counter()
    client.get(url)
    warm = time.perf_counter() - started
    if warm < 0.5:
        client.get(url)
    queries = capture(client, url)
    count = max(5, min(requests, int(budget / max(warm, 1e-3))))
    timings, cpu = [], []
    for _ in range(count):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        # This process's CPU time: Python, templates and SQLite's work, not PostgreSQL's;
        # less sensitive than the wall clock to other work on the machine.
        "cpu_p50": statistics.median(cpu),
        "p95": timings[max(math.ceil(len(timings) * 0.95) - 1, 0)],
        "requests": count,
        "queries": len(queries),
        "sql_ms": sum(ms for _sql, _params, ms in queries),
        "captured": queries,
    }


def explain(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        rows = cursor.fetchall()
    if connection.vendor == "postgresql":
        return "\n".join(row[0] for row in rows)
    return "\n".join(f"{row[1]:>4} {row[2]:>4} {row[-1]}" for row in rows)


def slowest_queries(captured, count):
    """The slowest SELECTs of a request, each with its plan."""
    selects = [q for q in captured if q[0].lstrip().upper().startswith("SELECT")]
    selects.sort(key=lambda q: -q[2])
    return [
        {
            "ms": round(ms, 2),
            "sql": sql,
            "params": [str(p) for p in params or ()],
            "plan": explain(sql, params),
        }
        for sql, params, ms in selects[:count]
    ]


def run_pages(viewer, thread, args):
    client = Client()
    client.force_login(viewer)
    results = {}
    for name, url in pages(viewer, thread).items():
        try:
            runs = [measure(client, url, args.requests, args.budget) for _ in range(args.runs)]
        except Exception as error:  # a page that breaks is reported, the others measured
            results[name] = {"url": url, "error": f"{type(error).__name__}: {error}"[:300]}
            continue
        results[name] = {
            "url": url,
            "p50": statistics.median(r["p50"] for r in runs),
            "p95": statistics.median(r["p95"] for r in runs),
            "queries": runs[0]["queries"],
            "requests": min(r["requests"] for r in runs),
            "cpu_p50": statistics.median(r["cpu_p50"] for r in runs),
            "sql_ms": statistics.median(r["sql_ms"] for r in runs),
        }
        if args.explain:
            results[name]["slowest"] = slowest_queries(runs[-1]["captured"], args.explain)
    return results


def steps(args):
    people = [int(n) for n in args.people.split(",")]
    posts = [int(n) for n in args.posts.split(",")]
    groups = [int(n) for n in args.groups.split(",")] if args.groups else []
    rows, last = [], (0, 0, 0)
    for n_people, n_posts, n_groups in zip_longest(people, posts, groups):
        n_people = n_people or last[0]
        n_posts = last[1] if n_posts is None else n_posts
        n_groups = n_groups or (last[2] if groups else n_people // 10)
        last = (n_people, n_posts, n_groups)
        rows.append(last)
    return rows


def fresh_start(args, plan):
    """Empty the bench database unless asked to keep it and it is not beyond step one."""
    if not args.keep:
        return True
    people, posts, groups = plan[0]
    return (
        User.objects.count() > people
        or Group.objects.count() > groups
        or Post.objects.count() > posts
    )


def print_step(label, step, requested):
    seeding = step["seeding"]
    print(f"-- {label} (seeded in {seeding['total']:.0f} s, database {step['size_mb']:,.0f} MB)")
    detail = seeding.get("posts")
    if detail:
        parts = ", ".join(f"{k} {v:.0f} s" for k, v in detail["seconds"].items())
        print(
            f"   seeding: people and groups {seeding['people and groups']:.0f} s; posts "
            f"({detail['loader']}): {parts}; ANALYZE {seeding['analyze']:.0f} s"
        )
    for name, r in step["pages"].items():
        if "error" in r:
            print(f"   {name:24} ERROR {r['error']}")
            continue
        print(
            f"   {name:24} p50 {r['p50']:7.2f}  p95 {r['p95']:7.2f}  queries {r['queries']:3}"
            f"  (CPU {r['cpu_p50']:7.2f}, SQL {r['sql_ms']:7.2f} ms of one request)"
            + (f"  [{r['requests']} requests a run]" if r["requests"] < requested else "")
        )
        for query in r.get("slowest", ()):
            print(f"      slowest query {query['ms']:.2f} ms: {query['sql'][:600]}")
            print(f"      params: {query['params']}")
            print("      " + query["plan"].replace("\n", "\n      "))


def print_comparison(results):
    labels = list(results)
    if len(labels) < 2:
        return
    low, high = results[labels[0]], results[labels[-1]]
    print(f"-- ratios, {high['posts']:,} posts / {low['posts']:,} posts")
    for name, r in high["pages"].items():
        before = low["pages"].get(name, {})
        if "p95" in r and "p95" in before:
            print(
                f"   {name:24} p50 x{r['p50'] / before['p50']:.2f}  "
                f"p95 x{r['p95'] / before['p95']:.2f}  queries {before['queries']} -> "
                f"{r['queries']}"
            )


def print_goals(results):
    labels = list(results)
    low, high = results[labels[0]], results[labels[-1]]
    home, thread = high["pages"].get("home", {}), high["pages"].get("thread, 500 answers", {})
    at = f"at {high['posts']:,} posts"
    if high["posts"] < GOAL_AT_POSTS:
        at += f" (the goals are set at {GOAL_AT_POSTS:,})"
    print(f"-- goals (issue 'Feed and forums'), {at}")

    def verdict(ok):
        return "met" if ok else "MISSED"

    if "p95" in home:
        print(
            f"   home p95 < {GOAL_HOME_P95_MS} ms: {home['p95']:.1f} ms, "
            f"{verdict(home['p95'] < GOAL_HOME_P95_MS)}"
        )
        before = low["pages"].get("home", {})
        if len(labels) > 1 and "p95" in before:
            ratio = home["p95"] / before["p95"]
            print(
                f"   home p95 within {GOAL_HOME_RATIO}x of {low['posts']:,} posts: x{ratio:.2f}, "
                f"{verdict(ratio <= GOAL_HOME_RATIO)}"
            )
    if "p95" in thread:
        print(
            f"   thread (500 answers) p95 < {GOAL_THREAD_P95_MS} ms: {thread['p95']:.1f} ms, "
            f"{verdict(thread['p95'] < GOAL_THREAD_P95_MS)}"
        )


def code_version():
    """The commit measured, and whether the working tree differed from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' with local changes' if dirty else ''}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", default="10000")
    parser.add_argument("--groups", default="")
    parser.add_argument("--posts", default="10000,100000")
    parser.add_argument("--comments", type=float, default=3.0)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--budget", type=float, default=30.0)
    parser.add_argument("--loader", default="auto")
    parser.add_argument("--explain", type=int, default=0)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--out")
    args = parser.parse_args()
    plan = steps(args)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if fresh_start(args, plan):
        call_command("flush", interactive=False, verbosity=0)
    code = code_version()
    print(
        f"== {args.database}: server-side latency in ms (median of {args.runs} runs of "
        f"{args.requests} requests), queries per request; code {code}",
        flush=True,
    )
    results = {}
    for people, posts, groups in plan:
        seeding = {}
        started = time.perf_counter()
        seed_people(people)
        seed_groups(groups)
        viewer = seed_viewer()
        seeding["people and groups"] = time.perf_counter() - started
        seeded = seed_posts(
            posts,
            viewer=viewer,
            comments_per_post=args.comments,
            loader=Loader(args.loader),
            progress=lambda line: print(line, flush=True),
        )
        if seeded:
            seeding["posts"] = seeded
        analyzing = time.perf_counter()
        analyze()
        seeding["analyze"] = time.perf_counter() - analyzing
        seeding["total"] = time.perf_counter() - started
        comments = Comment.objects.count()
        label = f"{people:,} people, {groups:,} groups, {posts:,} posts, {comments:,} comments"
        step = {
            "people": people,
            "groups": groups,
            "posts": posts,
            "comments": comments,
            "viewer": viewer.email,
            "viewer_groups": viewer.memberships.count(),
            "seeding": seeding,
            "size_mb": size_on_disk() / 1e6,
            "pages": run_pages(viewer, thread_with_most_comments(), args),
        }
        results[label] = step
        print_step(label, step, args.requests)
    print_comparison(results)
    print_goals(results)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"-- peak memory of the benchmark process: {peak_mb:.0f} MB")
    if args.out:
        with open(args.out, "w") as handle:
            json.dump(
                {
                    "database": args.database,
                    "code": code,
                    "args": vars(args),
                    "results": results,
                    "peak_mb": peak_mb,
                },
                handle,
                indent=2,
                default=str,
            )


if __name__ == "__main__":
    main()
