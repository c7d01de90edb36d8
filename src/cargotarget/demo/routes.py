"""Liner services into the demo's ports of discharge, and how cargo reaches them.

A service is a carrier's fixed rotation of ports with the day of each call counted from the first;
every rotation ends at Kingston (JMKIN), Colombo (LKCMB) or Freeport (BSFPO). Cargo is loaded
either at a port of call or at a feeder port and transshipped at a hub the vessel calls at. Every
code is in the shipped UN/LOCODE table (a test holds the catalogue to that).
"""

from __future__ import annotations

from dataclasses import dataclass

DISCHARGE_PORTS = ("JMKIN", "LKCMB", "BSFPO")


@dataclass(frozen=True, slots=True)
class Service:
    """A carrier's liner service: rotation of (UN/LOCODE, day of call), last call the discharge
    port; ``weight`` is its relative share of sailings; ``direction`` ends its voyage numbers."""

    code: str
    carrier: str
    rotation: tuple[tuple[str, int], ...]
    weight: float
    direction: str

    @property
    def discharge_port(self) -> str:
        return self.rotation[-1][0]


def _s(code: str, carrier: str, rotation: str, weight: float, direction: str) -> Service:
    calls = tuple((port, int(day)) for port, day in (c.split("@") for c in rotation.split()))
    return Service(code, carrier, calls, weight, direction)


SERVICES: tuple[Service, ...] = (
    # Kingston: transpacific through the Panama Canal, the west and east coasts of South America,
    # Europe and the Mediterranean, the US, and Caribbean feeders.
    _s("KAP", "CMDU", "CNTAO@0 CNSHA@3 CNNGB@4 HKHKG@7 CNYTN@8 PABLB@32 PAMIT@33 JMKIN@35", 3, "E"),
    _s("KZX", "ZIMU", "CNNGB@0 CNSHA@1 KRPUS@3 PAMIT@22 JMKIN@24", 2, "E"),
    _s("KCO", "COSU", "CNTAO@0 CNSHA@2 CNXMN@5 CNSZX@6 PABLB@27 COCTG@29 JMKIN@31", 2, "E"),
    _s("KEV", "EGLV", "TWKHH@0 CNXMN@1 HKHKG@2 CNYTN@3 PABLB@26 PAMIT@27 JMKIN@29", 2, "E"),
    _s("KON", "ONEY", "JPTYO@0 JPNGO@2 KRPUS@4 PABLB@22 JMKIN@24", 1, "E"),
    _s("KWC", "MAEU", "CLSAI@0 PECLL@3 ECGYE@5 COBUN@7 PABLB@9 PAMIT@10 JMKIN@12", 3, "N"),
    _s("KEU", "HLCU", "DEHAM@0 NLRTM@2 BEANR@3 GBLGP@5 FRLEH@6 DOCAU@17 JMKIN@19", 2, "W"),
    _s("KMD", "CMDU", "ITGOA@0 ESVLC@2 ESALG@4 MAPTM@5 DOCAU@14 JMKIN@16", 2, "W"),
    _s("KEC", "MSCU", "ARBUE@0 UYMVD@2 BRRIG@4 BRPNG@6 BRSSZ@7 JMKIN@18", 2, "N"),
    _s("KCF", "CMDU", "COCTG@0 COBAQ@1 COSMR@2 JMKIN@4", 3, "N"),
    _s("KCA", "HLCU", "GTSTC@0 HNPCR@1 CRMOB@3 PAMIT@4 JMKIN@6", 2, "E"),
    _s("KFL", "SMLU", "USPEF@0 USMIA@1 JMKIN@4", 4, "S"),
    _s("KUS", "MAEU", "CAHAL@0 USNYC@2 USORF@4 USSAV@5 USCHS@6 JMKIN@10", 2, "S"),
    _s("KGF", "ZIMU", "USHOU@0 MXVER@3 JMKIN@7", 1, "E"),
    _s("KEA", "CMDU", "TTPOS@0 BBBGI@1 DOCAU@4 JMKIN@6", 1, "W"),
    # Colombo: the Far East, Japan and Korea, South East Asia, the Gulf and India, Europe and the
    # Mediterranean through Suez, Africa, Oceania and the US East Coast.
    _s("CFE", "MSCU", "CNSHA@0 CNNGB@1 CNYTN@5 SGSIN@10 MYPKG@11 LKCMB@15", 4, "W"),
    _s("CMK", "MAEU", "KRPUS@0 CNSHA@3 CNNGB@4 CNSHK@7 SGSIN@12 MYTPP@13 LKCMB@17", 3, "W"),
    _s("CEV", "EGLV", "TWKHH@0 HKHKG@2 CNSHK@3 SGSIN@7 LKCMB@11", 3, "W"),
    _s("CON", "ONEY", "JPTYO@0 JPNGO@1 JPUKB@2 KRPUS@4 CNSHA@6 SGSIN@12 MYPKG@13 LKCMB@17", 2, "W"),
    _s("CCO", "COSU", "CNTSN@0 CNDLC@2 CNTAO@4 CNSHA@6 SGSIN@13 LKCMB@17", 3, "W"),
    _s("CEU", "CMDU", "GBSOU@0 DEHAM@3 NLRTM@5 BEANR@6 FRLEH@8 MAPTM@12 EGPSD@17 SAJED@20 "
       "LKCMB@27", 2, "E"),
    _s("CMD", "HLCU", "ESBCN@0 ESVLC@1 ITGOA@3 GRPIR@6 TRMER@8 EGPSD@9 SAJED@12 LKCMB@19", 2, "E"),
    _s("CME", "MSCU", "AEJEA@0 PKKHI@2 INMUN@3 INNSA@5 LKCMB@8", 4, "S"),
    _s("CSE", "MAEU", "THLCH@0 VNSGN@3 SGSIN@5 MYPKG@6 LKCMB@10", 3, "W"),
    _s("CAF", "MSCU", "ZADUR@0 KEMBA@6 LKCMB@14", 1, "E"),
    _s("COC", "MAEU", "NZAKL@0 AUSYD@4 AUMEL@6 SGSIN@15 LKCMB@19", 1, "W"),
    _s("CUS", "HLCU", "USNYC@0 USSAV@3 USCHS@4 ESALG@14 EGPSD@19 SAJED@22 LKCMB@28", 1, "E"),
    _s("CIN", "MSCU", "INMAA@0 LKCMB@2", 2, "S"),
    # Freeport: Asia through Suez and through Panama, Europe, the Mediterranean, the US, the west
    # coast of South America and the Gulf of Mexico.
    _s("FAS", "MSCU", "CNNGB@0 CNSHA@2 CNYTN@5 SGSIN@10 LKCMB@14 ESVLC@28 BSFPO@38", 3, "W"),
    _s("FEU", "MSCU", "DEBRV@0 NLRTM@2 BEANR@3 GBFXT@5 FRLEH@6 PTSIN@9 BSFPO@20", 3, "W"),
    _s("FMD", "MSCU", "TRAMR@0 GRPIR@3 ITGIT@5 ITGOA@7 ESVLC@9 BSFPO@22", 2, "W"),
    _s("FUS", "MSCU", "USNYC@0 USORF@2 USSAV@4 USPEF@6 BSFPO@7", 3, "S"),
    _s("FWC", "MSCU", "CLSAI@0 PECLL@4 ECGYE@6 PABLB@9 PAMIT@10 BSFPO@13", 2, "N"),
    _s("FPX", "COSU", "CNSHA@0 CNNGB@1 HKHKG@4 CNYTN@5 PABLB@27 BSFPO@31", 2, "E"),
    _s("FGM", "CMDU", "USHOU@0 MXVER@3 BSFPO@8", 1, "E"),
    _s("FFL", "SMLU", "USMIA@0 USPEF@1 BSFPO@2", 3, "S"),
)  # fmt: skip

HUB_FEEDERS: dict[str, tuple[str, ...]] = {
    "PAMIT": ("COSMR", "COBAQ", "CRMOB", "ECGYE", "COBUN", "GTSTC", "HNPCR"),
    "PABLB": ("ECGYE", "COBUN", "PECLL", "CLSAI", "MXZLO", "MXLZC"),
    "COCTG": ("COSMR", "COBAQ", "ECGYE", "CRMOB", "HNPCR"),
    "DOCAU": ("DOHAI", "HTPAP", "TTPOS", "COCTG", "BRSSZ"),
    "SGSIN": ("VNHPH", "VNSGN", "THBKK", "THLCH", "IDJKT", "IDSUB", "AUBNE"),
    "MYPKG": ("IDJKT", "THLCH", "BDCGP"),
    "MYTPP": ("IDSUB", "VNSGN"),
    "ESALG": ("PTSIN", "MAPTM", "ESBCN"),
    "MAPTM": ("FRMRS", "ITGOA", "GRPIR", "TRMER", "TRAMR", "CIABJ", "GHTEM", "SNDKR", "NGAPP"),
    "HKHKG": ("CNCAN", "CNXMN"),
    "KRPUS": ("CNDLC", "CNTSN", "JPNGO", "JPUKB"),
    "LKCMB": ("INMAA", "INNSA", "BDCGP", "PKKHI"),
    "EGPSD": ("TRMER", "GRPIR"),
    "SAJED": ("EGPSD",),
    "ITGIT": ("MTMAR",),
}
"""Feeder ports whose cargo is transshipped at a hub onto the vessel."""

REGIONS: dict[str, str] = {
    **dict.fromkeys(("CN", "HK", "KR", "JP", "TW"), "east_asia"),
    **dict.fromkeys(("SG", "MY", "VN", "TH", "ID"), "southeast_asia"),
    **dict.fromkeys(("IN", "PK", "BD", "LK"), "south_asia"),
    **dict.fromkeys(("AE", "SA", "OM", "EG", "IR", "SY"), "middle_east"),
    **dict.fromkeys(("DE", "NL", "BE", "GB", "FR", "PT", "GR", "TR"), "europe"),
    **dict.fromkeys(("ES", "IT", "MT", "MA"), "europe"),
    **dict.fromkeys(("US", "CA", "MX", "BS"), "north_america"),
    **dict.fromkeys(("PA", "CO", "CR", "GT", "HN", "JM", "DO", "HT", "TT", "BB"), "caribbean"),
    **dict.fromkeys(("EC", "PE", "CL", "BR", "AR", "UY"), "south_america"),
    **dict.fromkeys(("ZA", "KE", "TZ", "CI", "GH", "SN", "NG"), "africa"),
    **dict.fromkeys(("AU", "NZ"), "oceania"),
}
"""World regions by country, to tell a detour (transshipment through an unrelated region)."""

HUBS_BY_REGION: dict[str, tuple[str, ...]] = {
    "southeast_asia": ("SGSIN", "MYPKG", "MYTPP"),
    "middle_east": ("AEJEA", "OMSLL", "SAJED"),
    "europe": ("ESALG", "MAPTM", "MTMAR"),
    "caribbean": ("PAMIT", "COCTG", "DOCAU"),
    "south_asia": ("LKCMB",),
}
"""Transshipment hubs per region, from which a detour's extra stop is drawn."""


def region(locode_or_country: str) -> str:
    """The world region of a UN/LOCODE or a country code."""
    return REGIONS.get(locode_or_country[:2], "other")


@dataclass(frozen=True, slots=True)
class LoadingOption:
    """Where a consignment can be loaded for a voyage: a port of call, or a feeder port with the
    hub where it is transshipped onto the vessel."""

    port_of_loading: str
    transshipment_ports: tuple[str, ...]


def loading_options(service: Service) -> tuple[LoadingOption, ...]:
    """Every port from which cargo can reach the service's discharge port."""
    calls = [port for port, _ in service.rotation[:-1]]
    options = [LoadingOption(port, ()) for port in calls]
    for hub in calls:
        for feeder in HUB_FEEDERS.get(hub, ()):
            if feeder not in calls:
                options.append(LoadingOption(feeder, (hub,)))
    return tuple(options)


HUBS: frozenset[str] = frozenset(HUB_FEEDERS) | {
    h for hubs in HUBS_BY_REGION.values() for h in hubs
}
"""Every port the demo treats as a transshipment hub."""
