"""Which indicators answer which outcome question, and which way is better.

CBS's metadata (``DataProperties``) names and describes a field, but says nothing of what a
municipality steers on: that is Nabij's choice, made here once. A field of an imported table
that is not listed here is still imported, as context that answers no question.

Keys are the stable indicator codes: a CBS key without its table-specific number
(``WmoClienten_100`` -> ``WmoClienten``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nabij.outcomes.models import Direction, Question

_NUMBER = re.compile(r"_\d+$")


def stem(key: str) -> str:
    """``PersonenPerSoortUitkeringBijstand_94`` -> ``PersonenPerSoortUitkeringBijstand``."""
    return _NUMBER.sub("", key)


@dataclass(frozen=True)
class Entry:
    question: Question
    direction: Direction
    # A count shown per 1,000 inhabitants on profiles and maps, so areas of different size
    # compare (the value stored stays CBS's count).
    per_thousand: bool = False


H, L, N = Direction.HIGHER_BETTER, Direction.LOWER_BETTER, Direction.NEUTRAL

# In the order a profile lists them under each question.
CATALOGUE: dict[str, Entry] = {
    # Gaan mensen naar school?
    "VoortijdigSchoolverlaters": Entry(Question.SCHOOL, L),
    "PercentageJongerenMetJeugdzorg": Entry(Question.SCHOOL, L),
    "JongerenMetJeugdzorgInNatura": Entry(Question.SCHOOL, L, per_thousand=True),
    "BasisonderwijsVmboMbo1": Entry(Question.SCHOOL, L, per_thousand=True),
    # Hebben ze werk?
    "Nettoarbeidsparticipatie": Entry(Question.WORK, H),
    "PersonenPerSoortUitkeringBijstand": Entry(Question.WORK, L, per_thousand=True),
    "PersonenPerSoortUitkeringWW": Entry(Question.WORK, L, per_thousand=True),
    "PersonenPerSoortUitkeringAO": Entry(Question.WORK, L, per_thousand=True),
    # Zijn ze financieel gezond?
    "HuishOnderOfRondSociaalMinimum": Entry(Question.FINANCE, L),
    "HuishoudensMetEenLaagInkomen": Entry(Question.FINANCE, L),
    "GemiddeldInkomenPerInwoner": Entry(Question.FINANCE, H),
    "GemGestandaardiseerdInkomenVanHuish": Entry(Question.FINANCE, H),
    "ProblematischeSchulden": Entry(Question.FINANCE, L),
    # Is de buurt veilig?
    "GeregistreerdeMisdrijvenPer1000": Entry(Question.SAFETY, L),
    # Context: who lives here, and the care they get
    "AantalInwoners": Entry(Question.CONTEXT, N),
    "HuishoudensTotaal": Entry(Question.CONTEXT, N),
    "WmoClienten": Entry(Question.CONTEXT, N, per_thousand=True),
    "WmoClientenRelatief": Entry(Question.CONTEXT, N),
    "Bevolkingsdichtheid": Entry(Question.CONTEXT, N),
    "Woningvoorraad": Entry(Question.CONTEXT, N),
    "MateVanStedelijkheid": Entry(Question.CONTEXT, N),
}
