"""Amendments and cancellations: bills filed again, changed, after the original manifest.

Carriers correct weights, descriptions and consignees as bookings firm up, mostly before the
filing deadline and sometimes after it; a few bills are cancelled when the cargo is shut out. An
amendment carries the whole bill as it now stands, in a manifest whose message function is
REPLACE (or CANCEL) under the reference of the manifest it amends.
"""

from __future__ import annotations

import random

import msgspec

from cargotarget.demo.commodities import by_hs_code
from cargotarget.demo.equipment import SIZE_TYPES
from cargotarget.demo.names import strip_legal_form
from cargotarget.demo.parties import Population
from cargotarget.model.manifest import Consignment, Equipment, Party, PartyRole

AMEND_SHARE = 0.04
"""Share of honest simple bills that are amended once."""

CANCEL_SHARE = 0.007
"""Share of honest simple bills that are cancelled."""

LATE_AMENDMENT_SHARE = 0.1
"""Share of honest amendments that arrive after the filing deadline."""

CHANGES = ("weight", "weight", "description", "consignee", "packages")


def amend(
    rng: random.Random, bill: Consignment, change: str, population: Population, dest: str
) -> Consignment:
    """``bill`` as refiled with one ``change``: weight, description, consignee or packages."""
    if change == "description":
        return new_description(rng, bill)
    if change == "consignee":
        return replace_consignee(rng, bill, population, dest, newcomer=False)
    return _rescale(rng, bill, packages=change == "packages")


def _rescale(rng: random.Random, bill: Consignment, packages: bool) -> Consignment:
    """The weights (and, if ``packages``, the package counts) corrected by up to 12 %, never
    beyond what the bill's containers can carry."""
    payloads = {
        box.number: SIZE_TYPES[box.size_type or "22G1"].payload_kg for box in bill.equipment
    }
    room = min(
        (
            sum(payloads.get(n, 0.0) for n in item.container_numbers) / item.gross_weight_kg
            for item in bill.goods
            if item.gross_weight_kg and item.container_numbers
        ),
        default=1.12,
    )
    factor = rng.uniform(0.88, max(0.88, min(1.12, room)))
    goods = []
    for item in bill.goods:
        count = item.package_count
        if packages and count is not None and count > 2:
            count = round(count * factor)
        weight = round((item.gross_weight_kg or 0.0) * factor, 1)
        goods.append(msgspec.structs.replace(item, package_count=count, gross_weight_kg=weight))
    return msgspec.structs.replace(bill, goods=tuple(goods))


def new_description(rng: random.Random, bill: Consignment) -> Consignment:
    """Another description of the same goods, as when a shipper's invoice is corrected; bills
    whose goods have no other description get their weight corrected instead."""
    item = bill.goods[0]
    commodity = by_hs_code().get(item.hs_code or "")
    others = [d for d in commodity.descriptions if d != item.description] if commodity else []
    if not others:
        return _rescale(rng, bill, packages=False)
    changed = msgspec.structs.replace(item, description=rng.choice(others))
    return msgspec.structs.replace(bill, goods=(changed, *bill.goods[1:]))


def replace_consignee(
    rng: random.Random, bill: Consignment, population: Population, dest: str, newcomer: bool
) -> Consignment:
    """The bill with another consignee of the same trade (a newcomer if asked); a notify party
    that was the consignee follows it."""
    commodity = by_hs_code().get(bill.goods[0].hs_code or "")
    pool = population.pool("consignee", dest, commodity.group if commodity else "household")
    old = bill.party(PartyRole.CONSIGNEE)
    record = pool.new(rng) if newcomer else pool.draw(rng)
    if old is not None and record.stem == strip_legal_form(old.name):
        record = pool.new(rng)
    parties: list[Party] = []
    for party in bill.parties:
        if party.role is PartyRole.CONSIGNEE:
            party = record.as_party(PartyRole.CONSIGNEE, rng)
        elif party.role is PartyRole.NOTIFY and old is not None and party.name == old.name:
            party = record.as_party(PartyRole.NOTIFY, rng)
        parties.append(party)
    return msgspec.structs.replace(bill, parties=tuple(parties))


def reseal(rng: random.Random, bill: Consignment) -> Consignment:
    """The bill with new seal numbers on its containers, as after a seal was broken."""
    equipment: list[Equipment] = []
    for box in bill.equipment:
        seals = tuple(_reseal(rng, seal) for seal in box.seals)
        equipment.append(msgspec.structs.replace(box, seals=seals))
    return msgspec.structs.replace(bill, equipment=tuple(equipment))


def _reseal(rng: random.Random, seal: str) -> str:
    """A seal of the same issuer and format with another serial."""
    prefix = seal.rstrip("0123456789")
    digits = len(seal) - len(prefix)
    while True:
        fresh = f"{prefix}{rng.randrange(10 ** (digits - 1), 10**digits)}"
        if fresh != seal:
            return fresh
