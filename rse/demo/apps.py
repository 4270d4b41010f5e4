from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "rse.demo"
    label = "demo"
    verbose_name = "Demo company"
