"""The exchange format: export, import, the round trip between two installations, and every
kind of bad or malicious file refused with a located problem (and nothing imported)."""

import copy
import json

import pytest
from django.test import override_settings

from nabij.practices import exchange
from nabij.practices.exchange import import_bytes
from nabij.practices.models import PracticeStory
from nabij.practices.tests.helpers import a_rule, published

pytestmark = pytest.mark.django_db

SAMPLE = exchange.Path(exchange.__file__).parent / "data" / "sample-import.json"


def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def encode(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


def refused(data: bytes) -> list[exchange.Problem]:
    before = PracticeStory.objects.count()
    result = import_bytes(data)
    assert not result.ok, "expected the file to be refused"
    assert PracticeStory.objects.count() == before, "a refused file imported something"
    return result.problems


def pointers(data: bytes) -> list[str]:
    return [p.pointer for p in refused(data)]


def test_the_schema_in_docs_is_the_one_the_import_uses():
    docs = exchange.Path(exchange.__file__).parents[3] / "docs" / "practices.schema.json"
    assert json.loads(docs.read_text()) == exchange.schema()


@override_settings(NABIJ_INSTALLATION_NAME="Gemeente Alfa")
def test_export_has_only_published_stories_and_no_personal_details(world):
    rule = a_rule()
    story = published(world, rule_ids=[rule.pk], domains=["huisvesting", "adl"])
    from nabij.practices import services
    from nabij.practices.tests.helpers import actor_of, data

    services.draft_create(actor=actor_of(world.assigned), data=data(title="Nog een concept"))
    doc = exchange.export_document()
    assert doc["format"] == "nabij-practices" and doc["version"] == 1
    assert doc["installation"]["name"] == "Gemeente Alfa"
    assert [s["title"] for s in doc["stories"]] == [story.title]
    s = doc["stories"][0]
    assert s["origin"] == {"installation": "Gemeente Alfa", "id": str(story.public_id)}
    assert s["life_domains"] == ["huisvesting", "adl"]
    assert s["rules"] == [
        {"name": rule.name, "kind": "law", "reference": "art. 17", "owner": "Rijksoverheid"}
    ]
    assert s["cost_before_cents"] == 1_000_000
    text = json.dumps(doc)
    assert "assigned" not in text and "household" not in text.replace("household_consent", "")
    from jsonschema import Draft202012Validator

    assert not list(Draft202012Validator(exchange.schema()).iter_errors(doc))


def test_round_trip_from_one_installation_into_a_fresh_one(world):
    rule = a_rule()
    with override_settings(NABIJ_INSTALLATION_NAME="Gemeente Alfa"):
        first = published(world, rule_ids=[rule.pk], domains=["financien"])
        second = published(
            world,
            title="Tweede",
            text="Het team belde de corporatie.",
            outcome="partly",
            cost_before_cents=None,
            cost_after_cents=None,
            area_type="rural",
        )
        exported = exchange.export_json()
    # A fresh installation: no stories; the same rules register (matched by kind/name/owner).
    PracticeStory.objects.all().delete()
    with override_settings(NABIJ_INSTALLATION_NAME="Gemeente Beta"):
        result = import_bytes(exported.encode())
        assert result.ok, result.problems
        assert len(result.added) == 2
        again = import_bytes(exported.encode())
        assert again.ok and again.added == [] and again.skipped == 2
        assert PracticeStory.objects.count() == 2
        imported = {s.source_id: s for s in PracticeStory.objects.all()}
        a = imported[str(first.public_id)]
        assert (a.title, a.text, a.outcome, a.cost_before_cents, a.cost_after_cents) == (
            first.title,
            first.text,
            first.outcome,
            first.cost_before_cents,
            first.cost_after_cents,
        )
        assert a.source_installation == "Gemeente Alfa" and a.municipality == first.municipality
        assert [d.code for d in a.domains.all()] == ["financien"]
        assert list(a.rules.all()) == [rule]
        assert a.state == "published" and a.source == "imported"
        b = imported[str(second.public_id)]
        assert (b.area_type, b.cost_before_cents, b.outcome) == ("rural", None, "partly")
        # exported again from Beta: the same stories, still naming Alfa as their origin
        redone = exchange.export_document()
    original = json.loads(exported)
    assert redone["stories"] == original["stories"]
    assert redone["installation"]["name"] == "Gemeente Beta"


def test_the_sample_file_imports_and_unknown_rules_stay_as_text(world):
    a_rule(
        "Participatiewet: geen bijstand of voorschot zonder geldig identiteitsbewijs",
        "Rijksoverheid",
    )
    result = import_bytes(SAMPLE.read_bytes())
    assert result.ok, result.problems
    story = result.added[0]
    assert [r.name for r in story.rules.all()] == [
        "Participatiewet: geen bijstand of voorschot zonder geldig identiteitsbewijs"
    ]
    assert [r["name"] for r in story.other_rules] == [
        "Schuldhulp alleen na een volledig intakegesprek"
    ]
    assert "fictief" in story.municipality


def test_a_dry_run_imports_nothing(world):
    result = import_bytes(SAMPLE.read_bytes(), dry_run=True)
    assert result.ok and len(result.added) == 1
    assert PracticeStory.objects.count() == 0


# --- Bad and malicious files --------------------------------------------------------------


def test_not_json_says_line_and_column(world):
    problems = refused(b'{\n  "format": "nabij-practices",\n  "version": 1,,\n}')
    assert (problems[0].line, problems[0].column) == (3, 16)
    assert "not JSON" in problems[0].message


def test_not_utf8(world):
    problems = refused(b'{"format": "nabij-pr\xe9ctices"}')
    assert problems[0].message == "not UTF-8" and problems[0].line == 1


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        (lambda d: d.update(format="something-else"), "/format"),
        (lambda d: d.update(version=2), "/version"),
        (lambda d: d.update(extra=True), ""),
        (lambda d: d["stories"][0].update(bsn="111222333"), "/stories/0"),
        (lambda d: d["stories"][0].pop("title"), "/stories/0"),
        (lambda d: d["stories"][0].update(title="x" * 201), "/stories/0/title"),
        (lambda d: d["stories"][0].update(text="x" * 10_001), "/stories/0/text"),
        (lambda d: d["stories"][0].update(title="Een\u0007bel"), "/stories/0/title"),
        (lambda d: d["stories"][0].update(cost_before_cents=-5), "/stories/0/cost_before_cents"),
        (lambda d: d["stories"][0].update(cost_after_cents="100"), "/stories/0/cost_after_cents"),
        (lambda d: d["stories"][0].update(life_domains=["geluk"]), "/stories/0/life_domains/0"),
        (lambda d: d["stories"][0].update(outcome="great"), "/stories/0/outcome"),
        (lambda d: d["stories"][0].update(published_on="1-10-2026"), "/stories/0/published_on"),
        (lambda d: d["stories"][0]["rules"][0].update(kind="wish"), "/stories/0/rules/0/kind"),
        (lambda d: d["stories"][0]["origin"].update(id="../../etc"), "/stories/0/origin/id"),
        (lambda d: d.update(stories="none"), "/stories"),
    ],
)
def test_schema_problems_are_located(world, change, pointer):
    doc = sample()
    change(doc)
    assert pointer in pointers(encode(doc))


def test_html_and_script_in_a_text_are_refused(world):
    doc = sample()
    doc["stories"][0]["text"] = "Goed verhaal. <script>alert(1)</script>"
    doc["stories"][0]["title"] = '<img src=x onerror="alert(1)">'
    assert pointers(encode(doc)) == ["/stories/0/title", "/stories/0/text"]


def test_personal_data_is_refused_against_this_register(world):
    doc = sample()
    doc["stories"][0]["text"] = "Het ging goed. Daarna belde Karima El Amrani ons."
    problems = refused(encode(doc))
    assert [p.pointer for p in problems] == ["/stories/0/text"]
    assert "sentence 2" in problems[0].message and "Karima El Amrani" in problems[0].message


def test_duplicate_ids_in_one_file(world):
    doc = sample()
    doc["stories"].append(copy.deepcopy(doc["stories"][0]))
    assert pointers(encode(doc)) == ["/stories/1/origin/id"]


def test_duplicate_keys_are_refused(world):
    text = SAMPLE.read_text().replace('"version": 1,', '"version": 1, "version": 1,', 1)
    assert "twice" in refused(text.encode())[0].message


def test_deep_nesting_is_refused_before_parsing(world):
    problems = refused(b"[" * 100_000 + b"]" * 100_000)
    assert "nested deeper" in problems[0].message and problems[0].column == 9


@override_settings(PRACTICES_IMPORT_MAX_BYTES=1000)
def test_a_huge_file_is_refused_before_parsing(world):
    problems = refused(b" " * 1001)
    assert "at most 1000" in problems[0].message


def test_nan_and_a_bare_value_are_refused(world):
    assert refused(b'{"format": NaN}')
    assert pointers(b"42") == [""]


def test_a_later_bad_story_stops_the_good_ones(world):
    doc = sample()
    good = copy.deepcopy(doc["stories"][0])
    bad = copy.deepcopy(good)
    bad["origin"]["id"] = "anders"
    bad["text"] = "Bel 06-12345678."
    doc["stories"] = [good, bad]
    assert pointers(encode(doc)) == ["/stories/1/text"]
