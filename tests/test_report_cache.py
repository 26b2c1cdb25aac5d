"""The report cache (``_build/cache/report-KEY.pkl``): what a page reads from it equals what it would compute, a
theme page reads its own rows only, and no other build can take a part away from a page that is reading it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ipbook import dataset, indicator, report

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "CACHE_DIR", tmp_path / "_build" / "cache")
    (tmp_path / "_build").mkdir()
    return tmp_path / "_build" / "cache"


@pytest.fixture(scope="module")
def shipped():
    return dataset.load(DATA)


def _fresh(ds):
    return report.Report.from_dataset(ds, str(DATA), Path("/"))


def test_a_cached_report_reads_the_same_tables_as_it_computed(cache, shipped):
    computed = _fresh(shipped)
    cached = _fresh(shipped)
    assert [p.name for p in cache.iterdir()] == [f"report-{computed.cache_key()}.pkl"]
    assert "levels" not in cached.__dict__ and "ledger" not in cached.__dict__  # read on first use
    for name in report.REPORT_PARTS:
        pd.testing.assert_frame_equal(getattr(cached, name), getattr(computed, name))
    for name in report.DATASET_PARTS[:2]:
        pd.testing.assert_frame_equal(getattr(cached.ds, name), getattr(computed.ds, name))
    assert cached.ds.texts == computed.ds.texts
    assert cached.data_basis() == computed.data_basis()
    assert cached.key_findings().data == computed.key_findings().data
    assert cached.sources_table().data.equals(computed.sources_table().data)
    assert cached.dataset_summary().data.equals(computed.dataset_summary().data)


def test_a_theme_page_reads_its_own_rows_only(cache, shipped):
    computed = _fresh(shipped)
    cached = _fresh(shipped)
    for tid in indicator.THEMES:
        t, c = cached.theme(tid), computed.theme(tid)
        for name in report.THEME_TABLES:
            pd.testing.assert_frame_equal(getattr(t, name), getattr(c, name))
        assert t.key_figures().data.equals(c.key_figures().data)
        assert t.narrative().sentences == c.narrative().sentences
    # the whole tables were never put together: every page above read its theme's parts
    assert not {"levels", "points", "reconciled", "ledger"} & set(cached.__dict__)


def test_a_page_keeps_its_parts_when_another_build_removes_or_replaces_the_file(cache, shipped):
    # once, a build failed on a missing part: a page had read the cache's core, then another build's clean-up
    # removed the part files before the page read them. The cache is now one file, which a page keeps open.
    _fresh(shipped)
    page = _fresh(shipped)
    [path] = cache.iterdir()
    path.unlink()  # another build's clean-up
    levels = page.theme("smes").levels
    assert len(levels) and len(page.ledger) and len(page.ds.observations)
    # and a file written over it meanwhile (as every writer does: a new file renamed over the old) leaves a page
    # reading the file it opened
    other = _fresh(shipped)
    again = _fresh(shipped)
    (cache / "new.tmp").write_bytes(b"not a cache")
    (cache / "new.tmp").replace(path)
    pd.testing.assert_frame_equal(again.points, other.points)


def test_a_truncated_or_foreign_cache_file_is_computed_again(cache, shipped):
    key = _fresh(shipped).cache_key()
    path = cache / f"report-{key}.pkl"
    path.write_bytes(path.read_bytes()[:1000])
    assert "ledger" in _fresh(shipped).__dict__  # computed, not read
    path.write_bytes(b"\x80\x05foreign")
    assert "ledger" in _fresh(shipped).__dict__
