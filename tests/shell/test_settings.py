"""Configuration from the environment: production passes Django's deployment checks, and
RSE_REDIS_URL switches the channel layer and cache to Redis."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "RSE_DEBUG": "0",
    "RSE_SECRET_KEY": "k3#hR9!vQ2@pZ7$wL5^nB8&cX1*mT4(yF6)jD0_sG+eA-uI=oP",
    "RSE_ALLOWED_HOSTS": "rse.example.com",
    "RSE_HTTPS": "1",
    "RSE_EMAIL_URL": "smtp://mail.example.com:587",
}


def run_python(code, **env_vars):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RSE_")}
    env.update(
        env_vars,
        DJANGO_SETTINGS_MODULE="rse.settings",
        RSE_VAR_DIR=env_vars.get("RSE_VAR_DIR", str(ROOT / "var")),
    )
    return subprocess.run(
        [sys.executable, *code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_configuration_passes_check_deploy():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_default_configuration_is_flagged_by_check_deploy():
    """Proves the check above can fail: plain HTTP and DEBUG are not production."""
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode != 0


SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.CHANNEL_LAYERS['default']['BACKEND'], s.CACHES['default']['BACKEND'], "
    "s.DATABASES['default']['ENGINE']]))"
)


def test_redis_url_switches_layer_and_cache():
    result = run_python(["-c", SHOW], RSE_REDIS_URL="redis://127.0.0.1:6379/5")
    layer, cache, _ = json.loads(result.stdout)
    assert layer == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert cache == "rse.cache.RedisCache"


def test_embedded_default_is_in_memory_and_sqlite_in_wal():
    result = run_python(["-c", SHOW])
    layer, cache, engine = json.loads(result.stdout)
    assert layer == "rse.realtime.layers.InMemoryLayer"
    assert cache == "django.core.cache.backends.locmem.LocMemCache"
    assert engine == "django.db.backends.sqlite3"


def test_the_server_process_collects_garbage_less_often():
    """Full collections with a thousand sockets open took 113-244 ms, each time for every
    socket of the process (docs/bench-chat.md); the ASGI entry point raises the first
    threshold so they come rarely."""
    result = run_python(["-c", "import gc, rse.asgi; print(gc.get_threshold())"])
    assert result.stdout.strip() == "(10000, 10, 10)", result.stderr


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = run_python(["-c", code], RSE_VAR_DIR=str(tmp_path))
    assert result.stdout.strip() == "wal", result.stderr


@pytest.mark.skipif(not os.environ.get("RSE_REDIS_URL"), reason="CI's PostgreSQL + Redis pass")
def test_this_run_uses_redis():
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis.")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


@pytest.mark.skipif(not os.environ.get("RSE_DATABASE_URL"), reason="CI's PostgreSQL pass")
def test_this_run_uses_the_configured_database():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


# Six requests one after the other, as the server runs them: each closes its connection at
# the end (CONN_MAX_AGE 0); how many PostgreSQL processes served them.
SIX_REQUESTS = (
    "import django; django.setup(); from django.db import connection; "
    "pids = []\n"
    "for _ in range(6):\n"
    "    pids.append(connection.cursor().execute('SELECT pg_backend_pid()').fetchone()[0])\n"
    "    connection.close()\n"
    "print(len(set(pids)))"
)


@pytest.mark.skipif(not os.environ.get("RSE_DATABASE_URL"), reason="CI's PostgreSQL pass")
@pytest.mark.parametrize(
    ("pool", "processes"), [("10", range(1, 6)), ("1", range(1, 2)), ("0", range(6, 7))]
)
def test_web_requests_take_postgresql_connections_from_a_pool(pool, processes):
    """Opening a connection was 3.8 ms of every request (docs/bench-feed.md): the pool
    hands open ones out again; with RSE_DATABASE_POOL=0 each request opens its own."""
    result = run_python(
        ["-c", SIX_REQUESTS],
        RSE_DATABASE_URL=os.environ["RSE_DATABASE_URL"],
        RSE_DATABASE_POOL=pool,
    )
    assert int(result.stdout or 0) in processes, result.stderr


def test_the_pool_keeps_the_options_of_the_database_url():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.DATABASES['default']['OPTIONS']))"
    )
    url = "postgres://rse@db.example.com:5432/rse?sslmode=require&connect_timeout=5"
    options = json.loads(run_python(["-c", code], RSE_DATABASE_URL=url).stdout)
    assert options["sslmode"] == "require" and options["connect_timeout"] == 5
    assert options["pool"]["max_size"] == 10
    one = run_python(["-c", code], RSE_DATABASE_URL=url, RSE_DATABASE_POOL="1").stdout
    assert json.loads(one)["pool"] == {"min_size": 1, "max_size": 1, "timeout": 10}
    none = run_python(["-c", code], RSE_DATABASE_URL=url, RSE_DATABASE_POOL="0").stdout
    assert "pool" not in json.loads(none)


def test_secret_key_is_made_once_per_installation(tmp_path):
    code = [
        "-c",
        "import django; django.setup(); from django.conf import settings as s; print(s.SECRET_KEY)",
    ]
    first = run_python(code, RSE_VAR_DIR=str(tmp_path)).stdout.strip()
    second = run_python(code, RSE_VAR_DIR=str(tmp_path)).stdout.strip()
    assert len(first) >= 50 and first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_openid_connect_from_the_environment():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.SOCIALACCOUNT_PROVIDERS))"
    )
    result = run_python(
        ["-c", code],
        RSE_OIDC_CLIENT_ID="rse",
        RSE_OIDC_CLIENT_SECRET="s3cret",
        RSE_OIDC_SERVER_URL="https://sso.example.com/realms/acme",
        RSE_OIDC_NAME="Keycloak",
    )
    app = json.loads(result.stdout)["openid_connect"]["APPS"][0]
    assert app["client_id"] == "rse" and app["name"] == "Keycloak"
    assert app["settings"]["server_url"] == "https://sso.example.com/realms/acme"
    assert json.loads(run_python(["-c", code]).stdout) == {}
