"""read_table's two readers: pandas' C reader for a well-formed file, the csv module for any other.

The fast reader is only an optimisation: for every input, read_table must give the frame and the problems
the careful (record-by-record) reader gives, and every problem must keep its file and line.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from ipbook import claim, observation
from ipbook.problem import _careful_table, _fast_table, read_table

COLS = ["id", "region", "value", "quote", "note"]
HEADER = "id,region,value,quote,note\n"


def both(data: bytes, columns=COLS):
    """(the fast reader's result or None, the careful reader's result); asserts they agree when the fast one reads."""
    fast = _fast_table(data, columns, "t.csv")
    careful = _careful_table(data, columns, "t.csv")
    if fast is not None:
        pd.testing.assert_frame_equal(fast[0], careful[0], check_exact=True)
        assert fast[0].attrs == careful[0].attrs
        assert fast[1] == careful[1]
    return fast, careful


def test_well_formed_file_takes_the_fast_reader_and_keeps_line_numbers():
    data = (HEADER + 'o1, Beijing ,1.5,"In Beijing, 1.5 ""yuan"".", \n'
            'o2,Beijing,"1,500",  verbatim  ,n\n'
            ',,,,\n'  # a blank row: left out, the line numbers of the others kept
            'o4,Hebei,2,q,\n').encode()
    fast, careful = both(data)
    assert fast is not None
    frame = fast[0]
    assert frame["_line"].tolist() == [2, 3, 5]
    assert frame["region"].tolist() == ["Beijing", "Beijing", "Hebei"]
    assert frame["quote"].tolist() == ['In Beijing, 1.5 "yuan".', "  verbatim  ", "q"]
    assert frame["value"].tolist() == ["1.5", "1,500", "2"]
    assert frame["note"].tolist() == ["", "n", ""]
    assert str(frame["id"].dtype) == "string"


@pytest.mark.parametrize("body", [
    'o1,a,1,q\n',  # a row short of a field
    'o1,a,1,q,n,extra\n',  # a row with a field too many
    'o1,a,1,q,n\n\no2,a,1,q,n\n',  # a blank line
    'o1,a,1,q,n\n   \n',  # a line of spaces
    'o1,a,1,"two\nlines",n\no2,a,1,q,n\n',  # a record over two lines
    'o1,a,1,"unclosed,n\no2,a,1,q,n\n',  # an unclosed quote swallows the rest
    'o1,a,1,q,n\ro2,a,1,q,n\r',  # carriage returns alone
    'o1,a,1,q\x00,n\n',  # a NUL byte
    'o1,a,1,q,n\no2,a\no3,a,1,q,n,x\n',  # a short row and a long one: the comma count alone would balance
])
def test_malformed_file_takes_the_careful_reader(body):
    assert both((HEADER + body).encode())[0] is None


def test_malformed_rows_are_reported_on_their_lines():
    _, (frame, problems) = both((HEADER + 'o1,a,1,q,n\no2,a\no3,a,1,q,n,x\no4,a,1,q,n\n').encode())
    assert frame["_line"].tolist() == [2, 5]
    assert [(p.line, p.message) for p in problems] == [
        (3, "expected 5 fields, found 2 (a missing or extra comma?)"),
        (4, "expected 5 fields, found 6 (a missing or extra comma?)"),
    ]


def test_latin1_byte_is_reported_by_the_careful_reader():
    fast, (frame, problems) = both(HEADER.encode() + b"o1,a,1,caf\xe9,n\no2,a,1,q,n\n")
    assert fast is None
    assert [p.line for p in problems] == [2] and frame["_line"].tolist() == [2, 3]


@pytest.mark.parametrize("header", [
    "id,region,value,quote,note,extra\n",  # an unknown column
    "id,region,value,quote\n",  # a missing column
    "id,region,id,value,quote,note\n",  # a repeated column: the first one is used
    " id , region,value,quote,note\n",  # spaces around names
    '\ufeffid,region,value,quote,note\n',  # a second byte-order mark (the first is stripped by read_bytes)
])
def test_header_problems_are_the_same(header):
    width = header.count(",") + 1
    body = "".join(",".join(f"c{r}{c}" for c in range(width)) + "\n" for r in range(3))
    fast, careful = both((header + body).encode())
    assert fast is None or fast[1] == careful[1]


def test_header_only_and_empty_files():
    fast, careful = both(HEADER.encode())
    assert fast is not None and len(fast[0]) == 0
    assert both(b"")[0] is None
    assert both(b"\n")[0] is None


def test_crlf_file_is_read_fast():
    fast, _ = both((HEADER + "o1,a,1,q,n\no2,b,2,\"x, y\",\n").replace("\n", "\r\n").encode())
    assert fast is not None and fast[0]["quote"].tolist() == ["q", "x, y"]


def test_random_inputs_give_the_same_frame_and_problems():
    """Inputs made of the pieces that trouble a CSV reader: commas, quotes, spaces, line breaks."""
    rng = random.Random(13)  # seeded: the same inputs on every run (tens of thousands were tried while writing it)
    pieces = ["a", "b", " ", ",", ",", '"', '""', "\n", "\r\n", "é", "1,5", ""]
    fast_ones = 0
    for _ in range(800):
        if rng.random() < 0.5:  # mostly well-formed rows, with a piece of trouble here and there
            rows = []
            for _ in range(rng.randint(0, 6)):
                cells = [rng.choice(["x", " y ", '"q, r"', '"a ""b"""', "", "7"]) for _ in range(len(COLS))]
                rows.append(",".join(cells) + rng.choice(["\n", "\n", "\r\n"]))
            body = "".join(rows)
            if rng.random() < 0.3:
                at = rng.randint(0, len(body))
                body = body[:at] + rng.choice(pieces) + body[at:]
        else:
            body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        fast, _ = both((HEADER + body).encode())
        fast_ones += fast is not None
    assert fast_ones > 150  # the fast reader is exercised, not only the careful one


def test_read_table_on_the_shipped_files(tmp_path):
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "data"
    for mod in (observation, claim):
        raw = (data / mod.FILE).read_bytes()
        fast, careful = both(raw, mod.COLUMNS)
        assert fast is not None, mod.FILE
        frame, problems = read_table(data / mod.FILE, mod.COLUMNS, mod.FILE)
        pd.testing.assert_frame_equal(frame, careful[0], check_exact=True)
