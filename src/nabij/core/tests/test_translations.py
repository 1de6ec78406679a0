"""The Dutch catalogue: complete, placeholders intact, compiled .mo current, served by default.

CI machines have no gettext, so the compiled ``django.mo`` is committed and checked here against
the ``.po`` with polib. Whether the catalogue holds every string in the code needs xgettext; that
check runs where gettext is installed and is skipped elsewhere.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

import nabij

PACKAGE_DIR = Path(nabij.__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
PO_PATH = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"
MO_PATH = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.mo"

# The catalogue is made from src/nabij with:
#   django-admin makemessages -l nl -e html,txt,py,css --ignore='tests/*' --ignore='*/tests/*' \
#       --no-location --no-obsolete
# (css: the PDF's page boxes are a translated template, reports/account_pdf_page.css)
# and compiled with: msgfmt --check -o django.mo django.po
IGNORE_PATTERNS = ["tests/*", "*/tests/*"]
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib")

NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%(?!\()[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACED = re.compile(r"\{\w*\}")


def _entries(catalogue: polib.POFile | polib.MOFile) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in catalogue if e.msgid}


def _placeholders(text: str) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    text = text.replace("%%", "")
    return (
        frozenset(m.group(0) for m in NAMED.finditer(text)),
        tuple(m.group(0) for m in POSITIONAL.finditer(text)),
        frozenset(BRACED.findall(text)),
    )


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    assert PO_PATH.is_file(), f"{PO_PATH} is missing"
    return polib.pofile(str(PO_PATH))


def test_catalogue_header_is_dutch_and_not_fuzzy(po):
    assert po.metadata["Language"] == "nl"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Plural-Forms"].startswith("nplurals=2;")
    assert not po.metadata_is_fuzzy


def test_every_entry_is_translated_and_not_fuzzy(po):
    assert len(_entries(po)) > 0
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    untranslated = [e.msgid for e in po.untranslated_entries()]
    empty_plural_forms = [
        e.msgid for e in po if e.msgid_plural and not all(e.msgstr_plural.get(i) for i in (0, 1))
    ]
    obsolete = [e.msgid for e in po.obsolete_entries()]
    assert fuzzy == [], f"fuzzy entries: {fuzzy}"
    assert untranslated == [], f"untranslated entries: {untranslated}"
    assert empty_plural_forms == [], f"plural entries missing a form: {empty_plural_forms}"
    assert obsolete == [], f"obsolete entries (run makemessages with --no-obsolete): {obsolete}"


def test_placeholders_survive_translation(po):
    problems = []
    for entry in po:
        if not entry.msgid:
            continue
        if entry.msgid_plural:
            expected = _placeholders(entry.msgid_plural)
            translations = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        else:
            expected = _placeholders(entry.msgid)
            translations = [entry.msgstr]
        for text in translations:
            if _placeholders(text) != expected:
                problems.append(f"{entry.msgid!r} -> {text!r}")
    assert problems == [], "placeholders differ:\n" + "\n".join(problems)


def test_compiled_catalogue_matches_the_po_file(po):
    """CI has no msgfmt, so the committed .mo must be compiled from the committed .po."""
    assert MO_PATH.is_file(), f"{MO_PATH} is missing: run msgfmt or compilemessages"
    mo = polib.mofile(str(MO_PATH))
    po_entries, mo_entries = _entries(po), _entries(mo)
    assert sorted(mo_entries, key=str) == sorted(po_entries, key=str), (
        "the .mo has other msgids than the .po: recompile it"
    )
    stale = []
    for key, entry in po_entries.items():
        compiled = mo_entries[key]
        if entry.msgid_plural:
            if compiled.msgid_plural != entry.msgid_plural or dict(compiled.msgstr_plural) != {
                int(i): s for i, s in entry.msgstr_plural.items()
            }:
                stale.append(entry.msgid)
        elif compiled.msgstr != entry.msgstr:
            stale.append(entry.msgid)
    assert stale == [], f"the .mo is out of date for: {stale}"


@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in GETTEXT_TOOLS),
    reason="gettext (xgettext, msguniq, msgmerge, msgattrib) is not installed, so the strings in "
    "the code cannot be extracted here; the completeness check runs where gettext is installed",
)
def test_catalogue_holds_every_string_in_the_code(po, tmp_path, monkeypatch):
    """makemessages on a copy of the sources must find no msgid that the catalogue lacks."""
    copy = tmp_path / "nabij"
    shutil.copytree(
        PACKAGE_DIR,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "locale", "*.pyc", "*.mo", "*.po"),
    )
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
        call_command(
            "makemessages",
            locale=["nl"],
            extensions=["html", "txt", "py", "css"],
            ignore_patterns=IGNORE_PATTERNS,
            no_location=True,
            no_obsolete=True,
            verbosity=0,
        )
    extracted = polib.pofile(str(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    missing = sorted(set(_entries(extracted)) - set(_entries(po)), key=str)
    assert len(_entries(extracted)) > 0
    assert missing == [], (
        "strings in the code that are not in the Dutch catalogue; run makemessages from "
        f"src/nabij and translate them: {missing}"
    )


@pytest.mark.django_db
def test_login_page_is_dutch_by_default(client):
    response = client.get(reverse("core:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert "Inloggen" in html
    assert "Log in" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["cookie", "accept_language"])
def test_login_page_is_english_on_request(client, settings, how):
    if how == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(reverse("core:login"))
    else:
        response = client.get(reverse("core:login"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Log in" in html
    assert "Inloggen" not in html
