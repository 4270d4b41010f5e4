"""WSGI entry point, for management tools that want one; the product is served over ASGI."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rse.settings")
application = get_wsgi_application()
