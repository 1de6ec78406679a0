"""The practice story check: each kind of finding, located; and what must pass."""

import pytest

from nabij.practices.story_check import AGE, BIRTH_DATE, SMALL_COUNT, check_story
from nabij.reports.story_check import Household, register_from

REGISTER = register_from(
    [("Hakan", "Yilmaz"), ("Karima", "El Amrani"), ("Jan", "de Vries"), ("Piet", "de Vries")]
    + [("Anna", "de Vries")] * 5,
    ["Kalverdijkje", "Heechterp"],
)


def kinds(text, **kw):
    return [f.kind for f in check_story("", text, REGISTER, **kw)]


@pytest.mark.parametrize(
    ("text", "kind", "fragment"),
    [
        ("Zijn nummer is 111222333, dat stond op de brief.", "bsn", "111222333"),
        ("Het BSN 1112.22.333 stond erbij.", "bsn", "1112.22.333"),
        ("Karima El Amrani kreeg haar huis terug.", "name", "Karima El Amrani"),
        ("Mevrouw El Amrani belde het team.", "name", "Mevrouw El Amrani"),
        ("Hij woont aan het Kalverdijkje 12 in Leeuwarden.", "address", "Kalverdijkje 12"),
        ("Het gezin woonde op de Stationsweg 4a.", "address", "Stationsweg 4a"),
        ("De brief ging naar 8921 AB.", "postcode", "8921 AB"),
        ("Bel haar op 06-12345678 als het kan.", "contact", "06-12345678"),
        ("Mail naar hakan@example.nl voor meer.", "contact", "hakan@example.nl"),
        ("Het ging om drie gezinnen in de wijk.", "small_figure", "drie gezinnen"),
        ("Er deden 3 jongeren mee aan de kookgroep.", SMALL_COUNT, "3 jongeren"),
        ("Twee van de bewoners hielpen.", SMALL_COUNT, "Twee van de bewoners"),
        ("Zij is geboren op 12-03-1985 in Sneek.", BIRTH_DATE, "12-03-1985"),
        ("Haar verjaardag is 4 mei 1990.", BIRTH_DATE, "4 mei 1990"),
        ("De jongen was 17 jaar oud toen hij dakloos werd.", AGE, "17 jaar oud"),
        ("Een 19-jarige sliep in zijn auto.", AGE, "19-jarige"),
    ],
)
def test_each_kind_is_found_and_located(text, kind, fragment):
    findings = [f for f in check_story("", text, REGISTER) if f.kind == kind]
    assert findings, f"{kind} not found in {text!r}"
    f = findings[0]
    assert f.fragment == fragment
    assert f.field == "text"
    assert f.sentence_index == 0
    assert text[f.offset : f.offset + len(fragment)] == fragment


def test_a_finding_in_a_later_sentence_says_which_and_where():
    title = "Een paspoort voor Hakan"
    text = "Het begon met een paspoort. Daarna belde 06-12345678 het team.\nEen nieuwe regel."
    findings = check_story(title, text, REGISTER)
    assert [(f.field, f.kind, f.sentence_number) for f in findings] == [
        ("title", "name", 1),
        ("text", "contact", 2),
    ]
    contact = findings[1]
    assert contact.start == len("Daarna belde ")
    assert text[contact.offset :].startswith("06-12345678")


def test_the_households_own_first_name_is_found_in_its_story():
    household = Household.of([("Piet", "de Vries")])
    assert "name" in kinds("Piet kookte voor de buurt.", household=household)


@pytest.mark.parametrize(
    "text",
    [
        "Na 3 weken had hij een paspoort.",
        "In 2025 kreeg hij 40 uur werk in de keuken.",
        "De schuld van € 12.000 kostte € 60.000 per jaar aan opvang.",
        "Het kostte 1.250 euro, en het scheelde 2 jaar wachten.",
        "Een moeder met twee kinderen kwam langs.",
        "Hij werkte 12 jaar lang als kok.",
        "Meer dan 40 bewoners kwamen naar de bijeenkomst.",
        "Het team besloot op 1 maart 2026 de regel opzij te zetten.",
        "Een jonge moeder in de dertig vroeg om hulp.",
        "De wet van 2015 schrijft dit voor in artikel 3.",
        "Een De Vries zonder voornaam is geen persoon.",
    ],
)
def test_ordinary_sentences_pass(text):
    assert kinds(text) == []


def test_the_threshold_decides_what_is_small():
    text = "Er deden 12 jongeren mee."
    assert kinds(text, threshold=10) == []
    assert kinds(text, threshold=15) == [SMALL_COUNT]
