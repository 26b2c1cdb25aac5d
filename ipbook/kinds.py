"""The kinds of check, in one registry: what each recomputes, how it is graded, and its name in words.

The ledger, the methods page and the charts all read this table, so a new kind is described once.
"""

from __future__ import annotations

from dataclasses import dataclass

# How stated relations are graded (check.evaluate); generated checks are graded by check.grade.
STATED_GRADING = ("none when the statement is true of a value the figures allow; minor when it misses by less than one "
                  "unit of the stated figure's last digit; material otherwise")
GAP_GRADING = ("none when the intervals meet; minor when they miss by less than one unit of the last digit of the "
               "figures involved; material otherwise")


@dataclass(frozen=True)
class Kind:
    name: str
    stated: bool  # a relation a source states (claims.csv), or a check the ledger generates
    words: str  # the kind in a sentence: "the stated {words} of 44%"
    how: str  # the formula, for the methods page
    grading: str


KINDS = (
    Kind("growth", True, "growth", "Growth: later level / earlier level − 1, against the stated rate.", STATED_GRADING),
    Kind("cagr", True, "average annual growth", "Average annual growth: (later / earlier)^(1 / years) − 1.", STATED_GRADING),
    Kind("share", True, "share", "Share: part / total, against the stated percentage. Without a reported total, the "
         "implied total is part / share.", STATED_GRADING),
    Kind("multiple", True, "multiple", "'An increase of N times': the ratio later / earlier is tested against N and "
         "against N + 1 (增长N倍 means N + 1 times the base).", STATED_GRADING),
    Kind("ratio", True, "ratio", "'N times that of': subject / reference against N.", STATED_GRADING),
    Kind("pp_difference", True, "difference in percentage points", "Percentage-point difference: one rate minus the "
         "other, against the stated points.", STATED_GRADING),
    Kind("absolute_change", True, "absolute change", "Absolute change: later level − earlier level, against the stated "
         "amount (units converted).", STATED_GRADING),
    Kind("parts_total", False, "parts and total", "Parts and total: the named parts must not add up to more than the "
         "stated total; the residual is what is left for parts not named.", GAP_GRADING),
    Kind("cross_source", False, "agreement between sources", "Agreement: the same figure (or relation) stated more than "
         "once must share a value across all its statements.", GAP_GRADING),
    Kind("scope", False, "part within whole", "Scope: a narrower indicator (universities; certified firms) must not "
         "exceed the wider one it belongs to (universities and institutes; firms complying with the standard), in one "
         "source or across sources; a difference is not a contradiction.", GAP_GRADING),
    Kind("identity", False, "rate by definition", "Identity: a rate the releases define from two other figures "
         "(indicators.yaml ratio_of: the grant rate is grants / applications of the same year) must equal 100 × "
         "numerator / denominator.", GAP_GRADING),
    Kind("magnitude", False, "place in its series", "Magnitude: along a series, a figure more than a factor of 7 from "
         "the line through its neighbours is out of line however far apart they are; the first and last figures must "
         "stay within the plausible yearly band of their neighbour.",
         "material when a figure is out of line or an end step leaves the band; none otherwise"),
)
BY_NAME = {k.name: k for k in KINDS}
CLAIM_KINDS = tuple(k.name for k in KINDS if k.stated)
GENERATED_KINDS = tuple(k.name for k in KINDS if not k.stated)
ORDER = {k.name: i for i, k in enumerate(KINDS)}
