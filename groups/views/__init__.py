"""Groups pages, one module a page or area: the directory, a group's page, the membership
card on it, a person's invitations, the members page with its admissions and its roles,
a group's life (creating, settings, archiving, deleting), its audit log, and the site
admins' area. Each view asks the door (groups/permissions.py), then calls an action."""
