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

# Kerncijfers wijken en buurten 2024; the same table of earlier years has other ids (84583NED
# 2019, 84799NED 2020, 85039NED 2021, 85318NED 2022, 85618NED 2023) and other key numbers.
KWB_TABLE = "85984NED"
# Politie open data, served by CBS on dataderden.cbs.nl: registered crimes per neighbourhood per
# year, with a dimension SoortMisdrijf whose total is "0.0.0" and periods such as "2024JJ00".
CRIME_TABLE = "47018NED"
# Voortijdig schoolverlaters; geslacht, woonregio (CBS, from DUO's registers): per municipality
# (Regiokenmerken GMxxxx), school years, a dimension Geslacht whose total is "T001038".
EARLY_LEAVERS_TABLE = "84780NED"


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
    # Where the figure comes from: the StatLine table (its id; "" where no table could be
    # confirmed), the publisher and the licence. Tables other than Kerncijfers wijken en buurten
    # also name and describe the indicator here, so it exists before its first import.
    table_id: str = KWB_TABLE
    source: str = "CBS"
    licence: str = "CC BY 4.0"
    name: str = ""
    unit: str = ""
    decimals: int = 0


H, L, N = Direction.HIGHER_BETTER, Direction.LOWER_BETTER, Direction.NEUTRAL

# In the order a profile lists them under each question.
CATALOGUE: dict[str, Entry] = {
    # Gaan mensen naar school?
    "VoortijdigSchoolverlatersPercentage": Entry(
        Question.SCHOOL,
        L,
        table_id=EARLY_LEAVERS_TABLE,
        name="Voortijdig schoolverlaters (percentage)",
        unit="%",
        decimals=1,
    ),
    "VoortijdigSchoolverlaters": Entry(
        Question.SCHOOL,
        L,
        per_thousand=True,  # a district's count beside the city's says nothing unscaled
        table_id=EARLY_LEAVERS_TABLE,
        name="Voortijdig schoolverlaters",
        unit="aantal",
    ),
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
    # CBS publishes households with registered problematic debts (dashboard "Schuldenproblematiek
    # in beeld"), but no StatLine table id could be confirmed here: the code is Nabij's own and
    # no table is named until one is (docs/import-indicators.md).
    "ProblematischeSchulden": Entry(
        Question.FINANCE,
        L,
        table_id="",
        name="Huishoudens met problematische schulden",
        unit="%",
        decimals=1,
    ),
    # Is de buurt veilig?
    "GeregistreerdeMisdrijven": Entry(
        Question.SAFETY,
        L,
        per_thousand=True,
        table_id=CRIME_TABLE,
        source="Politie",
        # The police's open-data portal states its own terms; they could not be read here.
        licence="zie data.politie.nl",
        name="Geregistreerde misdrijven",
        unit="aantal",
    ),
    # Context: who lives here, and the care they get
    "AantalInwoners": Entry(Question.CONTEXT, N),
    "HuishoudensTotaal": Entry(Question.CONTEXT, N),
    "WmoClienten": Entry(Question.CONTEXT, N, per_thousand=True),
    "WmoClientenRelatief": Entry(Question.CONTEXT, N),
    "Bevolkingsdichtheid": Entry(Question.CONTEXT, N),
    "Woningvoorraad": Entry(Question.CONTEXT, N),
    "MateVanStedelijkheid": Entry(Question.CONTEXT, N),
}
