"""The filing rule: when a consignment's data is due, by mode of transport.

Sea cargo (and road and rail, which have no rule of their own here) is due ``sea_hours``
before loading, i.e. before the scheduled departure of the vessel from the port of loading:
the 24-hour rule of the US and of the EU's ICS for containerised sea cargo. Air cargo is due
``air_hours`` before the flight's arrival (or before its departure, when the administration
asks for data before wheels-up). A filing with no time to measure against (no departure or
arrival on its voyage) has no deadline: it is neither on time nor late.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

import msgspec
import polars as pl

TIME = pl.Datetime("us", "UTC")


class FilingRule(msgspec.Struct, frozen=True, kw_only=True):
    """How many hours before which moment of the voyage the data is due."""

    sea_hours: float = 24.0
    air_hours: float = 4.0
    air_before: Literal["arrival", "departure"] = "arrival"

    def describe(self) -> str:
        """The rule in words, as the page and the API state it."""
        return (
            f"sea, road and rail: {self.sea_hours:g} hours before loading (departure); "
            f"air: {self.air_hours:g} hours before {self.air_before}"
        )

    def deadline(self) -> pl.Expr:
        """The deadline of each row of a frame with ``mode``, ``departure_at`` and
        ``arrival_at`` (null where the moment it hangs on is unknown)."""
        air_base = pl.col("arrival_at" if self.air_before == "arrival" else "departure_at")
        sea = pl.col("departure_at") - pl.duration(seconds=round(self.sea_hours * 3600))
        air = air_base - pl.duration(seconds=round(self.air_hours * 3600))
        return pl.when(pl.col("mode") == "air").then(air).otherwise(sea).alias("deadline")

    def due(
        self, mode: str, departure_at: datetime | None, arrival_at: datetime | None
    ) -> datetime | None:
        """The deadline of one voyage (a notice), by the same rule as :meth:`deadline`."""
        base = departure_at
        hours = self.sea_hours
        if mode == "air":
            base = arrival_at if self.air_before == "arrival" else departure_at
            hours = self.air_hours
        if base is None:
            return None
        moment = base.replace(tzinfo=UTC) if base.tzinfo is None else base.astimezone(UTC)
        return moment - timedelta(seconds=round(hours * 3600))
