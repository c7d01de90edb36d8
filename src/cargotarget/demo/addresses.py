"""Plausible postal addresses for demo parties: streets in the local style, real cities,
postcodes of the right shape, and the odd post-office box.

The streets are invented from the naming vocabulary; the cities and subdivisions are real so that
a map or a city-level rule makes sense.
"""

from __future__ import annotations

import random
from functools import cache

from cargotarget.demo.names import style_for
from cargotarget.model import reference
from cargotarget.model.manifest import Address

_CITIES: dict[str, str] = {
    "CN": "NINGBO/ZJ/315###;SHANGHAI/SH/200###;SHENZHEN/GD/518###;GUANGZHOU/GD/510###;"
    "XIAMEN/FJ/361###;QINGDAO/SD/266###;YIWU/ZJ/322###;DONGGUAN/GD/523###;TIANJIN/TJ/300###",
    "HK": "KOWLOON//;KWAI CHUNG//;WAN CHAI//",
    "TW": "TAIPEI//1##;KAOHSIUNG//8##;TAICHUNG//4##",
    "KR": "SEOUL//0####;BUSAN//4####;INCHEON//2####",
    "JP": "TOKYO/13/1##-####;OSAKA/27/5##-####;NAGOYA/23/4##-####;YOKOHAMA/14/2##-####",
    "VN": "HO CHI MINH CITY/SG/700000;HAIPHONG/HP/180000;BINH DUONG/57/820000",
    "TH": "BANGKOK/10/10###;SAMUT PRAKAN/11/10###;CHONBURI/20/20###",
    "MY": "PORT KLANG/10/42###;SHAH ALAM/10/40###;PENANG/07/1####",
    "ID": "JAKARTA/JK/1####;SURABAYA/JI/60###;TANGERANG/BT/15###",
    "SG": "SINGAPORE//######",
    "IN": "MUMBAI/MH/400###;CHENNAI/TN/600###;TIRUPUR/TN/641###;AHMEDABAD/GJ/380###;"
    "NEW DELHI/DL/110###;LUDHIANA/PB/141###",
    "PK": "KARACHI/SD/74###;LAHORE/PB/54###;FAISALABAD/PB/38###;SIALKOT/PB/51###",
    "BD": "DHAKA//1###;GAZIPUR//17##;CHATTOGRAM//4###;NARAYANGANJ//14##",
    "LK": "COLOMBO 03//00300;COLOMBO 10//01000;NEGOMBO//11500;WATTALA//11300;"
    "KATUNAYAKE//11450;BIYAGAMA//11650;KANDY//20000",
    "AE": "DUBAI/DU/;JEBEL ALI FREE ZONE/DU/;SHARJAH/SH/;AJMAN/AJ/",
    "SA": "JEDDAH/02/2####;RIYADH/01/1####;DAMMAM/04/3####",
    "TR": "ISTANBUL/34/34###;IZMIR/35/35###;MERSIN/33/33###;BURSA/16/16###",
    "DE": "HAMBURG/HH/2####;BREMEN/HB/28###;DUSSELDORF/NW/40###;STUTTGART/BW/70###",
    "NL": "ROTTERDAM/ZH/30## AB;VENLO/LI/59## CD;AMSTERDAM/NH/10## EF",
    "BE": "ANTWERPEN/VAN/2###;GENT/VOV/9###",
    "FR": "LE HAVRE/76/76###;LYON/69/69###;MARSEILLE/13/13###;PARIS/75/75###",
    "ES": "VALENCIA/V/46###;BARCELONA/B/08###;CASTELLON/CS/12###;MADRID/M/28###",
    "IT": "MILANO/MI/20###;GENOVA/GE/16###;BOLOGNA/BO/40###;PRATO/PO/59###",
    "PT": "LISBOA/11/1###-###;PORTO/13/4###-###;AVEIRO/01/3###-###",
    "GB": "FELIXSTOWE//IP11 #XY;LONDON//EC1A #BB;GLASGOW//G# #AA;BIRMINGHAM//B# #AA",
    "MA": "TANGER/TNG/90###;CASABLANCA/CAS/20###",
    "US": "MIAMI/FL/331##;DORAL/FL/331##;FORT LAUDERDALE/FL/333##;HOUSTON/TX/770##;"
    "SAVANNAH/GA/314##;NEWARK/NJ/071##;NEW YORK/NY/100##;LOS ANGELES/CA/900##;"
    "ATLANTA/GA/303##;CHARLESTON/SC/294##",
    "CA": "TORONTO/ON/M#A #B#;MONTREAL/QC/H#A #B#;VANCOUVER/BC/V#A #B#;HALIFAX/NS/B#A #B#",
    "MX": "MONTERREY/NLE/64###;GUADALAJARA/JAL/44###;VERACRUZ/VER/91###;CIUDAD DE MEXICO/CMX/0####",
    "CO": "SANTA MARTA/MAG/47####;APARTADO/ANT/057###;BOGOTA/DC/11####;MEDELLIN/ANT/050###;"
    "BARRANQUILLA/ATL/08####;CARTAGENA/BOL/13####",
    "EC": "GUAYAQUIL/G/09####;MACHALA/O/07####;QUITO/P/17####;BABAHOYO/R/12####",
    "PE": "LIMA/LIM/15###;CALLAO/CAL/07###;PIURA/PIU/20###",
    "CL": "SANTIAGO/RM/8######;VALPARAISO/VS/23#####;RANCAGUA/LI/28#####",
    "BR": "SAO PAULO/SP/0####-###;SANTOS/SP/11###-###;CURITIBA/PR/8####-###;"
    "PORTO ALEGRE/RS/9####-###",
    "AR": "BUENOS AIRES/C/C1###AAA;ROSARIO/S/S2###AAA;MENDOZA/M/M5###AAA",
    "UY": "MONTEVIDEO/MO/11###",
    "CR": "SAN JOSE/SJ/10###;LIMON/L/70###;GUAPILES/L/70###",
    "GT": "GUATEMALA/GU/01###;ESCUINTLA/ES/05###",
    "HN": "SAN PEDRO SULA/CR/21###;LA CEIBA/AT/31###",
    "DO": "SANTO DOMINGO/01/10###;SANTIAGO DE LOS CABALLEROS/25/51###",
    "ZA": "DURBAN/KZN/4###;JOHANNESBURG/GT/2###;CAPE TOWN/WC/8###",
    "KE": "MOMBASA/28/80100;NAIROBI/30/00100",
    "AU": "MELBOURNE/VIC/3###;SYDNEY/NSW/2###;BRISBANE/QLD/4###",
    "NZ": "AUCKLAND/AUK/0###;HAMILTON/WKO/3###;CHRISTCHURCH/CAN/8###",
    "JM": "KINGSTON 10/01/;KINGSTON 11/01/;KINGSTON 13/01/;SPANISH TOWN/14/;PORTMORE/14/;"
    "MONTEGO BAY/08/;MANDEVILLE/12/;MAY PEN/13/;OCHO RIOS/06/",
    "BS": "NASSAU/NP/;FREEPORT/FP/",
    "PA": "PANAMA/8/;COLON/3/",
}
"""Cities per country as ``CITY/SUBDIVISION/POSTCODE`` (``#`` is any digit)."""

_STREETS: dict[str, tuple[str, ...]] = {
    "en": ("{n} {w} ROAD", "{n} {w} STREET", "{n} {w} AVENUE", "UNIT {m} {w} BUSINESS PARK"),
    "us": ("{n} NW {m}TH STREET", "{n} {w} BLVD", "{n} {w} AVE SUITE {k}00"),
    "es": ("CALLE {m} # {k}-{n}", "CARRERA {m} # {k}-{n}", "AVENIDA {w} {n}", "KM {m} VIA {w}"),
    "pt": ("RUA {w}, {n}", "AVENIDA {w}, {n}", "RODOVIA BR-{m}{k}, KM {n}"),
    "asia": ("NO. {n} {w} ROAD", "NO. {n} {w} EAST ROAD", "BLOCK {k}, {w} INDUSTRIAL ZONE"),
    "de": ("{w}STRASSE {n}", "{w}WEG {m}"),
    "fr": ("{n} RUE DE {w}", "{m} AVENUE {w}"),
    "it": ("VIA {w} {n}", "VIALE {w} {m}"),
    "tr": ("{w} CADDESI NO:{n}", "{w} SOKAK NO:{m}"),
}
_STREET_STYLE: dict[str, str] = {
    **dict.fromkeys(("CN", "HK", "TW", "KR", "JP", "VN", "TH", "MY", "ID", "SG"), "asia"),
    **dict.fromkeys(("CO", "EC", "PE", "CL", "AR", "UY", "CR", "GT", "HN", "DO", "MX"), "es"),
    **dict.fromkeys(("ES", "PA"), "es"),
    **dict.fromkeys(("BR", "PT"), "pt"),
    **dict.fromkeys(("DE", "NL", "BE"), "de"),
    **dict.fromkeys(("FR", "MA"), "fr"),
    "IT": "it",
    "TR": "tr",
    "US": "us",
}


@cache
def _cities(country: str) -> list[tuple[str, str | None, str | None]]:
    """The cities of ``country``; where none are listed, the names of its UN/LOCODE places."""
    spec = _CITIES.get(country)
    if spec is None:
        named = [n.upper() for code, n in reference.locodes().items() if code[:2] == country]
        return [(name, None, None) for name in named or ["CITY CENTRE"]]
    cities = []
    for entry in spec.split(";"):
        city, subdivision, postcode = entry.split("/")
        cities.append((city, subdivision or None, postcode or None))
    return cities


def _postcode(rng: random.Random, pattern: str | None) -> str | None:
    if pattern is None:
        return None
    return "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in pattern)


def _street_word(rng: random.Random, country: str) -> str:
    style = style_for(country)
    if style.syllables:
        return rng.choice(style.words) + rng.choice(style.words)
    return rng.choice(style.words)


def address(rng: random.Random, country: str) -> Address:
    """A business address: street line, city, subdivision and postcode where the country uses
    them."""
    city, subdivision, pattern = rng.choice(_cities(country))
    template = rng.choice(_STREETS[_STREET_STYLE.get(country, "en")])
    street = template.format(
        n=rng.randint(1, 999),
        m=rng.randint(2, 99),
        k=rng.randint(1, 40),
        w=_street_word(rng, country),
    )
    return Address(
        lines=(street,),
        city=city,
        postcode=_postcode(rng, pattern),
        subdivision=subdivision,
        country=country,
    )


def residential_address(rng: random.Random, country: str) -> Address:
    """A private home: a lot or house number in a residential scheme."""
    city, subdivision, pattern = rng.choice(_cities(country))
    word = _street_word(rng, country)
    line = rng.choice(
        (f"LOT {rng.randint(1, 400)} {word} GARDENS", f"{rng.randint(1, 99)} {word} CLOSE")
    )
    return Address(
        lines=(line,),
        city=city,
        postcode=_postcode(rng, pattern),
        subdivision=subdivision,
        country=country,
    )


PO_BOX_MARKERS = ("P.O. BOX", "PO BOX", "POST OFFICE BOX")
"""How filers write a post-office box in an address line (indicator 8)."""


def po_box_address(rng: random.Random, country: str) -> Address:
    """An address that is only a post-office box: no street, nowhere to inspect."""
    city, subdivision, _ = rng.choice(_cities(country))
    line = f"{rng.choice(PO_BOX_MARKERS)} {rng.randint(100, 9999)}"
    return Address(lines=(line,), city=city, subdivision=subdivision, country=country)
