"""Reading entry summary declarations (ICS1 CC315A, CC313A amendments) into manifests.

:func:`read_ens` reads one declaration, an XML document, and yields one :class:`ParsedMessage`:
the manifest with the transport documents (consignments) that passed, each failed one as a
:class:`RejectedConsignment` whose fragment is the declaration with that document's goods items
alone; or, when the XML or the header is bad, no manifest and the declaration as its fragment.
Every problem has a position, ``line N, column M``. See docs/formats/ens.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import msgspec

from cargotarget.ingest.checking import header_problems
from cargotarget.ingest.ens.declaration import (
    FUNCTIONS,
    Draft,
    group_items,
    read_consignment,
    read_header,
)
from cargotarget.ingest.ens.marks import Marks
from cargotarget.ingest.ens.tree import MAX_BYTES, Node, XmlProblem, parse_tree
from cargotarget.model.checks import check_consignment
from cargotarget.model.manifest import Consignment
from cargotarget.model.problems import ParsedMessage, Problem, RejectedConsignment, has_errors

FORMAT = "ens"

#: The elements the reader maps or knowingly passes over (languages, totals it recounts,
#: offices and persons the canonical model has no place for); any other is warned about.
KNOWN = frozenset(
    {"MesSenMES3", "MesRecMES6", "DatOfPreMES9", "TimOfPreMES10", "PriMES15", "MesIdeMES19"}
    | {"MesTypMES20", "CorIdeMES25", "HEAHEA", "TRACONCO1", "TRACONCE1", "NOTPAR670"}
    | {"GOOITEGDS", "ITI", "CUSOFFLON", "TRAREP", "PERLODSUMDEC", "SEAID529", "CUSOFFFENT730"}
    | {"CUSOFFSENT740", "TRACARENT601", "SynIdeMES1", "SynVerNumMES2", "AppRefMES14"}
    | {"RefNumHEA4", "DocNumHEA5", "TraModAtBorHEA76", "IdeOfMeaOfTraCroHEA85"}
    | {"IdeOfMeaOfTraCroHEA85LNG", "NatOfMeaOfTraCroHEA87", "TotNumOfIteHEA305"}
    | {"TotNumOfPacHEA306", "TotGroMasHEA307", "DecPlaHEA394", "DecPlaHEA394LNG"}
    | {"SpeCirIndHEA1", "TraChaMetOfPayHEA1", "ComRefNumHEA", "ConRefNumHEA"}
    | {"PlaLoaGOOITE334", "PlaLoaGOOITE334LNG", "PlaUnlGOOITE334", "CodPlUnHEA357LNG"}
    | {"DecDatTimHEA114", "DatTimAmeHEA113", "IteNumGDS7", "GooDesGDS23", "GooDesGDS23LNG"}
    | {"GroMasGDS46", "MetOfPayGDI12", "ComRefNumGIM1", "UNDanGooCodGDI1", "PlaLoaGOOITE333"}
    | {"PlaLoaGOOITE333LNG", "PlaUnlGOOITE333", "PlaUnlGOOITE333LNG", "PRODOCDC2", "SPEMENMT2"}
    | {"TRACONCO2", "COMCODGODITM", "TRACONCE2", "CONNR2", "IDEMEATRAGI970", "PACGS2"}
    | {"PRTNOT640"}
)


def read_ens(stream: BinaryIO) -> Iterator[ParsedMessage]:
    """The declaration in ``stream`` (at most MAX_BYTES bytes are read)."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        text = f"the declaration is larger than {MAX_BYTES} bytes; reading stopped there"
        yield _failed([Problem(code="too.large", message=text, position="line 1, column 1")])
        return
    try:
        root = parse_tree(data)
    except XmlProblem as exc:
        problem = Problem(code=exc.code, message=exc.reason, position=exc.position)
        yield _failed([problem], data)
        return
    yield read_declaration(root, data)


def _failed(problems: list[Problem], fragment: bytes = b"") -> ParsedMessage:
    return ParsedMessage(format=FORMAT, manifest=None, problems=tuple(problems), fragment=fragment)


def read_declaration(root: Node, data: bytes) -> ParsedMessage:
    """The ParsedMessage of a parsed declaration whose bytes are ``data``."""
    marks = Marks(root)
    header = root.child("HEAHEA")
    if root.name not in FUNCTIONS:
        text = f"the root element is {root.name!r}; an entry summary is CC315A or CC313A"
        marks.error("unsupported.message", text, root)
        return _failed(marks.problems, data)
    if header is None:
        marks.error("missing.header", "the declaration has no header (HEAHEA)", root)
        return _failed(marks.problems, data)
    manifest = read_header(root, header, marks)
    _check_type(root, marks)
    _warn_unread(root, header, marks)
    problems = [*header_problems(manifest.reference, manifest.voyage, marks.locate)]
    problems += marks.problems
    drafts = [
        read_consignment(root, header, bill, items, manifest.voyage.mode)
        for bill, items in group_items(root, header).items()
    ]
    accepted, warnings, rejected = _sort_drafts(drafts, data)
    if has_errors(problems):
        found_below = [p for r in rejected for p in r.problems]
        return _failed([*problems, *found_below, *warnings], data)
    return ParsedMessage(
        format=FORMAT,
        manifest=msgspec.structs.replace(manifest, consignments=tuple(accepted)),
        problems=(*problems, *warnings),
        rejected=tuple(rejected),
    )


def _sort_drafts(
    drafts: list[Draft], data: bytes
) -> tuple[list[Consignment], list[Problem], list[RejectedConsignment]]:
    """The documents that pass, the warnings about them, and those held back with fragments."""
    accepted: list[Consignment] = []
    warnings: list[Problem] = []
    rejected: list[RejectedConsignment] = []
    for draft in drafts:
        found = _check(draft)
        if has_errors(found):
            fragment = _cut(data, [d for d in drafts if d is not draft])
            bill = draft.consignment.bill_number or None
            rejected.append(
                RejectedConsignment(bill_number=bill, problems=found, fragment=fragment)
            )
        else:
            accepted.append(draft.consignment)
            warnings.extend(found)
    return accepted, warnings, rejected


def _check(draft: Draft) -> tuple[Problem, ...]:
    """The model's checks of the consignment and the problems found while reading it."""
    return (*check_consignment(draft.consignment, draft.marks.locate), *draft.marks.problems)


def _cut(data: bytes, others: list[Draft]) -> bytes:
    """The declaration without the goods items of the ``others``: a declaration of its own."""
    spans = sorted((item.start, item.end) for draft in others for item in draft.items)
    parts, at = [], 0
    for start, end in spans:
        parts.append(data[at:start])
        at = end
    parts.append(data[at:])
    return b"".join(parts)


def _check_type(root: Node, marks: Marks) -> None:
    declared = root.value("MesTypMES20")
    if declared is not None and declared != root.name:
        text = f"message type {declared!r} differs from the root element {root.name!r}"
        marks.warning("inconsistent.message_type", text, root.child("MesTypMES20"))


def _warn_unread(root: Node, header: Node, marks: Marks) -> None:
    """One warning for each element the reader does not know, at its first occurrence."""
    seen: set[str] = set()
    parents = [root, header, *root.all("GOOITEGDS")]
    for node in (child for parent in parents for child in parent.children):
        if node.name not in KNOWN and node.name not in seen:
            seen.add(node.name)
            text = f"element {node.name[:40]!r} is not read into the manifest"
            marks.warning("unread.element", text, node)
