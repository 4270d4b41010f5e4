from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import Follow, Invitation, Skill, User


class PersonCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "display_name"]


class PersonChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    ordering = ["display_name"]
    list_display = ["display_name", "email", "department", "job_title", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "department"]
    search_fields = ["display_name", "email", "department", "job_title"]
    readonly_fields = ["last_login", "date_joined", "is_active"]
    filter_horizontal = ["skills", "groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "display_name",
                    "job_title",
                    "department",
                    "location",
                    "phone",
                    "bio",
                    "skills",
                    "language",
                    "time_zone",
                ]
            },
        ),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "display_name", "usable_password", "password1", "password2"],
            },
        )
    ]
    actions = ["deactivate", "reactivate"]

    @admin.action(description=_("Deactivate the selected people"))
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, active=False)

    @admin.action(description=_("Reactivate the selected people"))
    def reactivate(self, request, queryset):
        self._set_active(request, queryset, active=True)

    def _set_active(self, request, queryset, *, active):
        count = 0
        for person in queryset.exclude(pk=request.user.pk):
            actions.set_active(person=person, by=request.user, active=active)
            count += 1
        self.message_user(
            request, _("%(count)d people updated.") % {"count": count}, messages.SUCCESS
        )


admin.site.register(Skill, search_fields=["name"])
admin.site.register(Invitation, list_display=["email", "invited_by", "created_at", "accepted_at"])
admin.site.register(Follow, list_display=["follower", "followed", "created_at"])
