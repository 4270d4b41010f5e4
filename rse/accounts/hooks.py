"""Where the apps above accounts join in what accounts does (DESIGN.md, "Layers").

Accounts sits below groups, so it cannot call them; they register here in their
``AppConfig.ready()``, and accounts calls what was registered. Plain lists, filled once
at start-up:

``ON_SIGNUP``: functions ``(*, user)`` called when an account is created, however it
    signed up (form, SSO), in the sign-up's transaction: what waits for the new person
    (groups: their pending group invitations).
``PROFILE_SECTIONS``: ``(template, context)`` pairs; ``context(viewer, person)`` returns
    the section's template context, or None for no section on this profile. Each asks its
    own app's door: a section never names what the viewer may not see.
"""

ON_SIGNUP = []
PROFILE_SECTIONS = []


def register_signup(hook):
    if hook not in ON_SIGNUP:
        ON_SIGNUP.append(hook)


def register_profile_section(template, context):
    if all(existing != template for existing, _ in PROFILE_SECTIONS):
        PROFILE_SECTIONS.append((template, context))


def profile_sections(viewer, person):
    """The registered sections of one profile page that have something to show."""
    sections = []
    for template, context in PROFILE_SECTIONS:
        data = context(viewer, person)
        if data is not None:
            sections.append({"template": template, **data})
    return sections
