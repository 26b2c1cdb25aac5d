"""Synthetic data sets for the scale benchmark: monthly figures by province.

31 provinces x 12 months x YEARS years x INDICATORS indicators of one made-up
release family. Each province-year gets its own source text, with one
sentence per figure, so that every quote is verbatim in its source as the
validator requires. Every twelfth month also carries a year-on-year growth
claim, so the ledger has relations to recompute. All figures are made up.

With ``slips`` > 0, that share of the figures is written ten times too large
(in the sentence and in the data alike, as a release with a misplaced decimal
point would print it), while the growth claims keep stating the true growth:
the ledger then has figures out of line with their series and claims, and
the diagnosis has work to do. The other figures stay those of ``slips=0``.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import numpy as np

PROVINCES = [
    "Beijing", "Tianjin", "Hebei", "Shanxi", "Inner Mongolia", "Liaoning", "Jilin", "Heilongjiang", "Shanghai",
    "Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi", "Shandong", "Henan", "Hubei", "Hunan", "Guangdong",
    "Guangxi", "Hainan", "Chongqing", "Sichuan", "Guizhou", "Yunnan", "Tibet", "Shaanxi", "Gansu", "Qinghai",
    "Ningxia", "Xinjiang",
]
THEMES = ["pledge_financing", "transfer_licensing", "universities", "smes", "service_industry",
          "insurance_securitisation", "economic_contribution", "examination_services"]


def shape(target: int) -> tuple[int, int]:
    """(indicators, years) giving about ``target`` observations: 31 x 12 x years x indicators."""
    per_year_indicator = 31 * 12
    indicators = max(1, min(40, round(target / per_year_indicator / 10)))
    years = max(1, round(target / per_year_indicator / indicators))
    return indicators, years


def generate(out: Path, target: int, seed: int = 0, slips: float = 0.0) -> int:
    """Write a data directory of about ``target`` observations; returns the number written."""
    rng = np.random.default_rng(seed)
    # a generator of its own, so that the clean figures do not depend on ``slips``
    slip_rng = np.random.default_rng(seed + 1) if slips else None
    n_ind, n_years = shape(target)
    if out.exists():
        shutil.rmtree(out)
    (out / "sources").mkdir(parents=True)
    with open(out / "indicators.yaml", "w", encoding="utf-8") as fh:
        for i in range(n_ind):
            fh.write(f"- id: synthetic_{i:02d}\n  label: Synthetic indicator {i:02d}\n  unit: million yuan\n"
                     f"  theme: {THEMES[i % len(THEMES)]}\n  definition: A made-up monthly amount for benchmarking.\n"
                     f"  scope: One province, one month.\n")
    src_yaml = open(out / "sources.yaml", "w", encoding="utf-8")
    obs = csv.writer(open(out / "observations.csv", "w", newline="", encoding="utf-8"), lineterminator="\n")
    cl = csv.writer(open(out / "claims.csv", "w", newline="", encoding="utf-8"), lineterminator="\n")
    obs.writerow(["id", "indicator", "region", "period", "value", "unit", "qualifier", "source", "quote", "note"])
    cl.writerow(["id", "kind", "indicator", "region", "period", "base_period", "subject", "reference", "value",
                 "unit", "qualifier", "source", "quote", "note"])
    n_obs = n_claims = 0
    level = rng.uniform(50, 500, size=(n_ind, len(PROVINCES)))
    december = np.full((n_ind, len(PROVINCES)), np.nan)  # last December's written value, for the growth claims
    for y in range(n_years):
        year = 2000 + y
        for p_i, prov in enumerate(PROVINCES):
            sid = f"syn-{year}-{p_i:02d}"
            lines = []
            for m in range(1, 13):
                for i in range(n_ind):
                    prev = level[i, p_i]
                    level[i, p_i] = prev * (1 + rng.normal(0.01, 0.03))
                    value = clean = f"{level[i, p_i]:.1f}"
                    if slip_rng is not None and slip_rng.random() < slips:
                        value = f"{level[i, p_i] * 10:.1f}"
                    sentence = f"In {prov}, synthetic indicator {i:02d} reached {value} million yuan in month {m} of {year}."
                    lines.append(sentence)
                    n_obs += 1
                    oid = f"o{p_i:03d}-{n_obs:07d}"
                    obs.writerow([oid, f"synthetic_{i:02d}", prov, f"{year}-{m:02d}", value, "million yuan", "exact",
                                  sid, sentence, ""])
                    if m == 12 and y > 0:
                        # the stated growth is the true one, rounded; one statement in fifty is off by 3 points
                        true_growth = (float(clean) / december[i, p_i] - 1) * 100
                        g = f"{true_growth + (3.0 if rng.random() < 0.02 else 0.0):.1f}"
                        claim_sentence = f"For {prov}, synthetic indicator {i:02d} grew {g}% year on year in December {year}."
                        lines.append(claim_sentence)
                        n_claims += 1
                        cl.writerow([f"c{p_i:03d}-{n_claims:07d}", "growth", f"synthetic_{i:02d}", prov, f"{year}-12",
                                     f"{year - 1}-12", oid, "", g, "%", "exact", sid, claim_sentence, ""])
                    if m == 12:
                        december[i, p_i] = float(clean)
            (out / "sources" / f"{sid}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            src_yaml.write(f"- id: {sid}\n  file: {sid}.txt\n  title: Synthetic release {year} {prov}\n"
                           f"  publisher: ipbook benchmark (made up)\n  date_published: '{year + 1}-01'\n"
                           f"  period_covered: '{year}'\n  language: English\n  translation_note: Not a translation.\n"
                           f"  kind: official\n")
    src_yaml.close()
    return n_obs


if __name__ == "__main__":
    # python bench/synthetic.py DIR N [SLIPS], e.g. SLIPS=0.01 for 1% of figures ten times too large
    n = generate(Path(sys.argv[1]), int(sys.argv[2]), slips=float(sys.argv[3]) if len(sys.argv) > 3 else 0.0)
    print(f"{n} observations in {sys.argv[1]}")
