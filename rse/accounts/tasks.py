"""Background work about people: e-mails leave the request so a slow mail server never
slows a page (with the database backend a worker sends them; by default, at once)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(*, subject, body, to, html=None, from_email=None, headers=None):
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers or {},
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
