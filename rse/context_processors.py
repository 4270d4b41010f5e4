from django.conf import settings


def product(request):
    return {"SITE_NAME": settings.SITE_NAME}
