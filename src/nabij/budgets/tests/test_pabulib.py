"""The ``.pb`` reader and writer: a good file, every kind of bad file (each finding located),
and the round trip."""

from __future__ import annotations

import pytest

from nabij.budgets.pabulib import PbRefused, pb_text, read_pb
from nabij.budgets.tally import tally

GOOD = """META
key; value
description; Buurtbudget Voorbeeld
country; Netherlands
unit; Voorbeeldstad
instance; 2026
num_projects; 4
num_votes; 5
budget; 1000.00
vote_type; approval
rule; greedy
PROJECTS
project_id; cost; votes; name; selected
1; 600; 3; Bankjes; 1
2; 500; 2; "Moestuin; met kas"; 0
3; 300; 3; "De ""Groene"" Strook"; 1
4; 100; 0; None; 0
VOTES
voter_id; vote; neighborhood
v1; 1,3; WK01
v2; 1,2; WK01
v3; 1,3,3; WK02
v4; 2,3; WK02
v5; ; WK02
"""


def _findings(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(PbRefused) as refused:
        read_pb(data, "f.pb")
    return [str(f) for f in refused.value.findings]


def test_a_good_file() -> None:
    pb = read_pb(GOOD.encode(), "f.pb")
    assert pb.budget == 1000
    assert [p.id for p in pb.projects] == ["1", "2", "3", "4"]
    assert pb.projects[1].fields["name"] == "Moestuin; met kas"
    assert pb.projects[2].fields["name"] == 'De "Groene" Strook'
    assert pb.projects[3].fields["name"] == ""  # None is empty
    assert pb.voters[2].vote == ("1", "3")  # a project named twice counts once
    assert pb.voters[4].vote == ()
    election = pb.election("neighborhood")
    assert election.groups == ["WK01", "WK01", "WK02", "WK02", "WK02"]
    assert tally(election, "greedy").selected == ["1", "3", "4"]  # 4: no votes, but it fits


def test_bom_and_crlf_are_tolerated() -> None:
    pb = read_pb(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(), "f.pb")
    assert len(pb.voters) == 5


def test_round_trip() -> None:
    pb = read_pb(GOOD.encode(), "f.pb")
    again = read_pb(pb_text(pb).encode(), "again.pb")
    assert again == pb
    assert again.election("neighborhood") == pb.election("neighborhood")


def test_choose_1_is_read_as_approval() -> None:
    text = GOOD.replace("vote_type; approval", "vote_type; choose-1")
    assert _findings(text) == [
        "f.pb:regel 20, kolom vote: vote_type choose-1, maar deze stem noemt meer projecten",
        "f.pb:regel 21, kolom vote: vote_type choose-1, maar deze stem noemt meer projecten",
        "f.pb:regel 22, kolom vote: vote_type choose-1, maar deze stem noemt meer projecten",
        "f.pb:regel 23, kolom vote: vote_type choose-1, maar deze stem noemt meer projecten",
    ]


@pytest.mark.parametrize("vote_type", ["cumulative", "scoring", "ordinal"])
def test_other_vote_types_are_refused(vote_type: str) -> None:
    (finding,) = _findings(GOOD.replace("vote_type; approval", f"vote_type; {vote_type}"))
    assert finding.startswith(f"f.pb:regel 10, kolom value: vote_type “{vote_type}” wordt niet")


def test_every_finding_has_its_place() -> None:
    text = """META
key;value
budget;12,5
budget;100
vote_type;approval
num_votes;99
PROJECTS
project_id;cost;name
1;-3;a
1;5;b
2;x;c
3;12.5;d
;5;e
4;0;f
5;7
VOTES
voter_id;vote
a;1,9
a;2
;1
"""
    assert _findings(text) == [
        "f.pb:regel 4, kolom key: de sleutel “budget” staat er al (regel 3)",
        "f.pb:regel 3, kolom value: het budget: “12,5” is geen geheel getal",
        "f.pb:regel 9, kolom cost: kosten van project 1: “-3” is negatief",
        "f.pb:regel 10, kolom project_id: project 1 staat er al (regel 9)",
        "f.pb:regel 11, kolom cost: kosten van project 2: “x” is geen getal",
        "f.pb:regel 12, kolom cost: kosten van project 3: “12.5” is geen geheel getal",
        "f.pb:regel 13, kolom project_id: een project zonder project_id",
        "f.pb:regel 14, kolom cost: kosten van project 4 moeten groter dan 0 zijn",
        "f.pb:regel 15: 2 velden, maar de kopregel van PROJECTS heeft er 3",
        "f.pb:regel 18, kolom vote: project 9 staat niet bij PROJECTS",
        "f.pb:regel 19, kolom voter_id: kiezer a staat er al (regel 18)",
        "f.pb:regel 20, kolom voter_id: een kiezer zonder voter_id",
    ]


def test_missing_sections_headers_and_keys() -> None:
    assert _findings("META\nkey;value\ndescription;x\n") == [
        "f.pb: de sectie PROJECTS ontbreekt",
        "f.pb: de sectie VOTES ontbreekt",
        "f.pb:regel 1: META mist het budget (budget;…)",
        "f.pb:regel 1: META mist het soort stem (vote_type;approval)",
    ]
    text = "hallo\nMETA\nsleutel;waarde\nPROJECTS\nid;cost\nVOTES\nvoter_id;vote;vote\n"
    assert _findings(text) == [
        "f.pb:regel 1: tekst vóór de eerste sectie (META, PROJECTS of VOTES)",
        "f.pb:regel 3: de kopregel van META moet “key;value” zijn",
        "f.pb:regel 5: de kolom “project_id” ontbreekt",
        "f.pb:regel 7: de kolom “vote” staat er twee keer in",
    ]


def test_counts_in_meta_must_match() -> None:
    text = GOOD.replace("num_votes; 5", "num_votes; 6")
    assert _findings(text) == ["f.pb:regel 8, kolom value: num_votes is 6, maar er staan er 5 in"]


def test_a_section_twice() -> None:
    text = GOOD + "VOTES\nvoter_id;vote\nv9;1\n"
    assert _findings(text) == [
        "f.pb:regel 25: de sectie VOTES staat er twee keer in (eerst op regel 18)"
    ]


def test_empty_file_and_bad_encoding() -> None:
    assert _findings(b"") == ["f.pb: het bestand is leeg"]
    assert _findings(b"\n  \n") == ["f.pb: het bestand is leeg"]
    latin1 = GOOD.replace("Bankjes", "Bänkjes").encode("latin-1")
    (finding,) = _findings(latin1)
    assert finding.startswith("f.pb:regel 14: het bestand is geen UTF-8: byte 0xE4 op bytepositie")
