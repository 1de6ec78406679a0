"""Settings that must hold in production, and .env.example documenting every setting."""

from __future__ import annotations

import ast
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3]
REPO_ROOT = SRC.parent
SETTINGS_FILE = SRC / "nabij" / "config" / "settings.py"
ENV_EXAMPLE = REPO_ROOT / ".env.example"


def _import_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings module in a fresh interpreter with exactly these Nabij variables."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_DEBUG", "NABIJ_ENV", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update({"NABIJ_DATA_DIR": str(tmp_path), "PYTHONPATH": str(SRC), **env})
    code = (
        "import nabij.config.settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.ALLOWED_HOSTS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _import_settings(tmp_path, NABIJ_ENV="production")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when NABIJ_ENV=production." in (
        result.stderr
    )


def test_production_refuses_an_empty_secret_key(tmp_path):
    result = _import_settings(tmp_path, NABIJ_ENV="production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("value", ["1", "true", "True", "yes", "on"])
def test_production_refuses_to_start_with_debug_on(tmp_path, value):
    result = _import_settings(
        tmp_path, NABIJ_ENV="production", SECRET_KEY="x" * 50, DJANGO_DEBUG=value
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_DEBUG must be off when NABIJ_ENV=production." in (
        result.stderr
    )


def test_production_starts_with_a_key_and_is_strict_by_default(tmp_path):
    result = _import_settings(tmp_path, NABIJ_ENV="production", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    # DEBUG, secure session and CSRF cookies, HTTPS redirect, one year of HSTS, no hosts
    assert result.stdout.split() == ["False", "True", "True", "True", "31536000", "[]"]


def test_development_starts_without_a_key(tmp_path):
    result = _import_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_argon2_is_the_default_password_hasher():
    # The test conftest swaps in MD5 for speed, so read the settings module itself.
    module = importlib.import_module("nabij.config.settings")
    assert module.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    from django.contrib.auth.hashers import Argon2PasswordHasher

    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("correct-horse-battery", hasher.salt())  # argon2-cffi is installed
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("correct-horse-battery", encoded)


# --- .env.example ---------------------------------------------------------------------------

ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def environment_reads(source: str) -> set[str]:
    """Names read from the environment: ``os.environ.get("X")``, ``os.environ["X"]``,
    ``os.getenv("X")`` and calls to the module's own helpers that read it (``env_bool("X")``).
    """
    tree = ast.parse(source)
    helpers = {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and "os.environ" in ast.unparse(node)
    }
    names: set[str] = set()
    for node in ast.walk(tree):
        key: ast.expr | None = None
        if isinstance(node, ast.Call) and node.args:
            func = ast.unparse(node.func)
            if func in {"os.environ.get", "os.getenv", "os.environ.setdefault"} | helpers:
                key = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            key = node.slice
        if (
            isinstance(key, ast.Constant)
            and isinstance(key.value, str)
            and ENV_NAME.match(key.value)
        ):
            names.add(key.value)
    return names


def documented_names(text: str) -> set[str]:
    """``NAME=value`` lines, also when commented out (``# NAME=value``) as optional."""
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_parser_finds_settings_reads():
    found = environment_reads(SETTINGS_FILE.read_text(encoding="utf-8"))
    # a sanity check, so a broken parser cannot make the next test pass vacuously
    assert {
        "SECRET_KEY",
        "DJANGO_DEBUG",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "SECURE_COOKIES",
    } <= found


def test_parser_sees_helpers_and_subscripts():
    source = (
        "import os\n"
        "def env_flag(name):\n    return os.environ.get(name) == '1'\n"
        "A = os.environ['ALPHA']\nB = env_flag('BETA')\nC = os.getenv('GAMMA', '')\n"
    )
    assert environment_reads(source) == {"ALPHA", "BETA", "GAMMA"}


def test_env_example_documents_every_setting():
    read = environment_reads(SETTINGS_FILE.read_text(encoding="utf-8"))
    documented = documented_names(ENV_EXAMPLE.read_text(encoding="utf-8"))
    missing = sorted(read - documented)
    assert not missing, f".env.example does not document: {', '.join(missing)}"


def test_env_example_documents_nothing_that_is_not_read():
    read = environment_reads(SETTINGS_FILE.read_text(encoding="utf-8"))
    read |= environment_reads((SRC / "nabij" / "cli.py").read_text(encoding="utf-8"))
    # `nabij manage digid_configure` reads the DIGID_* variables of DigiD's SAML configuration.
    from nabij.access.digid_configure import KNOWN_VARIABLES

    read |= KNOWN_VARIABLES
    documented = documented_names(ENV_EXAMPLE.read_text(encoding="utf-8"))
    stale = sorted(documented - read)
    assert not stale, f".env.example documents settings nobody reads: {', '.join(stale)}"


def test_env_example_explains_each_setting():
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=", line)
        if match:
            above = lines[index - 1] if index else ""
            assert above.startswith("# ") and not re.match(r"^#\s*[A-Z][A-Z0-9_]*=", above), (
                f"{match.group(1)} has no comment line above it in .env.example"
            )
