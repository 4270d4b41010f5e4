"""What the socket does with a client's frame, and which audiences it joins when it opens.

The socket is core (DESIGN.md, "Layers"): it knows no app. The apps above it register
here, in their ``AppConfig.ready()``, the commands they answer and the audiences a
person's sockets belong to; the consumer only looks them up. Two plain containers, filled
once at start-up and only read afterwards:

``COMMANDS``: frame type -> ``async handler(socket, frame)``. The handler answers with
    ``socket.send_frame(frame)`` or ``socket.send_error(code, message, ref=...)``; it may
    read ``socket.user`` (the person the socket opened with), ``socket.user_id`` and
    ``socket.channel_layer``. A handler that keeps state per socket keeps it in an
    attribute named after its app (``socket.chat_typing_sent``). The consumer finds the
    handler with one dict lookup per frame, nothing built per frame.
``AUDIENCES``: functions ``user_id -> iterable of audience names`` (``group.<id>``),
    called in the socket commands' database thread when a socket opens, all in one hop.
"""

COMMANDS = {}
AUDIENCES = []


def register_command(frame_type, handler):
    """Route ``frame_type`` frames to ``handler``; a type has one handler only."""
    if COMMANDS.get(frame_type, handler) is not handler:
        raise ValueError(f"socket command {frame_type!r} is already registered")
    COMMANDS[frame_type] = handler


def register_audiences(provider):
    """Have every socket join ``provider(user_id)``'s audiences when it opens."""
    if provider not in AUDIENCES:
        AUDIENCES.append(provider)


def audiences_of(user_id):
    """Every registered audience of a person (synchronous: reads the database)."""
    return [audience for provider in AUDIENCES for audience in provider(user_id)]
