"""``make bench``: server-side latency, queries and memory of RSE's pages at scale.

Each database runs in a process of its own (Django is configured once per process):
SQLite always, PostgreSQL too when it answers on 127.0.0.1:5432. Results are printed as
medians over several runs and written to bench/results/.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/rse_bench"


def postgres_available():
    import psycopg

    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            exists = c.execute("SELECT 1 FROM pg_database WHERE datname='rse_bench'").fetchone()
            if not exists:
                c.execute("CREATE DATABASE rse_bench")
        return True
    except psycopg.OperationalError:
        return False


def main():
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scales", default="1000,10000", help="people counts, ascending")
    parser.add_argument("--requests", type=int, default=100, help="requests per page and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for database in args.databases.split(","):
        env = {k: v for k, v in os.environ.items() if not k.startswith("RSE_")}
        env["RSE_VAR_DIR"] = str(ROOT / "var" / "bench")
        env["DJANGO_SETTINGS_MODULE"] = "rse.settings"
        if database == "postgres":
            if not postgres_available():
                print("PostgreSQL is not reachable on 127.0.0.1:5432: skipped")
                continue
            env["RSE_DATABASE_URL"] = POSTGRES_URL
        else:
            db_file = ROOT / "var" / "bench" / "bench.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(str(db_file) + suffix).unlink(missing_ok=True)
            env["RSE_DATABASE_URL"] = f"sqlite:///{db_file}"
        result_file = out / f"pages-{database}-{stamp}.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.pages",
                "--scales",
                args.scales,
                "--requests",
                str(args.requests),
                "--runs",
                str(args.runs),
                "--database",
                database,
                "--out",
                str(result_file),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(f"written to {result_file.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
