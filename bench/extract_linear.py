"""Extraction must be linear in the input: time ``ipbook.extract`` on long one-line inputs.

``python bench/extract_linear.py [SIZE ...]`` (default 8000 and 40000 characters) prints the seconds per input
shape and exits 1 if any 40 KB input takes 2 s or more (issue 11's target). The shapes are the worst cases
found for a rule that scans a clause, a sentence or a paragraph per figure: one clause of comma-separated
numbers, one sentence of space-separated numbers, repeated years (time expressions), quoted numbers,
amounts whose currency is elided ("1 billion"), and numbers that are all different (no repeat is skipped).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ipbook import extract  # noqa: E402

TARGET_SIZE, TARGET_SECONDS = 40_000, 2.0


def shapes(size: int) -> dict[str, str]:
    def fill(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return {
        "1,1,1,…": fill("1,"),
        "1 1 1 …": fill("1 "),
        "in 2021, …": fill("in 2021, "),
        '"1" "1" …': fill('"1" '),
        "1 billion yuan, 2 billion …": "1 billion yuan, " + fill("2 billion "),
        "up 5%, …": fill("up 5%, "),
        "1.1.1.…": fill("1."),
        "1 2 3 … (all different)": " ".join(str(n) for n in range(1, size))[:size],
        "1 billion yuan, 2 billion yuan, …": ", ".join(f"{n} billion yuan" for n in range(1, size))[:size],
    }


def main(sizes: list[int]) -> int:
    extract.load_catalogue()  # read the indicator catalogue once, outside the timings
    worst = 0.0
    for size in sizes:
        for name, text in shapes(size).items():
            started = time.perf_counter()
            found = extract.extract(text, "bench")
            took = time.perf_counter() - started
            print(f"{size:>7} chars  {name:<30} {took:7.2f} s  {len(found):>6} candidates")
            if size >= TARGET_SIZE:
                worst = max(worst, took)
    if worst >= TARGET_SECONDS:
        print(f"slowest {TARGET_SIZE}-character input: {worst:.2f} s (target: under {TARGET_SECONDS} s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [8_000, TARGET_SIZE]))
