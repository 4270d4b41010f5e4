"""People: the custom user (email is the login), their skills, follows and invitations."""

import hashlib
import secrets
import zoneinfo
from functools import reduce
from operator import and_

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rse.links import link

TIME_ZONE_CHOICES = [(tz, tz.replace("_", " ")) for tz in sorted(zoneinfo.available_timezones())]
AVATAR_SIZES = (64, 256)


class UserQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, text):
        """Every word must match a name, title, department, location or skill, so
        "support paris" finds the Paris support team rather than everyone in either."""
        words = text.split()[:8]
        if not words:
            return self
        clauses = []
        for word in words:
            skill = Skill.objects.filter(people=OuterRef("pk"), name__icontains=word)
            clauses.append(
                Q(display_name__icontains=word)
                | Q(job_title__icontains=word)
                | Q(department__icontains=word)
                | Q(location__icontains=word)
                | Q(email__istartswith=word)
                | Exists(skill)
            )
        return self.filter(reduce(and_, clauses))

    def departments(self):
        return (
            self.active()
            .exclude(department="")
            .values_list("department", flat=True)
            .order_by("department")
            .distinct()
        )


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class Skill(models.Model):
    """An "ask me about" topic; shared between people so that the directory can list
    everyone who knows about the same thing."""

    name = models.CharField(_("name"), max_length=40)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="skill_name_unique_ci")]

    def __str__(self):
        return self.name


class User(AbstractBaseUser, PermissionsMixin):
    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        FRENCH = "fr", "Français"

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=80, blank=True)
    location = models.CharField(_("location"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    bio = models.TextField(_("short bio"), max_length=600, blank=True)
    skills = models.ManyToManyField(
        Skill, related_name="people", blank=True, verbose_name=_("ask me about")
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="Europe/Paris"
    )
    show_last_seen = models.BooleanField(
        _("show when I was last seen"),
        default=True,
        help_text=_(
            "Colleagues who share a group or a conversation with you see whether you are "
            "online. Untick this and they never see when you were last seen."
        ),
    )
    avatar_small = models.FileField(_("avatar (64 px)"), upload_to="avatars/", blank=True)
    avatar_large = models.FileField(_("avatar (256 px)"), upload_to="avatars/", blank=True)

    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Deactivated people cannot sign in and are not listed; what they wrote stays."),
    )
    is_staff = models.BooleanField(
        _("site admin"),
        default=False,
        help_text=_("Site admins can administer every community and open the admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]
        indexes = [
            models.Index(fields=["is_active", "display_name"]),
            models.Index(fields=["department", "display_name"]),
            # "Colleagues to follow": a department's newest people, without sorting it.
            models.Index(fields=["department", "date_joined"]),
            models.Index(fields=["date_joined"]),
        ]

    def __str__(self):
        return self.display_name or self.email

    def get_absolute_url(self):
        return link("accounts:profile", self.pk)

    def get_full_name(self):
        return str(self)

    @property
    def handle(self):
        """How colleagues @mention this person: the part of the address before the @."""
        return self.email.split("@", 1)[0]

    def get_short_name(self):
        return self.display_name.split(" ")[0] if self.display_name else self.email

    @property
    def initials(self):
        parts = [p for p in self.display_name.replace("-", " ").split() if p[:1].isalpha()]
        letters = "".join(p[0] for p in parts[:2]) or self.email[:1]
        return letters.upper()

    @property
    def avatar_hue(self):
        """A stable colour per person for the initials disc (hue in degrees)."""
        return int(hashlib.blake2s(str(self.pk).encode(), digest_size=2).hexdigest(), 16) % 360

    def avatar_url(self, size):
        field = self.avatar_small if size <= AVATAR_SIZES[0] else self.avatar_large
        if not field:
            return ""
        version = field.name.rsplit("/", 1)[-1].split("-", 1)[0]
        kind = "small" if size <= AVATAR_SIZES[0] else "large"
        return link("accounts:avatar", self.pk, kind) + f"?v={version}"


class Follow(models.Model):
    """One person following another: their posts reach the follower's home feed."""

    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    followed = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="follow_once"),
            models.CheckConstraint(
                condition=~Q(follower=models.F("followed")), name="follow_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.follower} → {self.followed}"


def _invitation_token():
    return secrets.token_urlsafe(24)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True)

    def for_email(self, email):
        return self.filter(email__iexact=email.strip())


class Invitation(models.Model):
    """Lets one address sign up when its domain is not open for sign-up."""

    email = models.EmailField(_("email address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(accepted_at__isnull=True),
                name="one_pending_invitation_per_email",
            )
        ]

    def __str__(self):
        return self.email
