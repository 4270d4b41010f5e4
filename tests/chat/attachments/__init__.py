"""Files and images in chat messages: checked like the feed's when chosen, kept pending
and private to their uploader until a message carries them, served only through the
chat's door (404 for anyone who may not read the room, the same as a file that does not
exist), gone with a deleted message, and never half-stored.

One module a concern (uploading, sending, the door, mentions, the pages, the socket,
hostile images); the people and rooms (`world`) and the autouse lifting of the rate
limits are in conftest.py here, the few shared helpers and files in helpers.py, the
channel and socket helpers in tests/chat/conftest.py.
"""
