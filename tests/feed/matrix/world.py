"""The feed matrix's world: one person per role, one group per kind, and in each group a
question with answers (one hidden), an unanswered question, an announcement, a hidden
post and attachments, built with the ORM only so that a broken action cannot hide a
broken door. Shared by every module of the matrix; the fixtures that build it once per
module are in conftest.py."""

from dataclasses import dataclass, field

from django.utils import timezone

from feed.models import (
    Attachment,
    Bookmark,
    Comment,
    Kind,
    Post,
    ReactionMark,
    Revision,
    Topic,
)
from groups.models import Ban, Group, GroupInvitation, JoinRequest, Membership, Role
from rse.accounts.models import Follow, User
from rse.markup import render_rich
from tests.groups.matrix.helpers import sign_in

# --- The world ---------------------------------------------------------------------------

ROLES = [
    "anonymous",
    "outsider",
    "pending",
    "invited",
    "banned",
    "member",
    "moderator",
    "owner",
    "staff",
    "deactivated",
]
SIGNED_OUT = {"anonymous", "deactivated"}
MEMBER_ROLES = {"member", "moderator", "owner"}
MODERATING_ROLES = {"moderator", "owner", "staff"}

PEOPLE = {
    # role: display name; each person's address is <role>@example.com, so @<role> names them
    "outsider": "Otto Outsider",
    "pending": "Pam Pending",
    "invited": "Ivy Invited",
    "banned": "Bert Banned",
    "member": "Mia Member",
    "moderator": "Moe Moderator",
    "owner": "Olga Owner",
    "staff": "Sid Staff",
    "deactivated": "Dora Deactivated",  # a member of every group, whose account is closed
    "writer": "Walt Writer",  # a member who wrote the posts; everyone follows him
}


@dataclass(frozen=True)
class Spec:
    name: str
    slug: str
    description: str
    visibility: str
    archived: bool
    posting_rule: str
    marker: str  # in every text of the group's content: never shown to a non-reader


GROUPS = {
    "public": Spec(
        "Aardvark Open Square", "aardvark-open-square", "Open talk", "public", False,
        "everyone", "Ambergris",
    ),
    "private": Spec(
        "Beaver Closed Lodge", "beaver-closed-lodge", "Lodge plans", "private", False,
        "everyone", "Bergamotte",
    ),
    "secret": Spec(
        "Narwhal Hush Cell", "narwhal-hush-cell", "Marzipanconfidential merger roadmap",
        "secret", False, "everyone", "Xylophonic",
    ),
    "archived": Spec(
        "Condor Dusty Hall", "condor-dusty-hall", "Old memories", "public", True,
        "everyone", "Cobaltine",
    ),
    "modonly": Spec(
        "Dingo Notice Board", "dingo-notice-board", "Official notices", "public", False,
        "moderators", "Dahlianna",
    ),
}  # fmt: skip
KINDS = list(GROUPS)
HIDDEN_WORDS = ["veiled", "shrouded"]  # the hidden post's and the hidden comment's


@dataclass
class World:
    people: dict
    groups: dict
    question: dict = field(default_factory=dict)  # kind -> Post (question, with answers)
    answer: dict = field(default_factory=dict)  # kind -> Comment (visible answer)
    hidden_comment: dict = field(default_factory=dict)  # kind -> Comment (hidden answer)
    unanswered: dict = field(default_factory=dict)  # kind -> Post (question, no answer)
    announcement: dict = field(default_factory=dict)  # kind -> Post (by the owner)
    hidden_post: dict = field(default_factory=dict)  # kind -> Post (hidden by a moderator)
    image: dict = field(default_factory=dict)  # kind -> Attachment on the question
    pdf: dict = field(default_factory=dict)  # kind -> Attachment on the question
    hidden_pdf: dict = field(default_factory=dict)  # kind -> Attachment on the hidden comment

    def user(self, role):
        return None if role == "anonymous" else self.people[role]


def _html(text):
    return render_rich(text, find_people=lambda handles: {}).html


def _topics(*names):
    return [Topic.objects.get_or_create(name=name)[0] for name in names]


def build_world():
    people = dict(
        zip(
            PEOPLE,
            User.objects.bulk_create(
                User(
                    email=f"{role}@example.com",
                    display_name=name,
                    department="Quality",
                    is_staff=role == "staff",
                    is_active=role != "deactivated",
                    password="!",
                )
                for role, name in PEOPLE.items()
            ),
            strict=True,
        )
    )
    writer, owner, moderator = people["writer"], people["owner"], people["moderator"]
    # Everybody follows the writer: his posts reach every home feed where they may be read.
    Follow.objects.bulk_create(
        Follow(follower=person, followed=writer) for person in people.values() if person != writer
    )
    now = timezone.now()
    world = World(people=people, groups={})
    for kind, spec in GROUPS.items():
        group = Group.objects.create(
            name=spec.name,
            slug=spec.slug,
            description=spec.description,
            description_html=f"<p>{spec.description}</p>",
            visibility=spec.visibility,
            posting_rule=spec.posting_rule,
            archived_at=now if spec.archived else None,
            created_by=owner,
        )
        world.groups[kind] = group
        Membership.objects.bulk_create(
            [
                Membership(group=group, user=owner, role=Role.OWNER),
                Membership(group=group, user=moderator, role=Role.MODERATOR),
                Membership(group=group, user=people["member"], role=Role.MEMBER),
                Membership(group=group, user=writer, role=Role.MEMBER),
                Membership(group=group, user=people["deactivated"], role=Role.MEMBER),
            ]
        )
        JoinRequest.objects.create(group=group, user=people["pending"], message="Please")
        GroupInvitation.objects.create(
            group=group, email=people["invited"].email, user=people["invited"], invited_by=owner
        )
        Ban.objects.create(group=group, user=people["banned"], banned_by=owner)

        m, low = spec.marker, spec.marker.lower()
        body = f"What are the {m} figures? #roadmap #{low}topic"
        question = Post.objects.create(
            group=group,
            author=writer,
            kind=Kind.QUESTION,
            title=f"Quarterly {m} question",
            body=body,
            body_html=_html(body),
            comment_count=2,
            edited_at=now,
            version=2,
        )
        question.topics.set(_topics("roadmap", f"{low}topic"))
        Revision.objects.create(
            post=question,
            title=f"Quarterly {m} question (first draft)",
            body=f"{m} draft",
            body_html=f"<p>{m} draft</p>",
            written_at=now,
            replaced_by=writer,
        )
        answer = Comment.objects.create(
            post=question, author=writer, body=f"{m} answer", body_html=f"<p>{m} answer</p>"
        )
        hidden_comment = Comment.objects.create(
            post=question,
            author=writer,
            body=f"Shrouded {m} reply",
            body_html=f"<p>Shrouded {m} reply</p>",
            hidden_at=now,
            hidden_by=moderator,
            hidden_reason="Rude",
        )
        question.last_comment_id = hidden_comment.pk
        question.save(update_fields=["last_comment_id"])
        unanswered = Post.objects.create(
            group=group,
            author=writer,
            kind=Kind.QUESTION,
            title=f"Quarterly {m} unanswered",
            body=f"{m} waiting",
            body_html=f"<p>{m} waiting</p>",
        )
        announcement = Post.objects.create(
            group=group,
            author=owner,
            kind=Kind.ANNOUNCEMENT,
            title=f"{m} bulletin",
            body=f"{m} news",
            body_html=f"<p>{m} news</p>",
        )
        hidden_post = Post.objects.create(
            group=group,
            author=writer,
            title=f"Veiled {m} thread",
            body=f"Veiled {m} words #roadmap #veiled{low}",
            body_html=_html(f"Veiled {m} words #roadmap #veiled{low}"),
            hidden_at=now,
            hidden_by=moderator,
            hidden_reason="Off-topic",
        )
        hidden_post.topics.set(_topics("roadmap", f"veiled{low}"))
        ReactionMark.objects.create(post=question, user=writer, kind="like")
        ReactionMark.objects.create(post=question, comment=hidden_comment, user=owner, kind="like")
        world.image[kind] = Attachment.objects.create(
            post=question,
            type=Attachment.Type.IMAGE,
            file=f"attachments/{kind}-image.webp",
            thumbnail=f"attachments/{kind}-image-thumb.webp",
            name=f"{low}-photo.webp",
            content_type="image/webp",
            size=100,
            width=30,
            height=20,
        )
        world.pdf[kind] = Attachment.objects.create(
            post=question,
            type=Attachment.Type.FILE,
            file=f"attachments/{kind}-ledger.pdf",
            name=f"{low}-ledger.pdf",
            content_type="application/pdf",
            size=100,
        )
        world.hidden_pdf[kind] = Attachment.objects.create(
            post=question,
            comment=hidden_comment,
            type=Attachment.Type.FILE,
            file=f"attachments/{kind}-shrouded.pdf",
            name=f"shrouded-{low}.pdf",
            content_type="application/pdf",
            size=100,
        )
        world.question[kind] = question
        world.answer[kind] = answer
        world.hidden_comment[kind] = hidden_comment
        world.unanswered[kind] = unanswered
        world.announcement[kind] = announcement
        world.hidden_post[kind] = hidden_post
        # Everyone saved the question (while they could read it, or not): the saved list
        # must show only what they can read now.
        Bookmark.objects.bulk_create(
            Bookmark(post=question, user=person)
            for role, person in people.items()
            if role != "writer"
        )
    return world


def as_role(client, world, role):
    return client if role == "anonymous" else sign_in(client, world.user(role))
