"""The demo company (``manage.py demo``): its content is data (data/*.toml, pictures),
this app only reads it and writes it through the other apps. It is the top layer: it may
import every app, and nothing imports it."""
