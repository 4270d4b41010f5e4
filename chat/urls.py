from django.urls import path

from . import views

app_name = "chat"

urlpatterns = [
    path("", views.index, name="index"),
    path("sidebar/", views.sidebar, name="sidebar"),
    path("people/", views.people_search, name="people"),
    path("new/channel/", views.new_channel, name="new_channel"),
    path("new/direct/", views.new_direct, name="new_direct"),
    path("new/conversation/", views.new_conversation, name="new_conversation"),
    path("<int:room_id>/", views.room_page, name="room"),
    path("<int:room_id>/people/", views.add_people, name="add_people"),
    path("<int:room_id>/thread/<int:message_id>/", views.thread_page, name="thread"),
    path("<int:room_id>/messages/<int:seq>/", views.message, name="message"),
    path("<int:room_id>/mentions/", views.mentions, name="mentions"),
    path("<int:room_id>/files/", views.upload, name="upload"),
    path("<int:room_id>/files/<int:attachment_id>/discard/", views.discard, name="discard"),
    path("<int:room_id>/files/<int:attachment_id>/<str:kind>/", views.file, name="file"),
    path(
        "<int:room_id>/thread/<int:message_id>/question/",
        views.make_question,
        name="make_question",
    ),
]
