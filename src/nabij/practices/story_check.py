"""The story check of a practice story: everything ``reports.story_check`` finds (BSN, names
of registered residents, exact addresses and postcodes, figures of fewer than ten households,
phone numbers and e-mail addresses), and what a story from a single household adds:

- **small counts of people**: a number from 1 up to the suppression threshold
  (``SMALL_CELL_THRESHOLD``) of people in a group (``3 bewoners``, ``vier jongeren``, ``twee van
  de cliënten``). A family's own composition (``een moeder met twee kinderen``) is the story and
  passes; durations (``3 weken``), years (``2025``) and amounts (``€ 1.200``) are no counts;
- **birth dates**: a full date (``12-03-1985``, ``12 maart 1985``) in a sentence that speaks of
  birth (``geboren``, ``geboortedatum``, ``jarig``, ``verjaardag``);
- **exact ages**: ``34 jaar oud``, ``een 17-jarige``, ``de leeftijd van 34``: with the area and
  the family, an exact age points at one person (``in de dertig`` passes).

Pure: the caller loads the register (``reports.selectors.check_register``) and the household's
names, and hands them in. Each finding says which text (``title`` or ``text``), which sentence,
and where in it and in the whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nabij.reports import story_check
from nabij.reports.story_check import Household, Register, Sentence, split_sentences

# What this check adds to the kinds of ``reports.story_check.Kind``.
SMALL_COUNT = "small_count"
BIRTH_DATE = "birth_date"
AGE = "age"


@dataclass(frozen=True)
class Finding:
    """One finding, located: ``field`` (``title``/``text``), the sentence (0-based index and
    its words), the fragment and its offsets in the sentence and in the whole field."""

    field: str
    kind: str
    sentence_index: int
    sentence: str
    fragment: str
    start: int  # in the sentence
    end: int
    offset: int  # of the fragment in the whole field's text
    detail: str = ""

    @property
    def sentence_number(self) -> int:
        return self.sentence_index + 1


_WORD_NUMBERS = {
    "één": 1,
    "éen": 1,
    "eén": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
}
_PEOPLE = (
    r"mensen|personen|persoon|bewoners|bewoonsters|inwoners|cliënten|clienten|jongeren|"
    r"deelnemers|leerlingen|ouderen|vluchtelingen|statushouders|dak- en thuislozen|daklozen|"
    r"alleenstaanden|moeders|vaders|mannen|vrouwen"
)
_SMALL_COUNT = re.compile(
    rf"(?<![\w,.€-])(\d{{1,3}}|{'|'.join(_WORD_NUMBERS)})\s+"
    r"(?:van\s+(?:de|onze|deze|die|alle|hun)\s+)?"
    rf"(?:[^\W\d_]+\s+)?(?:{_PEOPLE})\b",
    re.IGNORECASE,
)
_MONTHS = (
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)\d{{2}}|\d{{1,2}}\s+(?:{_MONTHS})\.?\s+"
    r"(?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
_BIRTH = re.compile(r"\b(?:geboren|geboortedatum|geb\.|jarig|verjaardag)", re.IGNORECASE)
_AGE = re.compile(
    r"\b(?P<a>\d{1,3}\s+jaar\s+oud|\d{1,3}-jarige?)\b|\bleeftijd\s+van\s+(?P<b>\d{1,3})\b"
    r"|\b(?:is|was|werd|wordt)\s+(?P<c>\d{1,3}\s+jaar)\b"
    r"(?!\s+(?:oud|lang|geleden|getrouwd|bezig|later|eerder))",
    re.IGNORECASE,
)


def _count(raw: str) -> int:
    return int(raw) if raw.isdigit() else _WORD_NUMBERS.get(raw.lower(), 0)


def extra_findings(sentence: Sentence, threshold: int) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, detail) in the sentence, for what ``reports.story_check`` leaves."""
    s = sentence.text
    out: list[tuple[str, int, int, str]] = []
    for m in _SMALL_COUNT.finditer(s):
        n = _count(m.group(1))
        if 1 <= n < threshold:
            out.append((SMALL_COUNT, m.start(), m.end(), str(n)))
    if _BIRTH.search(s):
        out.extend((BIRTH_DATE, m.start(), m.end(), "") for m in _FULL_DATE.finditer(s))
    for m in _AGE.finditer(s):
        group = next(g for g in ("a", "b", "c") if m.group(g) is not None)
        out.append((AGE, m.start(group), m.end(group), ""))
    return out


def check_field(
    field: str,
    text: str,
    register: Register,
    *,
    household: Household = story_check.NO_HOUSEHOLD,
    threshold: int = 10,
) -> list[Finding]:
    """Every finding in one text, sentence by sentence."""
    found: list[Finding] = []
    for sentence in split_sentences(text):
        rows: list[tuple[str, int, int, str]] = [
            (str(f.kind), f.start, f.end, f.detail)
            for f in story_check.check_sentence(sentence, register, household)
        ]
        rows += extra_findings(sentence, threshold)
        for kind, start, end, detail in sorted(rows, key=lambda r: (r[1], r[2])):
            found.append(
                Finding(
                    field=field,
                    kind=kind,
                    sentence_index=sentence.index,
                    sentence=sentence.text,
                    fragment=sentence.text[start:end],
                    start=start,
                    end=end,
                    offset=sentence.start + start,
                    detail=detail,
                )
            )
    return found


def check_story(
    title: str,
    text: str,
    register: Register,
    *,
    household: Household = story_check.NO_HOUSEHOLD,
    threshold: int = 10,
) -> list[Finding]:
    """The title's findings, then the text's."""
    return check_field(
        "title", title, register, household=household, threshold=threshold
    ) + check_field("text", text, register, household=household, threshold=threshold)
