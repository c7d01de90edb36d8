"""The parties of an entry summary declaration: ICS1 party groups read into canonical parties.

ICS1 names each party's elements after the group (``NamCO17`` in ``TRACONCO1``), so each group
has its row of element names. A party may be given by its TIN (the EORI number) alone; the
canonical party needs a name, so the number stands in for it (docs/formats/ens.md).
"""

from __future__ import annotations

from typing import NamedTuple

from cargotarget.ingest.ens.marks import Marks
from cargotarget.ingest.ens.tree import Node
from cargotarget.model.manifest import Address, Identifier, Party, PartyRole


class PartyElements(NamedTuple):
    role: PartyRole
    name: str
    street: str
    postcode: str
    city: str
    country: str
    tin: str


#: Parties of the whole declaration (children of the root).
HEADER_PARTIES = {
    "TRACONCO1": PartyElements(
        PartyRole.SHIPPER,
        "NamCO17",
        "StrAndNumCO122",
        "PosCodCO123",
        "CitCO124",
        "CouCO125",
        "TINCO159",
    ),
    "TRACONCE1": PartyElements(
        PartyRole.CONSIGNEE,
        "NamCE17",
        "StrAndNumCE122",
        "PosCodCE123",
        "CitCE124",
        "CouCE125",
        "TINCE159",
    ),
    "NOTPAR670": PartyElements(
        PartyRole.NOTIFY,
        "NamNOTPAR672",
        "StrNumNOTPAR673",
        "PosCodNOTPAR676",
        "CitNOTPAR674",
        "CouCodNOTPAR675",
        "TINNOTPAR671",
    ),
    "TRACARENT601": PartyElements(
        PartyRole.CARRIER,
        "NamTRACARENT604",
        "StrNumTRACARENT607",
        "PstCodTRACARENT606",
        "CtyTRACARENT603",
        "CouCodTRACARENT605",
        "TINTRACARENT602",
    ),
}

#: Parties of one goods item (children of GOOITEGDS).
ITEM_PARTIES = {
    "TRACONCO2": PartyElements(
        PartyRole.SHIPPER,
        "NamCO27",
        "StrAndNumCO222",
        "PosCodCO223",
        "CitCO224",
        "CouCO225",
        "TINCO259",
    ),
    "TRACONCE2": PartyElements(
        PartyRole.CONSIGNEE,
        "NamCE27",
        "StrAndNumCE222",
        "PosCodCE223",
        "CitCE224",
        "CouCE225",
        "TINCE259",
    ),
    "PRTNOT640": PartyElements(
        PartyRole.NOTIFY,
        "NamPRTNOT642",
        "StrNumPRTNOT646",
        "PstCodPRTNOT644",
        "CtyPRTNOT643",
        "CouCodGINOT647",
        "TINPRTNOT641",
    ),
}

#: The scheme of an ICS trader identification number: in the EU it is the EORI number.
TIN_SCHEME = "EORI"


def read_party(group: Node, elements: PartyElements) -> Party:
    """The party in ``group``: its name (or, without one, its TIN), address and TIN."""
    tin = group.value(elements.tin)
    name = group.value(elements.name) or tin or ""
    street = group.value(elements.street)
    country = group.value(elements.country)
    return Party(
        role=elements.role,
        name=name,
        address=Address(
            lines=(street,) if street else (),
            city=group.value(elements.city),
            postcode=group.value(elements.postcode),
            country=country.upper() if country else None,
        ),
        identifiers=(Identifier(scheme=TIN_SCHEME, value=tin),) if tin else (),
    )


def mark_party(marks: Marks, path: str, group: Node, elements: PartyElements) -> None:
    """Record where the party at ``path`` (``parties[1]``) was read."""
    marks.mark(path, group)
    marks.mark(f"{path}.name", group.child(elements.name) or group.child(elements.tin))
    marks.mark(f"{path}.address.country", group.child(elements.country))
