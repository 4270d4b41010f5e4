"""The flows of communities, good and bad: each bad one gets a clear message and changes
nothing.

One module a part of a community's life (creating and joining, members and settings,
the directory and what review found); their helpers are in helpers.py.
"""
