from django.urls import path

from .views import (
    directory,
    invitations,
    lifecycle,
    log,
    members,
    membership,
    page,
    roles,
    site_admin,
)

app_name = "groups"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("new/", lifecycle.create, name="create"),
    path("invitations/", invitations.invitations, name="invitations"),
    path(
        "invitations/<int:pk>/",
        invitations.respond_to_invitation,
        name="respond_to_invitation",
    ),
    path("admin/", site_admin.admin_list, name="admin"),
    path("admin/new/", site_admin.admin_create, name="admin_create"),
    path("admin/log/", site_admin.admin_log, name="admin_log"),
    path("<slug:slug>/", page.detail, name="detail"),
    path("<slug:slug>/members/", members.members, name="members"),
    path("<slug:slug>/settings/", lifecycle.settings_view, name="settings"),
    path("<slug:slug>/log/", log.audit_log, name="audit_log"),
    path("<slug:slug>/image/<str:kind>/", page.image, name="image"),
    path("<slug:slug>/join/", membership.join, name="join"),
    path("<slug:slug>/request/", membership.request_to_join, name="request"),
    path("<slug:slug>/request/cancel/", membership.cancel_request, name="cancel_request"),
    path("<slug:slug>/leave/", membership.leave, name="leave"),
    path("<slug:slug>/notifications/", membership.notifications, name="notifications"),
    path("<slug:slug>/invite/", members.invite, name="invite"),
    path("<slug:slug>/requests/<int:pk>/", members.decide_request, name="decide_request"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        members.revoke_invitation,
        name="revoke_invitation",
    ),
    path("<slug:slug>/members/<int:user_id>/role/", roles.set_role, name="set_role"),
    path("<slug:slug>/members/<int:user_id>/transfer/", roles.transfer, name="transfer"),
    path("<slug:slug>/members/<int:user_id>/remove/", roles.remove, name="remove"),
    path("<slug:slug>/members/<int:user_id>/ban/", roles.ban, name="ban"),
    path("<slug:slug>/members/<int:user_id>/unban/", roles.unban, name="unban"),
    path("<slug:slug>/archive/", lifecycle.archive, name="archive"),
    path("<slug:slug>/restore/", lifecycle.restore, name="restore"),
    path("<slug:slug>/delete/", lifecycle.delete, name="delete"),
]
