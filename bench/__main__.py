"""``make bench``: server-side latency, queries and memory of RSE's pages at scale.

Each database runs in a process of its own (Django is configured once per process):
SQLite always, PostgreSQL too when it answers on 127.0.0.1:5432. Results are printed as
medians over several runs and written to bench/results/.

The company has 10,000 people in 1,000 groups. Its feed is measured at two sizes, grown
in place: 10,000 posts (its first week), then 100,000 (quick, the default) or 1,000,000
posts with 3,000,000 comments (``--full``: two years). ``make bench`` passes the
``BENCH_ARGS`` variable on:

  make bench                         quick: 10k and 100k posts, both databases (~7 min)
  make bench BENCH_ARGS=--full       1M posts and 3M comments, both databases (~52 min)
  python -m bench --full --databases postgres --explain 2
  python -m bench --posts 1000000 --keep     measure again without seeding again
  python -m bench --posts 10000 --name 10k   a network kept apart from the others

Measured on a shared 2-core machine: seeding 1M posts (with 3M comments, 3.4M thread
states, 1.8M reactions...) takes about 8 minutes on SQLite and 5 on PostgreSQL; a full
run about 32 minutes on SQLite and 20 on PostgreSQL, most of it measuring (a page slower
than ``--budget`` allows gets fewer requests). The seeded databases stay
(var/bench/bench.sqlite3, PostgreSQL's rse_bench) for ``--keep`` and ``python -m
bench.explain URL``, which lists every query of a page with its plan.
"""

import argparse
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/rse_bench"


def postgres_available(name):
    import psycopg

    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            exists = c.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone()
            if not exists:
                c.execute(f'CREATE DATABASE "{name}"')
        return True
    except psycopg.OperationalError:
        return False


def main():
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__.split("\n\n")[0].strip("`")
    )
    parser.add_argument("--people", default="10000", help="people at each step")
    parser.add_argument("--groups", default="", help="groups at each step (default people/10)")
    parser.add_argument(
        "--posts", help="posts at each step, ascending, grown in place (default 10000,100000)"
    )
    parser.add_argument("--comments", default="3", help="comments per post, on average")
    parser.add_argument(
        "--full", action="store_true", help="10k then 1M posts, 100 requests per page and run"
    )
    parser.add_argument(
        "--quick", action="store_true", help="10k then 100k posts, 20 requests (the default)"
    )
    parser.add_argument("--requests", type=int, help="per page and run (default 20, full: 100)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--budget",
        type=float,
        default=30,
        help="seconds per page and run: a slower page gets fewer requests (at least 5)",
    )
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--loader",
        default="auto",
        choices=["auto", "bulk", "executemany", "copy"],
        help="auto: COPY on PostgreSQL, executemany on SQLite (bulk = bulk_create)",
    )
    parser.add_argument(
        "--explain", type=int, default=0, metavar="N", help="print the N slowest queries' plans"
    )
    parser.add_argument(
        "--keep", action="store_true", help="reuse the bench database and grow it (no reset)"
    )
    parser.add_argument(
        "--name",
        default="",
        help="keep this bench's databases apart (rse_bench_NAME, bench_NAME.sqlite3), so a "
        "10k and a 1M network can both be kept and measured again with --keep",
    )
    parser.add_argument(
        "--sockets",
        action="store_true",
        help="run the chat socket load bench instead (bench/sockets, docs/bench-chat.md)",
    )
    parser.add_argument(
        "--sockets-args", default="", help="passed on to python -m bench.sockets, e.g. '--runs 1'"
    )
    args = parser.parse_args(shlex.split(os.environ.get("BENCH_ARGS", "")) + sys.argv[1:])
    if args.sockets:
        subprocess.run(
            [
                sys.executable,
                *("-m", "bench.sockets", *(["--quick"] if getattr(args, "quick", False) else [])),
                *args.sockets_args.split(),
            ],
            cwd=ROOT,
            check=True,
        )
        return
    args.posts = args.posts or ("10000,1000000" if args.full else "10000,100000")
    args.requests = args.requests or (100 if args.full else 20)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    suffix = f"_{args.name}" if args.name else ""
    for database in args.databases.split(","):
        env = {k: v for k, v in os.environ.items() if not k.startswith("RSE_")}
        env["RSE_VAR_DIR"] = str(ROOT / "var" / "bench")
        env["DJANGO_SETTINGS_MODULE"] = "rse.settings"
        if database == "postgres":
            if not postgres_available("rse_bench" + suffix):
                print("PostgreSQL is not reachable on 127.0.0.1:5432: skipped")
                continue
            env["RSE_DATABASE_URL"] = POSTGRES_URL + suffix
        else:
            db_file = ROOT / "var" / "bench" / f"bench{suffix}.sqlite3"
            if not args.keep:
                for ext in ("", "-wal", "-shm"):
                    Path(str(db_file) + ext).unlink(missing_ok=True)
            env["RSE_DATABASE_URL"] = f"sqlite:///{db_file}"
        result_file = out / f"pages-{database}{suffix}-{stamp}.json"
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.pages",
                *("--people", args.people, "--groups", args.groups, "--posts", args.posts),
                *("--comments", args.comments, "--loader", args.loader),
                *("--requests", str(args.requests), "--runs", str(args.runs)),
                *("--budget", str(args.budget)),
                *("--explain", str(args.explain), *(["--keep"] if args.keep else [])),
                *("--database", database, "--out", str(result_file)),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(
            f"{database}: {time.perf_counter() - started:.0f} s in all, "
            f"written to {result_file.relative_to(ROOT)}\n",
            flush=True,
        )


if __name__ == "__main__":
    main()
