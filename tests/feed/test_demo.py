"""``manage.py demo`` fills the demo groups' feeds and forums with a few weeks of company
life, written through the feed's actions; running it again adds nothing."""

import io
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from feed.models import (
    Attachment,
    Bookmark,
    Comment,
    Dismissal,
    Kind,
    Mention,
    Post,
    Reaction,
    ReactionMark,
    Revision,
    Topic,
    Vote,
)
from groups.models import Group, Membership, Role
from rse.demo.data import load

pytestmark = pytest.mark.django_db
PLANS = load().forums

MODELS = (
    Post,
    Comment,
    ReactionMark,
    Vote,
    Attachment,
    Mention,
    Topic,
    Bookmark,
    Dismissal,
    Revision,
)


def run_demo():
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_fills_the_groups_once():
    output = run_demo()
    posts = Post.objects.all()
    assert "Demo posts:" in output and posts.count() >= 200

    # Every demo group has posts, and the newest ones are the handcrafted threads.
    for plan in PLANS:
        group = Group.objects.get(slug=plan.slug)
        newest = list(group.posts.order_by("-created_at", "-pk")[: len(plan.thread)])
        assert group.posts.count() >= len(plan.thread) + 3, plan.slug
        assert {p.body[:80] for p in newest} == {t.body[:80] for t in plan.thread}, plan.slug

    # Questions: solved, answered but open, and unanswered ones.
    questions = posts.filter(kind=Kind.QUESTION)
    solved = questions.filter(accepted_answer__isnull=False)
    assert solved.exists()
    assert all(q.accepted_answer.post_id == q.pk for q in solved)
    assert questions.filter(accepted_answer=None, comment_count__gt=0).exists()
    assert questions.filter(comment_count=0).exists()
    assert Vote.objects.exists()

    # Announcements come from the group's owners and moderators.
    announcements = posts.filter(kind=Kind.ANNOUNCEMENT)
    assert announcements.exists()
    for post in announcements:
        role = Membership.objects.get(group=post.group_id, user=post.author_id).role
        assert role in (Role.OWNER, Role.MODERATOR) or post.author.is_staff

    # Comments, replies that quote and name the comment they answer, mentions, topics.
    assert Comment.objects.count() > posts.count()
    reply = Comment.objects.filter(reply_to__isnull=False).select_related("reply_to__author")
    assert reply.exists()
    for comment in reply[:20]:
        assert comment.body.startswith("> ")
        assert f"@{comment.reply_to.author.handle}" in comment.body
    assert Mention.objects.exists()
    assert {"onboarding", "expenses", "vpn"} <= set(Topic.objects.values_list("name", flat=True))
    assert 'class="topic"' in posts.get(title__startswith="SSO loops back").body_html
    kinds = set(ReactionMark.objects.values_list("kind", flat=True))
    assert kinds == set(Reaction.values)

    # Images, stored as files with their thumbnails.
    images = Attachment.objects.filter(type=Attachment.Type.IMAGE)
    assert images.count() >= 10
    image = images.first()
    assert default_storage.exists(image.file.name)
    assert default_storage.exists(image.thumbnail.name)

    # A believable timeline: the last few weeks, a comment after its post, nothing in
    # the future, and the most recent activity within the last few days.
    now = timezone.now()
    assert not posts.filter(created_at__gt=now).exists()
    assert not posts.filter(last_activity_at__lt=F("created_at")).exists()
    assert not Comment.objects.filter(created_at__lt=F("post__created_at")).exists()
    assert not Comment.objects.filter(created_at__gt=F("post__last_activity_at")).exists()
    assert not posts.filter(created_at__lt=now - timedelta(days=70)).exists()
    assert posts.filter(last_activity_at__gt=now - timedelta(days=4)).exists()

    # Running it again adds nothing.
    before = counts()
    assert "Demo posts: 0 new." in run_demo()
    assert counts() == before
