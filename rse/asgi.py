"""ASGI entry point: HTTP goes to Django, ``/ws/`` to the one realtime consumer."""

import gc
import os

from django.core.asgi import get_asgi_application

# With a thousand sockets open, a server process tracks ~230,000 objects, and a full
# garbage collection walking them took 113-244 ms: every socket of the process waited,
# once every ~30 s under load. Python's first threshold (700 allocations) let the
# short-lived objects of each message reach the oldest generation fast enough to
# trigger those; at 10,000, no full collection came during the socket bench's ramps,
# and the young collections took 10-37 ms (docs/bench-chat.md).
gc.set_threshold(10_000, 10, 10)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rse.settings")
django_asgi_app = get_asgi_application()  # before importing anything that touches models

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from rse.body_limit import BodyLimit  # noqa: E402
from rse.realtime.middleware import socket_auth_stack  # noqa: E402
from rse.realtime.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": BodyLimit(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(
            socket_auth_stack(URLRouter(websocket_urlpatterns))
        ),
    }
)
