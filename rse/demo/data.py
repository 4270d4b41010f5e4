"""Reading the demo's data files (data/*.toml, with the stdlib's tomllib) and checking their
shape, so that an edit with a misspelt or missing key fails here with the file and place
named, rather than as a quietly different company. (That every person and picture they
name exists, and that both languages are complete, is checked by tests/demo/test_data.py.)"""

import ast
import copy
import functools
import tomllib
from pathlib import Path

DATA = Path(__file__).with_name("data")
PICTURES = DATA / "pictures"


class DemoDataError(ValueError):
    pass


class Record(dict):
    """A table of a data file, its keys also read as attributes (``thread.hours``)."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


# Each kind of table ("kind: keys", apart by "; " or a new line), its keys "key" required,
# "key=default", or "key:kind" for an array of tables of that kind.
SCHEMA = """
people: domain password logins time_zones bios person:person; person: name department title
  location language skills
groups: new_hire joined levels group:group; request: who message; invitation: who by
group: slug name visibility owner moderators=[] pool size=0 always=[] never=[] description
  posting_rule='everyone' created_days_ago=100 active_days_ago=3 requests:request
  invitations:invitation
words: vocabulary numbers comments moods fans; chat: room:room; edit: old new
forum: slug lang volume experts=False thread:thread template:template
thread: who kind title hours=24 accepted=None picture=None mood=[] fans=None saved_by=[]
  edit:edit dismissed=0.0 closed=False body reply:reply
reply: who to=None picture=None votes=0 react=[] hide=None text
template: kind title lang='' picture=None mood=[] body answer:answer
answer: text=None en=None fr=None; session: day clock message:message
room: kind group='' name='' by='' topic='' key='' people=[] unread={} session:session
message: who gap=None react='' question=None text reply:chat_reply
chat_reply: who after=None react='' text"""
KEYS = {}  # kind -> {key: (kind of its tables or "", default or ... if required)}
for entry in SCHEMA.replace("\n  ", " ").replace("\n", "; ").split("; ")[1:]:
    kind, words = entry.split(": ")
    for key, _, default in (word.partition("=") for word in words.split()):
        key, _, child = key.partition(":")
        value = ast.literal_eval(default or "[]") if default or child else ...
        KEYS.setdefault(kind, {})[key] = child, value


def _record(table, kind, where):
    keys = KEYS[kind]
    if unknown := set(table) - set(keys):
        raise DemoDataError(f"{where}: unknown {', '.join(sorted(unknown))}")
    record = Record()
    for key, (child, default) in keys.items():
        if default is ... and key not in table:
            raise DemoDataError(f"{where}: {key} is missing")
        value = table.get(key, copy.copy(default))
        if child:
            value = [_record(t, child, f"{where} {key}[{n}]") for n, t in enumerate(value)]
        elif isinstance(value, dict):
            value = Record(value)
        elif isinstance(value, str) and "\n" in value:  # multi-line: Markdown, trimmed
            value = value.strip()
        record[key] = value
    return record


def _read(path, kind):
    try:
        return _record(tomllib.loads(path.read_text("utf-8")), kind, path.relative_to(DATA))
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{path.relative_to(DATA)}: {error}") from None


@functools.cache
def load():
    """Every data file: people, groups, words, forums and chat rooms."""
    groups = _read(DATA / "groups.toml", "groups")
    order = {g.slug: n for n, g in enumerate(groups.group)} | {"direct": 98, "conversations": 99}

    def files(folder):  # in the groups' order, which seeds what is drawn
        return sorted((DATA / folder).glob("*.toml"), key=lambda p: (order.get(p.stem), p))

    return Record(
        people=_read(DATA / "people.toml", "people"),
        groups=groups.group,
        joining=groups,  # what joining leaves: audit entries, notification levels
        words=_read(DATA / "words.toml", "words"),
        forums=[_read(path, "forum") for path in files("forums")],
        rooms=[room for path in files("chat") for room in _read(path, "chat").room],
    )
