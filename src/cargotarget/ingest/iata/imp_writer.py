"""Writing a canonical air waybill as an FWB, the Cargo-IMP air waybill data message.

What the reader reads, this writes back, so that a consignment written and read again is the
same consignment (the round trip the tests prove): the air waybill line, the booked flight,
the routing, the parties (with their identification numbers as OCI lines), the charge
declaration and one rate line per goods item. Fields FWB has no line for (package kinds, marks,
dangerous goods, seals) are not written. Texts are written upper case as filed; a ``/`` in a
text would start a new field, so it is written as a space.
"""

from __future__ import annotations

from collections.abc import Iterator

from cargotarget.ingest.iata.awb import airport_code
from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    FreightPayment,
    GoodsItem,
    Party,
    PartyRole,
    Voyage,
)

#: The widest text written on one line; longer texts go on in continuation lines.
TEXT_WIDTH = 60
_ROLE_TAGS = {PartyRole.SHIPPER: "SHP", PartyRole.CONSIGNEE: "CNE", PartyRole.NOTIFY: "NFY"}
_OCI_SCHEMES = ("EORI", "EIN", "VAT")


def write_fwb(consignment: Consignment, voyage: Voyage, *, version: int = 16) -> bytes:
    """The FWB of ``consignment`` booked on ``voyage``, lines ending CR LF."""
    lines = [f"FWB/{version}", _detail(consignment)]
    if voyage.voyage_number:
        lines.append(f"FLT/{''.join(voyage.voyage_number.split()).upper()}")
    lines += _routing(consignment, voyage)
    lines += _parties(consignment.parties)
    if consignment.freight_payment in (FreightPayment.PREPAID, FreightPayment.COLLECT):
        indicator = "PP" if consignment.freight_payment is FreightPayment.PREPAID else "CC"
        lines.append(f"CVD/XXX//{indicator}/NVD/NCV/XXX")
    lines += _rates(consignment)
    lines += [f"SSR/{_clean(remark)}" for remark in consignment.remarks]
    lines += _customs_information(consignment.parties)
    return ("\r\n".join(lines) + "\r\n").encode("ascii", "replace")


def _airport(locode: str | None) -> str:
    return (airport_code(locode) if locode else None) or ""


def _clean(text: str) -> str:
    return " ".join(text.replace("/", " ").split()).upper()


def _number(value: float) -> str:
    """The shortest decimal of ``value`` to three places."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _detail(consignment: Consignment) -> str:
    route = consignment.route
    pieces = sum(item.package_count or 0 for item in consignment.goods)
    weight = sum(item.gross_weight_kg or 0.0 for item in consignment.goods)
    airports_pair = _airport(route.port_of_loading) + _airport(route.port_of_discharge)
    return f"{consignment.bill_number}{airports_pair}/T{pieces}K{_number(weight)}"


def _routing(consignment: Consignment, voyage: Voyage) -> list[str]:
    carrier = voyage.carrier_code or ""
    ports = [*consignment.route.transshipment_ports, consignment.route.port_of_discharge]
    legs = [f"{_airport(port)}{carrier}" for port in ports if _airport(port)]
    return [f"RTG/{'/'.join(legs)}"] if legs else []


def _parties(parties: tuple[Party, ...]) -> Iterator[str]:
    for party in parties:
        if party.role is PartyRole.FORWARDER:
            code = next((i.value for i in party.identifiers if i.scheme == "IATA"), "")
            yield f"AGT//{_clean(code)}"
            yield f"/{_clean(party.name)}"
            if party.address.city:
                yield f"/{_clean(party.address.city)}"
            continue
        tag = _ROLE_TAGS.get(party.role)
        if tag is None:
            continue
        account = next((i.value for i in party.identifiers if i.scheme == "ACCOUNT"), None)
        yield f"{tag}/{_clean(account)}" if account else tag
        yield from _wrapped("NAM/", "/", party.name)
        for n, street in enumerate(party.address.lines):
            yield f"{'ADR/' if n == 0 else '/'}{_clean(street)}"
        address = party.address
        state = f"/{_clean(address.subdivision)}" if address.subdivision else ""
        yield f"LOC/{_clean(address.city or '')}{state}"
        coded = [address.country or "", _clean(address.postcode or "")]
        for contact in (party.contact or "").split("; "):
            kind, _, number = contact.partition(" ")
            if kind and number:
                coded += [_clean(kind), _clean(number)]
        yield "/" + "/".join(coded).rstrip("/")


def _customs_information(parties: tuple[Party, ...]) -> Iterator[str]:
    """OCI lines with the parties' identification numbers (not their carrier accounts)."""
    first = True
    for party in parties:
        tag = _ROLE_TAGS.get(party.role)
        for identifier in party.identifiers:
            if tag is None or identifier.scheme in ("ACCOUNT", "IATA"):
                continue
            known = identifier.scheme in _OCI_SCHEMES
            text = f"{identifier.scheme} {identifier.value}" if known else identifier.value
            yield f"{'OCI' if first else ''}//{tag}/T/{_clean(text)}"
            first = False


def _rates(consignment: Consignment) -> Iterator[str]:
    """One rate line per goods item: pieces and weight, then its description, codes, volume,
    ULDs and, on the first, the country of origin. An item with no quantities of its own and
    the description of the one before is a further harmonised code of that rate line, as the
    reader reads it."""
    nature = "NC" if consignment.kind is DocumentKind.MASTER else "NG"
    groups: list[list[GoodsItem]] = []
    for item in consignment.goods:
        if groups and _is_further_code(item, groups[-1][0]):
            groups[-1].append(item)
        else:
            groups.append([item])
    for n, (item, *more) in enumerate(groups, start=1):
        head = "RTD" if n == 1 else ""
        yield f"{head}/{n}/P{item.package_count or 0}/K{_number(item.gross_weight_kg or 0.0)}"
        origin = consignment.route.origin_country if n == 1 else None
        codes = [code for code in (i.hs_code for i in (item, *more)) if code]
        for k, text in enumerate(_sub_lines(item, nature, codes, origin), start=1):
            yield f"/{text}" if k == 1 else f"/{k}/{text}"


def _is_further_code(item: GoodsItem, first: GoodsItem) -> bool:
    no_quantities = item.package_count is None and item.gross_weight_kg is None
    alone = item.volume_m3 is None and not item.container_numbers
    return (
        no_quantities
        and alone
        and item.hs_code is not None
        and item.description == first.description
    )


def _sub_lines(item: GoodsItem, nature: str, codes: list[str], origin: str | None) -> Iterator[str]:
    for chunk in _chunks(item.description):
        yield f"{nature}/{chunk}"
    for code in codes:
        yield f"NH/{code}"
    if item.volume_m3 is not None:
        yield f"NV/MC{_number(item.volume_m3)}"
    for number in item.container_numbers:
        yield f"NU/{number}"
    if origin:
        yield f"NO/{origin}"


def _wrapped(first: str, rest: str, text: str) -> Iterator[str]:
    for n, chunk in enumerate(_chunks(text)):
        yield (first if n == 0 else rest) + chunk


def _chunks(text: str) -> list[str]:
    """``text`` cut at spaces into lines of at most TEXT_WIDTH (a longer word stays whole)."""
    chunks: list[str] = []
    for word in _clean(text).split(" "):
        if chunks and len(chunks[-1]) + 1 + len(word) <= TEXT_WIDTH:
            chunks[-1] += " " + word
        elif word:
            chunks.append(word)
    return chunks
