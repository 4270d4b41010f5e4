"""Writing generated rows fast, as plain tuples in the order of the given attribute names
(``group_id``, not ``group``), so one generator feeds every loader.

Measured on the bench machine (2 cores, shared), inserting 20,000 posts with their
comments, reactions, votes and thread states (~200,000 rows):

- ``bulk``: Django's ``bulk_create``: 22 s on SQLite, 18 s on PostgreSQL. Its per-row
  Python work (model instances, then compiling each value) dominates, and Django keeps
  SQLite batches to 999 parameters.
- ``executemany``: one prepared INSERT through Django's cursor, datetimes adapted by the
  backend exactly as Django stores them: 3.3 s on SQLite (7x); no gain on PostgreSQL
  (18 s). SQLite's default.
- ``copy``: PostgreSQL's ``COPY ... FROM STDIN`` through psycopg: 2.5 s (7x).
  PostgreSQL's default.
"""

import time
from collections import defaultdict

from django.db import connection

BATCH_SIZE = 5000  # bulk_create splits further where SQLite's 999 parameters need it


class Loader:
    """Inserts rows by one of the methods above, and keeps the rows and seconds spent
    per table, for the bench's report."""

    def __init__(self, method="auto"):
        if method == "auto":
            method = "copy" if connection.vendor == "postgresql" else "executemany"
        if method == "copy" and connection.vendor != "postgresql":
            raise ValueError("COPY needs PostgreSQL")
        self.method = method
        self.rows = defaultdict(int)
        self.seconds = defaultdict(float)

    def insert(self, model, fields, rows):
        if not rows:
            return
        started = time.perf_counter()
        if self.method == "copy":
            self._copy(model, fields, rows)
        elif self.method == "executemany":
            self._executemany(model, fields, rows)
        else:
            model.objects.bulk_create(
                [model(**dict(zip(fields, row, strict=True))) for row in rows],
                batch_size=BATCH_SIZE,
            )
        table = model._meta.db_table
        self.rows[table] += len(rows)
        self.seconds[table] += time.perf_counter() - started

    @staticmethod
    def _copy(model, fields, rows):
        columns = ", ".join(
            connection.ops.quote_name(model._meta.get_field(name).column) for name in fields
        )
        table = connection.ops.quote_name(model._meta.db_table)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    @staticmethod
    def _executemany(model, fields, rows):
        """One prepared INSERT run for every row, values adapted as Django would."""
        meta = model._meta
        columns = [meta.get_field(name).column for name in fields]
        dates = [
            i
            for i, name in enumerate(fields)
            if meta.get_field(name).get_internal_type() == "DateTimeField"
        ]
        if dates:
            adapt = connection.ops.adapt_datetimefield_value
            rows = [list(row) for row in rows]
            for row in rows:
                for i in dates:
                    row[i] = adapt(row[i])
        quote = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(meta.db_table),
            ", ".join(quote(c) for c in columns),
            ", ".join(["%s"] * len(columns)),
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def summary(self):
        return {
            table: {"rows": self.rows[table], "seconds": round(self.seconds[table], 1)}
            for table in sorted(self.rows, key=lambda t: -self.rows[t])
        }
