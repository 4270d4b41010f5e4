"""Demo communities for ``manage.py demo``: a dozen believable groups, in English and in
French, of every visibility, with members, moderators, pending requests and invitations,
and an audit trail. Idempotent: a group whose slug exists is left alone."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from rse.accounts.models import Invitation
from rse.markup import render_markdown

from .models import (
    AuditEntry,
    Group,
    GroupInvitation,
    JoinRequest,
    Membership,
    NotificationLevel,
    PostingRule,
    Role,
    Visibility,
)

Action = AuditEntry.Action
NEW_HIRE_EMAIL = "new.hire@demo.rse.test"


@dataclass
class Spec:
    slug: str
    name: str
    visibility: str
    description: str
    owner: str
    moderators: list
    # Who may be picked as a member: a predicate on the person, and how many to pick.
    pool: object
    size: int
    always: list = field(default_factory=list)  # members whatever the draw
    never: list = field(default_factory=list)  # kept out (for requests, invitations, demo)
    posting_rule: str = PostingRule.EVERYONE
    created_days_ago: int = 100
    active_days_ago: int = 3
    requests: list = field(default_factory=list)  # (name, message)
    invitations: list = field(default_factory=list)  # (name or email, inviter name)


def _in(*departments, locations=()):
    def pick(person):
        return person.department in departments or person.location in locations

    return pick


def _everyone(person):
    return True


SPECS = [
    Spec(
        slug="support-escalations",
        name="Support escalations",
        visibility=Visibility.PUBLIC,
        description=(
            "Where support hands over the tickets it cannot solve alone.\n\n"
            "- Post the **ticket link**, the customer and what you already tried\n"
            "- Engineering answers within one business day, P1 goes to on-call"
        ),
        owner="Bruno Lefèvre",
        moderators=["Beatriz Santos"],
        pool=_in("Support", "Engineering"),
        size=14,
        always=["Farid Benali", "Lucas Petit", "Victor Blanc", "David Chen", "Quentin Faure"],
        created_days_ago=290,
        active_days_ago=0,
        invitations=[("Rachel Kim", "Beatriz Santos")],
    ),
    Spec(
        slug="python-guild",
        name="Python guild",
        visibility=Visibility.PUBLIC,
        description=(
            "Everything Python at the company: Django tips, code reviews, talks and "
            "the monthly **guild lunch**.\n\n"
            "Newcomers welcome — no question is too small."
        ),
        owner="Chloé Dubois",
        moderators=["David Chen"],
        pool=_in("Engineering", "IT"),
        size=11,
        always=["Uma Singh", "Felix Wagner", "Inès Moreau"],
        created_days_ago=240,
        active_days_ago=2,
        invitations=[(NEW_HIRE_EMAIL, "David Chen")],
    ),
    Spec(
        slug="bureau-de-paris",
        name="Bureau de Paris",
        visibility=Visibility.PUBLIC,
        description=(
            "La vie du bureau de Paris : salles de réunion, livraisons, afterworks et "
            "travaux dans l'immeuble.\n\n"
            "**Accueil :** 3e étage, badge perdu → Henri."
        ),
        owner="Zoé Lemaire",
        moderators=["Henri Dupont"],
        pool=_in(locations=("Paris",)),
        size=14,
        always=["Chloé Dubois", "Hugo Bernard"],
        created_days_ago=330,
        active_days_ago=6,
    ),
    Spec(
        slug="notes-de-frais",
        name="Help with expenses / Notes de frais",
        visibility=Visibility.PUBLIC,
        description=(
            "Questions about expense reports, per diems and receipts — in English or "
            "in French.\n\n"
            "- Receipts go in the app **before the 5th** of the month\n"
            "- Les justificatifs sont à déposer **avant le 5** du mois"
        ),
        owner="Hugo Bernard",
        moderators=["Élodie Garnier"],
        pool=_everyone,
        size=16,
        always=["Paul Lambert", "Bruno Lefèvre", "Emma Wilson"],
        created_days_ago=210,
        active_days_ago=11,
    ),
    Spec(
        slug="product-feedback",
        name="Product feedback",
        visibility=Visibility.PUBLIC,
        description=(
            "Tell the product team what customers ask for, what confuses them and what "
            "they love.\n\n"
            "One idea per post, with **who asked** and **how often** — we read everything."
        ),
        owner="Grace Liu",
        moderators=["Rachel Kim", "Sofia Rossi"],
        pool=_in("Product", "Support", "Sales", "Marketing"),
        size=15,
        always=["Chloé Dubois", "Olivia Brown"],
        never=["Bruno Lefèvre"],
        created_days_ago=150,
        active_days_ago=1,
        invitations=[("Bruno Lefèvre", "Rachel Kim")],
    ),
    Spec(
        slug="company-news",
        name="Company news",
        visibility=Visibility.PUBLIC,
        description=(
            "Official announcements: results, arrivals, office news and policies.\n\n"
            "Only moderators post here; comment and react as much as you like."
        ),
        owner="Alice Martin",
        moderators=["Olivia Brown"],
        pool=_everyone,
        size=36,
        posting_rule=PostingRule.MODERATORS,
        created_days_ago=380,
        active_days_ago=4,
    ),
    Spec(
        slug="club-lecture",
        name="Club lecture",
        visibility=Visibility.PUBLIC,
        description=(
            "Un livre par mois, une discussion le dernier jeudi (sur place à Lyon et "
            "en visio).\n\n"
            "**Ce mois-ci :** *L'Anomalie*, d'Hervé Le Tellier."
        ),
        owner="Gabrielle Roy",
        moderators=["Isabelle Roux"],
        pool=lambda p: p.language == "fr",
        size=9,
        always=["Bruno Lefèvre"],
        created_days_ago=120,
        active_days_ago=19,
        invitations=[("Sofia Rossi", "Isabelle Roux")],
    ),
    Spec(
        slug="sales-leadership",
        name="Sales leadership",
        visibility=Visibility.PRIVATE,
        description=(
            "Forecast, pipeline reviews and pricing exceptions for the sales leads.\n\n"
            "- Weekly forecast call on **Monday 9:30**\n"
            "- Discounts above 20% need an approval here"
        ),
        owner="Thomas Mercier",
        moderators=["Emma Wilson"],
        pool=_in("Sales"),
        size=4,
        always=["Grace Liu"],
        never=["Chloé Dubois", "Olivia Brown", "Jack Evans"],
        created_days_ago=260,
        active_days_ago=8,
        requests=[
            (
                "Jack Evans",
                "I run the paid campaigns: seeing the pipeline would help me target them.",
            )
        ],
        invitations=[("Olivia Brown", "Emma Wilson")],
    ),
    Spec(
        slug="equipe-rh",
        name="Équipe RH",
        visibility=Visibility.PRIVATE,
        description=(
            "Espace de travail de l'équipe RH : recrutements en cours, paie, "
            "entretiens annuels.\n\n"
            "**Confidentiel** : rien de nominatif hors de ce groupe."
        ),
        owner="Yasmine Cherif",
        moderators=["Karima Haddad"],
        pool=_in("HR"),
        size=1,
        always=["Alice Martin", "Élodie Garnier"],
        never=["Chloé Dubois", "Camille Fontaine"],
        created_days_ago=360,
        active_days_ago=5,
        requests=[
            (
                "Camille Fontaine",
                "Je dois revoir avec vous les durées de conservation des dossiers RGPD.",
            )
        ],
    ),
    Spec(
        slug="on-call-engineers",
        name="On-call engineers",
        visibility=Visibility.PRIVATE,
        description=(
            "The on-call rota, handovers and incident follow-ups.\n\n"
            "- Rota and runbooks are pinned\n"
            "- After an incident: a **review within 5 days**, blameless"
        ),
        owner="Quentin Faure",
        moderators=["Chloé Dubois", "David Chen"],
        pool=_in("Engineering", "IT"),
        size=6,
        always=["Maya Patel", "William Taylor"],
        never=["Bruno Lefèvre", "Inès Moreau"],
        created_days_ago=200,
        active_days_ago=0,
        requests=[
            (
                "Bruno Lefèvre",
                "Je voudrais suivre les incidents en direct pour prévenir les clients plus vite.",
            ),
            ("Inès Moreau", "Je rejoins la rotation d'astreinte le mois prochain."),
        ],
    ),
    Spec(
        slug="cellule-grands-comptes",
        name="Cellule grands comptes",
        visibility=Visibility.PRIVATE,
        description=(
            "Suivi rapproché de nos **20 plus gros clients** : incidents, renouvellements, "
            "demandes sensibles.\n\n"
            "Un fil par client, titre = nom du compte."
        ),
        owner="Bruno Lefèvre",
        moderators=["Victor Blanc"],
        pool=_in("Support", "Sales"),
        size=5,
        always=["Thomas Mercier", "Emma Wilson"],
        never=["Lucas Petit", "Daniel Murphy", "Chloé Dubois"],
        created_days_ago=70,
        active_days_ago=1,
        requests=[
            ("Lucas Petit", "Je gère l'appli mobile de deux de ces clients, ça m'aiderait."),
            ("Daniel Murphy", "Two of my public-sector accounts are now in the top 20."),
        ],
    ),
    Spec(
        slug="recrutement-2027",
        name="Recrutement 2027",
        visibility=Visibility.PRIVATE,
        description=(
            "Le plan de recrutement 2027 : postes ouverts, jurys d'entretien et "
            "avancement des candidatures.\n\n"
            "- Postes validés : **12**\n"
            "- Fiches de poste à relire par les managers"
        ),
        owner="Karima Haddad",
        moderators=["Alice Martin"],
        pool=lambda p: "manager" in p.job_title.lower() or "head" in p.job_title.lower(),
        size=4,
        always=["Thomas Mercier", "Yasmine Cherif"],
        never=["Chloé Dubois", "Maya Patel"],
        created_days_ago=25,
        active_days_ago=3,
        requests=[
            ("Maya Patel", "Four of the open roles are in my team; I'd like to follow them.")
        ],
        invitations=[("Chloé Dubois", "Alice Martin")],
    ),
    Spec(
        slug="project-aurora",
        name="Project Aurora — acquisition",
        visibility=Visibility.SECRET,
        description=(
            "Due diligence and negotiation for the acquisition code-named **Aurora**.\n\n"
            "Strictly confidential: do not mention the target outside this group, "
            "not even in private messages."
        ),
        owner="Grace Liu",
        moderators=["Xavier Robin"],
        pool=lambda p: False,
        size=0,
        always=[
            "Thomas Mercier",
            "Hugo Bernard",
            "Paul Lambert",
            "Camille Fontaine",
            "Maya Patel",
            "Chloé Dubois",
        ],
        created_days_ago=45,
        active_days_ago=2,
        invitations=[("William Taylor", "Xavier Robin")],
    ),
    Spec(
        slug="comite-de-direction",
        name="Comité de direction",
        visibility=Visibility.SECRET,
        description=(
            "Ordres du jour, comptes rendus et décisions du comité de direction.\n\n"
            "- Réunion **un mardi sur deux**\n"
            "- Les décisions publiables partent ensuite dans *Company news*"
        ),
        owner="Alice Martin",
        moderators=["Thomas Mercier"],
        pool=lambda p: False,
        size=0,
        always=["Grace Liu", "Maya Patel", "Hugo Bernard", "Xavier Robin"],
        created_days_ago=365,
        active_days_ago=9,
    ),
]


def _moment(rng, after, before):
    """A moment drawn between two others."""
    span = max(int((before - after).total_seconds()), 60)
    return after + timedelta(seconds=rng.randint(0, span))


def _plan(spec, by_name, people, rng, now):
    owner = by_name[spec.owner]
    moderators = [by_name[n] for n in spec.moderators]
    staff = {owner, *moderators}
    kept_out = {by_name[n] for n in spec.never}
    members = [by_name[n] for n in spec.always if by_name[n] not in staff]
    pool = [p for p in people if spec.pool(p) and p not in staff and p not in members]
    pool = [p for p in pool if p not in kept_out]
    members += rng.sample(pool, min(max(spec.size - len(members), 0), len(pool)))
    created_at = now - timedelta(days=spec.created_days_ago, hours=rng.randint(0, 8))
    active_at = now - timedelta(days=spec.active_days_ago, minutes=rng.randint(5, 600))
    joins = [(owner, Role.OWNER, created_at)]
    for moderator in moderators:
        joins.append(
            (moderator, Role.MODERATOR, created_at + timedelta(minutes=rng.randint(2, 90)))
        )
    for member in members:
        joins.append((member, Role.MEMBER, _moment(rng, created_at, active_at)))
    joins.sort(key=lambda j: j[2])
    return owner, joins, created_at, active_at


@transaction.atomic
def create_demo_groups(people, rng):
    """Create the demo groups that are missing; return how many were created."""
    now = timezone.now()
    by_name = {p.display_name: p for p in people}
    existing = {s.lower() for s in Group.objects.values_list("slug", flat=True)}
    created = 0
    for spec in SPECS:
        # Plan every group (drawing from rng) even when it exists, so the draws stay the same.
        owner, joins, created_at, active_at = _plan(spec, by_name, people, rng, now)
        if spec.slug in existing:
            continue
        group = Group.objects.create(
            name=spec.name,
            slug=spec.slug,
            description=spec.description,
            description_html=render_markdown(spec.description),
            visibility=spec.visibility,
            posting_rule=spec.posting_rule,
            created_by=owner,
            created_at=created_at,
            last_activity_at=active_at,
        )
        entries = [
            AuditEntry(
                group=group,
                group_name=group.name,
                actor=owner,
                action=Action.CREATED,
                created_at=created_at,
            )
        ]
        memberships = []
        for person, role, joined_at in joins:
            if role == Role.MEMBER:
                level = rng.choice(
                    [NotificationLevel.MENTIONS] * 3
                    + [NotificationLevel.ALL, NotificationLevel.NOTHING]
                )
            else:
                level = NotificationLevel.ALL
            memberships.append(
                Membership(
                    group=group,
                    user=person,
                    role=role,
                    notification_level=level,
                    joined_at=joined_at,
                )
            )
            if role == Role.OWNER:
                continue
            # Public groups are joined freely, secret ones on invitation, private ones on
            # a request the owner approved.
            if spec.visibility != Visibility.PRIVATE:
                entries.append(
                    AuditEntry(
                        group=group,
                        group_name=group.name,
                        actor=person,
                        action=Action.JOINED
                        if spec.visibility == Visibility.PUBLIC
                        else Action.INVITATION_ACCEPTED,
                        created_at=joined_at,
                    )
                )
            else:
                entries.append(
                    AuditEntry(
                        group=group,
                        group_name=group.name,
                        actor=owner,
                        action=Action.APPROVED,
                        target=person,
                        target_email=person.email,
                        created_at=joined_at,
                    )
                )
            if role == Role.MODERATOR:
                entries.append(
                    AuditEntry(
                        group=group,
                        group_name=group.name,
                        actor=owner,
                        action=Action.ROLE,
                        target=person,
                        target_email=person.email,
                        details={"old": Role.MEMBER, "new": Role.MODERATOR},
                        created_at=joined_at + timedelta(minutes=1),
                    )
                )
        Membership.objects.bulk_create(memberships)
        member_ids = {m.user_id for m in memberships}

        for name, message in spec.requests:
            asker = by_name[name]
            assert asker.pk not in member_ids, (spec.slug, name)
            asked_at = now - timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 20))
            JoinRequest.objects.create(
                group=group, user=asker, message=message, created_at=asked_at
            )
            entries.append(
                AuditEntry(
                    group=group,
                    group_name=group.name,
                    actor=asker,
                    action=Action.REQUESTED,
                    created_at=asked_at,
                )
            )

        for who, inviter_name in spec.invitations:
            inviter = by_name[inviter_name]
            person = by_name.get(who)
            email = person.email if person else who
            assert person is None or person.pk not in member_ids, (spec.slug, who)
            invited_at = now - timedelta(days=rng.randint(0, 9), hours=rng.randint(1, 20))
            GroupInvitation.objects.create(
                group=group, email=email, user=person, invited_by=inviter, created_at=invited_at
            )
            if person is None and not Invitation.objects.pending().for_email(email).exists():
                # As the real invite does: the address may then sign up and find it waiting.
                Invitation.objects.create(email=email, invited_by=inviter, created_at=invited_at)
            entries.append(
                AuditEntry(
                    group=group,
                    group_name=group.name,
                    actor=inviter,
                    action=Action.INVITED,
                    target=person,
                    target_email=email,
                    created_at=invited_at,
                )
            )

        AuditEntry.objects.bulk_create(entries)
        created += 1
    return created
