"""The groups door: every "may this person see, read, post in, moderate or manage this
group" question is answered here, and later content (posts, files, chat rooms) builds on
``readable_groups()``.

Two levels of seeing: a group may be *listed* to someone (its name and description:
public and private groups, to every employee) and its content may be *read* (public
groups by everyone, private and secret ones by members). A secret group is neither
listed nor readable outside its members; to anyone else it does not exist (404).
Site admins (staff) may see and act on every group.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from .models import ROLE_RANK, Ban, Group, JoinRequest, Membership, PostingRule, Role, Visibility


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def membership_of(user, group):
    """The person's membership of the group, cached on the group for this request."""
    if not _active(user):
        return None
    cache = group.__dict__.setdefault("_memberships", {})
    if user.pk not in cache:
        cache[user.pk] = Membership.objects.filter(group=group, user=user).first()
    return cache[user.pk]


def remember_membership(group, user, membership):
    """Prime the per-request cache when a page already read the memberships in bulk."""
    group.__dict__.setdefault("_memberships", {})[user.pk] = membership


def forget_memberships(group):
    """Drop the per-request cache after a write changed who belongs to the group."""
    group.__dict__.pop("_memberships", None)


def rank_of(user, group):
    membership = membership_of(user, group)
    return ROLE_RANK[membership.role] if membership else 0


# --- Querysets ---------------------------------------------------------------------------


def listable_groups(user):
    """Groups whose name and description this person may see (directory, search)."""
    if not _active(user):
        return Group.objects.none()
    if user.is_staff:
        return Group.objects.all()
    mine = Membership.objects.filter(group=OuterRef("pk"), user=user)
    return Group.objects.filter(~Q(visibility=Visibility.SECRET) | Exists(mine))


def readable_groups(user):
    """Groups whose content (posts, files, chat) this person may read. Content
    querysets filter with ``group__in=readable_groups(user)``."""
    if not _active(user):
        return Group.objects.none()
    if user.is_staff:
        return Group.objects.all()
    mine = Membership.objects.filter(group=OuterRef("pk"), user=user)
    return Group.objects.filter(Q(visibility=Visibility.PUBLIC) | Exists(mine))


def member_groups(user):
    if not _active(user):
        return Group.objects.none()
    return Group.objects.filter(memberships__user=user)


# --- Predicates --------------------------------------------------------------------------


def is_banned(user, group):
    return _active(user) and Ban.objects.filter(group=group, user=user).exists()


def can_list(user, group):
    if not _active(user):
        return False
    if user.is_staff or group.visibility != Visibility.SECRET:
        return True
    return membership_of(user, group) is not None


def can_read(user, group):
    if not _active(user):
        return False
    if user.is_staff or group.visibility == Visibility.PUBLIC:
        return True
    return membership_of(user, group) is not None


def can_post(user, group):
    """Site admins may post anywhere (to announce or moderate); others as members."""
    if group.is_archived or not _active(user):
        return False
    if user.is_staff:
        return True
    rank = rank_of(user, group)
    if group.posting_rule == PostingRule.MODERATORS:
        return rank >= ROLE_RANK[Role.MODERATOR]
    return rank > 0


def can_moderate(user, group):
    """Approve requests, invite, remove and ban members, moderate content."""
    return _active(user) and (user.is_staff or rank_of(user, group) >= ROLE_RANK[Role.MODERATOR])


def can_manage(user, group):
    """Change settings and roles, hand over ownership, archive."""
    return _active(user) and (user.is_staff or rank_of(user, group) >= ROLE_RANK[Role.OWNER])


def can_view_audit_log(user, group):
    return can_manage(user, group)


def can_join(user, group):
    return (
        _active(user)
        and group.visibility == Visibility.PUBLIC
        and not group.is_archived
        and membership_of(user, group) is None
        and not is_banned(user, group)
    )


def can_request_to_join(user, group):
    return (
        _active(user)
        and group.visibility == Visibility.PRIVATE
        and not group.is_archived
        and membership_of(user, group) is None
        and not is_banned(user, group)
        and not JoinRequest.objects.filter(
            group=group, user=user, status=JoinRequest.Status.PENDING
        ).exists()
    )


def can_invite(user, group):
    return not group.is_archived and can_moderate(user, group)


def can_change_role(actor, group, membership, new_role):
    """Owners and site admins set any role but cannot leave the group without an owner;
    moderators cannot change roles."""
    if not can_manage(actor, group) or membership.role == new_role:
        return False
    return not (membership.role == Role.OWNER and is_last_owner(membership))


def can_remove(actor, group, membership, owner_count=None):
    """Moderators remove members; only owners (and site admins) remove moderators; the
    last owner is never removed. A page listing many members passes ``owner_count``."""
    if actor.pk == membership.user_id or not can_moderate(actor, group):
        return False
    if is_last_owner(membership, owner_count):
        return False
    return actor.is_staff or rank_of(actor, group) > ROLE_RANK[membership.role]


def can_transfer(actor, group, membership):
    return (
        can_manage(actor, group)
        and membership.user_id != actor.pk
        and membership.role != Role.OWNER
    )


def is_last_owner(membership, owner_count=None):
    if membership.role != Role.OWNER:
        return False
    if owner_count is None:
        owner_count = Membership.objects.filter(
            group_id=membership.group_id, role=Role.OWNER
        ).count()
    return owner_count <= 1


def can_leave(user, group):
    membership = membership_of(user, group)
    return membership is not None and not is_last_owner(membership)


def can_respond_to_invitation(user, invitation):
    """Only the invited person, while the invitation waits and nothing keeps them out."""
    return (
        _active(user)
        and invitation.user_id == user.pk
        and invitation.status == invitation.Status.PENDING
        and not is_banned(user, invitation.group)
    )


def profile_groups(viewer, person):
    """The groups shown on a person's profile: membership is content, so only groups
    whose content the viewer may read (a private group's members are not public)."""
    return readable_groups(viewer).filter(
        Exists(Membership.objects.filter(group=OuterRef("pk"), user=person))
    )


def can_archive(user, group):
    return not group.is_archived and can_manage(user, group)


def can_restore(user, group):
    return group.is_archived and _active(user) and user.is_staff


def can_delete(user, group):
    return _active(user) and user.is_staff


def can_create_group(user):
    return _active(user)


def can_administer_groups(user):
    """The site admins' area listing every group, secret ones included."""
    return _active(user) and user.is_staff


# --- Lookups -----------------------------------------------------------------------------


def get_group_or_404(user, slug):
    """The group if this person may at least see it listed; otherwise 404, exactly as
    for a group that does not exist."""
    group = Group.objects.filter(slug__iexact=slug).first()
    if group is None or not can_list(user, group):
        raise Http404
    return group
