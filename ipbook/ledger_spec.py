"""What a ledger is: its columns, and the settings its checks are computed under (defined once here)."""

from __future__ import annotations

from dataclasses import dataclass

from . import magnitude, number

COLUMNS = [
    "check_id", "theme", "kind", "indicators", "periods", "sources", "statement",
    "stated", "stated_lo", "stated_hi", "recomputed_lo", "recomputed_hi", "unit",
    "verdict", "severity", "gap", "gap_rel", "explanation", "claims", "observations",
    "suspect", "factor", "corrected", "diagnosis", "candidates", "review",
]

# The band lives with the test that uses it; notebooks expose it as a parameter.
PLAUSIBLE_ANNUAL_FACTOR = magnitude.PLAUSIBLE_ANNUAL_FACTOR


@dataclass(frozen=True)
class Settings:
    """Number semantics and thresholds; the notebooks expose these as parameters."""

    reach: float = number.REACH
    qualifier_overrides: tuple = ()
    plausible_annual_factor: float = PLAUSIBLE_ANNUAL_FACTOR

    @property
    def rules(self) -> dict:
        return number.rules_with(self.reach, dict(self.qualifier_overrides))
