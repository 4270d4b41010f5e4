import factory
from allauth.account.models import EmailAddress

from rse.accounts.models import Skill, User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Faker("name")
    job_title = factory.Faker("job")
    department = "Engineering"
    location = "Paris"
    language = "en"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Sign-in needs a verified address (mandatory verification)."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"skill {n}")
