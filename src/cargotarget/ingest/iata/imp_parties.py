"""Parties of an FWB or FHL: shipper, consignee, also-notify and agent blocks, and the
identifiers filed for them in OCI (other customs information) lines.

A party block is its identifier line (``SHP``, optionally ``/account``), then ``NAM/`` name,
``ADR/`` street, ``LOC/`` city and state, and a coded line ``/country/postcode/contact id/
number``. Versions before FWB/16 sent the same as unnamed ``/`` lines in that order; both are
read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec

from cargotarget.ingest.iata.imp_fields import Marks, fields
from cargotarget.ingest.iata.imp_lines import Line, Record
from cargotarget.model.manifest import Address, Identifier, Party, PartyRole

PARTY_TAGS = {
    "SHP": PartyRole.SHIPPER,
    "CNE": PartyRole.CONSIGNEE,
    "NFY": PartyRole.NOTIFY,
}
NESTED = frozenset({"NAM", "ADR", "LOC"})
#: OCI information identifiers that name a party, and the customs information identifier of
#: a trader identification number.
OCI_PARTIES = {"SHP": PartyRole.SHIPPER, "CNE": PartyRole.CONSIGNEE, "NFY": PartyRole.NOTIFY}
OCI_TIN = "T"
_OLD_STYLE = ("NAM", "ADR", "LOC", "CODED")


@dataclass
class _Block:
    name: list[str] = field(default_factory=list)
    street: list[str] = field(default_factory=list)
    city: str | None = None
    subdivision: str | None = None
    country: str | None = None
    postcode: str | None = None
    contacts: list[str] = field(default_factory=list)


def read_party(record: Record, role: PartyRole, path: str, marks: Marks) -> Party:
    """The party of a SHP, CNE or NFY block; positions marked under ``path``."""
    block, state, unnamed, named = _Block(), "", 0, False
    first = fields(record.lines[0])
    identifiers = [Identifier(scheme="ACCOUNT", value=f.text) for f in first[1:2] if f.text]
    marks.mark(path, record.lines[0])
    for line in record.lines[1:]:
        tag, _, rest = line.text.strip().partition("/")
        if tag in NESTED:
            state, named = tag, True
        elif named:
            # A "/" line goes on with the name or street; after LOC it is the coded location.
            state = "CODED" if state in ("LOC", "CODED") else state
        else:
            state = _OLD_STYLE[min(unnamed, 3)]
            unnamed += 1
        _take(block, state, rest, line, path, marks)
    return Party(
        role=role,
        name=" ".join(block.name),
        address=Address(
            lines=tuple(block.street),
            city=block.city,
            postcode=block.postcode,
            subdivision=block.subdivision,
            country=block.country,
        ),
        identifiers=tuple(identifiers),
        contact="; ".join(block.contacts) or None,
    )


def _take(block: _Block, state: str, rest: str, line: Line, path: str, marks: Marks) -> None:
    parts = [part.strip() for part in rest.split("/")]
    if state == "NAM":
        if not block.name:
            marks.mark(f"{path}.name", line)
        block.name.append(rest.strip())
    elif state == "ADR":
        block.street.append(rest.strip())
    elif state == "LOC":
        block.city = parts[0] or None
        block.subdivision = parts[1] if len(parts) > 1 and parts[1] else None
    else:
        block.country = parts[0].upper() or None
        marks.mark(f"{path}.address.country", line, 2)
        block.postcode = parts[1] if len(parts) > 1 and parts[1] else None
        pairs = parts[2:]
        block.contacts += [
            f"{k} {v}".strip() for k, v in zip(pairs[::2], pairs[1::2], strict=False)
        ]


def read_agent(record: Record, path: str, marks: Marks) -> Party:
    """The agent (AGT): ``AGT/account/IATA code/CASS address``, then its name and place."""
    first = fields(record.lines[0])
    code = first[2].text if len(first) > 2 else ""
    marks.mark(path, record.lines[0])
    texts = [line.text.strip().lstrip("/").strip() for line in record.lines[1:]]
    if texts:
        marks.mark(f"{path}.name", record.lines[1], 2)
    return Party(
        role=PartyRole.FORWARDER,
        name=texts[0] if texts else "",
        address=Address(city=texts[1] if len(texts) > 1 else None),
        identifiers=(Identifier(scheme="IATA", value=code),) if code else (),
    )


def read_customs_information(
    record: Record, remarks: list[str]
) -> dict[PartyRole, list[Identifier]]:
    """The parties' identification numbers in an OCI record; its other lines as remarks.

    ``OCI/country/information id/customs information id/text``; an empty country or
    information identifier repeats the previous line's.
    """
    found: dict[PartyRole, list[Identifier]] = {}
    country = info = ""
    for line in record.lines:
        parts = [*(f.text for f in fields(line)[1:]), "", "", "", ""]
        country, info = parts[0] or country, parts[1] or info
        kind, text = parts[2], parts[3]
        role = OCI_PARTIES.get(info)
        if role is not None and kind == OCI_TIN and text:
            scheme, _, value = text.partition(" ")
            known = scheme in ("EORI", "EIN", "TIN", "VAT") and value
            identifier = Identifier(
                scheme=scheme if known else "TIN", value=value if known else text
            )
            found.setdefault(role, []).append(identifier)
        elif text or kind:
            remarks.append(
                " ".join(x for x in ("customs information", country, info, kind, text) if x)
            )
    return found


def with_identifiers(
    parties: list[Party], identifiers: dict[PartyRole, list[Identifier]]
) -> tuple[Party, ...]:
    """The parties with the OCI identification numbers of their role added."""
    done = []
    for party in parties:
        extra = tuple(i for i in identifiers.pop(party.role, []) if i not in party.identifiers)
        done.append(msgspec.structs.replace(party, identifiers=party.identifiers + extra))
    return tuple(done)


def read_parties(
    by_tag: dict[str, list[Record]], remarks: list[str], marks: Marks
) -> tuple[Party, ...]:
    """The SHP, CNE, NFY and AGT parties among a waybill's records, in that order, with the
    identification numbers of their OCI lines; other OCI lines become ``remarks``."""
    parties: list[Party] = []
    for tag, role in PARTY_TAGS.items():
        for record in by_tag.get(tag, []):
            parties.append(read_party(record, role, f"parties[{len(parties)}]", marks))
    for record in by_tag.get("AGT", []):
        parties.append(read_agent(record, f"parties[{len(parties)}]", marks))
    identifiers: dict[PartyRole, list[Identifier]] = {}
    for record in by_tag.get("OCI", []):
        for role, found in read_customs_information(record, remarks).items():
            identifiers.setdefault(role, []).extend(found)
    return with_identifiers(parties, identifiers)
