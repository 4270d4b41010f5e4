"""Forms of the groups pages: they parse and explain; actions decide and write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rse.accounts.models import User
from rse.fields import SquareImageField

from .models import RESERVED_SLUGS, Group, NotificationLevel, Role


class GroupForm(forms.ModelForm):
    image = SquareImageField(label=_("Image"))
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    class Meta:
        model = Group
        fields = [
            "name",
            "slug",
            "description",
            "visibility",
            "posting_rule",
            "members_can_create_channels",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "visibility": forms.RadioSelect,
            "posting_rule": forms.RadioSelect,
        }
        help_texts = {"description": _("Markdown: **bold**, lists, links.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Lowercase letters, digits and hyphens. Left empty, it is made from the name."
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3:
            raise ValidationError(_("A group name has at least 3 characters."))
        return name

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This web address is reserved. Choose another one."))
        taken = Group.objects.filter(slug__iexact=slug).exclude(pk=self.instance.pk)
        if slug and taken.exists():
            raise ValidationError(_("This web address is already taken. Choose another one."))
        return slug

    def validate_unique(self):
        """Uniqueness is checked case-insensitively in clean_slug and by the database."""


class AdminGroupForm(GroupForm):
    owner = forms.EmailField(
        label=_("Owner's email address"),
        help_text=_("The colleague who will run the group."),
    )

    def clean_owner(self):
        owner = User.objects.active().filter(email__iexact=self.cleaned_data["owner"]).first()
        if owner is None:
            raise ValidationError(_("No active colleague has this email address."))
        return owner

    class Meta(GroupForm.Meta):
        fields = ["owner", *GroupForm.Meta.fields]


class DirectoryForm(forms.Form):
    FILTERS = [
        ("all", _("All")),
        ("mine", _("My groups")),
        ("public", _("Public")),
        ("private", _("Private")),
    ]
    SORTS = [("active", _("Most active")), ("new", _("Newest")), ("name", _("Name"))]

    q = forms.CharField(label=_("Search groups"), required=False, max_length=100)
    filter = forms.ChoiceField(label=_("Show"), choices=FILTERS, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the moderators (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(forms.Form):
    who = forms.CharField(
        label=_("Invite by name or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_who(self):
        """A colleague's exact name or email, or any email address."""
        value = self.cleaned_data["who"].strip()
        if "@" in value:
            try:
                forms.EmailField().clean(value)
            except ValidationError:
                raise ValidationError(_("Enter a valid email address.")) from None
            return value.lower()
        matches = list(User.objects.active().filter(display_name__iexact=value)[:2])
        if len(matches) != 1:
            raise ValidationError(
                _("No single colleague is called “%(name)s”. Use their email address.")
                % {"name": value}
            )
        return matches[0].email


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class NotificationForm(forms.Form):
    level = forms.ChoiceField(label=_("Notify me of"), choices=NotificationLevel.choices)


class BanForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=300)


class DeleteForm(forms.Form):
    confirm_name = forms.CharField(label=_("Type the group's name to confirm"), max_length=80)
