from django import template

register = template.Library()


@register.inclusion_tag("groups/_group_image.html")
def group_image(group, size=48):
    """The group's picture, or its initials on a tile."""
    return {"group": group, "size": size, "url": group.image_url(size * 2)}


@register.inclusion_tag("groups/_visibility.html")
def visibility_badge(group):
    return {"group": group}
