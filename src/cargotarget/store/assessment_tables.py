"""Tables of assessments, examination outcomes and history rows (on the shared metadata).

An assessment is immutable: it records the consignment version assessed, the rule versions in
force, every hit with its evidence, the score and the lane. Re-assessment adds a new one.

The assessment queue holds the consignment versions stored since the last assessment, so that
finding the work does not mean scanning every consignment.

A bill's first filing (``bill_first``: origin, HS chapter and heading, measures, dangerous
goods) is kept apart, indexed by origin and by heading, so that what an origin traded before a
bill can be counted, and the norms of a heading learned, without reading every version.

A history row is the compact form of one consignment version that the indicators learn from
(party keys, containers, HS heading, origin, measures), written once per version so that an
assessment reads a few indexed rows instead of decoding every stored document.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
)

from cargotarget.store.tables import Id, Stamp, metadata

assessment = Table(
    "assessment",
    metadata,
    Column("id", Id, primary_key=True),
    Column("consignment_id", ForeignKey("consignment.id"), nullable=False),
    Column("version_id", ForeignKey("consignment_version.id"), nullable=False),
    Column("assessed_at", Stamp, nullable=False),
    Column("ruleset", Text, nullable=False),
    Column("model_version", String(64)),
    Column("score", Float, nullable=False),
    Column("lane", String(8), nullable=False),
    Column("random_selected", Boolean, nullable=False),
    Column("capacity_dropped", Boolean, nullable=False),
    Column("indicators", Text, nullable=False),
    Index(None, "consignment_id"),
    Index(None, "version_id"),
    Index(None, "lane"),
)

assessment_hit = Table(
    "assessment_hit",
    metadata,
    Column("id", Id, primary_key=True),
    Column("assessment_id", ForeignKey("assessment.id"), nullable=False),
    Column("consignment_id", Id, nullable=False),
    Column("kind", String(16), nullable=False),  # rule | watchlist
    Column("rule_version_id", Id),
    Column("watchlist_entry", String(128)),
    Column("weight", Float, nullable=False),
    Column("evidence", Text, nullable=False),
    Index(None, "assessment_id"),
    Index(None, "rule_version_id"),
)

examination_outcome = Table(
    "examination_outcome",
    metadata,
    Column("id", Id, primary_key=True),
    Column("consignment_id", ForeignKey("consignment.id"), nullable=False),
    Column("examined_at", Stamp, nullable=False),
    Column("recorded_at", Stamp, nullable=False),
    Column("selection", String(16), nullable=False),  # rule | model | officer | random
    Column("result", String(16), nullable=False),  # no_finding | discrepancy | seizure
    Column("detail", Text, nullable=False),
    Index(None, "consignment_id"),
)

history_row = Table(
    "history_row",
    metadata,
    Column("version_id", ForeignKey("consignment_version.id"), primary_key=True),
    Column("consignment_id", Id, nullable=False),
    Column("bill_number", String(64), nullable=False),
    Column("filed_at_us", BigInteger),  # microseconds since 1970-01-01 UTC
    Column("shipper_key", Text),
    Column("consignee_key", Text),
    Column("notify_key", Text),
    Column("containers", Text, nullable=False),  # numbers joined by U+001F
    Column("seals", Text, nullable=False),  # seal numbers joined by U+001F
    Column("description", Text),
    Column("hs_heading", String(4)),
    Column("hs_chapter", String(2)),
    Column("origin_country", String(2)),
    Column("gross_weight_kg", Float),
    Column("package_count", Float),
    Column("container_count", Float),
    Column("dangerous_goods", Boolean),
    Index(None, "bill_number"),
    Index(None, "shipper_key"),
    Index(None, "consignee_key"),
    Index(None, "hs_heading"),
    Index(None, "origin_country"),
)

assessment_queue = Table(
    "assessment_queue",
    metadata,
    Column("version_id", ForeignKey("consignment_version.id"), primary_key=True),
    Column("consignment_id", Id, nullable=False),
    Index(None, "consignment_id"),
)

bill_first = Table(
    "bill_first",
    metadata,
    Column("bill_number", String(64), primary_key=True),
    Column("version_id", Id, nullable=False),
    Column("filed_at_us", BigInteger, nullable=False),
    Column("origin_country", String(2)),
    Column("hs_chapter", String(2)),
    Column("hs_heading", String(4)),
    Column("gross_weight_kg", Float),
    Column("package_count", Float),
    Column("container_count", Float),
    Column("dangerous_goods", Boolean),
    Index(None, "origin_country", "filed_at_us"),
    Index(None, "origin_country", "hs_chapter", "filed_at_us"),
    Index(None, "hs_heading", "filed_at_us"),
)
