"""The parties of a Cargo-XML waybill, and the customs notes (OCI) that belong to them.

Consignor, consignee, freight forwarder and notify party each have their own element; a name of
several lines keeps its first line as the name and the others as address lines before the
street. The Other Customs Information notes whose subject is a party (``SHP`` shipper, ``CNE``
consignee, ``AGT`` forwarder, ``NFY`` notify) add to it: ``T`` a tax identifier, ``CP`` a
contact person, ``CT`` a telephone number. Every other note is kept as a remark.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from cargotarget.ingest.iata.xml_values import Fields, one_line
from cargotarget.model.manifest import Address, Identifier, Party, PartyRole

#: Party element -> role, in the order the parties are listed.
PARTY_ELEMENTS = {
    "ConsignorParty": PartyRole.SHIPPER,
    "ConsigneeParty": PartyRole.CONSIGNEE,
    "FreightForwarderParty": PartyRole.FORWARDER,
    "NotifyParty": PartyRole.NOTIFY,
}
#: AssociatedParty RoleCode (UN/EDIFACT 3035) -> role.
ASSOCIATED_ROLES = {"NI": PartyRole.NOTIFY, "N1": PartyRole.NOTIFY, "FW": PartyRole.FORWARDER}
NOTE_SUBJECTS = {
    "SHP": PartyRole.SHIPPER,
    "CNE": PartyRole.CONSIGNEE,
    "AGT": PartyRole.FORWARDER,
    "NFY": PartyRole.NOTIFY,
}
_ADDRESSES = ("PostalStructuredAddress", "FreightForwarderAddress", "PostalAddress")
_IDENTIFIERS = (("AccountID", "ACCOUNT"), ("CargoAgentID", "IATA"), ("AdditionalID", "ID"))


class Notes:
    """The OCI notes of a consignment, by the party they are about, and the rest as remarks."""

    def __init__(self, fields: Fields, consignment: Element) -> None:
        self.about: dict[PartyRole, list[tuple[str, str]]] = {}
        self.remarks: list[str] = []
        for note in consignment.findall("IncludedCustomsNote"):
            code = fields.text(note, "ContentCode") or ""
            content = fields.text(note, "Content")
            if content is None:
                continue
            subject = fields.text(note, "SubjectCode") or ""
            role = NOTE_SUBJECTS.get(subject)
            if role is not None and code in ("T", "CP", "CT"):
                self.about.setdefault(role, []).append((code, content))
                continue
            country = fields.text(note, "CountryID") or ""
            self.remarks.append(f"OCI {country}/{subject}/{code}: {content}")


def read_parties(fields: Fields, consignment: Element, notes: Notes) -> tuple[Party, ...]:
    """Every party of ``consignment``, with its notes."""
    found: list[tuple[Element, PartyRole]] = []
    for name, role in PARTY_ELEMENTS.items():
        found += [(element, role) for element in consignment.findall(name)]
    for element in consignment.findall("AssociatedParty"):
        associated = ASSOCIATED_ROLES.get(fields.text(element, "RoleCode") or "")
        if associated is not None:
            found.append((element, associated))
    parties = []
    for index, (element, role) in enumerate(found):
        parties.append(_read_party(fields, element, role, f"parties[{index}]", notes))
    return tuple(parties)


def _read_party(
    fields: Fields, element: Element, role: PartyRole, path: str, notes: Notes
) -> Party:
    fields.source(path, element)
    lines = (fields.text(element, "Name", f"{path}.name") or "").splitlines()
    name = one_line(lines[0]) if lines else ""
    extra = [one_line(line) for line in lines[1:] if line.strip()]
    address = next((a for a in map(element.find, _ADDRESSES) if a is not None), None)
    identifiers = [Identifier(scheme=s, value=v) for s, v in _identifiers(fields, element)]
    contacts = _contacts(fields, element)
    for code, content in notes.about.get(role, []):
        if code == "T":
            identifiers.append(Identifier(scheme="TIN", value=content))
        else:
            contacts.append(content)
    return Party(
        role=role,
        name=name,
        address=_read_address(fields, address, extra, path),
        identifiers=tuple(identifiers),
        contact="; ".join(dict.fromkeys(contacts)) or None,
    )


def _identifiers(fields: Fields, element: Element) -> list[tuple[str, str]]:
    found = []
    primary = element.find("PrimaryID")
    if primary is not None and (primary.text or "").strip():
        found.append((primary.get("schemeID") or "ID", (primary.text or "").strip()))
    for name, scheme in _IDENTIFIERS:
        value = fields.text(element, name)
        if value is not None:
            found.append((scheme, value))
    return found


def _contacts(fields: Fields, element: Element) -> list[str]:
    contacts = []
    for contact in element.findall("DefinedTradeContact"):
        for path in (
            "PersonName",
            "DirectTelephoneCommunication/CompleteNumber",
            "URIEmailCommunication/URIID",
        ):
            value = fields.text(contact, path)
            if value is not None:
                contacts.append(one_line(value))
    return contacts


def _read_address(fields: Fields, element: Element | None, extra: list[str], path: str) -> Address:
    if element is None:
        return Address(lines=tuple(extra))
    street = fields.text(element, "StreetName") or ""
    lines = [*extra, *(one_line(line) for line in street.splitlines() if line.strip())]
    country = fields.text(element, "CountryID", f"{path}.address.country")
    return Address(
        lines=tuple(lines),
        city=fields.text(element, "CityName"),
        postcode=fields.text(element, "PostcodeCode"),
        subdivision=fields.text(element, "CountrySubDivisionID")
        or fields.text(element, "CountrySubDivisionName"),
        country=country.upper() if country else None,
    )
