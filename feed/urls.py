from django.urls import path

from .views import assist, lists, marks, threads, writing

app_name = "feed"

urlpatterns = [
    path("home/aside/", lists.home_aside, name="home_aside"),
    path("unanswered/", lists.unanswered, name="unanswered"),
    path("topics/<str:name>/", lists.topic, name="topic"),
    path("groups/<slug:slug>/forum/", lists.forum, name="forum"),
    path("posts/new/", writing.compose, name="compose"),
    path("posts/preview/", assist.preview, name="preview"),
    path("posts/similar/", assist.similar, name="similar"),
    path("posts/people/", assist.people, name="people"),
    path("posts/dismiss-all/", marks.dismiss_all, name="dismiss_all"),
    path("posts/<int:pk>/", threads.post_detail, name="post"),
    path("posts/<int:pk>/unread/", threads.unread, name="unread"),
    path("posts/<int:pk>/history/", threads.history, name="history"),
    path("posts/<int:pk>/reactions/", threads.reactions, name="reactions"),
    path("posts/<int:pk>/edit/", writing.edit_post, name="edit"),
    path("posts/<int:pk>/delete/", writing.delete_post, name="delete"),
    path("posts/<int:pk>/hide/", writing.hide_post, name="hide"),
    path("posts/<int:pk>/close/", writing.close_post, name="close"),
    path("posts/<int:pk>/comments/", writing.comment, name="comment_create"),
    path("posts/<int:pk>/react/", marks.react, name="react"),
    path("posts/<int:pk>/bookmark/", marks.bookmark, name="bookmark"),
    path("posts/<int:pk>/accept/", marks.accept, name="accept"),
    path("posts/<int:pk>/subscription/", marks.subscription, name="subscription"),
    path("posts/<int:pk>/dismiss/", marks.dismiss, name="dismiss"),
    path("comments/<int:pk>/", threads.comment_permalink, name="comment"),
    path("comments/<int:pk>/edit/", writing.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/delete/", writing.delete_comment, name="delete_comment"),
    path("comments/<int:pk>/hide/", writing.hide_comment, name="hide_comment"),
    path("comments/<int:pk>/vote/", marks.vote, name="vote"),
    path("attachments/<int:pk>/<str:kind>/", threads.attachment, name="attachment"),
]
