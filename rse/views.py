"""Pages of the product shell that belong to no single app."""

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from groups import permissions as group_permissions
from rse.accounts import permissions as people
from rse.accounts.models import Follow

PROFILE_COMPLETENESS_FIELDS = ("job_title", "department", "location", "bio", "avatar_small")


@require_GET
def home(request):
    """The landing page: welcome, what is missing from one's profile, colleagues to meet.
    The feed (issue "Feed and forums") takes this place when it arrives."""
    me = request.user
    missing = [name for name in PROFILE_COMPLETENESS_FIELDS if not getattr(me, name)]
    directory = people.directory_for(me).exclude(pk=me.pk)
    followed = Follow.objects.filter(follower=me).values("followed")
    same_team = (
        list(directory.filter(department=me.department).exclude(pk__in=followed)[:6])
        if me.department
        else []
    )
    newcomers = list(directory.exclude(Q(pk__in=followed)).order_by("-date_joined")[:6])
    # From the follow side: a person follows few, the company has many.
    following = [
        follow.followed
        for follow in Follow.objects.filter(follower=me, followed__in=directory)
        .select_related("followed")
        .order_by("followed__display_name")[:12]
    ]
    my_groups = list(group_permissions.member_groups(me).order_by("-last_activity_at", "pk")[:8])
    context = {
        "my_groups": my_groups,
        "missing": missing,
        "completeness": round(100 * (1 - len(missing) / len(PROFILE_COMPLETENESS_FIELDS))),
        "same_team": same_team,
        "newcomers": newcomers,
        "following": following,
    }
    return render(request, "home.html", context)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
