"""The site admins' area (/groups/admin/): every group, secret ones included, a group
created for a named owner, and the audit log of every group."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import actions, permissions
from ..forms import AdminGroupForm, GroupForm
from ..models import AuditEntry, Group, Visibility
from .common import form_errors
from .log import LOG_PER_PAGE


@require_GET
def admin_list(request):
    if not permissions.can_administer_groups(request.user):
        raise Http404
    query = request.GET.get("q", "").strip()[:100]
    visibility = request.GET.get("visibility", "")
    groups = Group.objects.search(query).with_member_count()
    if visibility in Visibility.values:
        groups = groups.filter(visibility=visibility)
    if request.GET.get("archived") == "1":
        groups = groups.filter(archived_at__isnull=False)
    page = Paginator(groups.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "visibility": visibility,
        "visibilities": Visibility.choices,
        "archived": request.GET.get("archived") == "1",
    }
    return render(request, "groups/admin_list.html", context)


def admin_create(request):
    if not permissions.can_administer_groups(request.user):
        raise Http404
    form = AdminGroupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in GroupForm.Meta.fields}
        try:
            group = actions.create_group(
                by=request.user,
                fields=fields,
                owner=form.cleaned_data["owner"],
                image=form.cleaned_data.get("image"),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(group)s is created; %(owner)s owns it.")
                % {"group": group.name, "owner": form.cleaned_data["owner"].display_name},
            )
            return redirect("groups:admin")
    return render(request, "groups/form.html", {"form": form, "creating": True, "admin": True})


@require_GET
def admin_log(request):
    if not permissions.can_administer_groups(request.user):
        raise Http404
    entries = AuditEntry.objects.select_related("actor", "target", "group")
    page = Paginator(entries, LOG_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "groups/audit_log.html", {"page": page, "site_wide": True})
