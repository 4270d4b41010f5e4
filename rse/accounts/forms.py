"""Profile, sign-up, invitation and directory forms."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from rse.fields import SquareImageField

from .actions import parse_skills
from .invitations import signup_allowed_for
from .models import User


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, with a name, and open only to allowed addresses (the
    adapter's clean_email also serves password reset, so the rule lives here)."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        widget=forms.TextInput(
            attrs={"autocomplete": "name", "placeholder": _("First and last name")}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["email", "display_name"])

    def clean_email(self):
        email = super().clean_email()
        if email and not signup_allowed_for(email):
            if settings.SIGNUP_DOMAINS:
                raise ValidationError(
                    _(
                        "Sign-up is open to addresses at %(domains)s. Ask a site admin for an "
                        "invitation if you use another address."
                    )
                    % {"domains": ", ".join(settings.SIGNUP_DOMAINS)}
                )
            raise ValidationError(
                _("This address has not been invited. Use the address your invitation was sent to.")
            )
        return email

    def custom_signup(self, request, user):
        user.display_name = " ".join(self.cleaned_data["display_name"].split())
        language = getattr(request, "LANGUAGE_CODE", "en")
        user.language = language if language in ("en", "fr") else "en"
        user.save(update_fields=["display_name", "language"])


class ProfileForm(forms.ModelForm):
    skills_text = forms.CharField(
        label=_("Ask me about"),
        required=False,
        max_length=600,
        help_text=_("Topics colleagues can ask you about, separated by commas."),
    )
    avatar = SquareImageField(label=_("Photo"))
    remove_avatar = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = User
        fields = [
            "display_name",
            "job_title",
            "department",
            "location",
            "phone",
            "bio",
            "language",
            "time_zone",
            "show_last_seen",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["skills_text"] = ", ".join(s.name for s in self.instance.skills.all())

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise ValidationError(_("Enter your name."))
        return name

    def clean_skills_text(self):
        return parse_skills(self.cleaned_data["skills_text"])


class InvitationForm(forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "ana@example.com\nbob@example.com"}),
        help_text=_("One address per line, or separated by commas. At most 50 at a time."),
    )

    def clean_emails(self):
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        emails = list(dict.fromkeys(e.strip().lower() for e in raw.splitlines() if e.strip()))
        if len(emails) > 50:
            raise ValidationError(_("Invite at most 50 addresses at a time."))
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                bad.append(email)
        if bad:
            raise ValidationError(
                _("These are not valid email addresses: %(list)s") % {"list": ", ".join(bad)}
            )
        if not emails:
            raise ValidationError(_("Enter at least one email address."))
        return emails


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search people"), required=False, max_length=100)
    department = forms.CharField(label=_("Department"), required=False, max_length=80)
    skill = forms.CharField(label=_("Skill"), required=False, max_length=40)
