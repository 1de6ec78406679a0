"""Each measure of a table -> one indicator, under a code that stays the same over the years.

CBS numbers its keys per table (``AantalInwoners_5`` in 2024, another number in 2023), so the
code is the key without its number (``catalogue.stem``). Some stems occur more than once in
one table: ``Nederland_17`` (under "Herkomstland") and ``Nederland_20`` (under "Geboren in
Nederland"), ``Appartement_54`` (electricity) and ``Appartement_62`` (gas). Those get the
title of the nearest enclosing group that tells them apart: ``Nederland_Herkomstland``,
``Appartement_GemiddeldeElektriciteitslevering``. The same field of another year's table has
the same group titles, and so the same code. A key this table already mapped (an
``IndicatorKey``) keeps its indicator.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from nabij.outcomes.catalogue import stem
from nabij.outcomes.imports.metadata import Topic
from nabij.outcomes.services import Definition

MAX_CODE = 80
POSITION_AFTER_CATALOGUE = 100


def camel(text: str) -> str:
    """``Geboren buiten Nederland`` -> ``GeborenBuitenNederland`` (ASCII letters and digits)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.split(r"[^A-Za-z0-9]+", ascii_text)
    return "".join(word[:1].upper() + word[1:] for word in words if word)


def codes_for(measures: list[Topic], known: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Key -> (indicator code, qualifier title or "") for one table's measures."""
    by_stem: dict[str, list[Topic]] = defaultdict(list)
    for topic in measures:
        by_stem[stem(topic.key)].append(topic)
    result: dict[str, tuple[str, str]] = {}
    for key_stem, topics in by_stem.items():
        if len(topics) == 1:
            result[topics[0].key] = (key_stem, "")
            continue
        for topic, (qualifier, title) in zip(topics, _qualifiers(topics), strict=True):
            result[topic.key] = (f"{key_stem}_{qualifier}"[:MAX_CODE], title)
    used: dict[str, str] = {}
    for key in sorted(result):
        code, title = known.get(key, result[key][0]), result[key][1]
        if code in used.values():
            code = f"{code}_{key.rsplit('_', 1)[-1]}"[:MAX_CODE]  # last resort: stable per table
        used[key] = code
        result[key] = (code, title)
    return result


def _qualifiers(topics: list[Topic]) -> list[tuple[str, str]]:
    deepest = max(len(t.groups) for t in topics)
    for depth in range(1, deepest + 1):
        chains = [t.groups[:depth] for t in topics]
        if len(set(chains)) < len(chains):
            continue
        titles = [chain[-1] if len(chain) == depth else "" for chain in chains]
        if len(set(titles)) == len(titles) and all(titles):
            return [(camel(title), title) for title in titles]
        joined = [" ".join(reversed(chain)) for chain in chains]
        return [(camel(text), text) for text in joined]
    return [(t.key.rsplit("_", 1)[-1], "") for t in topics]  # identical chains: the number


def definitions_for(measures: list[Topic], known: dict[str, str]) -> list[Definition]:
    codes = codes_for(measures, known)
    definitions = []
    for topic in measures:
        code, qualifier = codes[topic.key]
        name = f"{topic.title} ({qualifier})" if qualifier else topic.title
        definitions.append(
            Definition(
                key=topic.key,
                code=code,
                name=name,
                unit=topic.unit,
                decimals=topic.decimals,
                description=topic.description,
                position=POSITION_AFTER_CATALOGUE + topic.position,
            )
        )
    return definitions
