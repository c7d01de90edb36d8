"""The demo stream: deterministic, exactly sized, valid, in filing order, with recurring parties,
consolidations, amendments and cancellations that behave as carriers' filings do."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import date, datetime

import msgspec
import pytest

from cargotarget.demo import generate
from cargotarget.demo.generator import supplement_reference
from cargotarget.demo.names import strip_legal_form
from cargotarget.demo.voyages import filing_deadline
from cargotarget.model.checks import check_consignment, check_voyage
from cargotarget.model.codes import ContainerNumber, ImoNumber
from cargotarget.model.manifest import DocumentKind, MessageFunction, PartyRole
from tests.demo.streams import SIZE, bills, stream


def _encoded(size: int, seed: int) -> bytes:
    return b"\n".join(msgspec.json.encode(f.manifest) for f in generate(size, seed=seed))


def test_same_seed_and_size_give_identical_bytes() -> None:
    assert _encoded(1500, 5) == _encoded(1500, 5)


_DIGEST = """
import hashlib, msgspec
from cargotarget.demo import generate
digest = hashlib.sha256()
for filing in generate(1000, seed=5):
    digest.update(msgspec.json.encode(filing.manifest) + msgspec.json.encode(filing.truth))
print(digest.hexdigest())
"""


def test_output_does_not_depend_on_string_hashing() -> None:
    digests = {
        subprocess.run(
            [sys.executable, "-c", _DIGEST],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(digests) == 1


def test_another_seed_gives_other_data() -> None:
    assert _encoded(1500, 5) != _encoded(1500, 6)


def test_another_start_moves_the_filings() -> None:
    first = next(generate(200, seed=5, start=date(2026, 3, 2))).manifest.filed_at
    assert first is not None
    assert first.date() == date(2026, 3, 2)


@pytest.mark.parametrize("size", [1, 7, 100, 1234, SIZE])
def test_exactly_the_requested_number_of_bills_is_filed_originally(size: int) -> None:
    filings = stream(size)
    originals = [c.bill_number for c in bills(filings, MessageFunction.ORIGINAL)]
    assert len(originals) == size
    assert len(set(originals)) == size


def test_size_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="consignments must be between"):
        generate(0)


def test_manifests_come_in_filing_order() -> None:
    times = [f.manifest.filed_at for f in stream() if f.manifest.filed_at is not None]
    assert len(times) == len(stream())
    assert times == sorted(times)


def test_every_voyage_and_consignment_passes_the_model_checks() -> None:
    problems = []
    for filing in stream():
        problems += check_voyage(filing.manifest.voyage, str)
        for bill in filing.manifest.consignments:
            problems += check_consignment(bill, str)
    assert [str(p) for p in problems] == []


def test_containers_and_vessels_carry_valid_check_digits() -> None:
    for filing in stream():
        voyage = filing.manifest.voyage
        assert voyage.imo_number is not None
        ImoNumber(voyage.imo_number)
        for bill in filing.manifest.consignments:
            for box in bill.equipment:
                ContainerNumber(box.number)


def test_a_container_is_on_one_bill_per_voyage_except_groupage() -> None:
    for filing in stream():
        if filing.manifest.function is not MessageFunction.ORIGINAL:
            continue
        owners: Counter[str] = Counter()
        for bill in filing.manifest.consignments:
            if bill.kind is not DocumentKind.HOUSE:
                owners.update(box.number for box in bill.equipment)
        assert max(owners.values(), default=1) == 1


def test_port_calls_are_in_order_and_the_deadline_precedes_arrival() -> None:
    for filing in stream():
        voyage = filing.manifest.voyage
        moments = [t for call in voyage.port_calls for t in (call.eta, call.etd) if t is not None]
        assert len(moments) == 2 * len(voyage.port_calls)
        assert moments == sorted(moments)
        assert voyage.arrival_port == voyage.port_calls[-1].locode
        assert voyage.arrival_at is not None
        assert filing_deadline(voyage) < voyage.arrival_at


def test_most_manifests_are_filed_before_the_deadline_and_some_after() -> None:
    filings = stream(20_000)  # enough voyages for the few filed late
    filed = [f.manifest for f in filings if f.manifest.function is MessageFunction.ORIGINAL]
    supplements = {supplement_reference(m.reference) for m in filed}
    originals = [m for m in filed if m.reference not in supplements]
    late = [
        m for m in originals if m.filed_at is not None and m.filed_at > filing_deadline(m.voyage)
    ]
    assert 0 < len(late) < len(originals) * 0.2


def test_shippers_recur_with_a_heavy_tail_and_newcomers_keep_arriving() -> None:
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    newcomers_in_second_half = 0
    filings = [f for f in stream() if f.manifest.function is MessageFunction.ORIGINAL]
    for index, filing in enumerate(filings):
        for bill in filing.manifest.consignments:
            shipper = bill.party(PartyRole.SHIPPER)
            assert shipper is not None
            stem = strip_legal_form(shipper.name)
            counts[stem] += 1
            if stem not in seen and index >= len(filings) // 2:
                newcomers_in_second_half += 1
            seen.add(stem)
    assert counts.most_common(1)[0][1] >= 30
    assert sum(1 for n in counts.values() if n == 1) > len(counts) / 4
    assert newcomers_in_second_half > 20


def test_some_companies_file_under_more_than_one_legal_form() -> None:
    spellings: dict[str, set[str]] = {}
    for bill in bills(stream()):
        for party in bill.parties:
            spellings.setdefault(strip_legal_form(party.name), set()).add(party.name)
    assert sum(1 for names in spellings.values() if len(names) > 1) >= 10


def test_house_bills_sit_under_a_master_of_the_same_manifest() -> None:
    houses = 0
    for filing in stream():
        masters = {
            c.bill_number: c for c in filing.manifest.consignments if c.kind is DocumentKind.MASTER
        }
        for bill in filing.manifest.consignments:
            if bill.kind is DocumentKind.HOUSE:
                houses += 1
                master = masters[bill.master_bill_number or ""]
                assert {b.number for b in bill.equipment} <= {b.number for b in master.equipment}
                assert bill.party(PartyRole.FORWARDER) is not None
    assert houses > SIZE * 0.05


def test_amendments_and_cancellations_refer_to_earlier_bills() -> None:
    filed: dict[str, tuple[str, datetime]] = {}
    functions: Counter[MessageFunction] = Counter()
    for filing in stream():
        manifest = filing.manifest
        for bill in manifest.consignments:
            functions[manifest.function] += 1
            assert manifest.filed_at is not None
            if manifest.function is MessageFunction.ORIGINAL:
                filed[bill.bill_number] = (manifest.voyage.voyage_number, manifest.filed_at)
                continue
            voyage_number, first_filed = filed[bill.bill_number]
            assert voyage_number == manifest.voyage.voyage_number
            assert manifest.filed_at > first_filed
    assert functions[MessageFunction.REPLACE] > SIZE * 0.02
    assert functions[MessageFunction.CANCEL] > 0


def test_a_replacement_changes_the_bill_and_some_come_after_the_deadline() -> None:
    originals = {c.bill_number: c for c in bills(stream(), MessageFunction.ORIGINAL)}
    after_deadline = 0
    for filing in stream():
        manifest = filing.manifest
        if manifest.function is not MessageFunction.REPLACE:
            continue
        assert manifest.filed_at is not None
        after_deadline += manifest.filed_at > filing_deadline(manifest.voyage)
        for bill in manifest.consignments:
            assert bill != originals[bill.bill_number]
    assert after_deadline > 0
