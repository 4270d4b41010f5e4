from django.contrib import admin
from django.urls import include, path

from feed.views.lists import home

from . import views

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("csp-report/", views.csp_report, name="csp_report"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("rse.accounts.urls")),
    path("", include("feed.urls")),
    path("groups/", include("groups.urls")),
    path("chat/", include("chat.urls")),
]
