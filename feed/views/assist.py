"""Helpers of the editor: a preview rendered exactly as publishing would, similar
questions while a title is typed, and the people an @mention may name. Each answers
only within what the asker may read."""

from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from groups import permissions as group_permissions
from rse.markup import render_markdown

from .. import permissions
from ..actions.writing import render as render_body
from ..models import Kind

SIMILAR_SHOWN = 5
PEOPLE_SHOWN = 8


def _readable_group(request, source):
    slug = source.get("group", "")
    if not slug:
        return None
    group = group_permissions.get_group_or_404(request.user, slug)
    if not group_permissions.can_read(request.user, group):
        raise Http404
    return group


@require_POST
def preview(request):
    group = _readable_group(request, request.POST)
    body = request.POST.get("body", "")[:50_000]
    html = render_body(body, group, request.user).html if group else render_markdown(body)
    return render(request, "feed/_preview.html", {"html": html})


@require_GET
def similar(request):
    """Questions (visible to the asker) whose title shares words with the one typed."""
    words = [w for w in request.GET.get("title", "").split() if len(w) >= 4][:6]
    questions = []
    if words:
        query = Q()
        for word in words:
            query |= Q(title__icontains=word)
        questions = list(
            permissions.visible_posts(request.user)
            .filter(query, kind=Kind.QUESTION)
            .select_related("group")
            .order_by("-last_activity_at", "-pk")[:50]
        )
        lowered = [w.lower() for w in words]
        questions.sort(
            key=lambda q: (-sum(w in q.title.lower() for w in lowered), not q.accepted_answer_id)
        )
    return render(request, "feed/_similar.html", {"questions": questions[:SIMILAR_SHOWN]})


@require_GET
def people(request):
    """Autocomplete of @mentions: the people who can read the group, by name or handle."""
    group = _readable_group(request, request.GET)
    if group is None:
        raise Http404
    text = request.GET.get("q", "").strip()[:40]
    candidates = permissions.readers_of(group).exclude(pk=request.user.pk)
    if text:
        candidates = candidates.filter(Q(display_name__icontains=text) | Q(email__istartswith=text))
    rows = candidates.order_by("display_name")[:PEOPLE_SHOWN]
    return JsonResponse(
        {
            "people": [
                {"handle": person.handle, "name": person.display_name, "title": person.job_title}
                for person in rows
            ]
        }
    )
