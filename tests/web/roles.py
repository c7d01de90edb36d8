"""Short names of the roles for the route tables of the permission matrix."""

from __future__ import annotations

OF, EX, AN, SU = "targeting_officer", "examiner", "analyst", "supervisor"
AU, AD, DP = "auditor", "administrator", "data_provider"
EVERYONE = {OF, EX, AN, SU, AU, AD, DP}
