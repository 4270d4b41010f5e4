"""``manage.py demo``: a believable bilingual company to try RSE with, made idempotently.

Running it again changes nothing that exists; it only adds what is missing and prints the
demo logins. Later apps add their own demo content from here.
"""

import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from rse.accounts.actions import skills_named
from rse.accounts.models import Follow, User

DOMAIN = "demo.rse.test"
PASSWORD = "rse-demo-2026"

# name, department, title, location, language, skills
PEOPLE = [
    (
        "Alice Martin",
        "HR",
        "Head of People",
        "Paris",
        "fr",
        ["onboarding", "RSE admin", "benefits"],
    ),
    (
        "Bruno Lefèvre",
        "Support",
        "Support team lead",
        "Lyon",
        "fr",
        ["escalations", "Zendesk", "invoicing"],
    ),
    (
        "Chloé Dubois",
        "Engineering",
        "Staff engineer",
        "Paris",
        "en",
        ["Python", "PostgreSQL", "architecture"],
    ),
    (
        "David Chen",
        "Engineering",
        "Backend engineer",
        "Montréal",
        "en",
        ["Django", "Redis", "on-call"],
    ),
    (
        "Emma Wilson",
        "Sales",
        "Account executive",
        "London",
        "en",
        ["enterprise deals", "pricing", "CRM"],
    ),
    (
        "Farid Benali",
        "Support",
        "Support specialist",
        "Lyon",
        "fr",
        ["billing", "SSO setup", "refunds"],
    ),
    (
        "Gabrielle Roy",
        "Marketing",
        "Content lead",
        "Montréal",
        "fr",
        ["copywriting", "SEO", "webinars"],
    ),
    ("Hugo Bernard", "Finance", "Controller", "Paris", "fr", ["expenses", "invoicing", "budget"]),
    (
        "Inès Moreau",
        "Engineering",
        "Frontend engineer",
        "Paris",
        "fr",
        ["accessibility", "CSS", "htmx"],
    ),
    (
        "James O'Connor",
        "Sales",
        "Sales engineer",
        "Dublin",
        "en",
        ["demos", "security questionnaires", "APIs"],
    ),
    ("Karima Haddad", "HR", "Recruiter", "Paris", "fr", ["hiring", "interviews", "employer brand"]),
    (
        "Lucas Petit",
        "Support",
        "Support specialist",
        "Remote",
        "fr",
        ["mobile app", "bug reports", "Jira"],
    ),
    (
        "Maya Patel",
        "Engineering",
        "Engineering manager",
        "London",
        "en",
        ["hiring", "roadmaps", "incident reviews"],
    ),
    ("Nicolas Girard", "IT", "IT administrator", "Lyon", "fr", ["laptops", "VPN", "Keycloak"]),
    (
        "Olivia Brown",
        "Marketing",
        "Product marketing manager",
        "London",
        "en",
        ["launches", "positioning", "pricing"],
    ),
    (
        "Paul Lambert",
        "Finance",
        "Financial analyst",
        "Paris",
        "fr",
        ["forecasting", "Excel", "reporting"],
    ),
    (
        "Quentin Faure",
        "Engineering",
        "Site reliability engineer",
        "Remote",
        "fr",
        ["Kubernetes", "on-call", "PostgreSQL"],
    ),
    (
        "Rachel Kim",
        "Product",
        "Product manager",
        "Montréal",
        "en",
        ["user research", "roadmaps", "analytics"],
    ),
    (
        "Sofia Rossi",
        "Product",
        "Product designer",
        "Paris",
        "en",
        ["design systems", "Figma", "accessibility"],
    ),
    (
        "Thomas Mercier",
        "Sales",
        "Sales director",
        "Paris",
        "fr",
        ["partnerships", "negotiation", "forecasting"],
    ),
    (
        "Uma Singh",
        "Engineering",
        "Data engineer",
        "London",
        "en",
        ["analytics", "SQL", "data pipelines"],
    ),
    (
        "Victor Blanc",
        "Support",
        "Customer success manager",
        "Lyon",
        "fr",
        ["renewals", "onboarding", "training"],
    ),
    (
        "William Taylor",
        "IT",
        "Security engineer",
        "Dublin",
        "en",
        ["security", "SSO setup", "audits"],
    ),
    ("Xavier Robin", "Legal", "Legal counsel", "Paris", "fr", ["contracts", "GDPR", "trademarks"]),
    (
        "Yasmine Cherif",
        "HR",
        "HR business partner",
        "Lyon",
        "fr",
        ["payroll", "leave policy", "onboarding"],
    ),
    (
        "Zoé Lemaire",
        "Marketing",
        "Events manager",
        "Paris",
        "fr",
        ["events", "trade shows", "swag"],
    ),
    (
        "Antoine Caron",
        "Engineering",
        "Mobile engineer",
        "Remote",
        "fr",
        ["iOS", "Android", "mobile app"],
    ),
    (
        "Beatriz Santos",
        "Support",
        "Support specialist",
        "Remote",
        "en",
        ["Spanish", "billing", "escalations"],
    ),
    (
        "Camille Fontaine",
        "Legal",
        "Privacy officer",
        "Paris",
        "fr",
        ["GDPR", "data retention", "audits"],
    ),
    (
        "Daniel Murphy",
        "Sales",
        "Account executive",
        "Dublin",
        "en",
        ["public sector", "tenders", "CRM"],
    ),
    (
        "Élodie Garnier",
        "Finance",
        "Payroll specialist",
        "Lyon",
        "fr",
        ["payroll", "expenses", "taxes"],
    ),
    (
        "Felix Wagner",
        "Engineering",
        "QA engineer",
        "Remote",
        "en",
        ["testing", "Playwright", "release checks"],
    ),
    (
        "Grace Liu",
        "Product",
        "Head of product",
        "Montréal",
        "en",
        ["strategy", "roadmaps", "pricing"],
    ),
    (
        "Henri Dupont",
        "IT",
        "Helpdesk technician",
        "Paris",
        "fr",
        ["laptops", "printers", "accounts"],
    ),
    (
        "Isabelle Roux",
        "Support",
        "Knowledge base editor",
        "Lyon",
        "fr",
        ["documentation", "FAQ", "training"],
    ),
    (
        "Jack Evans",
        "Marketing",
        "Growth marketer",
        "London",
        "en",
        ["analytics", "campaigns", "SEO"],
    ),
]
TIME_ZONES = {
    "Paris": "Europe/Paris",
    "Lyon": "Europe/Paris",
    "Remote": "Europe/Paris",
    "Montréal": "America/Toronto",
    "London": "Europe/London",
    "Dublin": "Europe/Dublin",
}
BIOS = {
    "fr": "Je suis à {location} dans l'équipe {department}. Posez-moi vos questions sur {skill} !",
    "en": "Based in {location}, in the {department} team. Happy to help with {skill}.",
}
LOGINS = ("Alice Martin", "Bruno Lefèvre", "Chloé Dubois")


def email_for(name):
    local = name.lower().replace("'", "").replace(" ", ".")
    for accented, plain in (("é", "e"), ("è", "e"), ("ï", "i"), ("ç", "c"), ("ë", "e")):
        local = local.replace(accented, plain)
    return f"{local}@{DOMAIN}"


class Command(BaseCommand):
    help = "Create a demo company (idempotent) and print the demo logins."

    @transaction.atomic
    def handle(self, *args, **options):
        rng = random.Random(2026)
        password_hash = make_password(PASSWORD)
        created = 0
        people = []
        for index, (name, department, title, location, language, skills) in enumerate(PEOPLE):
            email = email_for(name)
            person, was_created = User.objects.get_or_create(
                email=email,
                defaults={
                    "display_name": name,
                    "department": department,
                    "job_title": title,
                    "location": location,
                    "language": language,
                    "time_zone": TIME_ZONES[location],
                    "phone": f"+33 1 70 00 {10 + index:02d} {rng.randint(10, 99)}",
                    "bio": BIOS[language].format(
                        location=location, department=department, skill=skills[0]
                    ),
                    "is_staff": name == "Alice Martin",
                    "is_superuser": name == "Alice Martin",
                    "date_joined": timezone.now() - timezone.timedelta(days=400 - index * 9),
                },
            )
            if was_created:
                created += 1
                # One hash for everyone: hashing 36 times is most of the demo's run time.
                person.password = password_hash
                person.save(update_fields=["password"])
                person.skills.set(skills_named(skills))
                EmailAddress.objects.update_or_create(
                    user=person, email=email, defaults={"verified": True, "primary": True}
                )
            people.append(person)
        if created:
            for person in people:
                for other in rng.sample(people, 5):
                    if other != person:
                        Follow.objects.get_or_create(follower=person, followed=other)
        self.stdout.write(f"Demo company: {len(people)} people ({created} new).")
        from groups.demo import create_demo_groups

        self.stdout.write(f"Demo groups: {create_demo_groups(people, rng)} new.")
        from feed.demo import create_demo_posts

        self.stdout.write(f"Demo posts: {create_demo_posts(people)} new.")
        from chat.demo import create_demo_chat

        self.stdout.write(f"Demo chat: {create_demo_chat()} new messages.")
        self.stdout.write(f"Demo logins (password for all: {PASSWORD}):")
        for name in LOGINS:
            role = "site admin" if name == "Alice Martin" else "employee"
            self.stdout.write(f"  {email_for(name):40} {name} ({role})")
