"""A group's audit log, for those who manage it: who did what to the group and its
members. The site-wide log is the site admins' (site_admin.py)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import permissions

LOG_PER_PAGE = 50


@require_GET
def audit_log(request, slug):
    group = permissions.get_group_or_404(request.user, slug)
    if not permissions.can_view_audit_log(request.user, group):
        raise Http404
    entries = group.audit_entries.select_related("actor", "target")
    page = Paginator(entries, LOG_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "group": group,
        "page": page,
        "can_manage": True,
        "can_read": True,
        "member_count": group.memberships.filter(user__is_active=True).count(),
    }
    return render(request, "groups/audit_log.html", context)
