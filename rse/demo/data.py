"""Reading the demo's data files (data/*.toml, read with the stdlib's tomllib) and checking
them, so that an edit with a misspelt key, name or picture fails here with the file and
place named, rather than as a quietly different company."""

import functools
import tomllib
from pathlib import Path

DATA = Path(__file__).with_name("data")
PICTURES = DATA / "pictures"
REQUIRED = object()


class DemoDataError(ValueError):
    pass


class Record(dict):
    """A table of a data file, its keys also read as attributes (``thread.hours``)."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


R = REQUIRED
SCHEMA = {  # each kind of table: its keys and their defaults
    "people": dict(domain=R, password=R, logins=R, time_zones=R, bios=R, person=R),
    "person": dict(name=R, department=R, title=R, location=R, language=R, skills=R),
    "groups": dict(new_hire=R, group=R),
    "group": dict(
        slug=R,
        name=R,
        visibility=R,
        owner=R,
        moderators=[],
        pool=R,
        size=0,
        always=[],
        never=[],
        posting_rule="everyone",
        created_days_ago=100,
        active_days_ago=3,
        description=R,
        requests=[],
        invitations=[],
    ),  # fmt: skip
    "request": dict(who=R, message=R),
    "invitation": dict(who=R, by=R),
    "words": dict(vocabulary=R, comments=R),
    "forum": dict(slug=R, lang=R, volume=R, experts=False, thread=[], template=[]),
    "thread": dict(
        who=R,
        kind=R,
        title=R,
        hours=24,
        accepted=None,
        picture=None,
        mood=[],
        fans=None,
        saved_by=[],
        edit=[],
        dismissed=0.0,
        closed=False,
        body=R,
        reply=[],
    ),  # fmt: skip
    "edit": dict(old=R, new=R),
    "reply": dict(who=R, to=None, picture=None, votes=0, react=[], hide=None, text=R),
    "template": dict(kind=R, title=R, lang="", picture=None, mood=[], body=R, answer=[]),
    "answer": dict(text=None, en=None, fr=None),
    "chat": dict(room=R),
    "room": dict(
        kind=R, group="", name="", by="", topic="", key="", people=[], unread={}, session=R
    ),
    "session": dict(day=R, clock=R, message=R),
    "message": dict(who=R, gap=None, react="", question=None, text=R, reply=[]),
    "chat_reply": dict(who=R, after=None, react="", text=R),
}
CHILDREN = {  # (kind, key): the kind of the tables it holds
    ("people", "person"): "person",
    ("groups", "group"): "group",
    ("group", "requests"): "request",
    ("group", "invitations"): "invitation",
    ("forum", "thread"): "thread",
    ("thread", "reply"): "reply",
    ("thread", "edit"): "edit",
    ("forum", "template"): "template",
    ("template", "answer"): "answer",
    ("chat", "room"): "room",
    ("room", "session"): "session",
    ("session", "message"): "message",
    ("message", "reply"): "chat_reply",
}


def _record(table, kind, where):
    schema = SCHEMA[kind]
    if unknown := set(table) - set(schema):
        raise DemoDataError(f"{where}: unknown {', '.join(sorted(unknown))}")
    record = Record()
    for key, default in schema.items():
        if default is REQUIRED and key not in table:
            raise DemoDataError(f"{where}: {key} is missing")
        value = table.get(key, default)
        if child := CHILDREN.get((kind, key)):
            value = [_record(t, child, f"{where} {key}[{n}]") for n, t in enumerate(value)]
        elif isinstance(value, dict):
            value = Record(value)
        elif isinstance(value, str) and "\n" in value:  # multi-line: Markdown, trimmed
            value = value.strip()
        record[key] = value
    return record


def _read(path, kind):
    with path.open("rb") as file:
        try:
            return _record(tomllib.load(file), kind, path.relative_to(DATA))
        except tomllib.TOMLDecodeError as error:
            raise DemoDataError(f"{path.relative_to(DATA)}: {error}") from None


@functools.cache
def load():
    """Every data file, checked: people, groups, words, forums and chat rooms."""
    groups = _read(DATA / "groups.toml", "groups").group
    order = {g.slug: n for n, g in enumerate(groups)} | {"direct": 98, "conversations": 99}

    def files(folder):  # in the groups' order, which seeds what is drawn
        return sorted((DATA / folder).glob("*.toml"), key=lambda p: (order.get(p.stem), p))

    data = Record(
        people=_read(DATA / "people.toml", "people"),
        groups=groups,
        words=_read(DATA / "words.toml", "words"),
        forums=[_read(path, "forum") for path in files("forums")],
        rooms=[room for path in files("chat") for room in _read(path, "chat").room],
    )
    _check(data)
    return data


def _check(data):
    """Everyone named is a demo person, every picture is there, every forum has a group."""
    full = {p.name for p in data.people.person}
    first = {name.split()[0] for name in full}
    slugs = {g.slug for g in data.groups}
    named = [(g.slug, [g.owner, *g.moderators, *g.always, *g.never]) for g in data.groups]
    named += [(g.slug, [r.who for r in g.requests] + [i.by for i in g.invitations]) for g in data.groups]  # fmt: skip
    pictures = []
    for forum in data.forums:
        if forum.slug not in slugs:
            raise DemoDataError(f"forums/{forum.slug}: no such group")
        for t in forum.thread:
            named.append((forum.slug, [t.who, *t.saved_by, *(r.who for r in t.reply)]))
            pictures += [t.picture, *(r.picture for r in t.reply)]
        pictures += [t.picture for t in forum.template]
    for room in data.rooms:
        if room.kind == "channel" and room.group not in slugs:
            raise DemoDataError(f"chat: room {room.name}: no such group {room.group}")
        names = [*room.people, *room.unread, *([room.by] if room.by else [])]
        for session in room.session:
            for m in session.message:
                names += [m.who, *(r.who for r in m.reply), *([m.question.by] if m.question else [])]  # fmt: skip
        if missing := set(names) - first:
            raise DemoDataError(f"chat: room {room.group or room.key}: who is {missing}?")
    for where, names in named:
        if missing := set(names) - full:
            raise DemoDataError(f"{where}: who is {missing}?")
    for name in filter(None, pictures):
        if not (PICTURES / name).is_file():
            raise DemoDataError(f"no picture {name} in {PICTURES}")
