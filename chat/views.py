"""The chat's pages: the sidebar of rooms, a room with its latest messages (or those
around a linked one, or older ones), a thread, and the forms that make rooms.

Pages read; messages are written on the socket (chat/realtime.py) by static/js/chat/.
Every view asks the door first: a room that is not the person's is a 404, the same as
one that does not exist. The reading pages (a room, its threads, a message, its files)
also open a public group's channel to a non-member, read only: a *preview*, with a bar
that offers to join the group in place of the composer (chat/permissions.py).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from groups import permissions as group_permissions
from rse.accounts import permissions as people
from rse.files import protected_file_response

from . import actions, permissions, queries
from . import attachments as uploads
from .forms import AddPeopleForm, ChannelForm, ConversationForm, DirectForm, QuestionForm
from .models import CONVERSATION_MAX_PEOPLE, Room
from .serializers import attachment_data


def _number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < 2**63 else None


def _refused(form, error):
    for message in error.messages:
        form.add_error(None, message)


def _days():
    today = timezone.localdate()
    return {"today": today, "yesterday": today - timedelta(days=1)}


def _layout(request, current=None, *, pane_open=False):
    """What every chat page shows around its pane: the sidebar. On a phone the sidebar
    and the pane are two screens: ``pane_open`` shows the pane."""
    return {
        "sidebar": queries.sidebar(request.user, current=current),
        "current": current,
        "pane_open": pane_open,
        **_days(),
    }


def _picked(chosen, results, query):
    """Links of the people pickers without JavaScript: each result adds itself to the
    people chosen so far, each chosen person removes themself."""
    ids = [p.pk for p in chosen]
    for person in results:
        person.add_query = urlencode([("people", pk) for pk in [*ids, person.pk]])
    for person in chosen:
        rest = [("people", pk) for pk in ids if pk != person.pk]
        person.remove_query = urlencode([*rest, ("find", query)] if query else rest)
    return chosen, results


def _moderates(user, room):
    """Whether the page offers moderation: never in a preview (a site admin previewing a
    public channel moderates it only by joining)."""
    return (
        room.is_channel
        and not getattr(room, "previewing", False)
        and group_permissions.can_moderate(user, room.group)
    )


def _room_context(request, room):
    me = request.user
    queries.room_people(room, me)
    context = {
        "room": room,
        "can_write": permissions.can_write(me, room),
        "can_moderate": _moderates(me, room),
        "can_add_people": room.kind == Room.Kind.CONVERSATION
        and permissions.can_add_people(me, room),
        "max_chars": settings.CHAT_MESSAGE_MAX_CHARS,
    }
    if getattr(room, "previewing", False):
        context["preview"] = {
            "channels": queries.preview_channels(me, room.group),
            "can_join": group_permissions.can_join(me, room.group),
        }
    return context


@require_GET
def index(request):
    context = _layout(request)
    side = context["sidebar"]
    rooms = [r for _g, rooms, _may in side.groups for r in rooms] + side.direct
    rooms += side.conversations
    context["waiting"] = sorted(
        (r for r in rooms if r.unread or r.mentions), key=lambda r: (-r.mentions, -r.unread)
    )[:8]
    return render(request, "chat/index.html", context)


@require_GET
def sidebar(request):
    """The sidebar alone, for the page to refresh it when a room appears."""
    current = permissions.room_or_none(request.user, request.GET.get("room"))
    return render(request, "chat/_sidebar.html", _layout(request, current))


@require_GET
def room_page(request, room_id, thread_id=None):
    """A room: its latest messages, or (``?message=<seq>``) those around a linked one,
    or (``?before=<seq>`` / ``?after=<seq>``) an older or newer page. htmx asks for the
    pages alone, to add them to the list it shows."""
    me = request.user
    room = permissions.get_room_for_reading_or_404(me, room_id)
    before, after, target = (_number(request.GET.get(k)) for k in ("before", "after", "message"))
    highlight = None
    if target is not None:
        linked = queries.message_by_seq(room, target)
        if linked is None:
            messages.info(request, _("This message is no longer here."))
            page = queries.latest(room)
        else:
            highlight = linked.seq
            if linked.parent_id is not None:
                thread_id = thread_id or linked.parent_id
                linked = linked.parent
            page = queries.around(room, linked.seq)
    elif before is not None:
        page = queries.before(room, before)
    elif after is not None:
        page = queries.after(room, after)
    else:
        page = queries.latest(room)
    # A previewer has no read state: nothing is unread for them, no line is drawn.
    last_read = None if room.previewing else queries.read_marker(me, room)
    queries.dress(
        page.messages,
        me,
        last_read=last_read,
        moderator=_moderates(me, room),
        writable=not room.previewing,
    )
    context = {"page": page, "last_read": last_read, "highlight": highlight, **_days()}
    if request.htmx and (before is not None or after is not None):
        context.update(room=room, can_write=permissions.can_write(me, room))
        return render(request, "chat/_page.html", context)
    context.update(_room_context(request, room))
    context.update(_layout(request, room))
    if thread_id is not None:
        context.update(_thread_context(request, room, thread_id))
    return render(request, "chat/room.html", context)


def _thread_context(request, room, message_id):
    parent, replies, more = queries.thread(room, message_id)
    if parent is None:
        raise Http404
    moderator, writable = _moderates(request.user, room), not room.previewing
    queries.dress([parent], request.user, moderator=moderator, writable=writable)
    queries.dress(replies, request.user, moderator=moderator, writable=writable)
    parent.room = room
    context = {"thread": parent, "replies": replies, "more_replies": more}
    if permissions.can_make_question(request.user, parent):
        title = parent.body.splitlines()[0][:200] if parent.body else ""
        context["question_form"] = QuestionForm(initial={"title": title}, replies=replies)
    return context


@require_GET
def thread_page(request, room_id, message_id):
    """A message's thread: in the side panel (htmx), or as the room's page with the
    panel open (a link, or a browser without JavaScript)."""
    if not request.htmx:
        return room_page(request, room_id, thread_id=message_id)
    me = request.user
    current = permissions.get_room_for_reading_or_404(me, room_id)
    context = {
        "room": current,
        "can_write": permissions.can_write(me, current),
        **_thread_context(request, current, message_id),
        **_days(),
    }
    return render(request, "chat/_thread.html", context)


@require_GET
def message(request, room_id, seq):
    """One message as the room shows it (the page asks when it needs a message it only
    knows from a frame: to edit it, or to show its author's picture)."""
    me = request.user
    current = permissions.get_room_for_reading_or_404(me, room_id)
    found = queries.message_by_seq(current, seq)
    if found is None:
        raise Http404
    queries.dress([found], me, moderator=_moderates(me, current), writable=not current.previewing)
    found.new_day = found.continued = False
    return render(
        request,
        "chat/_message.html",
        {
            "room": current,
            "message": found,
            "in_thread": found.parent_id is not None,
            "can_write": permissions.can_write(me, current),
        },
    )


@require_GET
def people_search(request):
    """Colleagues by name, for the people pickers."""
    found = queries.find_people(request.user, request.GET.get("q", ""))
    return JsonResponse(
        {
            "people": [
                {"id": p.pk, "name": p.display_name, "title": p.job_title or p.department}
                for p in found
            ]
        }
    )


@require_GET
def mentions(request, room_id):
    """@mention suggestions for a room's composer: the people who read the room (a
    channel's group members, a direct message's or conversation's participants), since
    only they can be mentioned there."""
    current = permissions.get_room_or_404(request.user, room_id)
    found = queries.mentionable(current, request.user, request.GET.get("q", ""))
    return JsonResponse(
        {
            "people": [
                {"handle": p.handle, "name": p.display_name, "title": p.job_title} for p in found
            ]
        }
    )


# --- Files ---------------------------------------------------------------------------------


@require_POST
def upload(request, room_id):
    """One file chosen in the composer, stored at once as the person's pending upload;
    the message that carries it names it in ``chat.send`` (chat/attachments.py)."""
    me = request.user
    current = permissions.get_room_or_404(me, room_id)
    if not permissions.can_write(me, current):
        raise Http404
    chosen = request.FILES.getlist("file")
    if len(chosen) != 1:
        return JsonResponse({"error": _("Choose one file to attach.")}, status=400)
    try:
        attachment = uploads.upload(uploader=me, room=current, file=chosen[0])
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse(attachment_data(attachment), status=201)


@require_POST
def discard(request, room_id, attachment_id):
    """The chip's remove button: an upload not sent yet goes away."""
    me = request.user
    attachment = permissions.get_attachment_or_404(me, room_id, attachment_id)
    try:
        uploads.discard(uploader=me, attachment=attachment)
    except PermissionDenied:
        raise Http404 from None
    return HttpResponse(status=204)


@require_GET
def file(request, room_id, attachment_id, kind):
    """A file through the door, as the feed serves its own: images inline, other files
    as downloads, never sniffed, never run (rse/files.py)."""
    attachment = permissions.get_attachment_or_404(request.user, room_id, attachment_id)
    if kind == "thumbnail" and attachment.is_image:
        return protected_file_response(attachment.thumbnail)
    if kind != "file":
        raise Http404
    name = None if attachment.is_image else attachment.name
    return protected_file_response(attachment.file, download_name=name)


# --- Making rooms --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def new_channel(request):
    me = request.user
    groups = queries.creatable_groups(me)
    initial = {"group": _number(request.GET.get("group"))}
    form = ChannelForm(
        request.POST if request.method == "POST" else None, groups=groups, initial=initial
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                created = actions.create_channel(
                    actor=me,
                    group=form.cleaned_data["group"],
                    name=form.cleaned_data["name"],
                    topic=form.cleaned_data["topic"],
                )
            except ValidationError as error:
                _refused(form, error)
            except PermissionDenied:
                form.add_error(None, _("You cannot create channels in this group."))
            else:
                messages.success(request, _("Channel #%(name)s created.") % {"name": created.name})
                return redirect(created)
    context = {"form": form, "groups": groups, **_layout(request, pane_open=True)}
    return render(request, "chat/new_channel.html", context, status=status)


def _chosen(request, source, limit=CONVERSATION_MAX_PEOPLE):
    """The colleagues already picked (``people`` ids in the address or the form)."""
    ids = [n for n in (_number(v) for v in source.getlist("people")) if n is not None]
    if not ids:
        return []
    return list(
        people.directory_for(request.user)
        .exclude(pk=request.user.pk)
        .filter(pk__in=ids[: limit * 2])
        .order_by("display_name")[:limit]
    )


@require_http_methods(["GET", "POST"])
def new_direct(request):
    me = request.user
    form = DirectForm(request.POST if request.method == "POST" else None, user=me)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                direct = actions.open_direct(actor=me, other=form.cleaned_data["person"])
            except ValidationError as error:
                _refused(form, error)
            else:
                return redirect(direct)
    query = request.GET.get("find", "")
    context = {
        "form": form,
        "query": query,
        "results": queries.find_people(me, query, limit=20),
        **_layout(request, pane_open=True),
    }
    return render(request, "chat/new_direct.html", context, status=status)


@require_http_methods(["GET", "POST"])
def new_conversation(request):
    me = request.user
    form = ConversationForm(request.POST if request.method == "POST" else None, user=me)
    source = request.POST if request.method == "POST" else request.GET
    chosen = _chosen(request, source)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            picked, name = form.cleaned_data["people"], form.cleaned_data["name"].strip()
            try:
                if len(picked) == 1 and not name:
                    # Two people without a name: that is their direct message.
                    made = actions.open_direct(actor=me, other=picked[0])
                else:
                    made = actions.create_conversation(actor=me, people=picked, name=name)
            except ValidationError as error:
                _refused(form, error)
            else:
                return redirect(made)
    query = request.GET.get("find", "")
    results = queries.find_people(me, query, exclude=[p.pk for p in chosen], limit=20)
    _picked(chosen, results, query)
    context = {
        "form": form,
        "query": query,
        "chosen": chosen,
        "results": results,
        "limit": CONVERSATION_MAX_PEOPLE - 1,
        **_layout(request, pane_open=True),
    }
    return render(request, "chat/new_conversation.html", context, status=status)


@require_http_methods(["GET", "POST"])
def add_people(request, room_id):
    me = request.user
    current = permissions.get_room_or_404(me, room_id)
    if current.kind == Room.Kind.DIRECT:
        # Adding someone to a direct message starts a conversation of the three.
        partner = current.participants.exclude(user=me).values_list("user_id", flat=True)
        return redirect(reverse("chat:new_conversation") + f"?people={next(iter(partner), '')}")
    if current.kind != Room.Kind.CONVERSATION:
        raise Http404
    form = AddPeopleForm(request.POST if request.method == "POST" else None, user=me, room=current)
    source = request.POST if request.method == "POST" else request.GET
    chosen = _chosen(request, source)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.add_people(actor=me, room=current, people=form.cleaned_data["people"])
            except PermissionDenied:
                form.add_error(
                    None,
                    _("A conversation has at most %(limit)d people.")
                    % {"limit": CONVERSATION_MAX_PEOPLE},
                )
            else:
                messages.success(request, _("Added to the conversation."))
                return redirect(current)
    query = request.GET.get("find", "")
    present = list(current.participants.values_list("user_id", flat=True))
    results = queries.find_people(me, query, exclude=present + [p.pk for p in chosen], limit=20)
    _picked(chosen, results, query)
    context = {
        "form": form,
        "query": query,
        "chosen": chosen,
        "results": results,
        "limit": max(CONVERSATION_MAX_PEOPLE - len(present), 0),
        **_room_context(request, current),
        **_layout(request, current, pane_open=True),
    }
    return render(request, "chat/add_people.html", context, status=status)


@require_http_methods(["POST"])
def make_question(request, room_id, message_id):
    """One click from a chat exchange to a forum question; the chat shows where it went."""
    me = request.user
    current = permissions.get_room_or_404(me, room_id)
    parent, replies, _more = queries.thread(current, message_id)
    if parent is None:
        raise Http404
    parent.room = current
    if not permissions.can_make_question(me, parent):
        raise Http404
    form = QuestionForm(request.POST, replies=replies)
    if form.is_valid():
        accepted = next((r for r in replies if r.pk == form.cleaned_data["accepted"]), None)
        try:
            post = actions.make_question(
                actor=me, message=parent, title=form.cleaned_data["title"], accepted_reply=accepted
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The exchange is now a question in the group's forum."))
            return redirect(post)
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect(reverse("chat:thread", args=[current.pk, parent.pk]))
