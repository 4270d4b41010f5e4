from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/me/edit/", views.edit_profile, name="edit_profile"),
    path("people/invite/", views.invitations, name="invitations"),
    path("people/<int:pk>/", views.profile, name="profile"),
    path("people/<int:pk>/follow/", views.toggle_follow, name="follow"),
    path("people/<int:pk>/active/", views.set_active, name="set_active"),
    path("people/<int:pk>/avatar/<str:kind>/", views.avatar, name="avatar"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
