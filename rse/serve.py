"""``python -m rse.serve``: uvicorn serving RSE, with the limits RSE accepts.

Every way RSE is served (``make run``, production's processes, the browser tests, the
two-process test) starts here, so none of them can forget a limit. Arguments are
uvicorn's own (``--host``, ``--port``, ``--proxy-headers``...), passed on.

- ``--ws-max-size``: a frame over RSE's limit closes the socket (1009) when its header
  arrives, instead of being read whole, however large, and refused after.
- ``--lifespan off``: Django has no lifespan handler; uvicorn would say so at each start.
- ``--no-server-header``: the version of the server is nobody's business.
"""

import sys

from uvicorn.main import main

from rse.limits import MAX_FRAME_BYTES

OPTIONS = ["--ws-max-size", str(MAX_FRAME_BYTES), "--lifespan", "off", "--no-server-header"]


def run(arguments):
    main(["rse.asgi:application", *OPTIONS, *arguments])


if __name__ == "__main__":
    run(sys.argv[1:])
