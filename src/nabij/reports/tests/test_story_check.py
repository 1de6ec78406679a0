"""The story check on planted names, addresses, BSNs and small figures, and on ordinary text
that must pass. Pure: the register is built from lists, no database."""

# Turkish names are spelled with a dotless i (U+0131): not a typo.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from nabij.reports.story_check import (
    NO_HOUSEHOLD,
    RARE_NAME_MAX,
    Household,
    Kind,
    check_text,
    fold,
    register_from,
    split_sentences,
)

# A register like the test world's, plus common names held by many residents.
NAMES = [
    ("Karima", "El Amrani"),
    ("Noor", "El Amrani"),
    ("Gerrit", "de Vries"),
    ("Jan", "de Boer"),
    ("Hakan", "Yıldız"),
    ("Wietske", "van der Meer"),
    ("Sjoerd", "Postma"),
    ("Ben", "Smit"),
    *[("Anna", "de Vries")] * 6,  # "de Vries" and "Anna" are common here
    *[("Jan", "Jansen")] * 6,
]
STREETS = ["Heechterp", "Schieringerweg", "Van Loonstraat"]
REGISTER = register_from(NAMES, STREETS)


def found(text, *, household=NO_HOUSEHOLD):
    return [(f.kind, f.fragment) for f in check_text(text, REGISTER, household=household)]


def kinds(text, **kw):
    return [k for k, _ in found(text, **kw)]


# --- sentences --------------------------------------------------------------------------------


def test_sentences_split_on_dutch_abbreviations_and_initials_only_where_they_end():
    text = (
        "De buren o.a. de familie hielpen mee. Bijv. met koken, dhr. Tol deed de tuin! "
        "Mevr. K. Dijkstra belde ca. tien keer. Wat nu?\nEen nieuwe regel"
    )
    assert [s.text for s in split_sentences(text)] == [
        "De buren o.a. de familie hielpen mee.",
        "Bijv. met koken, dhr. Tol deed de tuin!",
        "Mevr. K. Dijkstra belde ca. tien keer.",
        "Wat nu?",
        "Een nieuwe regel",
    ]


def test_sentence_offsets_point_into_the_text():
    text = "Eerste zin.  Tweede zin.\n\nDerde zin"
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
    assert [s.index for s in split_sentences(text)] == [0, 1, 2]


def test_a_finding_points_at_its_sentence():
    text = "Het ging goed. Daarna sprak Karima El Amrani met ons. Het werd beter."
    (finding,) = check_text(text, REGISTER)
    assert finding.sentence_index == 1
    assert finding.sentence == "Daarna sprak Karima El Amrani met ons."
    assert finding.sentence[finding.start : finding.end] == "Karima El Amrani"


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Karima El Amrani kreeg hulp.",
        "karima el amrani kreeg hulp.",  # case
        "Karíma El-Amraní kreeg hulp.",  # diacritics and a hyphen
        "Karima Amrani kreeg hulp.",  # prefix left out
        "Wietske van der Meer belde.",  # prefix of two words
        "Hakan Yildiz kookt.",  # dotless i written as i
    ],
)
def test_a_full_name_is_found_however_it_is_written(text):
    assert kinds(text) == [Kind.NAME]


@pytest.mark.parametrize(
    "text",
    [
        "We spraken mevrouw El Amrani.",
        "Dhr. de Vries kwam langs.",  # a common last name, but with a title
        "K. El Amrani tekende.",
        "De familie Postma deed mee.",
    ],
)
def test_a_title_or_initial_with_a_registered_last_name_is_found(text):
    assert kinds(text) == [Kind.NAME]


def test_a_rare_last_name_alone_is_found_a_common_one_is_not():
    assert found("Later kwam El Amrani terug.") == [(Kind.NAME, "El Amrani")]
    assert found("Ook van der Meer was er.") == [(Kind.NAME, "van der Meer")]
    assert found("Daarna kwam Postma.") == [(Kind.NAME, "Postma")]
    assert found("Ook De Vries was er.") == []  # 7 residents: identifies nobody
    assert sum(1 for first, last in NAMES if last == "de Vries") > RARE_NAME_MAX


def test_a_last_name_without_its_prefix_counts_alone_only_with_a_capital():
    assert found("Toen belde Amrani.") == [(Kind.NAME, "Amrani")]
    assert found("Het woord amrani is geen naam hier.") == []


def test_a_rare_first_name_alone_is_found_a_common_one_is_not():
    assert found("Hakan kookt nu in het buurthuis.") == [(Kind.NAME, "Hakan")]
    assert found("Anna kookt nu in het buurthuis.") == []  # six residents called Anna
    assert found("Jan en Anna kookten.") == []


def test_a_name_that_is_an_ordinary_word_needs_a_capital():
    assert found("De boer kwam met de smit.") == []
    assert found("Ik ben blij, zei ze.") == []
    assert found("Later belde Smit.") == [(Kind.NAME, "Smit")]


def test_names_match_whole_words_only():
    assert found("De Postmanstraat is lang.") == []
    assert found("Hakanen is geen naam.") == []


def test_a_household_story_flags_every_name_of_that_household():
    household = Household.of([("Anna", "Jansen"), ("Ben", "Jansen")])
    assert found("Anna belde.", household=household) == [(Kind.NAME, "Anna")]
    assert found("Jansen belde.", household=household) == [(Kind.NAME, "Jansen")]
    assert found("Ik ben blij.", household=household) == []  # "ben" the word
    assert found("Anna belde.") == []  # not this household's story: a common name


# --- BSN --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Haar BSN is 111222333.", "11-test"),
        ("Haar BSN is 111.222.333.", "11-test"),
        ("Haar BSN is 1112.22.333.", "11-test"),
        ("Haar BSN is 111 22 2333.", "11-test"),
        ("Nummer 123456789 staat op de brief.", "nine digits"),  # fails the 11-test: flagged
        ("Het oude nummer 11222335 staat erop.", "11-test"),  # 8 digits that pass it
    ],
)
def test_a_bsn_is_found(text, detail):
    (finding,) = check_text(text, REGISTER)
    assert (finding.kind, finding.detail) == (Kind.BSN, detail)


def test_eight_digits_that_fail_the_11_test_and_amounts_and_dates_pass():
    assert found("Dossier 12345678 is gesloten.") == []  # 8 digits, fails the 11-test
    assert found("Dat kost € 168.000.000 per jaar.") == []
    assert found("Dat kost 168.000.000 euro per jaar.") == []
    assert found("Op 12.03.2025 begon het.") == []
    assert found("Wijk 1234567 is groot.") == []  # seven digits


# --- addresses --------------------------------------------------------------------------------


def test_a_street_of_the_register_with_a_house_number_is_an_address():
    assert found("Ze woont op Heechterp 12.") == [(Kind.ADDRESS, "Heechterp 12")]
    assert found("Ze woont aan de schieringerweg 3a.") == [(Kind.ADDRESS, "schieringerweg 3a")]
    assert found("Ze woont in de Van Loonstraat 7-2.") == [(Kind.ADDRESS, "Van Loonstraat 7-2")]


def test_any_street_like_name_with_a_number_is_an_address():
    assert found("Het huis aan de Kerkstraat 14 is oud.") == [(Kind.ADDRESS, "Kerkstraat 14")]


@pytest.mark.parametrize("postcode", ["8921 AB", "8921AB", "8921ab"])
def test_a_postcode_is_found(postcode):
    assert found(f"Post naar {postcode} Leeuwarden.") == [(Kind.POSTCODE, postcode)]


def test_a_street_without_a_number_and_a_year_after_a_street_pass():
    assert found("Wijkteam Heechterp doet goed werk.") == []
    assert found("In Heechterp 2025 was een goed jaar.") == []
    assert found("Op de Schieringerweg is het druk.") == []


# --- small figures ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fragment",
    [
        "3 gezinnen",
        "zeven huishoudens",
        "twee families",
        "Drie jonge gezinnen",
        "één gezin",
        "1 huishouden",
        "negen families",
        "twee van de gezinnen",
    ],
)
def test_a_figure_of_fewer_than_ten_households_is_found(fragment):
    assert found(f"We hielpen {fragment} in de wijk.") == [(Kind.SMALL_FIGURE, fragment)]


@pytest.mark.parametrize(
    "text",
    [
        "We hielpen 10 huishoudens.",
        "We hielpen 112 gezinnen.",
        "Een gezin met twee kinderen vroeg om hulp.",  # "een" is an article
        "Een moeder met twee kinderen kwam langs.",
        "Per 1.000 huishoudens zijn er meer.",
        "In 2025 werkte Wijkteam Heechterp met tien gezinnen.",
        "We werken met één plan per huishouden.",
        "Eén wijkcoach voor elk gezin, drie keer per week.",
    ],
)
def test_ordinary_sentences_pass(text):
    assert found(text) == []


def test_contact_details_are_found():
    assert kinds("Bel 06-12345678 of mail naam@voorbeeld.nl.") == [Kind.CONTACT, Kind.CONTACT]


def test_fold_removes_case_and_diacritics():
    assert fold("Karíma EL-Amrani Yıldız") == "karima el-amrani yildiz"


def test_a_long_text_is_checked_in_one_pass():
    """A story of thousands of words against a register of thousands of names: set look-ups
    only (nothing is timed here; bench/reports_check.py measures it)."""
    big = register_from([(f"Voornaam{i}", f"Achternaam{i}") for i in range(5000)], STREETS)
    text = " ".join(["Het team hielp veel huishoudens in de wijk."] * 500)
    assert check_text(text, big) == []
