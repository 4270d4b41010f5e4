"""The demo's communities (groups.toml): groups of every visibility with members drawn
from a pool, moderators, pending requests and invitations, and the audit trail they
would have left. Written with bulk inserts, as no action makes a past; idempotent: a
group whose slug exists is left alone."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from groups.models import AuditEntry, Group, GroupInvitation, JoinRequest, Membership, Role
from rse.accounts.models import Invitation
from rse.markup import render_markdown

Action = AuditEntry.Action
FIELDS = ("name", "slug", "description", "visibility", "posting_rule")  # groups.toml's own


def _in_pool(pool, p):
    """Whether a person may be drawn as a member (groups.toml explains ``pool``)."""
    fields = {"departments": "department", "locations": "location", "languages": "language"}
    if pool.get("everyone") or any(getattr(p, f) in pool.get(k, ()) for k, f in fields.items()):
        return True
    return any(word in p.job_title.lower() for word in pool.get("titles", ()))


def _plan(spec, by_name, people, rng, now):
    """Who joins when. Drawn for every group, made or not, so that the draws stay the same."""
    owner = by_name[spec.owner]
    staff = {owner, *(by_name[n] for n in spec.moderators)}
    members = [by_name[n] for n in spec.always if by_name[n] not in staff]
    kept_out = staff | set(members) | {by_name[n] for n in spec.never}
    pool = [p for p in people if _in_pool(spec.pool, p) and p not in kept_out]
    members += rng.sample(pool, min(max(spec.size - len(members), 0), len(pool)))
    created_at = now - timedelta(days=spec.created_days_ago, hours=rng.randint(0, 8))
    active_at = now - timedelta(days=spec.active_days_ago, minutes=rng.randint(5, 600))
    joins = [(owner, Role.OWNER, created_at)]
    for name in spec.moderators:
        joined_at = created_at + timedelta(minutes=rng.randint(2, 90))
        joins.append((by_name[name], Role.MODERATOR, joined_at))
    span = max(int((active_at - created_at).total_seconds()), 60)
    for member in members:
        joins.append((member, Role.MEMBER, created_at + timedelta(seconds=rng.randint(0, span))))
    return owner, sorted(joins, key=lambda join: join[2]), created_at, active_at


@transaction.atomic
def create_groups(data, people, rng):
    """Create the demo groups that are missing; return how many were created."""
    now, by_name = timezone.now(), {p.display_name: p for p in people}
    existing = {s.lower() for s in Group.objects.values_list("slug", flat=True)}
    plans = [(spec, _plan(spec, by_name, people, rng, now)) for spec in data.groups]
    new = [(spec, plan) for spec, plan in plans if spec.slug not in existing]
    for spec, plan in new:
        _create_group(spec, *plan, data.joining, by_name, rng, now)
    return len(new)


def _create_group(spec, owner, joins, created_at, active_at, joining, by_name, rng, now):
    fields = {key: spec[key] for key in FIELDS}
    fields |= {"description_html": render_markdown(spec.description), "created_by": owner}
    group = Group.objects.create(**fields, created_at=created_at, last_activity_at=active_at)
    memberships, log, named = [], [], {"group": group, "group_name": group.name}

    def entry(actor, act, at, target=None, email="", **details):
        """An entry of the audit trail, as the group's actions would have left it."""
        email = target.email if target else email
        fields = {"target": target, "target_email": email, "details": details, "created_at": at}
        log.append(AuditEntry(**named, actor=actor, action=act, **fields))

    entry(owner, Action.CREATED, created_at)
    for person, role, joined_at in joins:
        level = rng.choice(joining.levels) if role == Role.MEMBER else "all"
        fields = {"role": role, "joined_at": joined_at, "notification_level": level}
        memberships.append(Membership(group=group, user=person, **fields))
        action = joining.joined[spec.visibility]
        if role != Role.OWNER:
            actor, target = (owner, person) if action == Action.APPROVED else (person, None)
            entry(actor, action, joined_at, target)
        if role == Role.MODERATOR:
            entry(
                owner,
                Action.ROLE,
                joined_at + timedelta(minutes=1),
                person,
                old=Role.MEMBER,
                new=role,
            )
    Membership.objects.bulk_create(memberships)
    member_ids = {m.user_id for m in memberships}
    for request in spec.requests:
        asker = by_name[request.who]
        assert asker.pk not in member_ids, (spec.slug, request.who)
        asked_at = now - timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 20))
        JoinRequest.objects.create(
            group=group, user=asker, message=request.message, created_at=asked_at
        )
        entry(asker, Action.REQUESTED, asked_at)
    for invitation in spec.invitations:
        inviter, person = by_name[invitation.by], by_name.get(invitation.who)
        email = person.email if person else invitation.who
        assert person is None or person.pk not in member_ids, (spec.slug, invitation.who)
        invited_at = now - timedelta(days=rng.randint(0, 9), hours=rng.randint(1, 20))
        GroupInvitation.objects.create(
            group=group, email=email, user=person, invited_by=inviter, created_at=invited_at
        )
        if person is None and not Invitation.objects.pending().for_email(email).exists():
            # As the real invite does: the address may then sign up and find it waiting.
            Invitation.objects.create(email=email, invited_by=inviter, created_at=invited_at)
        entry(inviter, Action.INVITED, invited_at, person, email)
    AuditEntry.objects.bulk_create(log)
