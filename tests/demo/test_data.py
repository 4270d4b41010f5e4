"""The demo's data files (rse/demo/data/): complete in both languages where the demo is
bilingual, every person and picture they name exists, and loading the demo twice adds
nothing."""

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from rse.demo.data import PICTURES, DemoDataError, _record, load

LANGUAGES = {"en", "fr"}


@pytest.fixture(scope="module")
def data():
    return load()


def test_bilingual_content_is_complete_in_both_languages(data):
    assert set(data.people.bios) == LANGUAGES
    assert {p.language for p in data.people.person} <= LANGUAGES
    comments = data.words.comments
    assert set(comments) == LANGUAGES
    assert set(comments.en) == set(comments.fr)
    assert all(comments.en[kind] and comments.fr[kind] for kind in comments.en)
    vocabulary = data.words.vocabulary
    for name in vocabulary:
        base, _, lang = name.partition(":")
        if lang:
            assert lang in LANGUAGES, name
            assert all(f"{base}:{other}" in vocabulary for other in LANGUAGES), name
    for forum in data.forums:
        assert forum.lang in LANGUAGES | {"mix"}, forum.slug
        for template in forum.template:
            # In a bilingual group, a post says its language; comments are in each
            # person's: a comment is one text, or an English and a French one.
            assert template.lang in ({"", *LANGUAGES} if forum.lang != "mix" else LANGUAGES)
            for answer in template.answer:
                bilingual = answer.en is not None, answer.fr is not None
                assert bilingual in ((False, False), (True, True)), template.title
                assert (answer.text is None) == all(bilingual), template.title
    # The slots a template uses have words in each language it may be written in.
    for forum in data.forums:
        for template in forum.template:
            langs = {template.lang or forum.lang} - {"mix"} or LANGUAGES
            titles = template.title if isinstance(template.title, list) else [template.title]
            for slot in re.findall(r"{([a-z]+)\d*}", " ".join([*titles, template.body])):
                if slot in vocabulary or slot in data.words.numbers or slot in MADE:
                    continue
                assert all(f"{slot}:{lang}" in vocabulary for lang in langs), (forum.slug, slot)


MADE = {"version", "big", "member", "mod", "asker"}  # slots rse/demo/forums.py makes


def test_everyone_named_exists_and_every_picture_is_there(data):
    full = {p.name for p in data.people.person}
    first = {name.split()[0] for name in full}
    assert len(first) == len(full)  # the chat names people by first name
    assert set(data.people.logins) <= full
    for group in data.groups:
        named = {group.owner, *group.moderators, *group.always, *group.never}
        named |= {r.who for r in group.requests} | {i.by for i in group.invitations}
        assert named <= full, group.slug
    slugs = [g.slug for g in data.groups]
    assert [f.slug for f in data.forums] == slugs  # one forum file per group, in order
    for forum in data.forums:
        for thread in forum.thread:
            assert {thread.who, *thread.saved_by, *(r.who for r in thread.reply)} <= full
            for picture in [thread.picture, *(r.picture for r in thread.reply)]:
                assert picture is None or (PICTURES / picture).is_file(), picture
            assert all(0 <= r.to < n for n, r in enumerate(thread.reply) if r.to is not None)
            assert thread.accepted is None or thread.accepted < len(thread.reply)
        for template in forum.template:
            assert template.picture is None or (PICTURES / template.picture).is_file()
    for room in data.rooms:
        assert room.kind == "channel" or 2 <= len(room.people) <= 5, room
        assert room.kind != "channel" or room.group in slugs, room.name
        names = {*room.people, *room.unread, *([room.by] if room.by else [])}
        for session in room.session:
            for message in session.message:
                names |= {message.who, *(r.who for r in message.reply)}
                if message.question:
                    names.add(message.question.by)
                    assert message.question.accepted < len(message.reply)
        assert names <= first, (room.group, room.name, names - first)


def test_a_misspelt_key_or_a_missing_one_is_named():
    with pytest.raises(DemoDataError, match="thread\\[0\\]: unknown hourz"):
        _record({"slug": "x", "lang": "en", "volume": 1, "thread": [{"hourz": 3}]}, "forum", "f")
    with pytest.raises(DemoDataError, match="who is missing"):
        _record({"message": "Hello"}, "request", "groups.toml")


@pytest.mark.django_db
def test_loading_twice_adds_nothing():
    call_command("demo", stdout=io.StringIO())
    models = [m for m in apps.get_models() if m._meta.app_label not in ("sessions", "admin")]
    before = {m._meta.label: m.objects.count() for m in models}
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert {m._meta.label: m.objects.count() for m in models} == before
    assert "(0 new)" in out.getvalue() and "Demo chat: 0 new messages." in out.getvalue()
