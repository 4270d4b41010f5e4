"""The largest socket frame RSE accepts, in a module that imports nothing, so that the
server can be told it before Django starts (``python -m rse.serve``): a larger frame is
refused by the server as its header arrives, not read whole and then refused."""

# A chat message of RSE_CHAT_MESSAGE_MAX_CHARS (4,000) characters fits, with its JSON
# around it; RSE sends no client a reason to write a larger frame.
MAX_FRAME_BYTES = 16 * 1024
