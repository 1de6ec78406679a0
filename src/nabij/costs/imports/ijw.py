"""iJw/iWmo declaration messages (JW323, WMO323; iStandaarden release 3.x) parsed with defusedxml.

A message is ``Bericht`` → ``Header`` (BerichtCode 490 for JW323 and 484 for WMO323, Afzender:
the provider's AGB code, Ontvanger: the municipality's code) and ``Declaratie``
(DeclaratieNummer, DeclaratiePeriode, TotaalIngediendBedrag with DebetCredit, and per Client
the Bsn and Prestaties). Amounts and tariffs are integer cents, as the standard has them.
Elements are matched by local name, so release 3.1, 3.2 and later 3.x namespaces all work.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _

from nabij.costs.imports.records import Declaration, RawLine
from nabij.costs.imports.tabular import FileRefused, Opener
from nabij.costs.models import FundingStream, ImportBatch, Payer

MESSAGE_CODES = {ImportBatch.Kind.JW323: "490", ImportBatch.Kind.WMO323: "484"}
STREAMS = {ImportBatch.Kind.JW323: FundingStream.YOUTH, ImportBatch.Kind.WMO323: FundingStream.WMO}
_NAMESPACE_KIND = re.compile(r"istandaarden\.nl/i(?:jw|wmo)/3_\d+/(jw323|wmo323)/", re.I)
_CENTS = re.compile(r"^\d{1,12}$")
ROOT = "/Bericht"


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Any, name: str) -> Any:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element: Any, *names: str) -> str | None:
    for name in names:
        if element is None:
            return None
        element = _child(element, name)
    if element is None:
        return None
    return (element.text or "").strip()


def parse_xml(name: str, opener: Opener) -> Any:
    """The root element; entity declarations, external entities and broken XML are refused."""
    with opener() as binary:
        try:
            return SafeET.parse(binary, forbid_dtd=False, forbid_entities=True).getroot()
        except EntitiesForbidden as exc:
            if exc.sysid or exc.pubid:
                message = _(
                    "The XML declares an external entity (“%(name)s”); external entities are "
                    "refused, nothing is fetched."
                ) % {"name": exc.name}
            else:
                message = _(
                    "The XML declares an entity (“%(name)s”); entity expansion is refused "
                    "(it is how “billion laughs” bombs work)."
                ) % {"name": exc.name}
            raise FileRefused("", message) from exc
        except DTDForbidden as exc:  # pragma: no cover - DTDs are allowed, entities are not
            raise FileRefused("", _("The XML contains a DTD, which is refused.")) from exc
        except DefusedXmlException as exc:
            raise FileRefused("", _("The XML is refused: %(error)s.") % {"error": exc}) from exc
        except SafeET.ParseError as exc:
            line, column = getattr(exc, "position", (0, 0))
            raise FileRefused(
                str(line), _("Not well-formed XML (column %(column)d).") % {"column": column}
            ) from exc


def message_kind(root: Any) -> str | None:
    """JW323 or WMO323 from the root's namespace, else from Header/BerichtCode; None otherwise."""
    if _local(root.tag) != "Bericht":
        return None
    match = _NAMESPACE_KIND.search(root.tag)
    if match:
        return match.group(1).lower()
    code = _text(root, "Header", "BerichtCode")
    for kind, expected in MESSAGE_CODES.items():
        if code == expected:
            return str(kind)
    return None


class XmlSource:
    """One declaration message; ``declaration`` holds its header, ``lines()`` its performances."""

    def __init__(self, name: str, root: Any, kind: str) -> None:
        self.name = name
        self.root = root
        self.kind = kind
        self.header_problems: list[tuple[str, str]] = []
        self.declaration = self._declaration()
        self.lines_total = sum(1 for _line in self._performances())

    def _date(self, element: Any, name: str, path: str) -> dt.date | None:
        raw = _text(element, name)
        if raw is None:
            self.header_problems.append((f"{path}/{name}", _("Missing.")))
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            self.header_problems.append(
                (f"{path}/{name}", _("“%(value)s” is not a date.") % {"value": raw[:40]})
            )
            return None

    def _declaration(self) -> Declaration:
        root = self.root
        result = Declaration()
        header = _child(root, "Header")
        if header is None:
            self.header_problems.append((f"{ROOT}/Header", _("Missing.")))
        code = _text(header, "BerichtCode")
        expected = MESSAGE_CODES[self.kind]  # type: ignore[index]
        if code != expected:
            self.header_problems.append(
                (
                    f"{ROOT}/Header/BerichtCode",
                    _("BerichtCode “%(code)s” does not match a %(kind)s message (%(expected)s).")
                    % {"code": code or "", "kind": self.kind.upper(), "expected": expected},
                )
            )
        result.sender_agb = _text(header, "Afzender") or ""
        result.sender_path = f"{ROOT}/Header/Afzender"
        result.receiver = _text(header, "Ontvanger") or ""
        result.receiver_path = f"{ROOT}/Header/Ontvanger"
        declaration = _child(root, "Declaratie")
        path = f"{ROOT}/Declaratie"
        if declaration is None:
            self.header_problems.append((path, _("Missing.")))
            return result
        result.number = _text(declaration, "DeclaratieNummer") or ""
        result.number_path = f"{path}/DeclaratieNummer"
        if not result.number:
            self.header_problems.append((result.number_path, _("Missing.")))
        period = _child(declaration, "DeclaratiePeriode")
        result.period_path = f"{path}/DeclaratiePeriode"
        if period is None:
            self.header_problems.append((result.period_path, _("Missing.")))
        else:
            result.period_start = self._date(period, "Begindatum", result.period_path)
            result.period_end = self._date(period, "Einddatum", result.period_path)
            if (
                result.period_start
                and result.period_end
                and result.period_end < result.period_start
            ):
                self.header_problems.append(
                    (result.period_path, _("The declaration period ends before it starts."))
                )
        total = _child(declaration, "TotaalIngediendBedrag")
        result.total_path = f"{path}/TotaalIngediendBedrag"
        amount = _text(total, "TotaalBedrag")
        sign = _text(total, "DebetCredit")
        if amount is None or not _CENTS.match(amount) or sign not in ("D", "C"):
            self.header_problems.append(
                (result.total_path, _("Needs TotaalBedrag in cents and DebetCredit D or C."))
            )
        else:
            result.total_cents = int(amount) * (-1 if sign == "C" else 1)
        return result

    def _performances(self) -> Iterator[tuple[str, str, Any]]:
        clients = (
            _child(_child(self.root, "Declaratie"), "Clienten")
            if _child(self.root, "Declaratie") is not None
            else None
        )
        if clients is None:
            return
        for i, client in enumerate(_children(clients, "Client"), start=1):
            client_path = f"{ROOT}/Declaratie/Clienten/Client[{i}]"
            bsn = _text(client, "Bsn") or ""
            performances = _child(client, "Prestaties")
            if performances is None:
                continue
            for j, performance in enumerate(_children(performances, "Prestatie"), start=1):
                yield bsn, client_path, (j, performance)

    def lines(self, *, keys_only: bool = False) -> Iterator[RawLine]:
        """Every performance; ``keys_only`` is accepted for symmetry (a message is small)."""
        stream = STREAMS[self.kind]  # type: ignore[index]
        for bsn, client_path, (j, element) in self._performances():
            path = f"{client_path}/Prestaties/Prestatie[{j}]"
            line = RawLine(
                place=path,
                bsn=bsn,
                provider_agb=self.declaration.sender_agb,
                stream=stream,
                payer=Payer.MUNICIPALITY,
                places={
                    "bsn": f"{client_path}/Bsn",
                    "provider": self.declaration.sender_path,
                    "reference": f"{path}/ProductReferentie/ReferentieNummer",
                    "corrects_reference": f"{path}/ProductReferentie/VorigReferentieNummer",
                    "category": f"{path}/ProductCategorie",
                    "code": f"{path}/ProductCode",
                    "period": f"{path}/ProductPeriode",
                    "period_start": f"{path}/ProductPeriode/Begindatum",
                    "period_end": f"{path}/ProductPeriode/Einddatum",
                    "volume": f"{path}/GeleverdVolume",
                    "unit": f"{path}/Eenheid",
                    "unit_price": f"{path}/ProductTarief",
                    "amount": f"{path}/IngediendBedrag",
                },
            )
            self._fill(line, element)
            yield line

    def _fill(self, line: RawLine, element: Any) -> None:
        def need(key: str, *names: str) -> str:
            value = _text(element, *names)
            if not value:
                line.problems.append((key, _("Missing.")))
                return ""
            return value

        line.reference = need("reference", "ProductReferentie", "ReferentieNummer")
        line.corrects_reference = _text(element, "ProductReferentie", "VorigReferentieNummer") or ""
        line.category = need("category", "ProductCategorie")
        line.code = need("code", "ProductCode")
        for key, name in (("period_start", "Begindatum"), ("period_end", "Einddatum")):
            raw = need(key, "ProductPeriode", name)
            if raw:
                try:
                    setattr(line, key, dt.date.fromisoformat(raw))
                except ValueError:
                    line.problems.append(
                        (key, _("“%(value)s” is not a date.") % {"value": raw[:40]})
                    )
        volume = need("volume", "GeleverdVolume")
        if volume:
            if _CENTS.match(volume):
                line.volume = Decimal(int(volume))
            else:
                line.problems.append(
                    ("volume", _("“%(value)s” is not a whole number.") % {"value": volume[:40]})
                )
        line.unit = need("unit", "Eenheid")
        tariff = _text(element, "ProductTarief")
        if tariff:
            if _CENTS.match(tariff):
                line.unit_price_cents = int(tariff)
            else:
                line.problems.append(
                    (
                        "unit_price",
                        _("“%(value)s” is not an amount in cents.") % {"value": tariff[:40]},
                    )
                )
        amount = need("amount", "IngediendBedrag", "Bedrag")
        sign = _text(element, "IngediendBedrag", "DebetCredit")
        if amount:
            if not _CENTS.match(amount):
                line.problems.append(
                    ("amount", _("“%(value)s” is not an amount in cents.") % {"value": amount[:40]})
                )
            elif sign not in ("D", "C"):
                line.problems.append(("amount", _("DebetCredit must be D or C.")))
            else:
                line.amount_cents = int(amount)
                line.credit = sign == "C"
