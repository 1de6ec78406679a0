"""The signal import on written example files: located findings, all or nothing, redelivery,
linking and bundling, the resident's access-log row, and the command's exit codes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from openpyxl import Workbook

from nabij.access.enums import Event
from nabij.access.gate import Actor
from nabij.access.models import AccessLogEntry
from nabij.costs.imports.findings import ImportRefused
from nabij.signals import command
from nabij.signals.models import Case, Delivery, Signal
from nabij.signals.services import signals_import

HEADER = (
    "schuldeiser;soort;naam;postcode;huisnummer;toevoeging;geboortedatum;achterstand_cent;"
    "maanden;signaaldatum"
)
TODAY = dt.date(2026, 12, 6)


def csv_of(*lines: str, header: str = HEADER, encoding: str = "utf-8", bom: bool = False) -> bytes:
    text = "\n".join([header, *lines]) + "\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def opener(data: bytes):
    return lambda: io.BytesIO(data)


def actor_of(professional) -> Actor:
    return Actor(user=professional.user, professional=professional, channel="web")


def run(world, *files: tuple[str, bytes]):
    return signals_import(
        actor_of(world.coordinator), [(n, opener(d)) for n, d in files], today=TODAY
    )


def refused(world, *files: tuple[str, bytes]) -> list[str]:
    with pytest.raises(ImportRefused) as info:
        run(world, *files)
    assert not Signal.objects.exists() and not Delivery.objects.exists()
    return [str(f) for f in info.value.findings]


def karima_line(world, *, creditor="Woonstichting Nabij", kind="huur", cents="150000") -> str:
    a = world.household.address
    return (
        f"{creditor};{kind};Karima El Amrani;{a.postcode.replace(' ', '').lower()};"
        f"{a.house_number};;;{cents};3;2026-11-30"
    )


@pytest.mark.django_db
def test_a_good_delivery_links_bundles_and_logs_for_the_resident(world):
    data = csv_of(
        karima_line(world),
        karima_line(world, creditor="Energie Noord", kind="energie", cents="42000"),
        "Woonstichting Nabij;huur;Piet Onbekend;9999 ZZ;1;B;1980-01-02;90000;2;2026-11-29",
    )
    [result] = run(world, ("okt.csv", data))
    assert (result.lines, result.new, result.known) == (3, 3, 0)
    assert (result.linked, result.uncertain, result.not_found) == (2, 0, 1)
    assert (result.cases_opened, result.cases_extended) == (1, 0)
    case = Case.objects.get(household=world.household)
    assert case.creditor_count == 2 and case.arrears_cents == 192000
    assert case.team_id == world.household.team_id
    unknown = Signal.objects.get(name="Piet Onbekend")
    assert unknown.link == "none" and unknown.household_id is None
    assert unknown.postcode == "9999 ZZ" and unknown.addition == "B"
    linked = Signal.objects.filter(link="certain")
    assert {s.resident_id for s in linked} == {world.resident.pk}
    rows = AccessLogEntry.objects.filter(resident_id=world.resident.pk)
    assert set(rows.values_list("event", flat=True)) == {
        Event.SIGNALS_RECEIVED_RENT,
        Event.SIGNALS_RECEIVED_ENERGY,
    }
    assert AccessLogEntry.objects.filter(event=Event.SIGNALS_IMPORT).count() == 1


@pytest.mark.django_db
def test_a_redelivery_adds_nothing_and_is_still_a_success(world):
    data = csv_of(karima_line(world))
    run(world, ("nov.csv", data))
    # The same signal again, the name in other capitals and the postcode with a space.
    again = csv_of(karima_line(world).replace("Karima El Amrani", "KARIMA  el amrani"))
    [result] = run(world, ("nov-opnieuw.csv", again))
    assert (result.new, result.known, result.linked) == (0, 1, 0)
    assert (result.cases_opened, result.cases_extended) == (0, 0)
    assert Signal.objects.count() == 1 and Delivery.objects.count() == 2
    # A new signal of another creditor joins the household's open case.
    [third] = run(world, ("dec.csv", csv_of(karima_line(world, creditor="Vitens", kind="water"))))
    assert (third.new, third.cases_opened, third.cases_extended) == (1, 0, 1)
    assert Case.objects.get().creditor_count == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("Wbv;huur;Jan;12345;1;;;100;1;2026-11-01", "postcode: “12345” is geen Nederlandse"),
        ("Wbv;huur;Jan;0123 AB;1;;;100;1;2026-11-01", "postcode: “0123 AB”"),
        ("Wbv;huur;Jan;1234 AB;1;;;0;1;2026-11-01", "achterstand_cent: 0 is te laag"),
        ("Wbv;huur;Jan;1234 AB;1;;;-500;1;2026-11-01", "achterstand_cent: “-500”"),
        ("Wbv;huur;Jan;1234 AB;1;;;12,50;1;2026-11-01", "achterstand_cent: “12,50”"),
        ("Wbv;huur;Jan;1234 AB;1;;;;1;2026-11-01", "achterstand_cent: leeg."),
        ("Wbv;huur;Jan;1234 AB;1;;;100;0;2026-11-01", "maanden: 0 is te laag"),
        ("Wbv;gas;Jan;1234 AB;1;;;100;1;2026-11-01", "soort: “gas”"),
        ("Wbv;huur;Jan;1234 AB;x;;;100;1;2026-11-01", "huisnummer: “x”"),
        ("Wbv;huur;Jan;1234 AB;1;;;100;1;30-11-2026", "signaaldatum: “30-11-2026”"),
        (
            "Wbv;huur;Jan;1234 AB;1;;;100;1;2026-12-07",
            "signaaldatum: 2026-12-07 ligt in de toekomst",
        ),
        ("Wbv;huur;;1234 AB;1;;;100;1;2026-11-01", "naam: leeg."),
        ("Wbv;huur;Jan;1234 AB;1;;;100;1;2026-11-01;extra", "1 cellen meer dan de kop"),
    ],
)
def test_a_bad_cell_is_a_finding_located_by_file_line_and_column(world, cells, expected):
    good = "Wbv;huur;Piet;1234 AB;2;;;100;1;2026-11-01"
    found = refused(world, ("signalen.csv", csv_of(good, cells)))
    assert len(found) == 1, found
    assert found[0].startswith("signalen.csv:3: "), found
    assert expected in found[0], found


@pytest.mark.django_db
def test_every_finding_in_one_pass_and_nothing_written_for_one_bad_line(world):
    lines = [karima_line(world)] + [
        f"Wbv;huur;Jan {i};1234 AB;{i + 1};;;-1;1;2026-11-01" for i in range(5)
    ]
    found = refused(world, ("a.csv", csv_of(*lines)))
    assert [f.split(":")[1] for f in found] == ["3", "4", "5", "6", "7"]


@pytest.mark.django_db
def test_a_bad_second_file_keeps_the_first_out_too(world):
    found = refused(
        world,
        ("goed.csv", csv_of(karima_line(world))),
        ("fout.csv", csv_of("Wbv;huur;Jan;1234 AB;1;;;100;1;morgen")),
    )
    assert len(found) == 1 and found[0].startswith("fout.csv:2: signaaldatum:")


@pytest.mark.django_db
def test_a_duplicate_line_names_both_lines(world):
    line = "Wbv;huur;Jan;1234 AB;1;;;100;1;2026-11-01"
    found = refused(
        world, ("d.csv", csv_of(line, "Wbv;huur;Piet;1234 AB;1;;;5;1;2026-11-01", line))
    )
    assert found == ["d.csv:4: dezelfde regel als regel 2 (een dubbele regel)."]
    other = refused(world, ("e.csv", csv_of(line, line.replace(";100;", ";200;"))))
    assert other[0].startswith("e.csv:3: hetzelfde signaal") and "regel 2" in other[0]


@pytest.mark.django_db
def test_a_latin1_file_is_one_clear_finding(world):
    data = csv_of("Wbv;huur;José Müller;1234 AB;1;;;100;1;2026-11-01", encoding="latin-1")
    found = refused(world, ("latin.csv", data))
    assert len(found) == 1
    assert found[0].startswith("latin.csv:2: ") and "UTF-8" in found[0]


@pytest.mark.django_db
def test_utf8_with_bom_is_read(world):
    [result] = run(world, ("bom.csv", csv_of(karima_line(world), bom=True)))
    assert result.linked == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (HEADER.replace(";toevoeging", ""), "ontbrekende kolommen: toevoeging"),
        (HEADER + ";iban", "onbekende kolom “iban”"),
        (HEADER.replace("naam", "schuldeiser"), "kolom “schuldeiser” komt twee keer voor"),
    ],
)
def test_a_header_problem_is_one_finding_about_the_header(world, header, expected):
    found = refused(world, ("k.csv", csv_of("x;y", header=header)))
    assert len(found) == 1 and found[0].startswith("k.csv:1: ") and expected in found[0], found


@pytest.mark.django_db
def test_an_empty_file_is_a_finding(world):
    assert refused(world, ("leeg.csv", b"")) == [
        "leeg.csv:1: Het bestand is leeg: er is geen kopregel."
    ]


def xlsx_of(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_xlsx_with_numbers_and_dates_as_cells(world):
    a = world.household.address
    rows = [
        HEADER.split(";"),
        [
            "Energie Noord",
            "energie",
            "Karima El Amrani",
            a.postcode,
            a.house_number,
            None,
            None,
            42000,
            2,
            dt.datetime(2026, 11, 30),
        ],
        ["Energie Noord", "energie", "Jan", "1234 AB", 1, None, None, 12.5, 2, "2026-11-30"],
    ]
    found = refused(world, ("s.xlsx", xlsx_of(rows)))
    assert found == [
        "s.xlsx:3: achterstand_cent: “12.5” is geen geheel positief getal "
        "(alleen cijfers, geen komma)."
    ]
    [result] = run(world, ("s.xlsx", xlsx_of(rows[:2])))
    assert result.linked == 1


@pytest.mark.django_db
def test_a_zip_that_is_no_workbook_is_a_finding(world):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hi")
    found = refused(world, ("nep.xlsx", buffer.getvalue()))
    assert len(found) == 1 and found[0].startswith("nep.xlsx: ")


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_before_it_is_unpacked(world, settings):
    import zipfile

    settings.UPLOAD_MAX_ZIP_RATIO = 10
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", b"0" * 20_000_000)
    found = refused(world, ("bom.xlsx", buffer.getvalue()))
    assert len(found) == 1 and found[0].startswith("bom.xlsx: ")


# --- The command ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_exit_codes(world, tmp_path: Path):
    good = tmp_path / "goed.csv"
    good.write_bytes(csv_of(karima_line(world)))
    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_of("Wbv;huur;Jan;1234 AB;1;;;12,50;1;2026-11-01"))
    out, err = io.StringIO(), io.StringIO()
    assert command.run([str(bad)], out=out, err=err) == 1
    assert f"{bad}:2: achterstand_cent:" in err.getvalue()
    assert "nabij import signals: 1 findings; nothing was imported." in err.getvalue()
    assert not Signal.objects.exists()
    assert command.run([str(tmp_path / "nope.csv")], out=out, err=err) == 2
    assert command.run([str(good)], username="nobody", out=out, err=err) == 2
    out = io.StringIO()
    assert command.run([str(good)], username="coordinator", out=out, err=err) == 0
    assert "1 lines, 1 new, 0 already known" in out.getvalue()
    out = io.StringIO()
    assert command.run([str(good)], out=out, err=err) == 0
    assert "0 new, 1 already known" in out.getvalue()


@pytest.mark.django_db
def test_the_command_without_an_account_logs_the_os_user(world, tmp_path: Path):
    good = tmp_path / "goed.csv"
    good.write_bytes(csv_of(karima_line(world)))
    assert command.run([str(good)], out=io.StringIO(), err=io.StringIO()) == 0
    row = AccessLogEntry.objects.get(event=Event.SIGNALS_RECEIVED_RENT)
    assert row.username.startswith("os:") and row.resident_id == world.resident.pk


def test_anonymous_actor_type():  # the command's actor without an account is anonymous
    assert not Actor(user=AnonymousUser(), professional=None).user.is_authenticated


@pytest.mark.django_db
def test_too_many_lines_or_bytes_is_one_finding(world, monkeypatch):
    from nabij.signals import imports

    monkeypatch.setattr(imports, "MAX_LINES", 3)
    lines = [f"Wbv;huur;Jan {i};1234 AB;{i + 1};;;100;1;2026-11-01" for i in range(5)]
    found = refused(world, ("veel.csv", csv_of(*lines)))
    assert found == ["veel.csv:5: Meer dan 3 regels: lever de signalen in kleinere bestanden aan."]
    monkeypatch.setattr(imports, "MAX_CSV_BYTES", 100)
    found = refused(world, ("groot.csv", csv_of(*lines)))
    assert len(found) == 1 and found[0].startswith("groot.csv: ")


@pytest.mark.django_db
def test_a_comma_separated_file_says_so(world):
    found = refused(world, ("komma.csv", csv_of("a,b", header=HEADER.replace(";", ","))))
    assert found == [
        "komma.csv:1: De kolommen zijn gescheiden door komma's of tabs; een levering scheidt "
        "ze met puntkomma's (;)."
    ]


@pytest.mark.django_db
def test_a_creditor_in_other_capitals_is_the_same_creditor(world):
    from nabij.signals.models import Creditor

    run(world, ("a.csv", csv_of(karima_line(world))))
    run(world, ("b.csv", csv_of(karima_line(world, creditor="WOONSTICHTING NABIJ", kind="water"))))
    assert Creditor.objects.count() == 1
    assert Case.objects.get().creditor_count == 1


@pytest.mark.django_db
def test_a_quoted_field_with_a_semicolon_and_crlf_line_ends(world):
    a = world.household.address
    line = (
        f'"Woonstichting; Nabij";huur;Karima El Amrani;{a.postcode};{a.house_number};;;'
        "100;1;2026-11-30"
    )
    data = (HEADER + "\r\n" + line + "\r\n").encode()
    [result] = run(world, ("crlf.csv", data))
    assert result.linked == 1
