"""The directory of groups (/groups/): search, filters and sorting, a page of groups with
their member counts and my role, and suggestions from my department. The same URL answers
htmx with the results only."""

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from .. import permissions
from ..forms import DirectoryForm
from ..models import Membership, Visibility
from .common import pending_invitations

GROUPS_PER_PAGE = 20


@require_GET
@vary_on_headers("HX-Request")  # the same URL answers a fragment to htmx
def directory(request):
    form = DirectoryForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    groups = permissions.listable_groups(request.user).search(data.get("q", ""))
    shown = data.get("filter") or "all"
    if shown == "mine":
        # Exists, not a join: a join here would also restrict the member count below.
        groups = groups.filter(
            Exists(Membership.objects.filter(group=OuterRef("pk"), user=request.user))
        )
    elif shown in (Visibility.PUBLIC, Visibility.PRIVATE):
        groups = groups.filter(visibility=shown)
    order = {"new": ["-created_at"], "name": ["name"]}.get(data.get("sort"), ["-last_activity_at"])
    page = Paginator(groups.order_by(*order, "pk"), GROUPS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    _annotate_page(page.object_list, request.user)
    context = {
        "form": form,
        "page": page,
        "shown": shown,
        "sort": data.get("sort") or "active",
        "query": data.get("q", ""),
        "suggested": _suggested(request.user) if not request.htmx else [],
        "invitation_count": pending_invitations(request.user).count(),
        "can_create": permissions.can_create_group(request.user),
    }
    template = "groups/_directory_results.html" if request.htmx else "groups/directory.html"
    return render(request, template, context)


def _annotate_page(groups, user):
    """Member counts and my role for the groups of one page only: counting every
    group's members before paginating grew with the number of groups (make bench)."""
    groups = list(groups)
    ids = [group.pk for group in groups]
    counts = dict(
        Membership.objects.filter(group_id__in=ids, user__is_active=True)
        .values_list("group_id")
        .annotate(count=Count("pk"))
    )
    roles = dict(
        Membership.objects.filter(group_id__in=ids, user=user).values_list("group_id", "role")
    )
    for group in groups:
        group.member_count = counts.get(group.pk, 0)
        group.my_role = roles.get(group.pk)
        group.is_member = group.my_role is not None


def _suggested(user, limit=4):
    """Groups that colleagues of the same department belong to, and I do not.

    Counted from the colleagues' memberships (a department is small) rather than over
    every group's members, which grew with the number of groups (make bench)."""
    if not user.department:
        return []
    top = dict(
        Membership.objects.filter(user__department=user.department, user__is_active=True)
        .exclude(user=user)
        .exclude(group__in=permissions.member_groups(user))
        .values_list("group")
        .annotate(colleagues=Count("pk"))
        .order_by("-colleagues", "group")[: limit * 5]
    )
    groups = list(
        permissions.listable_groups(user)
        .filter(pk__in=top, archived_at__isnull=True)
        .only("pk", "name", "slug", "image_small", "image_large", "visibility")
    )
    for group in groups:
        group.colleagues = top[group.pk]
    return sorted(groups, key=lambda g: (-g.colleagues, g.name))[:limit]
