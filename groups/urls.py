from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/", views.respond_to_invitation, name="respond_to_invitation"),
    path("admin/", views.admin_list, name="admin"),
    path("admin/new/", views.admin_create, name="admin_create"),
    path("admin/log/", views.admin_log, name="admin_log"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/settings/", views.settings_view, name="settings"),
    path("<slug:slug>/log/", views.audit_log, name="audit_log"),
    path("<slug:slug>/image/<str:kind>/", views.image, name="image"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/request/", views.request_to_join, name="request"),
    path("<slug:slug>/request/cancel/", views.cancel_request, name="cancel_request"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/notifications/", views.notifications, name="notifications"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/requests/<int:pk>/", views.decide_request, name="decide_request"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("<slug:slug>/members/<int:user_id>/role/", views.set_role, name="set_role"),
    path("<slug:slug>/members/<int:user_id>/transfer/", views.transfer, name="transfer"),
    path("<slug:slug>/members/<int:user_id>/remove/", views.remove, name="remove"),
    path("<slug:slug>/members/<int:user_id>/ban/", views.ban, name="ban"),
    path("<slug:slug>/members/<int:user_id>/unban/", views.unban, name="unban"),
    path("<slug:slug>/archive/", views.archive, name="archive"),
    path("<slug:slug>/restore/", views.restore, name="restore"),
    path("<slug:slug>/delete/", views.delete, name="delete"),
]
