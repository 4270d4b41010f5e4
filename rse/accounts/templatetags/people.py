from django import template

register = template.Library()


@register.inclusion_tag("_partials/avatar.html")
def avatar(person, size=40):
    """A person's photo, or their initials on a disc of their own colour."""
    return {"person": person, "size": size, "url": person.avatar_url(size * 2)}
