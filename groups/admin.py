from django.contrib import admin

from .models import AuditEntry, Ban, Group, GroupInvitation, JoinRequest, Membership


class MembershipInline(admin.TabularInline):
    """Read-only: membership changes go through the product's pages, which audit them and
    tell open sockets."""

    model = Membership
    fields = ["user", "role", "joined_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "visibility", "posting_rule", "archived_at", "created_at"]
    list_filter = ["visibility", "posting_rule"]
    search_fields = ["name", "slug", "description"]
    readonly_fields = ["visibility", "description_html", "created_at", "last_activity_at"]
    inlines = [MembershipInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "group_name", "actor", "action", "target", "target_email"]
    list_filter = ["action"]
    search_fields = ["group_name", "target_email"]

    def has_change_permission(self, request, obj=None):
        return False  # the log is a record, not a draft

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(JoinRequest, list_display=["group", "user", "status", "created_at"])
admin.site.register(GroupInvitation, list_display=["group", "email", "status", "created_at"])
admin.site.register(Ban, list_display=["group", "user", "created_at"])
