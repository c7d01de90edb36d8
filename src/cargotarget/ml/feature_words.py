"""The words an explanation uses for the fields and indicators the learned score reads.

Short noun phrases, read in a sentence such as "gross weight 18,400 raised the score by
12 points"; the full meaning of each is in the field catalogue and DOMAIN.md. Every numeric
or boolean indicator of the registry is here (a test checks it), so that a new indicator is
not silently left out of the model.
"""

from __future__ import annotations

FIELD_WORDS: dict[str, str] = {
    "transshipment_count": "transshipments on the route",
    "goods_item_count": "goods items on the bill",
    "package_count": "packages declared",
    "gross_weight_kg": "gross weight (kg)",
    "volume_m3": "volume (m3)",
    "container_count": "containers",
    "dangerous_goods": "dangerous goods declared",
    "filed_hours_before_arrival": "hours filed before arrival",
    "amendment_count": "amendments so far",
}
"""Numeric and boolean fields of the bill."""

INDICATOR_WORDS: dict[str, str] = {
    "vague_description": "vague goods description",
    "hs_description_mismatch": "description not matching the HS code",
    "consignee_unusual_chapter": "goods new to the consignee's trade",
    "high_risk_origin_commodity": "high-risk pair of goods and origin",
    "origin_chapter_share": "share of this origin's bills with goods of this chapter",
    "hub_transshipment_count": "transshipments through hubs",
    "high_risk_country_in_routing": "high-risk country on the route",
    "container_earlier_findings": "earlier findings in these containers",
    "container_days_since_finding": "days since the last finding in these containers",
    "shipper_first_seen_days": "days since the shipper was first seen",
    "consignee_first_seen_days": "days since the consignee was first seen",
    "shipper_shipment_count": "shipper's earlier bills",
    "consignee_shipment_count": "consignee's earlier bills",
    "forwarder_consignee": "forwarder as consignee",
    "notify_unrelated": "unrelated notify party",
    "po_box_address": "post-office box address",
    "incomplete_address": "incomplete consignee address",
    "individual_consignee": "private person as consignee",
    "shipper_earlier_findings": "shipper's bills with earlier findings",
    "consignee_earlier_findings": "consignee's bills with earlier findings",
    "shipper_days_since_finding": "days since a finding on the shipper's bills",
    "consignee_days_since_finding": "days since a finding on the consignee's bills",
    "trusted_trader": "trusted trader",
    "trade_parties_differ": "buyer or seller other than the bill's parties",
    "weight_per_package_ratio": "weight per package against the norm",
    "weight_per_container_ratio": "weight per container against the norm",
    "empty_container_with_weight": "empty container with weight",
    "coarse_packaging": "coarse packaging",
    "freight_collect": "freight collect",
    "cash_payment": "freight paid in cash",
    "late_filing": "late filing",
    "filed_hours_before_departure": "hours filed before departure",
    "earlier_version_count": "earlier versions of the bill",
    "last_minute_amendment": "last-minute amendment",
    "consignee_changed": "consignee changed",
    "description_changed": "description changed",
    "data_quality_problems": "data quality problems",
    "high_risk_goods": "high-risk goods",
    "heading_dangerous_share": "share of dangerous goods in the HS heading",
    "concealment_container_type": "container type that helps concealment",
    "missing_seals": "missing seals",
    "seals_changed": "seals changed",
}
"""Numeric and boolean risk indicators, by name."""
