"""Lists of posts: the home feed, a group's feed and forum, a topic, the unanswered
questions. Every list pages by cursor and asks the door for the posts it may show."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from groups import permissions as group_permissions
from rse.accounts import permissions as people
from rse.accounts.models import Follow

from .. import permissions, queries
from ..forms import PostForm
from ..models import Kind, Topic

PROFILE_COMPLETENESS_FIELDS = ("job_title", "department", "location", "bio", "avatar_small")
# What a post card asks of its page: a missing variable cost the template an exception
# each time, three a card.
CARD_DEFAULTS = {"full": False, "hide_group": False}


def _choice(request, name, allowed):
    value = request.GET.get(name, allowed[0])
    return value if value in allowed else allowed[0]


def _render_page(request, template, context, page):
    """A full page, or only the next posts when htmx asks for more (infinite scroll)."""
    context = {**CARD_DEFAULTS, **context, "page": page, "posts": page.items}
    if request.htmx and request.GET.get("cursor"):
        return render(request, "feed/_post_list.html", context)
    return render(request, template, context)


@require_GET
def home(request):
    me = request.user
    show = _choice(request, "show", queries.HOME_FILTERS)
    page = queries.page_of_posts(
        queries.home_posts(me, show), me, cursor=request.GET.get("cursor", "")
    )
    shows_pinned = show in ("all", "announcements") and not request.GET.get("cursor")
    context = {
        **(pinned_context(me) if shows_pinned else pinned_context(None)),
        "show": show,
        "filters": queries.HOME_FILTERS,
        "composer_groups": permissions.postable_groups(me),
        "form": PostForm(initial={"kind": Kind.DISCUSSION}),
        "live_scope": "home",
    }
    return _render_page(request, "feed/home.html", context, page)


def pinned_context(me, group=None, *, expanded=False):
    """What the announcements strip above a feed needs: the newest announcements pinned
    for this person (of all their groups, or of ``group``) and how many there are, in one
    query. ``me=None`` for a list that shows no strip. The dismiss views render the strip
    again with it, for the same feed, and keep its list open if it was."""
    pinned, total = queries.pinned_strip(me, group) if me is not None else ([], 0)
    return {
        "pinned": pinned,
        "pinned_total": total,
        "pinned_unlisted": total - len(pinned),
        "pinned_up_to": max((post.pk for post in pinned), default=0),
        "pinned_group": group,
        "pinned_expanded": expanded,
    }


@require_GET
def home_aside(request):
    """The home page's side column, asked for by the page once it shows (htmx): the feed
    comes first, and on a phone, where the column sits under a feed that grows as it is
    scrolled, it is asked for only if someone scrolls to it."""
    me = request.user
    missing = [name for name in PROFILE_COMPLETENESS_FIELDS if not getattr(me, name)]
    followed = Follow.objects.filter(follower=me).values("followed")
    directory = people.directory_for(me).exclude(pk=me.pk).exclude(pk__in=followed)
    context = {
        "missing": missing,
        "completeness": round(100 * (1 - len(missing) / len(PROFILE_COMPLETENESS_FIELDS))),
        "my_groups": list(
            group_permissions.member_groups(me).order_by("-last_activity_at", "pk")[:8]
        ),
        "to_meet": list(
            (directory.filter(department=me.department) if me.department else directory).order_by(
                "-date_joined"
            )[:4]
        ),
        "unanswered": list(
            queries.home_posts(me, "unanswered")
            .exclude(author=me)
            .select_related("group")
            .order_by("-created_at", "-pk")[:4]
        ),
    }
    return render(request, "feed/_home_aside.html", context)


def group_feed_context(request, group):
    """What the group's page shows of the feed: its pinned announcements, its posts, and
    a composer for those who may post. Asked for by the groups app's page."""
    me = request.user
    if not group_permissions.can_read(me, group):
        return {}
    page = queries.page_of_posts(
        permissions.visible_posts(me).filter(group=group), me, cursor=request.GET.get("cursor", "")
    )
    return {
        "page": page,
        "posts": page.items,
        **pinned_context(me, group),
        "can_create_post": permissions.can_create_post(me, group),
        "can_announce": permissions.can_post_announcements(me, group),
        "form": PostForm(
            initial={"kind": Kind.DISCUSSION},
            can_announce=permissions.can_post_announcements(me, group),
        ),
        "live_scope": "group",
        **CARD_DEFAULTS,
        "hide_group": True,
    }


@require_GET
def forum(request, slug):
    me = request.user
    group = group_permissions.get_group_or_404(me, slug)
    if not group_permissions.can_read(me, group):
        raise Http404
    show = _choice(request, "show", queries.FORUM_FILTERS)
    topic = request.GET.get("topic", "").strip().lower()[:40]
    page = queries.page_of_posts(
        queries.forum_posts(me, group, show, topic),
        me,
        cursor=request.GET.get("cursor", ""),
        key="last_activity_at",
    )
    context = {
        "group": group,
        "show": show,
        "topic": topic,
        "filters": queries.FORUM_FILTERS,
        "topics": queries.forum_topics(me, group),
        "can_read": True,
        "can_create_post": permissions.can_create_post(me, group),
        "member_count": group.memberships.filter(user__is_active=True).count(),
        "can_manage": group_permissions.can_manage(me, group),
        "can_restore": group_permissions.can_restore(me, group),
    }
    if request.htmx and request.GET.get("cursor"):
        return render(
            request, "feed/_thread_rows.html", {**context, "page": page, "posts": page.items}
        )
    return render(request, "feed/forum.html", {**context, "page": page, "posts": page.items})


@require_GET
def topic(request, name):
    me = request.user
    topic = get_object_or_404(Topic, name=name.lower())
    posts = permissions.visible_posts(me).filter(topics=topic)
    if not posts.exists():
        # A topic used only where this person cannot read is not theirs to learn of.
        raise Http404
    page = queries.page_of_posts(posts, me, cursor=request.GET.get("cursor", ""))
    return _render_page(request, "feed/topic.html", {"topic": topic}, page)


@require_GET
def unanswered(request):
    me = request.user
    posts = queries.home_posts(me, "unanswered").filter(~Q(author=me))
    page = queries.page_of_posts(posts, me, cursor=request.GET.get("cursor", ""))
    return _render_page(request, "feed/unanswered.html", {}, page)
