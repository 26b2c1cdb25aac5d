"""How well ``ipbook.extract`` finds the figures of the hand-built dataset.

    python scripts/measure_extract.py [--data DIR] [-v]

Runs the extractor on every official source of ``sources.yaml`` (the source
of kind 'example' is not a press release) and compares its proposals with
the rows of ``observations.csv`` and ``claims.csv`` of that source:

* a proposal **matches** a hand-built row when both have the same source,
  the same value once normalised (thousands commas, case and sign dropped,
  number words read through ``number.WORDS``: '420,000' == '420000') and the
  proposal's quote span overlaps the span of the row's quote in the text
  (any occurrence of it). The table does not matter: the dataset records
  some relations as claims and some as observations.
* **recall** = hand-built figures matched by some proposal / hand-built
  figures. Rows without a value (``part_of`` claims) are not figures.
* **precision** = proposals matching some hand-built figure / proposals.
* **indicator**, **period** = among matched (proposal, row) pairs, the share
  whose guess equals the hand-built indicator or period (figures, not targets).

Prints one line per source and an overall line; ``-v`` lists the misses and
the unmatched proposals. Exits 0: the figures are a measurement, the target
(recall >= 0.90, precision >= 0.80) is asserted in tests/test_extract.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ipbook import claim, extract, number, observation, source  # noqa: E402
from ipbook.problem import read_table  # noqa: E402


def normalised_all(values) -> list[str]:
    """'420,000' -> '420000.0', 'ten' -> '10.0', '-3' -> '3.0'; unparseable values as lower-case text."""
    plain = [str(v).strip().lower().lstrip("+-") for v in values]
    nums, _, _ = number.parse_values(plain)
    return [repr(float(n)) if n == n else v for n, v in zip(nums, plain)]


def normalised(value: str) -> str:
    return normalised_all([value])[0]


def spans(text: str, quote: str) -> list[tuple[int, int]]:
    out, i = [], text.find(quote)
    while quote and i >= 0:
        out.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    return out


def handbuilt(data_dir: Path) -> pd.DataFrame:
    """Hand-built figures of both tables: source, table, id, indicator, value, quote."""
    obs, _ = read_table(data_dir / observation.FILE, observation.COLUMNS, observation.FILE)
    cl, _ = read_table(data_dir / claim.FILE, claim.COLUMNS, claim.FILE)
    frames = [obs.assign(table="observation"), cl.assign(table="claim")]
    rows = pd.concat([f[["id", "table", "indicator", "period", "value", "source", "quote"]] for f in frames], ignore_index=True)
    return rows[rows["value"].str.strip() != ""].reset_index(drop=True)


def measure(data_dir: Path | str = ROOT / "data") -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(summary per source and overall, misses, unmatched proposals)."""
    data_dir = Path(data_dir)
    sources, texts, _ = source.load(data_dir)
    official = sources[sources["kind"] == "official"]["id"].tolist()
    truth = handbuilt(data_dir)
    catalogue = extract.load_catalogue(data_dir)
    summary, misses, wrong = [], [], []
    for sid in official:
        text = texts[sid]
        cands = extract.extract(text, sid, catalogue)
        rows = truth[truth["source"] == sid].reset_index(drop=True)
        row_spans = [spans(text, q) for q in rows["quote"]]
        row_values = normalised_all(rows["value"])
        row_ind, row_period = rows["indicator"].tolist(), rows["period"].tolist()
        found = [False] * len(rows)
        correct, agree, same_period, pairs = 0, 0, 0, 0
        for c, cv in zip(cands, normalised_all([c.value for c in cands])):
            hit = False
            for i, (rv, rs) in enumerate(zip(row_values, row_spans)):
                if rv == cv and any(c.start < qe and qs < c.end for qs, qe in rs):
                    hit, found[i] = True, True
                    pairs += 1
                    agree += c.indicator == row_ind[i]
                    same_period += c.period == row_period[i]
            correct += hit
            if not hit:
                wrong.append({"source": sid, "value": c.value, "unit": c.unit, "table": c.table,
                              "kind": c.kind, "quote": c.quote})
        for i, ok in enumerate(found):
            if not ok:
                r = rows.iloc[i]
                misses.append({"source": sid, "id": r["id"], "value": r["value"], "quote": r["quote"]})
        summary.append({"source": sid, "figures": len(rows), "found": sum(found), "proposals": len(cands),
                        "correct": correct, "pairs": pairs, "agree": agree, "same_period": same_period})
    s = pd.DataFrame(summary)
    total = s[["figures", "found", "proposals", "correct", "pairs", "agree", "same_period"]].sum()
    s = pd.concat([s, pd.DataFrame([{"source": "overall", **total.to_dict()}])], ignore_index=True)
    s["recall"] = s["found"] / s["figures"]
    s["precision"] = s["correct"] / s["proposals"]
    s["indicator"] = s["agree"] / s["pairs"].where(s["pairs"] > 0)
    s["period"] = s["same_period"] / s["pairs"].where(s["pairs"] > 0)
    s = s.drop(columns=["pairs", "agree", "same_period"])
    return s, pd.DataFrame(misses), pd.DataFrame(wrong)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(ROOT / "data"), help="data directory (default: the project's data/)")
    p.add_argument("-v", "--verbose", action="store_true", help="list misses and unmatched proposals")
    args = p.parse_args(argv)
    summary, misses, wrong = measure(args.data)
    shown = summary.copy()
    for col in ("recall", "precision", "indicator", "period"):
        shown[col] = shown[col].map(lambda x: "" if x != x else f"{x:.1%}")
    print(shown.to_string(index=False))
    if args.verbose:
        with pd.option_context("display.max_rows", None, "display.max_colwidth", 110, "display.width", 250):
            print(f"\nmisses ({len(misses)}):")
            print(misses.to_string(index=False) if len(misses) else "  none")
            print(f"\nunmatched proposals ({len(wrong)}):")
            print(wrong.to_string(index=False) if len(wrong) else "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
