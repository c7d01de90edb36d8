"""The parts of the FollowTheMoney model the watch-list loader reads, and how OpenSanctions
topics translate into a reason and a severity."""

from __future__ import annotations

from cargotarget.screening.entries import Severity

PARTY_SCHEMATA = frozenset({"Person", "Company", "Organization", "LegalEntity", "PublicBody"})
"""Schemata whose entities are screened as parties by name."""

KNOWN_SCHEMATA = frozenset(
    {
        *PARTY_SCHEMATA,
        "Vessel",
        "Address",
        "Sanction",
        "Identification",
        "Passport",
        "Airplane",
        "Vehicle",
        "Asset",
        "Security",
        "BankAccount",
        "CryptoWallet",
        "Ownership",
        "Directorship",
        "Membership",
        "Employment",
        "Family",
        "Associate",
        "Representation",
        "Occupancy",
        "Position",
        "UnknownLink",
        "Succession",
        "Debt",
        "Documentation",
        "Note",
        "Article",
        "Document",
    }
)
"""FollowTheMoney schemata that are understood (and skipped when not screened)."""

ALIAS_PROPERTIES = ("alias", "weakAlias", "previousName")

COUNTRY_PROPERTIES = (
    "country",
    "jurisdiction",
    "mainCountry",
    "nationality",
    "citizenship",
    "flag",
)

IDENTIFIER_PROPERTIES: dict[str, str] = {
    "registrationNumber": "REGISTRATION",
    "taxNumber": "TIN",
    "vatCode": "VAT",
    "idNumber": "ID",
    "passportNumber": "PASSPORT",
    "innCode": "INN",
    "ogrnCode": "OGRN",
    "leiCode": "LEI",
    "dunsCode": "DUNS",
    "swiftBic": "BIC",
    "imoNumber": "IMO",
    "mmsi": "MMSI",
    "callSign": "CALLSIGN",
}
"""Identifier properties, and the scheme each is filed under."""

TOPICS: dict[str, tuple[Severity, str]] = {
    "sanction": (Severity.HIGH, "sanctioned"),
    "sanction.linked": (Severity.MEDIUM, "linked to a sanctioned party"),
    "sanction.counter": (Severity.MEDIUM, "counter-sanctioned"),
    "export.control": (Severity.HIGH, "export controlled"),
    "export.risk": (Severity.MEDIUM, "export risk"),
    "debarment": (Severity.MEDIUM, "debarred"),
    "crime": (Severity.HIGH, "crime"),
    "crime.traffick": (Severity.CRITICAL, "trafficking"),
    "crime.traffick.drug": (Severity.CRITICAL, "drug trafficking"),
    "crime.terror": (Severity.CRITICAL, "terrorism"),
    "crime.fin": (Severity.HIGH, "financial crime"),
    "crime.fraud": (Severity.HIGH, "fraud"),
    "crime.war": (Severity.CRITICAL, "war crimes"),
    "wanted": (Severity.HIGH, "wanted"),
    "mare.detained": (Severity.MEDIUM, "detained vessel"),
    "mare.shadow": (Severity.HIGH, "shadow fleet"),
    "mare.sts": (Severity.MEDIUM, "ship-to-ship transfers"),
    "role.pep": (Severity.LOW, "politically exposed person"),
    "role.rca": (Severity.LOW, "relative or close associate of a PEP"),
    "role.oligarch": (Severity.MEDIUM, "oligarch"),
    "poi": (Severity.LOW, "person of interest"),
    "reg.action": (Severity.LOW, "regulatory action"),
    "reg.warn": (Severity.LOW, "regulatory warning"),
    "corp.disqualified": (Severity.LOW, "disqualified director"),
}
"""OpenSanctions topics: severity and the words a reason uses for them."""
