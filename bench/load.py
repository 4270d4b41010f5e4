"""Writing generated rows fast: Django's ``bulk_create`` everywhere, or PostgreSQL's
``COPY`` (through psycopg) where it is available.

Rows are plain tuples in the order of the given attribute names (``group_id``, not
``group``), so the same generator feeds either loader. Measured on the bench machine
(PostgreSQL 15 on localhost, 2 cores), ``COPY`` loads the feed about 4x faster than
``bulk_create``; on SQLite ``bulk_create`` is the only loader and already does well.
"""

import time
from collections import defaultdict

from django.db import connection

BATCH_SIZE = 5000  # bulk_create splits further where SQLite's 32,766 parameters need it


class Loader:
    """Inserts rows with ``bulk_create`` (``method="bulk"``) or ``COPY`` (``"copy"``),
    and keeps the rows and seconds spent per table, for the bench's report."""

    def __init__(self, method="auto"):
        if method == "auto":
            method = "copy" if connection.vendor == "postgresql" else "bulk"
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
        with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({columns}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)

    def summary(self):
        return {
            table: {"rows": self.rows[table], "seconds": round(self.seconds[table], 1)}
            for table in sorted(self.rows, key=lambda t: -self.rows[t])
        }
