"""The demo company (``manage.py demo``): data (data/*.toml, pictures) that this app writes
through the other apps. The top layer: it may import every app, and nothing imports it."""
