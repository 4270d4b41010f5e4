"""The one settings module: every knob comes from an ``RSE_*`` environment variable.

Defaults are the embedded set-up a team tries RSE with (SQLite in WAL mode, in-memory
channel layer, local-memory cache, e-mails written to var/mail/). A company sets
``RSE_DATABASE_URL`` and ``RSE_REDIS_URL`` and runs the very same code at scale.
README.md lists every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.prefix = "RSE_"

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)


def _install_secret_key() -> str:
    """A key made once per installation and kept under var/, so the embedded default is
    never shipped with a known key; several processes in production share RSE_SECRET_KEY."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _install_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("SITE_NAME", default="RSE")
# The address people reach RSE at, for links in e-mails sent outside a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "rse.accounts",
    "rse.realtime",
    "groups",
    "feed",
    "chat",
    "rse.demo",  # the top: `manage.py demo` (reads every app, nothing imports it)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rse.accounts.middleware.PersonalPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rse.accounts.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "rse.urls"
WSGI_APPLICATION = "rse.wsgi.application"
ASGI_APPLICATION = "rse.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "rse.context_processors.product",
            ],
            # Core template tags: rse itself is not an installed app.
            "libraries": {"moments": "rse.templatetags.moments"},
        },
    },
]

# --- Data -------------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'rse.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock between two writers.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in memory for the suite
elif (pool_size := env.int("DATABASE_POOL", default=10)) > 0:
    # Under ASGI each web request runs in a thread of its own, so Django closes its
    # connection at the end (CONN_MAX_AGE 0) and the next request opened a new one: a
    # PostgreSQL process forked and the session set up, 3.8 ms of each request measured
    # here. Django's own pool (psycopg-pool) hands a request a connection already open,
    # checked first (a restarted server would otherwise fail a request per connection).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(2, pool_size),
        "max_size": pool_size,
        "timeout": env.int("DATABASE_POOL_TIMEOUT", default=10),
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # The pub/sub layer delivered twice the naive layer's rate here and never dropped
    # silently at capacity (shared/REALTIME-NOTES.md). The pool is sized so that a mass
    # disconnect cannot exhaust it and leave ghost group members.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {"address": REDIS_URL, "max_connections": env.int("REDIS_POOL", default=1000)}
                ],
                "prefix": "rse",
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "rse.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rse",
        }
    }
else:
    # Channels' in-memory layer, walking for expired entries once a second, not per message.
    CHANNEL_LAYERS = {"default": {"BACKEND": "rse.realtime.layers.InMemoryLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Accounts -----------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Addresses at these domains may sign up on their own; empty means invitation only.
SIGNUP_DOMAINS = [d.lower().lstrip("@") for d in env.list("SIGNUP_DOMAINS", default=[])]

ACCOUNT_ADAPTER = "rse.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "rse.accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "rse.accounts.forms.SignupForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_RATE_LIMITS = {
    # Per address and per IP: slows password guessing without locking out an office NAT.
    "login_failed": env.str("LOGIN_RATE_LIMIT", default="20/m/ip,5/5m/key"),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS = {}
if env.str("OIDC_CLIENT_ID", default=""):
    # One OpenID Connect identity provider (Keycloak, Entra ID, Google Workspace...).
    # Its addresses are trusted as verified: the company's provider owns them.
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "EMAIL_AUTHENTICATION": True,
        "VERIFIED_EMAIL": True,
        "APPS": [
            {
                "provider_id": env.str("OIDC_PROVIDER_ID", default="sso"),
                "name": env.str("OIDC_NAME", default="Single sign-on"),
                "client_id": env.str("OIDC_CLIENT_ID"),
                "secret": env.str("OIDC_CLIENT_SECRET", default=""),
                "settings": {"server_url": env.str("OIDC_SERVER_URL")},
            }
        ],
    }

# --- Content security policy (django-csp) -----------------------------------------------
# Scripts run only from RSE's own origin: no inline script, event handler or style
# attribute anywhere, so injected markup can do nothing; RSE's own script tags carry the
# nonce of their response as well. Not 'strict-dynamic': it would ignore 'self' and block
# the scripts of the admin site and of allauth's account pages, which carry no nonce.
# The browser reports a violation to /csp-report/, which logs it (rse/views.py).
# Uploaded files are served with a stricter policy of their own (rse/files.py).
_FORM_TARGETS = [SELF]
if SOCIALACCOUNT_PROVIDERS:  # the sign-in form posts on to the identity provider
    _FORM_TARGETS.append(
        "{0.scheme}://{0.netloc}".format(urlsplit(env.str("OIDC_SERVER_URL", default="")))
    )
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": _FORM_TARGETS,
        "report-uri": "/csp-report/",
    },
}

AVATAR_MAX_BYTES = env.int("AVATAR_MAX_BYTES", default=5 * 1024 * 1024)
# Pillow refuses images over twice this many pixels; we refuse them from this many.
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)

# --- Posts and comments ---------------------------------------------------------------------

POST_MAX_CHARS = env.int("POST_MAX_CHARS", default=20_000)
COMMENT_MAX_CHARS = env.int("COMMENT_MAX_CHARS", default=10_000)
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
ATTACHMENTS_MAX_COUNT = env.int("ATTACHMENTS_MAX_COUNT", default=10)
# The largest request body, refused before it is read (rse/body_limit.py): every file of
# a post at its largest, and the form around them. The proxy's limit should match it.
REQUEST_MAX_BYTES = env.int(
    "REQUEST_MAX_BYTES", default=ATTACHMENT_MAX_BYTES * ATTACHMENTS_MAX_COUNT + 1024 * 1024
)
# Per person and per minute; a burst above gets a friendly "slow down" message.
POSTS_PER_MINUTE = env.int("POSTS_PER_MINUTE", default=5)
COMMENTS_PER_MINUTE = env.int("COMMENTS_PER_MINUTE", default=20)

# --- Chat ---------------------------------------------------------------------------------

CHAT_MESSAGE_MAX_CHARS = env.int("CHAT_MESSAGE_MAX_CHARS", default=4_000)
CHAT_MESSAGES_PER_MINUTE = env.int("CHAT_MESSAGES_PER_MINUTE", default=60)
# Files attached to chat messages, per person and per minute (sizes and counts per
# message follow ATTACHMENT_MAX_BYTES and ATTACHMENTS_MAX_COUNT).
CHAT_UPLOADS_PER_MINUTE = env.int("CHAT_UPLOADS_PER_MINUTE", default=30)

# --- E-mail -------------------------------------------------------------------------------

if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages, time ----------------------------------------------------------------------

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# When set (e.g. "/protected-media/"), files are handed to the proxy with X-Accel-Redirect
# after the permission check instead of being streamed by Python.
MEDIA_ACCEL_REDIRECT = env.str("MEDIA_ACCEL_REDIRECT", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "rse.storage.HashedStaticStorage"  # whitenoise's, ES module imports hashed too
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Security -----------------------------------------------------------------------------

# RSE_HTTPS=1 when the site is served over HTTPS (always, in production): redirect plain
# HTTP, secure cookies, and HSTS.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=True)  # the header alone enrols nothing
# Trust X-Forwarded-Proto only behind a proxy that sets it (and strips the client's own).
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env.int("SESSION_AGE", default=14 * 24 * 3600)
# Every page read its session from the database first: one more round trip on each request
# (0.6 ms of the home page's SQL on PostgreSQL). Read from the cache, written to both.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
