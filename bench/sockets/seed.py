"""Seeds the bench database for the socket load: ``people`` people in groups of 20 (and
the first 200 also in one group of 200), each group's general channel, and one signed-in
session per person, so the driver authenticates the way a browser does.

Run in its own process with Django configured for the bench database; writes the
scenario (rooms, members, session keys) as JSON for the driver.
"""

import argparse
import json
import time
from datetime import timedelta

import django


def seed(people, room_size, big_room):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from chat.actions import ensure_general_channels
    from chat.models import Room
    from groups.models import Group, Membership, Role
    from rse.accounts.models import User

    call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():
        if User.objects.filter(email__endswith="@sockets.bench").count() != people:
            User.objects.filter(email__endswith="@sockets.bench").delete()
            Group.objects.filter(slug__startswith="sockets-").delete()
            password = make_password("bench-password")
            User.objects.bulk_create(
                User(
                    email=f"p{n}@sockets.bench",
                    display_name=f"Person {n}",
                    password=password,
                    language="en",
                )
                for n in range(people)
            )
            ids = list(
                User.objects.filter(email__endswith="@sockets.bench")
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            teams = [ids[i : i + room_size] for i in range(0, people, room_size)]
            teams.append(ids[:big_room])
            Group.objects.bulk_create(
                Group(
                    name=f"Sockets {n}",
                    slug=f"sockets-{n}",
                    visibility="private",
                    created_by_id=team[0],
                )
                for n, team in enumerate(teams)
            )
            groups = list(Group.objects.filter(slug__startswith="sockets-"))
            by_slug = {g.slug: g for g in groups}
            Membership.objects.bulk_create(
                Membership(
                    group=by_slug[f"sockets-{n}"],
                    user_id=user,
                    role=Role.OWNER if i == 0 else Role.MEMBER,
                )
                for n, team in enumerate(teams)
                for i, user in enumerate(team)
            )
            ensure_general_channels(groups)
        users = list(User.objects.filter(email__endswith="@sockets.bench").order_by("pk"))
        rooms = []
        for room in Room.objects.filter(group__slug__startswith="sockets-", is_general=True):
            members = list(
                Membership.objects.filter(group=room.group_id)
                .order_by("user_id")
                .values_list("user_id", flat=True)
            )
            rooms.append({"room": room.pk, "members": members})
        # One session per person, as django.contrib.auth.login() would store it.
        Session.objects.filter(session_key__startswith="sockbench").delete()
        expire = timezone.now() + timedelta(days=1)
        sessions, cookies = [], {}
        store = SessionStore()
        for user in users:
            key = f"sockbench{user.pk:023d}"
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            sessions.append(
                Session(session_key=key, session_data=store.encode(data), expire_date=expire)
            )
            cookies[str(user.pk)] = key
        Session.objects.bulk_create(sessions, batch_size=2000)
        # The server reads sessions from the cache first (cached_db): a copy left there by
        # an earlier seeding would carry an old password hash and refuse the socket.
        caches[settings.SESSION_CACHE_ALIAS].delete_many(
            [KEY_PREFIX + key for key in cookies.values()]
        )
    rooms.sort(key=lambda r: (len(r["members"]), r["room"]))
    return {
        "people": [u.pk for u in users],
        "rooms": rooms,
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "cookies": cookies,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--room-size", type=int, default=20)
    parser.add_argument("--big-room", type=int, default=200)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    django.setup()
    scenario = seed(args.people, args.room_size, args.big_room)
    with open(args.out, "w") as f:
        json.dump(scenario, f)
    print(
        f"seeded {len(scenario['people'])} people, {len(scenario['rooms'])} rooms "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


if __name__ == "__main__":
    main()
