"""Forms of the chat: they parse and explain; the actions check the limits and write.
Messages are not written through forms: they travel on the socket (docs/realtime.md)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from rse.accounts import permissions as people

from .models import CONVERSATION_MAX_PEOPLE

CHANNEL_NAME = re.compile(r"^[\w-]+$")


class ChannelForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Group"), coerce=int)
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("Lower case, no spaces: for example release-notes."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=250,
        required=False,
        help_text=_("Optional: what the channel is for, shown under its name."),
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {group.pk: group for group in groups}
        self.fields["group"].choices = [(group.pk, group.name) for group in groups]

    def clean_name(self):
        name = "-".join(self.cleaned_data["name"].strip().lower().split())
        name = name.lstrip("#")
        if not CHANNEL_NAME.match(name):
            raise forms.ValidationError(
                _("Use letters, numbers, hyphens and underscores only: for example release-notes.")
            )
        return name

    def clean_group(self):
        group = self.groups.get(self.cleaned_data["group"])
        if group is None:
            raise forms.ValidationError(_("Choose one of your groups."))
        return group


class _PeopleField(forms.ModelMultipleChoiceField):
    """Colleagues by id. Rendered by the template (a search and the people chosen so
    far), never as one checkbox per employee."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        super().__init__(queryset=None, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "invalid_choice": _("One of the people chosen is not an active colleague."),
            "invalid_pk_value": _("One of the people chosen is not an active colleague."),
        }


class DirectForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Colleague"),
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose the colleague to write to."),
            "invalid_choice": _("Choose an active colleague to write to."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people.directory_for(user).exclude(pk=user.pk)


class ConversationForm(forms.Form):
    people = _PeopleField(
        label=_("People"),
        error_messages={"required": _("Add at least one colleague to the conversation.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        required=False,
        help_text=_("Optional. Without a name, the conversation is called by who is in it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people.directory_for(user).exclude(pk=user.pk)

    def clean_people(self):
        chosen = self.cleaned_data["people"]
        if len(chosen) + 1 > CONVERSATION_MAX_PEOPLE:
            raise forms.ValidationError(
                _(
                    "A conversation has at most %(limit)d people, you included: use a "
                    "group channel for more."
                )
                % {"limit": CONVERSATION_MAX_PEOPLE}
            )
        return list(chosen)


class AddPeopleForm(forms.Form):
    people = _PeopleField(
        label=_("People to add"),
        error_messages={"required": _("Choose at least one colleague to add.")},
    )

    def __init__(self, *args, user, room, **kwargs):
        super().__init__(*args, **kwargs)
        self.room = room
        self.fields["people"].queryset = (
            people.directory_for(user).exclude(pk=user.pk).exclude(chat_participations__room=room)
        )
        self.present = room.participants.count()

    def clean_people(self):
        chosen = list(self.cleaned_data["people"])
        room_left = CONVERSATION_MAX_PEOPLE - self.present
        if len(chosen) > room_left:
            raise forms.ValidationError(
                _("A conversation has at most %(limit)d people: you can add %(left)d more.")
                % {"limit": CONVERSATION_MAX_PEOPLE, "left": max(room_left, 0)}
            )
        return chosen


class QuestionForm(forms.Form):
    """Turning a thread into a forum question: its title, and maybe its accepted answer."""

    title = forms.CharField(label=_("Question title"), max_length=200)
    accepted = forms.TypedChoiceField(
        label=_("Accepted answer"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, replies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accepted"].choices = [("", _("None yet"))] + [
            (reply.pk, f"{reply.author.display_name}: {reply.body[:80]}") for reply in replies
        ]
