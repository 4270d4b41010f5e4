"""Forms of the feed: they parse and explain; actions check the limits and write."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Kind, ThreadState

MARKDOWN_HELP = _(
    "Markdown: **bold**, lists, `code`, > quotes, tables. @name mentions, #topic tags."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_empty_file", True)  # feed/uploads.py refuses it by name
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _body_field(limit, rows):
    return forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": rows, "data-mentions": "", "maxlength": limit}),
        help_text=MARKDOWN_HELP,
        # Emptiness and length are checked by the action, whose messages say more.
        required=False,
        strip=True,
    )


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    body = _body_field(settings.POST_MAX_CHARS, 8)
    files = MultipleFileField(label=_("Images and files"))

    def __init__(self, *args, can_announce=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_announce:
            self.fields["kind"].choices = [
                choice for choice in Kind.choices if choice[0] != Kind.ANNOUNCEMENT
            ]
        self.fields["title"].help_text = _(
            "Give a title to start a forum thread; a short update needs none. Questions "
            "always have one."
        )


class EditPostForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    body = _body_field(settings.POST_MAX_CHARS, 10)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CommentForm(forms.Form):
    body = _body_field(settings.COMMENT_MAX_CHARS, 4)
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    files = MultipleFileField(label=_("Images and files"))


class EditCommentForm(forms.Form):
    body = _body_field(settings.COMMENT_MAX_CHARS, 6)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason, shown to the author"), max_length=300, required=False)


class SubscriptionForm(forms.Form):
    subscription = forms.ChoiceField(choices=ThreadState.Subscription.choices)
