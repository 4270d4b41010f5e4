"""Database work of socket commands, in a thread that keeps its connection.

Channels' ``database_sync_to_async`` closes the thread's database connections after
each call unless they may persist, and RSE lets none persist (``CONN_MAX_AGE`` 0, as
Django advises under ASGI, where each request's thread lives only as long as the
request). Socket commands, though, all run one after the other in one thread that lives
as long as the process (asgiref's thread for thread-sensitive work outside requests), so
closing there only meant a new connection for every chat message: measured, 1.2 ms of
CPU on SQLite, whose last connection to close also checkpoints and removes the WAL (a
commit that cost 3x the statements), and 4-5 ms of round trips on PostgreSQL, in the
thread every socket's commands wait for.

Here that thread keeps its connections, however old; one that an error left unusable,
or that was left inside a transaction, is closed as Django would, and the next command
opens another. On PostgreSQL with the pool (``RSE_DATABASE_POOL``) closing would only
give the connection back, but each command would still take one out and check it: this
thread holds one of the pool's connections for good instead.
"""

from asgiref.sync import SyncToAsync
from django.db import connections

from .publish import socket_thread


class SocketDatabaseSyncToAsync(SyncToAsync):
    def __init__(self, func):
        super().__init__(func, thread_sensitive=True)

    def thread_handler(self, loop, *args, **kwargs):
        socket_thread.loop = loop  # what commits here is sent from the loop (publish.py)
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            socket_thread.loop = None
            for connection in connections.all(initialized_only=True):
                if connection.in_atomic_block:
                    continue  # the caller's transaction (a test's): not the command's to end
                connection.close_at = None  # never too old; see the module's docstring
                connection.close_if_unusable_or_obsolete()


socket_database_sync_to_async = SocketDatabaseSyncToAsync
