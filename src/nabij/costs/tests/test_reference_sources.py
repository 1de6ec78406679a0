"""Every shipped reference price that quotes its source quotes the passage that gives its figure,
and credits whom that passage credits.

A cost-benefit tool lives by its sources: the teen-mother shelter (€60,000 a year) and detention
for unpaid fines (€190 a day) were once credited to Van de Logt & Cuyvers, whom the essay
quotes for another figure only. The passage check runs on the data alone; where the source texts
are at hand (``NABIJ_SOURCE_TEXTS``: the folder of the project's numbered source texts), each
passage must also stand in the text word for word, in a paragraph that names whom it credits.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from nabij.costs.models import Unit

DATA = Path(__file__).resolve().parents[1] / "data" / "reference_prices.json"
ROWS = json.loads(DATA.read_text(encoding="utf-8"))
QUOTE = re.compile(r"„(?P<passage>[^”]+)”")
ESSAY = "Nabij is beter"
ESSAY_TEXT = "002"  # the number of the essay among the project's source texts
CREDITED = ("Van de Logt", "Cuyvers")


def whole_euros(cents: int) -> str:
    """€60,000 as Dutch prose writes it: 60.000."""
    return f"{cents // 100:,}".replace(",", ".")


def quoting_rows() -> list[dict[str, object]]:
    return [row for row in ROWS if "„" in str(row["source"])]


def test_the_essays_figures_quote_their_passage():
    quoted = {row["key"] for row in quoting_rows()}
    # Every figure taken from the essay quotes it: none is cited by a bare "source text 002".
    assert not [r["key"] for r in ROWS if "brontekst" in str(r["source"]).lower()]
    assert {
        "stacked-problems-family",
        "youth-crisis-shelter",
        "teen-mother-shelter",
        "detention-unpaid-fines",
    } <= quoted


@pytest.mark.parametrize("row", quoting_rows(), ids=lambda row: str(row["key"]))
def test_a_quoted_passage_gives_the_figure_and_credits_only_whom_it_names(row):
    source = str(row["source"])
    match = QUOTE.search(source)
    assert match is not None
    passage = match.group("passage")
    assert row["unit"] != Unit.PERCENT
    assert whole_euros(int(row["amount_cents"])) in passage, (row["key"], passage)
    cited_before_quote = source[: match.start()]
    credits = [name for name in CREDITED if name in cited_before_quote]
    if credits:
        # Van de Logt & Cuyvers are quoted in the essay for Gladys's family only.
        assert "Gladys" in passage and "aangehaald in" in cited_before_quote
    if ESSAY in cited_before_quote and not credits:
        assert "Hilhorst & Van der Lans" in cited_before_quote


def _source_text() -> str | None:
    folder = os.environ.get("NABIJ_SOURCE_TEXTS", "")
    if not folder:
        return None
    found = sorted(Path(folder).glob(f"{ESSAY_TEXT}_*.txt"))
    return found[0].read_text(encoding="utf-8") if found else None


@pytest.mark.parametrize("row", quoting_rows(), ids=lambda row: str(row["key"]))
def test_a_quoted_passage_stands_in_the_source_text(row):
    text = _source_text()
    if text is None:
        pytest.skip("set NABIJ_SOURCE_TEXTS to the folder of the source texts to check them")
    match = QUOTE.search(str(row["source"]))
    assert match is not None
    passage = match.group("passage")
    flat = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    assert passage in flat, f"{row['key']}: the passage is not in source text {ESSAY_TEXT}"
    # Whom the passage is credited to is named in its paragraph or the one before it.
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\u00a0", " ")) if p.strip()]
    at = next(i for i, p in enumerate(paragraphs) if passage in re.sub(r"\s+", " ", p))
    around = " ".join(paragraphs[max(at - 1, 0) : at + 1])
    cited_before_quote = str(row["source"])[: match.start()]
    for name in CREDITED:
        if name in cited_before_quote:
            assert name.lower() in around.lower(), f"{row['key']}: {name} is not near the passage"
        else:
            assert name.lower() not in paragraphs[at].lower(), (
                f"{row['key']}: the passage credits {name}, the citation does not"
            )
