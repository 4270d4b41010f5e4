"""What the seeded feed is made of: the clock and the rates (posts per second, Zipf's
exponent, chunk size, the big thread), the phrases titles and texts are drawn from, the
reaction weights, and the columns of every bulk-loaded table. Used by bench/seed_feed.py
and bench/seed_feed_chunks.py, and by the page bench (the company-wide group's slug)."""

from datetime import UTC, datetime
from itertools import accumulate

from feed.models import (
    Reaction,
    ThreadState,
)

START = datetime(2023, 1, 2, 8, 0, tzinfo=UTC)
MEAN_POST_GAP = 63.0  # seconds: a million posts in two years
ZIPF = 0.7
CHUNK = 10_000  # posts per transaction (with their comments and marks)
THREAD_INDEX = 400  # the post (by number, from 0) that gets 500 answers
THREAD_COMMENTS = 500
VIEWER_GROUPS = 20
BIG_GROUP = "circle-0"
FOLLOWING = ThreadState.Subscription.FOLLOWING
DEFAULT = ThreadState.Subscription.DEFAULT

TOPICS = [
    "invoicing", "payroll", "onboarding", "sso", "vpn", "expenses", "release", "roadmap",
    "security", "hiring", "training", "travel", "benefits", "crm", "billing", "support",
    "incident", "kpi", "budget", "compliance", "gdpr", "laptop", "printer", "offsite",
    "python", "sql", "api", "mobile", "design", "accessibility", "i18n", "pricing",
] + [f"project{n}" for n in range(300)]  # fmt: skip
SUBJECTS = [
    "the invoicing export", "the new expense policy", "our VPN client", "the Q3 roadmap",
    "SSO on the partner portal", "the Lyon office move", "payroll cut-off dates",
    "the onboarding checklist", "customer refunds", "the release train",
    "the CRM migration", "laptop renewals", "the quarterly KPIs", "GDPR requests",
    "the support rota", "the travel booking tool", "the printer on floor 3",
]  # fmt: skip
QUESTIONS = [
    "How do I {v} {s}?", "Who owns {s}?", "Is there a workaround for {s}?",
    "Why does {s} fail since Monday?", "Where is the documentation for {s}?",
    "Can someone explain {s} to a newcomer?", "What is the deadline for {s}?",
]  # fmt: skip
THREADS = [
    "Feedback wanted on {s}", "Notes from the meeting about {s}", "Ideas to improve {s}",
    "Lessons learned: {s}", "Proposal: simplify {s}", "Weekly update on {s}",
]  # fmt: skip
ANNOUNCEMENTS = [
    "Changes to {s} from next month", "Reminder: {s}", "New: {s} is live",
    "Planned downtime of {s}",
]  # fmt: skip
VERBS = ["configure", "reset", "export", "request", "update", "reach", "approve", "set up"]
SENTENCES = [
    "We tried the steps from the wiki but the result is still different from last month.",
    "Thanks to everyone who joined the session yesterday, the slides are in the drive.",
    "The customer expects an answer before Friday, so any pointer helps.",
    "It works in Paris but not in Montréal, which suggests a configuration difference.",
    "I opened a ticket with IT and will post the outcome here.",
    "Could the team that owns this confirm the expected behaviour?",
    "Short version: it is fixed in the next release, long version below.",
    "The numbers for the quarter are better than planned, well done all.",
    "Please read the attached note before the meeting on Tuesday.",
    "We measured it twice and the difference is real, about fifteen percent.",
    "Agreed, and let us write it down so the next person finds it.",
    "The export stops at ten thousand lines, which is exactly our limit.",
    "Has anyone else seen this after the update?",
    "Same here since this morning, restarting did not help.",
    "You need the finance approver role, ask your manager to request it.",
    "The form moved to the new portal, the old link redirects there now.",
    "Good catch, I updated the checklist accordingly.",
    "This is documented in the handbook, section four, but it is easy to miss.",
    "We will discuss it at the next team meeting and come back to you.",
    "Marking this as solved, thanks for the quick help everyone.",
    "I would rather keep the current process until the audit is over.",
    "A colleague from Lyon had the same issue, the fix was to clear the cache.",
    "Let us keep this thread for questions and use chat for quick ones.",
    "The deadline is the last working day of the month, as usual.",
]
REACTION_KINDS = [r.value for r in Reaction]
REACTION_WEIGHTS = list(accumulate([60, 15, 10, 10, 5]))

POST_FIELDS = [
    "id", "group_id", "author_id", "kind", "title", "body", "body_html", "created_at",
    "edited_at", "version", "last_activity_at", "comment_count", "last_comment_id",
    "accepted_answer_id", "is_closed", "hidden_at", "hidden_by_id", "hidden_reason",
]  # fmt: skip
COMMENT_FIELDS = [
    "id", "post_id", "author_id", "reply_to_id", "body", "body_html", "created_at",
    "edited_at", "version", "score", "hidden_at", "hidden_by_id", "hidden_reason",
]  # fmt: skip
REACTION_FIELDS = ["post_id", "comment_id", "user_id", "kind", "created_at"]
VOTE_FIELDS = ["comment_id", "user_id", "created_at"]
STATE_FIELDS = ["post_id", "user_id", "last_read_comment_id", "read_at", "subscription"]
MARK_FIELDS = ["post_id", "user_id", "created_at"]
TOPIC_FIELDS = ["post_id", "topic_id"]
ATTACHMENT_FIELDS = [
    "post_id", "comment_id", "type", "file", "thumbnail", "name", "content_type", "size",
    "width", "height", "created_at",
]  # fmt: skip
