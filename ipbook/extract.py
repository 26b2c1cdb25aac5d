"""Propose candidate figures from the English text of a new press release.

``python -m ipbook extract RELEASE.txt --source-id ID [-o candidates.csv]``
writes one CSV row per figure found, for a person to review before anything
is merged into ``observations.csv`` or ``claims.csv``. Nothing here decides;
every row is a proposal with a ``confidence`` between 0 and 1.

Columns: ``table`` (observation | claim), ``kind`` (claims only: growth, cagr,
share, multiple, ratio, pp_difference, absolute_change), ``value`` (as
written, e.g. ``420,000``, ``60``, ``twice``), ``unit`` (a name of
``ipbook.unit``), ``qualifier`` (a name of ``number.QUALIFIERS``), ``period``
(a guess in the dataset's period grammar, or empty), ``indicator`` (a guess
from ``data/indicators.yaml``, or empty), ``source``, ``quote`` (the clause
around the figure, verbatim), ``start``/``end`` (character offsets of the
quote in the file: ``text[start:end] == quote``), ``confidence`` and ``period_from`` (how the period
was found, ``PERIOD_FROM``: ``sentence`` — written in the figure's sentence; ``carried`` — from an earlier
sentence; ``anchor`` — the time the text as a whole is about, read from its headline or lead; ``publication``
— no time written, the year of publication; the last two are the ones to check).

The rules, in the order they apply
----------------------------------

1. **Tokens.** A figure is a run of digits with optional thousands commas
   and decimals (``420,000``, ``309.8``), digits or Chinese numerals before
   亿/万 (``2100亿元``; Chinese numerals are written out as Arabic digits, the
   only change to the written value besides rule 5's minus sign), or a
   number word of ``number.WORDS`` worth two or more (``five``, ``ten``,
   ``twice``). "one", "half", "double", "hundred" and "thousand" alone are
   not figures: in this genre they are pronouns ("on the one hand"), parts
   of periods ("first half") or adjectives ("double success").
2. **Not figures** (each rule names a general pattern, not a text):

   * years used as dates: a bare four-digit 1900-2099 with no unit or
     qualifier, unless it counts a plural noun ("involving 2000 enterprises");
   * dates and times: days of a month ("August 24"), "2022-08-24", clock
     times ("10:30", "9 a.m.");
   * ordinals ("13th", "23rd", hence "the 14th Five-Year Plan");
   * list markers ("1、", "(2)", "3. Financing" at the start of a clause);
   * identifiers: numbers glued to Latin letters or markup ("t39551",
     "Office13", ">>0", "5G", file names and hashes), joined by a hyphen
     ("29490-2013", "COVID-19", "three-year", "Five-Year"), with a dot on
     either side ("1.2.3"), after "No."/"ICP" or before "号", references
     ("Article 20", "Table 3") and telephone numbers;
   * every number of a short sentence that reads like an address (two or
     more of Road, Street, Avenue, District, Building, Block, Floor, Room,
     "No. 8", "13 / F");
   * time spans ("the past 10 years", "five years ago"), denominators ("per
     100 million yuan") and size thresholds ("loans of less than 10 million
     yuan");
   * an editor's conversion in brackets after an amount ("309.8 billion
     yuan (about 48.7 billion U.S. dollars)", "¥255.57 billion ($35.2
     billion)", "CNY 10 million (≈ USD 1.38 million)": the dataset never
     converts);
     a site's dateline ("Updated: 3 15,2021"); the scale of a score ("80.05
     out of 100"); denominators of "for every 10,000 people"; a threshold
     passed ("the threshold of 3 million"); a programme's name ("'1+1'");
     page furniture ("0 Comment(s)"); a table's unit line ("(100 million
     yuan)"); size classes of loans ("loans below 10 million yuan"); ranks
     ("the top three"); how long a rate lasted ("40% for two consecutive
     years");
   * numbers inside a quoted title in Title Case ("1,000 Universities-10,000
     Enterprises");
   * number words inside a short quoted phrase (slogans: "six stabilities";
     a speaker's quoted sentences are read as text),
     capitalised inside a sentence before another capitalised word (a name:
     "the 13th Five Year Plan"), after a definite determiner ("the three
     mechanisms", "these five provinces": a back-reference to something
     already counted), before "of", a fraction or "hundred" ("two of them",
     "two thirds"), or counting the speaker's own structure ("four aspects",
     "two key factors", "three batches", "four rounds", "six areas").

3. **Unit**, read to the right of the number and allowing no space
   ("60billion"): ``%``/percent, percentage points, times/-fold, months,
   working days, a scale (thousand, million, billion, trillion, 万, 亿, as
   the unit table names them) with a currency (yuan, RMB, 元, US dollars,
   dollars), a currency alone, or a scale alone for counts ("14.73
   million"). A currency may also stand before the number ("RMB 19.4
   billion", "US$1.6 billion"). A scale the table knows only for money
   ("309.56 billion") takes the currency last written in the paragraph
   ("218 billion yuan … gives 309.56 billion"), or stays empty. Otherwise a
   whole number is a ``count`` and a decimal a ``number`` (an average such
   as 29.4 patents per enterprise).
4. **Qualifier**: the phrase right before the number (or before its
   currency sign): more than / over / above, exceeded / exceeds, at least /
   no less than, nearly / close to, almost, about / around / some /
   roughly, approximately, less than / fewer than / under / below / up to.
   Nothing there means ``exact`` ("reached" is exact too).
5. **Kind.** Percentage points -> ``pp_difference``. Times: after an
   increase word ("an increase of 5.5 times") -> ``multiple``; before a
   comparison ("twice the national average", "N times that of") or
   "twice" / "thrice" alone -> ``ratio``; neither ("reached 27,000 times",
   translations of 次, a count of transactions) -> an observation in
   ``count``. Percent: right after an increase or decrease word ("up", "an
   increase of", "grown by", "down", "a decline of") or right before one
   ("15% year-on-year growth") -> ``growth``, a decrease with a minus sign;
   after "accounting for", "contributing", "making up" or before "of" ("30%
   of patents") -> ``share``; in a clause about an average annual growth
   rate -> ``cagr``; in a clause about a growth rate or a year-on-year
   change -> ``growth``; about a proportion or share -> ``share``; otherwise
   a level in %; "among which N% were", "with N% holding" -> ``share``. A
   level right after "an increase of" / "increased by" /
   "reduced by" or before "more than the previous year" ->
   ``absolute_change``. A figure continuing a list ("an increase of 97.3%,
   95.7% and 125%") takes the kind of the figure before it if the unit is
   the same. Everything else is an observation.
6. **Period**, a guess in the grammar of ``ipbook.period``: a time right
   after the figure, at most three words on, past an editor's bracket
   ("2,357 in 2012", "12.13 trillion yuan (about …) in 2020", "6.3 at the
   end of the 13th Five-Year Plan period", "13 percent of GDP by 2025");
   else the nearest time before it in its sentence, the first after it in
   its sentence, the nearest before it in its paragraph, the nearest in
   the 600 characters before its sentence (a year stated in the sentence
   or heading before); else the text's **anchor**, however far back: the
   time the text as a whole is about, read once before any sentence — the
   headline's time, its part of the year read forgivingly ("for First Half
   of 2020" 2020H1, "in First Three Quarters", "Q1-Q3", "Jan-Sep", "first
   10 months", "as of the end of March"), else the first time of the lead
   (title and first two paragraphs, "In 2021, …", carried through a long
   breakdown) — while no other time has been written since it; a time read
   in the headline is always read as the anchor reads it. A figure in the
   present perfect ("have established") is as of the text: of the anchor
   when the text reports as of a stock's date ("as of the end of June
   2023"), else of its publication. Else the year of publication (the
   dataset's "as stated at" convention). Time expressions: "in 2021", "by the end of
   2020" (end-2020), "as of the end of June 2022", "as of June this year"
   (end-2022-06), "the first half of 2022 / this year" and "the first half"
   alone (2022H1), "the first three quarters", "from January to May this
   year", "January-May 2022", "the first five months" (2022-01-2022-05;
   2022Q1, 2022H1 when the months make one), "February 2020", "from 2017
   to the end of June 2022" (2017-2022H1), "the end of the 13th Five-Year
   Plan period" (end-2020), "the past three years", "at present" / "so
   far" (the year of publication). A span the text names ("the 14th
   Five-Year Plan period (2021-2025)", "a 15-year plan (2021-2035)") is a
   figure's period only when it opens the figure's sentence with "during",
   "in" or "over" ("During the 13th Five-Year Plan period, fees fell by 47
   billion yuan": a total over it). Under "from 2012 to 2021" a level after
   "from" gets 2012, a level after "… to" and every relation 2021. A time
   after a comparison ("3 times that of 2015", "1.07 points higher than the
   figure in 2019", "up 20% from 2019", "up 114,000 over the end of the 13th
   Five-Year Plan period") is a **base period**, never the figure's period.
   "this year", "last year" and the year of publication come from the first
   date written in the text (ISO "2022-08-24", "January 10, 2025", a site's
   dateline "Updated: 3 15,2021") only when the release's date
   (``published``: ``sources.yaml``'s ``date_published`` of the source id
   in the working folder) is not given; an undated text gets no period for
   them. A time after "from <a value>" ("up from 1.9 per 10,000 in 2021")
   is that value's; a figure in the present perfect ("has grown to 134")
   with no time in its sentence is as of the text, not of the sentences
   before.

   **Base period** (growth, cagr, multiple, absolute change): a base time
   after the figure; else the first year of "from 2018 to 2022" in its
   sentence, or of a pair of levels before it ("from 106,000 in 2012 to
   367,000 in 2021, a growth of 246.2%" -> 2012); else, for a growth or an
   absolute change, the same period a year before ("year on year", "over
   the previous year", and a growth stated without a base: 2022H1 ->
   2021H1). Growth over a span ("the past three years") runs from the year
   before its first year to its last.
7. **Indicator**: the catalogue entry (``load_catalogue(data_dir)``, the
   working folder's ``indicators.yaml``) whose label words are best covered
   by the figure's sentence, read after stemming, a few synonyms
   ("intellectual property" = "IP", agencies = institutions, revenue =
   income, review period = examination cycle) and without the words of a
   relation or a unit ("up", "year on year", "percent", "billion yuan"),
   ranked by how much of the label its own clause holds (a relation: its
   clause and the clause before, which names what it is about, unless it is
   a share naming its part; never the next sentence), less the scope words
   of that clause the label lacks. A breakdown's part ("of which", "Among
   them") is read with its whole (the sentence before, when the part opens
   its sentence); a sentence naming no one is read with the universities a
   sentence before it in its paragraph names.
   No guess (an empty indicator) unless the label is covered at least 60%,
   every scope word of the label ("universities", "SMEs", "pilot",
   "new", "export", "patent-intensive"… : the words that make same-sounding
   figures different indicators) is in the sentence before the end of the
   figure's clause, and, for a level or a change, a label word is in its
   clause. The whole after "accounting for N percent of" is not read.
   Observations consider only indicators of the same unit dimension.
8. **Repeats**: the dataset records a figure repeated within one source
   once, so a later figure with the same value, unit, qualifier, kind and
   next word as an earlier one is dropped.
9. **Quote**: the clause holding the figure (split at , ; : and sentence
   ends, never at thousands separators or decimal points), joined with the
   clause before when the figure opens its clause after a comma ("…reached
   4.8%, 29.4 and 1.08"), trimmed to about 250 characters around it.
10. **Confidence**, what a reported figure has and a stray number lacks:
    0.45, +0.25 for a unit written in the text, +0.1 for a reporting word
    next to it ("reached", "up", "accounting for", "was"), +0.05 each for a
    qualifier, an indicator guess and a period written in or carried to the
    figure's sentence, nothing for a period read from the text's anchor,
    -0.1 for a period guessed from the publication year (or none); -0.2 for
    a number word, -0.15 for an empty unit.
11. **Subject**: a relation's ``subject`` is the position (0-based, as
    text) in the returned list of the level it is about: the last
    observation before it in its sentence ("reached 420,000, up 15
    percent"); for an absolute change one of the same unit dimension.

What it cannot do
-----------------

* It does not understand sentences: the indicator, period, base period
  and subject of a claim are guesses from nearby words; ``reference`` ids
  and ``part_of`` relations are not proposed.
* A figure that counts the speaker's structure in digits ("in 3 aspects"),
  durations that are figures ("for two consecutive years" after a growth
  rate) and repeated figures meant to be kept are not told apart.
* "this year" in a text whose only date is a later publication date (a
  January transcript on the year before) resolves to the wrong year.
* Ranges ("5-10%", "2,000-3,000") are dropped by the hyphen rule; spelled
  compounds ("twenty-five", "one hundred") and fractions are not read; a
  four-digit count between 1900 and 2099 that is not followed by a plural
  noun is taken for a year.
* Units outside ``ipbook.unit`` (hectares, tonnes, "billion" with no
  currency) are left empty for the reviewer; other currencies are not
  read, and a bare "dollars" is taken for US dollars.
* The indicator guess only sees the catalogue's labels: a new indicator,
  or one whose label shares few words with the text's wording, gets no
  guess or a wrong one. On real releases it was not written on, blind,
  73% to 95% of guesses were right or rightly blank (README: the test
  sets); on the shipped sources, where every figure has an indicator,
  about half agree (``scripts/measure_extract.py`` prints both).
* A year stated once at the top of a long release reaches the whole
  breakdown after it only from the lead (title and first two paragraphs);
  a year stated once further down reaches figures at most 600 characters
  on, then they fall back to the year of publication.
* Thresholds and durations it has no rule for are proposed as figures. Read
  as not figures since the second round: a size class of firms ("companies
  … had an annual income of more than $10 million"), a term ("valid for
  more than 10 years"), a duration after a rate written in words ("above
  four percent of GDP for 10 consecutive years"), ages ("aged between 25
  and 30"), a bound restated ("(including 10 million yuan)") and page
  codes of more than 12 digits. "bn", "bln", "mn", "mln", "tn" are scales.
  After the blind run on test3 (not blind there): numbers inside a time
  expression ("the first six months"), footnote markers ("[1]"), "the
  previous two years", "loans are under 10 million yuan", "steady growth
  for five consecutive years"; "double" before "the" is a ratio.
* Periods after test3: a share under "from 2016 to 2022" keeps the span; an
  "annual" flow under "by the end of 2023" is 2023 (a "valid" stock "in
  2022" read at the year's end was removed in the third round: the
  labelling rule writes it 2022); a stock "compared to 2023" has the base
  end-2023;
  "the same period last year" is a year before the figure's period;
  "the past decade" is the ten years before the text's. An average annual
  growth over "the past N years" is still measured from the year before
  the span (test3's labels take its first year).
* Indicator after test3: "while" ends a clause; "related" is a scope word;
  "financial institutions" are banks' institutions; a sentence naming one
  province or city (not as part of a university's, exchange's or court's
  name) is that place's figure and gets no national indicator. Since the
  third round "IP-backed loans" are IP pledge loans.
* After test4 (not blind there): "increased at an average rate of N%" and
  "an annual growth rate of N% in average" are cagr; "the contribution …
  to GDP rose to N percent" is a share; "constituting N percent of" names
  the whole; "in comparison to 2020" is a base; "over 2012" after an
  increase is a year; "a new high in five years" is a span.
* Fourth round (written against test5): a bracketed time dates only its
  bracket; "during the (same) period" is the last span stated before it, not
  a stock; "the same period last year", "at the year's end" point back to
  the period talked about; "a decrease of N on 2021" has 2021 as base; a
  plan named "during" dates the totals of its paragraph, one named without
  "during / over" does not move the text on; an active counting verb under
  a carried year-end date is a flow of that year. After test6's blind run
  (not blind there): "the first half of the year", "equally with",
  "for the full year in 2023", and a time later in the figure's own clause
  before one of an earlier clause. Fifth round (written against test6): a
  flow in the passive ("… were received", "… were closed") under a carried
  mid-year stock date is of the months up to it (2020H1); numbered headings
  ("1.1 Patent"), "it took 31 years", the "2 days" of "7 months and 2 days"
  and the bound of a class of filers ("17 enterprises filed more than 100")
  are not figures; a patent-only (or trademark-only) pledge is not the
  patent-and-trademark pledge series; in a "respectively" list one guess
  goes to one value; "has surpassed N, up M%" after "In 2018, …" is of
  2018. Sixth round (written against test7): indicator guesses are
  conservative — a breakdown's part naming nothing the entry measures, or
  one side of an import/export or patent/trademark pair, gets none; a count's
  growth is no amount's; a target gets only a target entry; "over the same
  period in 2017" is a base, a superlative's "in the past decade" no span,
  "since 1997 … an average of 22% annually" a cagr from 1997. Seventh round
  (written against test8): a stored copy that lost its spaces ("a total
  of23,000", "4,395collective", "millionin 2016", "In thefirst half") is
  read with them put back (``_unglue``; offsets and quotes stay those of the
  text as given); "since the launching in 1996" starts a count and dates
  none of its totals; "From January to August in 2020"; "By June 2025" is
  end-2025-06; a plan's goal ("the goal of 12 set out in the 14th Five-Year
  Plan (2021-2025)") is of the plan's last year; a pendency and
  "applications filed by" under a carried mid-year stock date are of the
  months up to it; a rank's streak ("led globally for six consecutive
  years"), "Every 10,000 Chinese" and a year before a "-ss" noun ("the third
  quarter 2018 press conference") are not figures; a forecast ("is expected
  to exceed") gets only a target entry; "IPR exports" are IP royalty
  exports; a "trademark examination" pendency is the registration
  examination cycle; "an average annual rate of only 0.3%" and "22.6% in
  its average annual growth rate" are cagr; "12,000 or 6.8%" is a share.
  Eighth round, begun on test9 after its blind run (development data, not
  blind): a numbered heading run together ("1.Registration"), a rank in
  words ("the leading three") and the "1" of "1 registered trademark per 4.9
  market entities" are not figures, while a decimal after "per" is no
  denominator; a % after a count in its bracket ("(1,004,676 pieces,
  30.30% )") is a share; "a surge of N%" is a growth; "added up to" is
  exact; a level after "from" under a pair of levels with years stated
  before it in its paragraph ("from 69,000 in 2012 to 308,000 in 2021 … rose
  from 65.1% to 83.9%") has the pair's earlier year, and a multiple there
  its base; "IP service providers" and "the IP service industry" are its
  institutions; "China's total amount of intellectual property pledge
  financing" is the national series. Later in the round (still on test9 and
  the earlier sets): a breakdown announced as such ("…, of which the export
  volume was", "Among them, exports were") keeps its whole's object and may
  narrow its scope (royalty exports after IP royalties), unless its part
  names the same scope as the whole ("89,000 IP service providers … Among
  these were 5,269 patent agencies"); a sentence naming no actor and not the
  nation goes on about the universities named in a sentence before it in its
  paragraph; a colon inside brackets ends no clause ("the grant rate (note:
  total grants out of total applications) rose"); a share whose own clause
  names its part is that part's ("the IPR export accounting for less than
  15% of total trade"); a count's head is read as the labels are ("IP
  service providers", "small and medium-sized enterprises" -> SMEs) and the
  nouns listed after it are in its clause; a label's "pilot universities"
  needs the sentence to call them so; "total trade of/in", "IP trade",
  "exports of IPRs", "companies", "value of patent commercialization", a
  "turnaround time" are read as the catalogue's words; "N% are/were …" is a
  share; a decimal comma before a scale ("46,26 billion") is one number;
  "Fortune Global 500" is a list's name; and round 7's three rules, taken
  out while ``tests/test_update.py`` named its rows by number, are back: a
  conversion after "which translates to", "Over more than two decades", "loans
  below CNY 10 million". Still open: a figure first written in the title.
* Round 12 (test13 as development data): number words are read by their
  grammar (two to ninety-nine, "one hundred and eighteen", thousands), not
  from a list; a decimal comma before a bare "%" ("31,7%)") is one number,
  and a text that writes one writes dots as thousands separators ("130.401
  applications" is a count, as "25.000" is anywhere); a duration ending its
  clause ("for 5 years", "two years earlier"), a year compared with ("25.000
  more than 2014") and a masthead's "Issue 28" are not figures; a first ("for
  the first time in the past five years") gives no span, an event counted
  from ("since it joined … in 1989") and "leveling up with that in 2012" date
  no figure; "the First Half Year of 2016" and "August, 2008" are read; a
  bracket holding only a percent is a growth in a list of bracketed growths,
  else its count's share; a base equal to the figure's own year ("compared
  with that in last year" in a release of the next year) is the year before
  it. Still open: "Since September last year" (needs the release's month), a
  class bound after a count in words ("Fifteen provinces have more than
  100 …").
* Without a release date (``published``) the first date in the text dates
  it, even a photo caption's; with one, the release's year is used.
* A conversion is read in brackets or after "which translates / converts
  to"; one written otherwise ("equal to about USD 67.2 billion") is proposed.
* It reads English (and 亿/万 amounts); Chinese sentences are not parsed.
"""

from __future__ import annotations

import bisect
import csv
import functools
import math
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import number, period as periods, unit as units

COLUMNS = [
    "table", "kind", "value", "unit", "qualifier", "period", "indicator",
    "source", "quote", "start", "end", "confidence", "period_from",
]

# How a candidate's period was found, from the firmest to the weakest: a time written in the figure's own sentence;
# one carried from an earlier sentence; the time the text as a whole is about (its anchor); no time written at all,
# the year of publication (the dataset's "as stated at" convention, a guess).
PERIOD_FROM = ("sentence", "carried", "anchor", "publication")
# What each adds to a candidate's confidence (rule 10): a period read from the text's anchor, and more so one guessed
# from the publication year, is likelier to be wrong (on the labelled sets, 82% of the publication guesses were
# right against 98-99% of the periods written in or carried to the sentence), so the reviewer sees it ranked lower.
_PERIOD_CONFIDENCE = dict(zip(PERIOD_FROM, (0.05, 0.05, 0.0, -0.1)))

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"

# --------------------------------------------------------------------------
# Vocabulary. Units and number words come from ipbook.unit and ipbook.number;
# what is here is only how English writes them.
# --------------------------------------------------------------------------

# Scale words as the unit table spells its money units ("billion yuan" -> billion).
_SCALES = tuple(n.split(" ")[0] for n in units.UNITS if n.endswith(" yuan"))
# Abbreviations of the scale words in news copy ("28.74 bln USD", "CNY110bn") -> the word the unit table uses.
_SCALE_ABBREVIATIONS = {"bn": "billion", "bln": "billion", "mn": "million", "mln": "million", "tn": "trillion",
                        "trn": "trillion"}
_SCALE_RE = "|".join(re.escape(s) for s in sorted(_SCALES + tuple(_SCALE_ABBREVIATIONS), key=len, reverse=True))
_ABBR_RE = "|".join(sorted(_SCALE_ABBREVIATIONS, key=len, reverse=True))

# How a currency is written -> the currency part of the table's unit names.
_CURRENCY_WORDS = [
    (r"u\.?s\.?\s?dollars?\b|us\$|usd\b|dollars?\b", "US dollars"),
    (r"yuan\b|rmb\b|cny\b|renminbi\b|元", "yuan"),
]
_CUR_RE = "|".join(p for p, _ in _CURRENCY_WORDS)
_CUR_PREFIX = re.compile(r"(?<![A-Za-z])(?P<cur>rmb|cny|renminbi|us\s?\$|usd|¥|￥|\$)\s*$", re.I)

# English qualifier phrases -> the names of number.QUALIFIERS.
_QUALIFIER_PHRASES = {
    "more than": "more than", "upwards of": "more than",
    "over": "over", "above": "over",
    "exceeded": "exceeded", "exceeds": "exceeded", "exceed": "exceeded",
    "exceeding": "exceeded", "surpassed": "exceeded", "surpass": "exceeded", "surpasses": "exceeded",
    "surpassing": "exceeded",
    # "topped 10.7 trillion yuan" (test7's z11), "topped CNY 25 billion" (test4's w08), a headline's "Tops 2
    # Trillion Yuan" (test14's h06, round 13): to top a figure is to exceed it (not the noun: "the top 10")
    "topped": "exceeded", "tops": "exceeded", "topping": "exceeded",
    # "crossed 10 million" (test16's j10, round 14), "broke through 1 trillion yuan": to cross or break through a
    # figure is to exceed it
    "crossed": "exceeded", "crosses": "exceeded", "crossing": "exceeded", "broke through": "exceeded",
    "breaks through": "exceeded", "broken through": "exceeded",
    "at least": "at least", "no less than": "at least", "not less than": "at least",
    "no fewer than": "at least",
    "nearly": "nearly", "close to": "nearly",
    "almost": "almost",
    "about": "about", "around": "about", "some": "about", "roughly": "about",
    "approximately": "approximately", "approx.": "approximately",
    "less than": "less than", "fewer than": "less than", "under": "less than",
    "below": "less than",
    # "up to" in these releases tells how many there came to be ("profits up to 200 million yuan", "got up to
    # 300,000", "in up to 80 countries": test15's i10, test16's j01 and j10; "reached up to 4.081 million", test3):
    # the number as stated, not a ceiling (round 14; round 8 read it so only after "reached"); a ceiling after a
    # modal or a future ("The fund will provide up to 5 billion yuan"): see _CEILING_BEFORE
    "up to": "exact",
}
assert set(_QUALIFIER_PHRASES.values()) <= set(number.QUALIFIERS)
_QUALIFIER_RE = re.compile(
    r"(?<![\w-])(?P<q>" + "|".join(re.escape(p) for p in sorted(_QUALIFIER_PHRASES, key=len, reverse=True))
    + r")\s*$",
    re.I,
)

# Between two figures of one list: ", ", " and ", ", and ", optionally a qualifier.
_LIST_JOINER = re.compile(
    r"\s*(?:,|and|or|, and)\s*(?:(?:" + "|".join(map(re.escape, _QUALIFIER_PHRASES)) + r")\s+)?", re.I)
# … also after what the first figure is of, when the second names its own ("increasing by 57% in loan and 84% in
# collateral", test14's h03, round 13): the increase word stands once, before the first
_LIST_JOINER_OF = re.compile(r"\s+(?:in|of|for|on)\s+(?:the\s+)?[A-Za-z-]+(?:\s+[A-Za-z-]+){0,2}?"
                             + _LIST_JOINER.pattern, re.I)

# Number words that are figures (see rule 1): integers of two or more, and the
# multipliers "twice"/"thrice"; "hundred"/"thousand" only as a scale after one.
_WORD_VALUES = {
    w: v for w, v in number.WORDS.items()
    if v >= 2 and float(v).is_integer() and w not in ("hundred", "thousand")
}
_MULTIPLIER_WORDS = {w for w in _WORD_VALUES if w.endswith("ice") or w == "double"}  # twice, thrice, double
# Multiples and fractions written as words (round 11, test12's f01, f08, f10): "have doubled", "tripled",
# "increased about fourfold", "accounting for one fifth" — figures as the label rules count them, proposed
# with the word as written (a multiple in times, a fraction in %)
_GROWN_BY_WORD = r"doubled|tripled|trebled|quadrupled"
_FOLD_WORD = r"(?:two|three|four|five|six|seven|eight|nine|ten)fold"
_FRACTION_WORD = (r"(?:one|two|three|four)[\s-](?:thirds?|fourths?|fifths?|sixths?|eighths?|tenths?)")
_MULTIPLE_WORD = re.compile(rf"(?:{_GROWN_BY_WORD}|{_FOLD_WORD})", re.I)
_FRACTION_WORD_RE = re.compile(_FRACTION_WORD, re.I)

# Number words by their grammar (round 12, test13's "Fifteen", test12's "One hundred and eighteen"): every whole
# number from two to ninety-nine, a hundred count ("one hundred and eighteen") and a thousand count ("two thousand
# and five"), written in words. "one", "a hundred", "hundred" and "thousand" alone are not figures.
_UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEEN_WORDS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
               "nineteen")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_BELOW_100 = (rf"(?:(?:{'|'.join(_TENS_WORDS)})(?:[\s-](?:{'|'.join(_UNIT_WORDS)})\b)?"
              rf"|{'|'.join(_TEEN_WORDS)}|{'|'.join(_UNIT_WORDS)})")
_BELOW_1000 = rf"(?:(?:{'|'.join(_UNIT_WORDS)})\s+hundred(?:\s+(?:and\s+)?{_BELOW_100}\b)?|{_BELOW_100})"
_WORD_NUMBER = (rf"(?:{_BELOW_1000}\s+thousand(?:\s+(?:and\s+)?{_BELOW_1000}\b)?"
                rf"|(?:{'|'.join(_UNIT_WORDS)})\s+hundred(?:\s+(?:and\s+)?{_BELOW_100}\b)?"
                rf"|(?:{'|'.join(_TENS_WORDS)})(?:[\s-](?:{'|'.join(_UNIT_WORDS)})\b)?"
                rf"|{'|'.join(_TEEN_WORDS[3:])})")


def _word_number(words: str) -> int | None:
    """'Fifteen' -> 15, 'one hundred and eighteen' -> 118, 'twenty-five' -> 25, 'five' -> 5; else None."""
    small = {w: i + 1 for i, w in enumerate(_UNIT_WORDS)}
    small.update({w: 10 + i for i, w in enumerate(_TEEN_WORDS)})
    small.update({w: 20 + 10 * i for i, w in enumerate(_TENS_WORDS)})
    total = part = 0
    seen = False
    for w in re.split(r"[\s-]+", words.strip().lower()):
        if w == "and":
            continue
        if w in small:
            part += small[w]
        elif w == "hundred" and part:
            part *= 100
        elif w == "thousand" and part:
            total, part = total + part * 1000, 0
        else:
            return None
        seen = True
    return total + part if seen else None


_DECIMAL_COMMA = re.compile(r"(?<![\d,.])\d{1,3},\d{1,2}(?!\d)\s*(?:%|percent\b)")
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})?(?:\.\d{3})+")

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_TOKEN = re.compile(
    # "46,26 billion yuan" (test9's b07): a decimal comma, two digits at most after it and a scale or percent
    # next, is one number as written (thousands separators always have three digits after them)
    # "31,7%)", "10,5% of" (test13's g07): the percent sign needs no word after it
    r"(?P<num>\d{1,3},\d{1,2}(?=\s*(?:(?:billion|million|trillion|percent)\b|%))"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<cn>[" + "".join(_CN_DIGITS) + "".join(_CN_UNITS) + r"]+)(?=[万亿])"
    r"|(?P<word>\b(?:" + _GROWN_BY_WORD + "|" + _FOLD_WORD + "|" + _FRACTION_WORD + "|" + _WORD_NUMBER + "|"
    + "|".join(sorted(_WORD_VALUES, key=len, reverse=True)) + r")\b)",
    re.I,
)

_RIGHT_UNIT = re.compile(
    r"(?P<pp>\s*percentage[\s-]points?\b)"
    r"|(?P<pct>\s*(?:%|％|per\s?cent\b|(?-i:pct)\b))"
    r"|(?P<fold>-?\s*folds?\b)"
    r"|(?P<times>\s*times\b)"
    r"|(?P<months>\s*months?\b)"
    r"|(?P<wdays>\s*working[\s-]days?\b)"
    r"|(?P<points>\s*points?\b)"
    rf"|(?P<money>\s*(?:(?P<scale>{_SCALE_RE})\s*)?(?P<cur>{_CUR_RE}))"
    rf"|(?P<bare>\s*(?P<scale2>{_SCALE_RE})(?![a-z]))",
    re.I,
)

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_MONTH_RE = r"(?:" + "|".join(_MONTHS) + r")"
_MONTH_ABBR_RE = r"(?:sept|" + "|".join(m[:3] for m in _MONTHS) + r")\.?"
# Inside the grammar of times (round 14): a month in full or in any of its abbreviations ("Jan.", "Sept", "Sept.",
# "Dec"), as a whole word
_ANY_MONTH_RE = r"(?:(?:" + "|".join(_MONTHS) + r"|sept|" + "|".join(m[:3] for m in _MONTHS if m != "may") \
    + r")(?![a-z])\.?)"

# "up a whopping 10 times", "grew by a staggering 40%": an adjective between the increase word and the figure.
_INTENSIFIER = r"(?:\s+(?:a|an)\s+(?:whopping|staggering|remarkable|impressive|massive|record|sharp|robust|solid|strong))?"

# Increase / decrease wording right before a figure. For levels "up"/"down"
# alone are not enough ("set up 14 centres"): they need "by".
_UP_PCT = re.compile(
    # also the plural: "demonstrating increases of 17.3% and 10.4%, respectively" (test14's h07, round 13)
    r"(?:\b(?:an?\s+)?(?:year-on-year\s+|year\s+on\s+year\s+)?(?:increase|rise|growth|jump|gain|surge|uptick"
    r"|upturn|increment)s?\s+of"
    # also the present tense and the livelier verbs of some releases: "IPR loyalties, … increase by 489.4%"
    # and "skyrocketed nearly 500 percent" (test10's c04)
    r"|\b(?:increased|rose|risen|grew|grown|jumped|climbed|gained|expanded|surged|soared|up|skyrocketed"
    r"|rocketed|leapt|leaped|spiked|increasing|rising|growing|increases?|rises?|grows?)(?:\s+by)?)"
    + _INTENSIFIER + r"\s*$", re.I)
_DOWN_PCT = re.compile(
    r"(?:\b(?:an?\s+)?(?:decrease|decline|drop|fall|reduction)\s+of"
    r"|\b(?:decreased|declined|dropped|fell|fallen|shrank|shrunk|down|reduced|falling|declining|decreasing"
    r"|dropping|shrinking)(?:\s+by)?)"
    + _INTENSIFIER + r"\s*$", re.I)
_UP_LEVEL = re.compile(
    # also "a year-on-year increment of 586" (test12's f05, round 11)
    r"(?:\b(?:an?\s+)?(?:(?:year[- ]on[- ]year|annual|yearly)\s+)?(?:increase|rise|growth|jump|gain|increment)\s+of"
    r"|\b(?:increased|rose|risen|grew|grown|jumped|climbed|gained|expanded)(?:\s+by)?|\bup\s+by)\s*$", re.I)
_DOWN_LEVEL = re.compile(
    r"(?:\b(?:an?\s+)?(?:decrease|decline|drop|fall|reduction)\s+of"
    r"|\b(?:decreased|declined|dropped|fell|fallen|shrank|shrunk|reduced|cut)\s+by|\bdown\s+by)\s*$", re.I)
# Words that report a figure next to it: "reached", "was", "up", "an increase of", "accounting for", "totaling".
_REPORTED = re.compile(
    r"\b(?:reach\w*|was|were|is|are|stood|hit|total\w*|amount\w*|exceed\w*|surpass\w*|rose|grew|grown|increas\w*"
    r"|decreas\w*|declin\w*|up|down|growth|rise|risen|accounting|accounted|represent\w*|contribut\w*|received"
    r"|granted|registered|handled|filed|issued|approved|benefit\w*|involving|of\s+which|with|to|at|from)\b", re.I)
_UP_WORD = re.compile(r"\b(?:up|rose|risen|grew|grown|increased|added)\s*$", re.I)
_DOWN_WORD = re.compile(r"\b(?:down|fell|fallen|dropped|decreased|declined)\s*$", re.I)
_SHARE_LEAD = re.compile(
    r"\b(?:account(?:s|ed|ing)?\s+for|contribut\w*|represent\w*|mak(?:e|es|ing)\s+up|made\s+up|constitut\w*)\s*$", re.I)
# "taking up 11.52% of the value of all exported goods" (test11's e08, round 10): a share, not a rise ("up")
_TAKING_UP = re.compile(r"\b(?:take|takes|taking|took|taken)\s+up\s*$", re.I)
# also "marking a 2.9% uptick from the previous year" (test14's h07, round 13)
_GROWTH_TAIL = re.compile(r"^\s*(?:year[- ]on[- ]year|yoy\b|(?:increase|growth|rise|jump|uptick|upturn|increment|surge"
                          r"|hike)\b)", re.I)
_DECLINE_TAIL = re.compile(r"^\s*(?:decrease|decline|drop|fall|reduction)\b", re.I)
_PART_LEAD = re.compile(r"\b(?:(?:among|of)\s+(?:which|them|these|those|whom)|with)\s*$", re.I)
_CAGR_LEAD = re.compile(r"\baverage\s+(?:annual\s+)?growth(?:\s+rate)?\s+(?:of|at|was|stood\s+at)\s*$"
                        # "patent pledges have increased at an average rate of 112%"
                        r"|\b(?:increased|grown|grew|risen|rose)\s+(?:at|by)\s+an\s+average\s+"
                        r"(?:annual\s+)?rate\s+of\s*$"
                        r"|\bannual\s+average\s+growth(?:\s+rate)?\s+of\s*$"
                        # "at an average annual rate of only 0.3%" (test8's a08)
                        r"|\baverage\s+annual\s+(?:growth\s+)?rate\s+of\s+(?:only\s+|just\s+)?$"
                        # "increased from 7.33% to 7.39%, at an annual average rate of 8.3%" (test11's e07, round 10)
                        r"|\bat\s+an\s+annual\s+average\s+rate\s+of\s*$"
                        # "has increased for 5 consecutive years with annual growth rate of 70%" (test11's e01, round
                        # 10): a yearly rate over the years named is their average
                        r"|\bfor\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+consecutive\s+years\s+with\s+"
                        r"(?:an?\s+)?(?:average\s+)?annual\s+growth\s+rate\s+of\s*$"
                        # "The annual growth rate of the industry added value averaged 10.3% between 2016 and 2019"
                        # (test15's i03, round 14): a yearly rate averaged is an average annual growth
                        r"|\b(?:annual|yearly)\s+growth(?:\s+rate)?\b[^,;.]{0,80}?\baveraged?\s+(?:at\s+)?$", re.I)
_CAGR_SUBJECT = re.compile(r"\b(?:average\s+annual|annual\s+average)\s+(?:growth\s+)?rate\b[^,;]*"
                           r"\b(?:witness\w*|saw|see[sn]?|record\w*|register\w*|post\w*|show\w*|achiev\w*|mark\w*)\s",
                           re.I)
# "a high level of 22.6% in its average annual growth rate of invention patents" (test8's a08): named after it
_CAGR_TAIL = re.compile(r"^\s*(?:in|of|as)\s+(?:its|the|their)\s+(?:average\s+annual|annual\s+average)\s+growth",
                        re.I)
# "Beijing (1,004,676 pieces, 30.30% )" (test9's b02, round 8): a count's share of the whole, after it in its
# bracket
_BRACKETED_SHARE = re.compile(r"[(（]\s*[\d,.]+\s*[A-Za-z]*\s*,\s*$")
# A bracket that holds only a percent (round 12, test13's g03 and g07): in a list whose brackets state growths
# ("709,000 (up 21.7% year-on-year) …, 779,000 (up 33.6%) …, and 388,000 (4.4%) for design") it is one more
# growth; after a count with none ("1,704,107 are owned by American companies (around 79%)") it is that count's share
# between a share and a change of it: ", up by ", ", a ", ", with an increase of " (no figure, no clause's end)
_CHANGE_OF_SHARE_GAP = re.compile(r"[^\d.;:!?]{0,12}(?:\bin\s+(?:19|20)\d{2})?\s*,\s*(?:up|down|rising|falling|"
                                  r"(?:a|an|with\s+an?)(?:\s+(?:rise|increase|decrease|decline|drop)\s+of)?)"
                                  r"(?:\s+by)?\s+(?:an?\s+)?$", re.I)
# a sentence's opener before its subject: "Among them, the proportion of …" (test16's j07, round 14)
_SHARE_OPENER = re.compile(r"\s*(?:among\s+(?:them|these|which)|of\s+(?:them|these)|in\s+particular|specifically|"
                           r"in\s+addition|besides|meanwhile)\s*,\s*", re.I)
# a second part after a share, told with the same kind of verb: ", and the optical field has reached "
_SHARE_GOES_ON = re.compile(r"\s*,?\s*(?:and|while|whereas)\s+(?:that\s+of\s+|the\s+)?[A-Za-z][\w\s'’-]{0,50}?\s+"
                            r"(?:has|have|had)?\s*(?:reached|exceeded|accounted\s+for|stood\s+at|was|were|is|are)\s*$",
                            re.I)
# a percent's sign written before it, in a bracket or after a space: "(+1.39%)", "(-21.74%)", " +12%"
_SIGNED_PCT = re.compile(r"(?:([(（])|(?<![\w\d.,%)]))\s*([+\-−–])\s*$")
_OPEN_BRACKET = re.compile(r"[(（]\s*$")
_CLOSE_BRACKET = re.compile(r"\s*[)）]")
_GROWTH_BRACKET = re.compile(r"[(（]\s*(?:up|down|rose|fell|an?\s+(?:increase|decrease|rise)\s+of)\s+[\d.]+\s*%", re.I)
_MULTIPLE_OF_THAT = re.compile(r"^\s*of\s+(?:that|those)\s+(?:in|of)\s+(?:19|20)\d{2}\b", re.I)
_AVERAGE_OF = re.compile(r"\ban\s+average\s+of\s*$", re.I)
_PER_YEAR_TAIL = re.compile(r"^\s*(?:annually|a\s+year|per\s+year|each\s+year|per\s+annum|every\s+year)\b", re.I)
_CAGR_CLAUSE = re.compile(r"\baverage\s+(?:annual\s+)?growth|\bannual\s+average\s+growth|\bcompound\s+annual|\bcagr\b", re.I)
_GROWTH_CLAUSE = re.compile(r"\bgrowth\s+rates?\b|\bgrowth\s+of\b|\brate\s+of\s+growth\b|\byear[- ]on[- ]year\b"
                            # "with a yearly development pace of almost 15%" (test12's f05, round 11)
                            r"|\b(?:growth|development|expansion)\s+(?:pace|speed)\b", re.I)
# "grow at a rate of more than 20% per year from 2016 to 2021" (test12's f05, round 11): a rate each year over a
# span is its average
_RATE_OF = re.compile(r"\b(?:grow\w*|increas\w*|ris\w*|rose)\s+(?:at|by)\s+(?:a|an)\s+(?:\w+\s+)?rate\s+of\s*"
                      r"(?:more\s+than\s+|over\s+|about\s+|nearly\s+|almost\s+|around\s+)?$", re.I)
_SHARE_SUBJECT = re.compile(r"\s*(?:the\s+)?(?:proportion|share)\s+of\b", re.I)
_SHARE_CLAUSE = re.compile(r"\b(?:proportions?|shares?|contribution\s+of\b[^,;]*\bto\s+(?:the\s+)?GDP)\b", re.I)
# "an annual growth rate of 33% in average": a rate per year over a span
_ON_AVERAGE_TAIL = re.compile(r"^\s*(?:in|on)\s+average\b", re.I)
_RATIO_TAIL = re.compile(r"^\s*(?:(?:that|those)\s+of|the\b|as\b|higher|larger|greater|bigger|more\b|of\b)", re.I)
# What a change is measured from, right after the figure: "over the previous year", "than the figure in 2019",
# "over the end of the 13th Five-Year Plan period", "compared with 2019".
_BASE_WORDS = (
    r"(?:(?:that|those)\s+|(?:the|its)\s+(?:figure|level|number|amount|value|total|score)\s+)?"
    r"(?:of\s+|in\s+|at\s+the\s+end\s+of\s+|the\s+end\s+of\s+)?"
    r"(?:the\s+(?:previous|preceding|prior)\s+year|last\s+year|a\s+year\s+(?:earlier|ago|before)|the\s+same\s+period"
    r"|the\s+\d+(?:st|nd|rd|th)\s+five[- ]year|(?:19|20)\d\d\b)")
_CHANGE_TAIL = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:more|fewer|less|higher|lower)\s+(?:than|compared\s+(?:with|to))\s+" + _BASE_WORDS, re.I)
# "10 billion yuan (US$1.21 billion) higher than Shanghai" (test15's i09, round 14): a level's difference from
# another's, named (a place, a firm), is a change between them as "3,000 higher than in 2019" is
_NAMED_DIFFERENCE_TAIL = re.compile(r"^\s*(?:\([^()]{0,40}\)\s*)?(?:more|fewer|less|higher|lower)\s+than\s+"
                                    r"(?:that\s+of\s+)?(?!The\b|A\b|An\b)[A-Z][a-z]")
_BASE_TAIL = re.compile(r"^\s*(?:over|from|on|compared\s+(?:with|to))\s+" + _BASE_WORDS, re.I)

# Words after a spelled-out number that count the speaker's own structure.
_DISCOURSE_NOUNS = {
    "aspects", "factors", "parts", "points", "rounds", "batches", "mechanisms", "ways",
    "respects", "sides", "stages", "steps", "principles", "questions", "things",
    "priorities", "pillars", "dimensions", "levels", "reasons", "features", "characteristics",
    "highlights", "lessons", "areas",
    # "Two examples of this are Shenzhen Communications Bank and …" (test15's i07, round 14)
    "examples", "instances",
}
_DETERMINER_BEFORE = re.compile(r"\b(?:the|these|those|both|all|such)\s+$", re.I)
_TEMPORAL_BEFORE = re.compile(
    rf"\b(?:in|since|by|of|from|to|until|till|before|after|during|end|year|the|this|that|a|its|early|late|mid|{_MONTH_RE})\s*$",
    re.I)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:article|section|chapter|table|figure|fig\.|page|paragraph|clause|annex|appendix)\s+$"
    r"|\b(?:tel|phone|telephone|fax|hotline)\.?:?\s*[\d\s+()-]*$", re.I)
_ADDRESS = re.compile(
    r"\b(?:Road|Street|Avenue|Lane|District|Building|Block|Floor|Room|Suite|Tower|Plaza)\b|\bNo\.\s?\d|\d\s*/\s*F\b")
_TITLE_SMALL = {"of", "and", "the", "for", "with", "in", "on", "to", "a", "an", "by", "at", "each", "or", "per"}

_STOP = {
    "a", "an", "the", "of", "in", "on", "at", "by", "for", "to", "and", "or", "with", "from", "per",
    "its", "their", "this", "that", "these", "those", "as", "is", "are", "was", "were", "be", "been",
    "has", "have", "had", "will", "which", "who", "than", "more", "over", "about", "nearly", "reached",
    "it", "we", "our", "among", "such", "other", "into", "also", "under",
}


@dataclass
class Candidate:
    table: str
    kind: str
    value: str
    unit: str
    qualifier: str
    period: str
    indicator: str
    source: str
    quote: str
    start: int
    end: int
    confidence: float
    value_start: int = 0  # offsets of the number itself (not written to the CSV)
    value_end: int = 0
    base_period: str = ""  # the earlier period of a relation ("up 20% from 2019" -> 2019), when the text gives one
    subject: str = ""  # what the figure counts, in the text's words ("valid invention patents"), when found
    period_from: str = ""  # how the period was found: one of PERIOD_FROM

    def row(self) -> dict:
        return {c: getattr(self, c) for c in COLUMNS}


# --------------------------------------------------------------------------
# The document: sentences, clauses, quoted phrases, time expressions.
# --------------------------------------------------------------------------

_ABBREVIATIONS = {
    "no", "nos", "mr", "mrs", "ms", "dr", "prof", "vs", "approx", "e.g", "i.e", "u.s", "st", "co", "ltd", "inc", "fig",
}


def _sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence end. Decimal points and abbreviations are not ends."""
    ends = []
    for m in re.finditer(r"\n|[!?。；]|\.", text):
        i = m.start()
        ch = text[i]
        if ch != ".":
            ends.append(i + 1)
            continue
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if prev.isdigit() and nxt.isdigit():
            continue  # a decimal point
        word = re.search(r"([A-Za-z.]+)$", text[max(0, i - 8):i])
        w = word.group(1).lower() if word else ""
        if w in _ABBREVIATIONS or (len(w) == 1 and prev.isupper()):
            continue
        if not nxt or nxt.isspace() or nxt in "\"'”’)":
            ends.append(i + 1)
        # Run-together sentences of machine translations ("average.1、 Accurately").
        elif (nxt.isdigit() or nxt.isupper()) and (prev.islower() or prev in ")%"):
            ends.append(i + 1)
    return ends


def _quoted_spans(text: str) -> list[tuple[int, int, bool, bool]]:
    """(start, end, is_title, is_short) of each quoted phrase ("…" or “…”), per paragraph."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        base = para.start()
        s = para.group()
        for m in re.finditer(r"\"([^\"]{1,300})\"|“([^”]{1,300})”", s):
            inner = m.group(1) if m.group(1) is not None else m.group(2)
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]*", inner) if w.lower() not in _TITLE_SMALL]
            titled = len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) >= 0.6
            short = len(inner.split()) <= 15  # a slogan or a name, not a quoted sentence of a speaker
            spans.append((base + m.start(), base + m.end(), titled, short))
    return spans


# Datelines of English government sites: "Updated: 3 15,2021" (month day,year), "2021-12-31 09:30".
_DATELINE = re.compile(r"(?<![\d,.])(?:0?[1-9]|1[0-2])\s+(?:0?[1-9]|[12]\d|3[01]),\s?((?:19|20)\d{2})(?!\d)")


def _document_year(text: str) -> int | None:
    """Year of the first date written in the text, for "this year" / "last year"."""
    found = []
    for pat in (r"\b((?:19|20)\d{2})-\d{1,2}-\d{1,2}\b", rf"\b{_MONTH_RE}\s+\d{{1,2}},\s*((?:19|20)\d{{2}})\b",
                rf"\b{_MONTH_ABBR_RE}\s+\d{{1,2}},\s*((?:19|20)\d{{2}})\b",
                r"((?:19|20)\d{2})年\d{1,2}月", _DATELINE.pattern):
        m = re.search(pat, text, re.I)
        if m:
            found.append((m.start(), int(m.group(1))))
    return min(found)[1] if found else None


# A time expression right after these words is the base of a comparison, never the figure's period:
# "3 times that of 2015", "1.07 points higher than the figure in 2019", "up 20% from 2019",
# "up 114,000 over the end of the 13th Five-Year Plan period", "compared with the same period of 2021".
# "which is the highest year-on-year growth rate in the past decade": a superlative's range, not a figure's time
# "surpassing 1/3 for the first time in the past five years" (test13's g02, round 12): a first is a superlative too
_SUPERLATIVE_BEFORE = re.compile(r"\b(?:highest|lowest|largest|biggest|fastest|slowest|strongest|best|worst"
                                 r"|first\s+time)\b"
                                 r"[^,;.!?]*$", re.I)
_BASE_BEFORE = re.compile(
    r"(?:\b(?:than|compar(?:ed|ing)\s+(?:with|to)|relative\s+to|in\s+comparison\s+(?:with|to)|equally\s+with"
    r"|the\s+same\s+as|on\s+(?:a\s+)?par\s+with)\s+"
    r"(?:(?:the|its|that|those)\s+"
    # "compared to the figures recorded in 2019" (test10's c08)
    r"(?:figures?|levels?|numbers?|amounts?|values?|totals?|scores?)\s+(?:(?:recorded|registered|reported|seen)\s+)?"
    # "compared with that number in 2021" (test11's e10, round 10)
    r"|(?:that|those)\s+)?"
    r"(?:of\s+)?|\b(?:that|those)\s+of\s+|\b(?:over|from)\s+"
    # "an increase of 4,371 from the total number of last year" (test16's j05), "a 9.5% increase on figures for
    # 2006" (j01), "up 3% over the level of 2019" (round 14): a change measured from the figures of a time
    r"|\b(?:over|from|on)\s+(?:(?:the|its|their)\s+)?(?:\w+\s+){0,2}?(?:figures?|levels?|numbers?|amounts?|values?"
    r"|totals?|volumes?)\s+(?:(?:recorded|registered|reported|seen|submitted|filed)\s+)?(?:of|for|in)\s+"
    # "has included the import and export of IP royalty since 1997, which increased by an average of 22%
    # annually" (test7's z06): the start of an average growth, not a time of figures
    r"|\bsince\s+"
    # "Since the launching in 1996, … with 2,359 GI products protected" (test8's a09): the start of what has been
    # counted since, not the date of the totals
    r"|\bsince\s+(?:the|its)\s+(?:\w+\s+){1,3}?(?:in|of)\s+"
    # "since it joined the Madrid Agreement in 1989" (test13's g04, round 12): an event the text counts from, told
    # as a clause, dates none of the figures around it
    r"|\bsince\s+(?:it|they|we|China|the\s+country)\s+[a-z]+(?:ed|ined)\s+(?:[\w'-]+\s+){0,4}?(?:in|of)\s+"
    # "144,000 cases were domestic applications, leveling up with that in 2012" (test13's g02, round 12)
    r"|\blevel(?:l?ing|l?ed)?\s+(?:up\s+)?with\s+(?:that|those)\s+"
    # "equal to the total growth in 2019 and 2020" (test11's e10, round 10): what a figure is set equal to
    r"|\bequal(?:s|led)?\s+to\s+(?:the|that|those|its)\s+(?:\w+\s+){0,3}?"
    # "nearly double the ratio for 2017", "twice the level of 2015": the base of a multiple
    r"|\b(?:double|twice|thrice|times|half)\s+(?:the|its)\s+\w+\s+(?:for|in|of)\s+"
    # "approx. 200% of that in 2006" (test12's f07, round 11): the base of a multiple written in percent
    r"|\d\s*(?:%|percent|per\s?cent)\s+of\s+(?:that|those)\s+"
    # "saw a decline of 16.8 percent, largely influenced by an exceptionally high baseline in 2021" (test4's w06,
    # round 13): what a change is measured from
    r"|\bbase(?:line)?(?:\s+(?:year|period|figure|level|value))?\s+(?:of|in|for)\s+"
    # "up 5% on the same period a year earlier", "sales +12% on 2022" (round 14): a change right before "on"
    r"|(?:\d|%|\bpercent|\bper\s?cent)\s*on\s+"
    # "a decrease of 278,048 on 2021" (test5's x05)
    r"|\b(?:increase|decrease|decline|rise|drop|fall|growth|gain)s?\s+of\s+[\d,.]+\s*(?:%|percent\s+)?\s*on\s+)"
    r"(?:in\s+|at\s+the\s+end\s+of\s+|the\s+end\s+of\s+|the\s+same\s+period\s+(?:(?:of|in)\s+)?)?$", re.I)


def _five_year_plan(n: int) -> str:
    # The 1st and 2nd plans ran 1953-1962; after three years of readjustment the
    # 3rd started in 1966, and every plan since has been five calendar years.
    start = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    return f"{start}-{start + 4}"


def _month(name: str) -> int:
    short = name.lower()[:3]
    return next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(short))


def _end_of(year: int, month: int | None) -> str:
    return f"end-{year}" if month in (None, 12) else f"end-{year}-{month:02d}"


def _months_of(year: int, first: int, last: int) -> str:
    """Months ``first``..``last`` of one year as the dataset writes them: 2022H1, 2022Q1-Q3, 2022-01-2022-05."""
    if first == 1 and last == 12:
        return str(year)
    if (first, last) in ((1, 6), (7, 12)):
        return f"{year}H{1 if first == 1 else 2}"
    if first % 3 == 1 and last % 3 == 0:
        q1, q2 = (first + 2) // 3, last // 3
        return f"{year}Q{q1}" if q1 == q2 else f"{year}Q{q1}-Q{q2}"
    if first == last:
        return f"{year}-{first:02d}"
    return f"{year}-{first:02d}-{year}-{last:02d}"


def year_after(p: str) -> str:
    """The same period a year later: 2022-03 -> 2023-03 (the inverse of ``year_before``)."""
    years = {int(y) for y in re.findall(r"(?:19|20)\d{2}", p)}
    if len(years) != 1 or not periods.is_valid(p):
        return ""
    y = years.pop()
    return p.replace(str(y), str(y + 1))


def year_before(p: str) -> str:
    """The same period a year earlier ("year on year"): 2021 -> 2020, end-2020-06 -> end-2019-06,
    2022H1 -> 2021H1, 2024-01-2024-05 -> 2023-01-2023-05; empty for a span of several years."""
    years = {int(y) for y in re.findall(r"(?:19|20)\d{2}", p)}
    if len(years) != 1 or not periods.is_valid(p):
        return ""
    y = years.pop()
    return p.replace(str(y), str(y - 1))


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
# The ordinals of the parts of a year, in words or in figures (round 14: "In the 1st half of 2014", test15's i01;
# "the 3rd quarter"): one grammar for both
_HALF_ORD = r"(?:first|second|1st|2nd)"
_QUARTER_ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"


@dataclass(frozen=True)
class _Time:
    start: int
    end: int
    period: str
    named: bool = False  # a span the text names ("the 14th Five-Year Plan period (2021-2025)"), not a figure's time
    base: bool = False  # the base of a comparison ("than in 2019")
    aside: bool = False  # inside a bracket ("(2019 first half: 229)"): dates only what the bracket holds
    anaphor: str = ""  # "the same period last year", "during the period": points back to the time at ``via``
    via: int = -1
    own: bool = False  # the time of a value a figure is compared with ("compared to 796 agencies in 2010")
    now: bool = False  # the time of the text ("at present", "right now"): dates its own clause and what follows


# The leads and words of a time at a year's or month's end: "by the end of 2020", "as of the end of June",
# "toward(s) the finish of 2022", "at the close of the year" (round 11: one grammar, not one phrase per text)
_END_LEAD = r"by|as\s+of|as\s+at|at|until|till|towards?|near|around"
_END_WORD = r"end|finish|close"


def _time_expressions(text: str, year: int | None, spans: list | None = None, month: int | None = None,
                      headline: tuple[int, int] = (0, 0)) -> list[_Time]:
    """Each time expression of the text, most specific patterns first; ``spans`` (if given) collects the
    (start, end) of every one, also of those with no period (an undated text's "the first six months of this
    year"); the headline's (``headline``: its span) is read as the text's anchor (``_read_headline``)."""
    y = r"((?:19|20)\d{2})"
    rel = r"(this year|last year|the previous year|" + y[1:-1] + r")"

    def rel_year(s: str | None) -> int | None:
        if not s:
            return year
        s = s.lower()
        if s == "this year":
            return year
        if s in ("last year", "the previous year"):
            return year - 1 if year else None
        return int(s)

    rules = []

    def rule(pattern, named=False):
        def deco(fn):
            rules.append((re.compile(pattern, re.I), fn, named))
            return fn
        return deco

    mon = rf"({_ANY_MONTH_RE}|{_MONTH_ABBR_RE})"

    # "from January 2006 to June 2011" (test11's e01), "From Jan. 2016 to Nov. 2016" (e06): the months between,
    # both ends written with their years (round 10)
    @rule(rf"(?:(?:from|between)\s+)?{mon}\s*,?\s*{y}\s*(?:to|through|until|till|and|-|–)\s*{mon}\s*,?\s*{y}")
    def _(m):
        a, ya, b, yb = _month(m[1]), int(m[2]), _month(m[3]), int(m[4])
        if (ya, a) > (yb, b):
            return ""
        return _months_of(ya, a, b) if ya == yb else f"{ya}-{a:02d}-{yb}-{b:02d}"

    # "as of Dec 31, 2022" (test11's e10), "as of June 30, 2023": a stock at the end of that month (round 10)
    @rule(rf"(?:as\s+(?:of|at)|by|until|till|up\s+to)\s+{mon}\s+(?:\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*{y}")
    def _(m):
        return _end_of(int(m[2]), _month(m[1]))

    @rule(rf"from\s+(?:the\s+beginning\s+of\s+)?{y}\s+to\s+(?:the\s+end\s+of\s+)?(?:({_ANY_MONTH_RE})\s+)?{y}")
    def _(m):
        a, month, b = int(m[1]), m[2], int(m[3])
        if not month or _month(month) == 12:
            return f"{a}-{b}"
        return f"{a}-{b}H1" if _month(month) == 6 else f"{a}-{b}-{_month(month):02d}"

    # "from January to May this year", "January-May 2022", "between January and September"
    # "From January to August in 2020" (test8's a03)
    @rule(rf"(?:(?:from|between)\s+)?({_ANY_MONTH_RE})\s*(?:to|-|–|through|and)\s*({_ANY_MONTH_RE})(?:\s*(?:of\s+|in\s+|,\s*)?{rel})?")
    def _(m):
        yy = rel_year(m[3])
        a, b = _month(m[1]), _month(m[2])
        return _months_of(yy, a, b) if yy and a <= b else ""

    # "the first five months of this year", "the first 10 months"
    # "during the first 10 months of the year" (test16's j05, round 14): of the year talked about, as "the first half
    # of the year" is; "the first two / 3 quarters" (round 14) as their months
    @rule(rf"the\s+(?:first|1st)\s+(two|three|four|five|six|seven|eight|nine|ten|eleven|\d{{1,2}})\s+(months|quarters)"
          rf"(?:\s+of\s+(?:{rel}|(the\s+year)\b(?!\s+(?:19|20)\d{{2}})))?")
    def _(m):
        n = int(m[1]) if m[1].isdigit() else int(number.WORDS.get(m[1].lower(), 0))
        if m[2].lower() == "quarters":
            n = 3 * n if n <= 4 else 0
        if m[4] and 1 <= n <= 12:
            return f"{_FIRST_MONTHS_OF}{n:02d}"
        yy = rel_year(m[3])
        return _months_of(yy, 1, n) if yy and 1 <= n <= 12 else ""

    @rule(r"(?:(?:at|by)\s+)?the\s+end\s+of\s+the\s+(\d+)(?:st|nd|rd|th)\s+five[- ]?year\s+plan(?:\s+period)?"
          r"(?:\s*\(\s*\d{4}\s*[-–]\s*\d{2,4}\s*\))?")
    def _(m):
        return "end-" + _five_year_plan(int(m[1]))[-4:]

    # "up nearly 300 percent from the beginning of the 11th Five-Year Plan period" (test15's i04, round 14): the
    # plan's first year, as "the end of" is its last
    @rule(r"the\s+(?:beginning|start|outset)\s+of\s+the\s+(\d+)(?:st|nd|rd|th)\s+five[- ]?year\s+plan(?:\s+period)?"
          r"(?:\s*\(\s*\d{4}\s*[-–]\s*\d{2,4}\s*\))?")
    def _(m):
        return _five_year_plan(int(m[1]))[:4]

    @rule(r"(?:(?:during|in|over)\s+)?the\s+(?:period\s+of\s+the\s+)?[\"“]?(\d+)(?:st|nd|rd|th)\s+five[- ]?year\s+plan"
          r"(?:\s+period)?(?:\s*\(\s*\d{4}\s*[-–]\s*\d{2,4}\s*\))?", named=True)
    def _(m):
        return _five_year_plan(int(m[1]))

    # Times that name no year of their own but point back to one written before (resolved below, in reading
    # order): "in the same period last year" is the year before the period being talked about (test5's x07),
    # "during the period" / "during the same period" is that period (x03, x06), "at the year's end" the end of
    # the year being talked about (x01).
    # also "the same period a year earlier" (round 14)
    @rule(r"the\s+same\s+period\s+(?:of\s+|in\s+)?(?:last|the\s+previous|the\s+preceding)\s+year"
          r"|the\s+same\s+period\s+(?:a|one)\s+year\s+(?:earlier|ago|before)")
    def _(m):
        return _SAME_PERIOD_LAST_YEAR

    # "up from 250 billion yuan a year earlier", "a year ago", "the year before" (round 13): a year before the period
    # talked about, as "the same period last year" is
    @rule(r"\b(?:a|one)\s+year\s+(?:earlier|ago|before)\b|\bthe\s+year\s+before\b(?!\s+(?:last|that)\b)")
    def _(m):
        # not a schedule kept ahead of time: "achieved the goal set up in the Outline … two years earlier" (test13's g02)
        return "" if _GOAL_BEFORE.search(text, max(0, m.start() - 120), m.start()) else _A_YEAR_EARLIER

    # "… leading in trademark applications from 2002. It was the year when the trademark application in China got up
    # to 300,000" (test16's j10, round 14), "That year, filings reached …": the year told last, also one told as a
    # base or a start
    @rule(r"\b(?:that|the\s+same)\s+year\b(?!\s+(?:19|20)\d{2})|\bthe\s+year\s+(?:when|in\s+which)\b")
    def _(m):
        return _THAT_YEAR

    # "Two years ago" (round 13): that many years before the text's; not "two years earlier", which tells how far
    # ahead of a schedule a thing was done (test13's g02)
    @rule(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d)\s+years\s+ago\b")
    def _(m):
        n = int(m[1]) if m[1].isdigit() else _WORD_VALUES.get(m[1].lower())
        return str(year - int(n)) if year and n else ""

    # "Last month, …" (round 13): the month before the release's, when its date gives one
    @rule(r"\b(last|this)\s+month\b")
    def _(m):
        if not (year and month):
            return ""
        y0, m0 = (year, month) if m[1].lower() == "this" else ((year, month - 1) if month > 1 else (year - 1, 12))
        return f"{y0}-{m0:02d}"

    # not "over the period spanning from 2013 to 2023" (test10's c08): a span named right after
    @rule(r"(?:during|in|over|for|throughout)\s+the\s+(?:same\s+)?period\b"
          r"(?!\s+(?:of|from|last|this|between|ending|under|when|spanning|covering|running|stretching)\b|\s*\()")
    def _(m):
        return _THE_PERIOD

    @rule(rf"(?:{_END_LEAD})\s+the\s+(?:year['’]s\s+end|(?:{_END_WORD})\s+of\s+the\s+year\b)")
    def _(m):
        return _YEAR_END

    # The end of a quarter or half: "As of the end of the third quarter", "By the end of the first half of 2020"
    # (round 13: the end grammar of round 11 with the parts of a year; a stock at that date, not the part's flows)
    @rule(rf"(?:{_END_LEAD}|as|to)\s+the\s+(?:{_END_WORD})\s+of\s+the\s+(?:({_QUARTER_ORD})\s+quarter"
          rf"|({_HALF_ORD})\s+half(?:\s+year)?)(?:\s+of\s+(?:the\s+year\s+)?{rel})?")
    def _(m):
        yy = rel_year(m[3])
        n = 3 * _ORDINAL_WORDS[m[1].lower()] if m[1] else 6 * _ORDINAL_WORDS[m[2].lower()]
        return _end_of(yy, n) if yy else ""

    # A year's or month's end written short: "At year-end 2020", "at end-2020", "As of end-June", "By end of 2020"
    # (round 13)
    @rule(rf"(?:\b(?:{_END_LEAD}|in)\s+)?(?:the\s+)?\b(?:year[- ]end\s+(?:of\s+)?{y}|end[- ](?:of\s+)?{y}\b"
          rf"|end-({_ANY_MONTH_RE})(?:\s+{y})?)")
    def _(m):
        if m[1] or m[2]:
            return f"end-{m[1] or m[2]}"
        yy = int(m[4]) if m[4] else year
        return _end_of(yy, _month(m[3])) if yy else ""

    # "As at 31 December 2020": a day before its month (round 13), as "as of Dec 31, 2022"
    @rule(rf"(?:as\s+(?:of|at)|by|until|till|up\s+to)\s+\d{{1,2}}(?:st|nd|rd|th)?\s+{mon}\s*,?\s*{y}")
    def _(m):
        return _end_of(int(m[2]), _month(m[1]))

    # "In Q1-Q3, filings reached …", "Q1-Q2 2020" (round 14): quarters from the first, written short
    @rule(rf"\bQ1\s*(?:[-–]|to|through)\s*Q([2-4])\b(?:\s*(?:of\s+|,\s*)?{y})?")
    def _(m):
        yy = int(m[2]) if m[2] else year
        return _months_of(yy, 1, 3 * int(m[1])) if yy else ""

    # "In H1 2020", "1H 2020", "H2 of 2019" (round 13): a half written short, as the quarters are
    @rule(rf"\b(?:H([12])|([12])H)\s*(?:of\s+|,\s*)?{y}\b")
    def _(m):
        return f"{m[3]}H{m[1] or m[2]}"

    @rule(rf"\b{y}\s*H([12])\b")
    def _(m):
        return f"{m[1]}H{m[2]}"

    # "In Q3, filings reached …" (round 13): a quarter written short without its year, of the text's
    @rule(r"\b(?:in|during|for)\s+Q([1-4])\b(?!\s*(?:of\s+|,\s*|[-/]\s*)?(?:19|20)\d{2})")
    def _(m):
        return f"{year}Q{m[1]}" if year else ""

    # "Between 2016 and 2020, filings totaled …", "From 2016 through 2020" (round 13): a span, as "from 2016 to 2020"
    @rule(rf"\b(?:between\s+{y}\s+and|from\s+{y}\s+(?:through|until|till|thru))\s+{y}\b")
    def _(m):
        a, b = int(m[1] or m[2]), int(m[3])
        return f"{a}-{b}" if a < b else ""

    # also "Toward the finish of 2022" (test12's f05, round 11): any lead of _END_LEAD, any word of _END_WORD
    @rule(rf"(?:{_END_LEAD}|as|to)\s+the\s+(?:{_END_WORD})\s+of\s+(?:({_ANY_MONTH_RE})\s+)?{rel}")
    def _(m):
        yy = rel_year(m[2])
        return _end_of(yy, _month(m[1]) if m[1] else None) if yy else ""

    @rule(rf"(?:{_END_LEAD}|as|to)\s+the\s+(?:{_END_WORD})\s+of\s+(?:this\s+)?({_ANY_MONTH_RE})(?!\s*\d)")
    def _(m):
        return _end_of(year, _month(m[1])) if year else ""

    @rule(rf"as\s+of\s+(?:this\s+)?({_ANY_MONTH_RE})(?:\s*(?:of\s+|,\s*)?{rel})?")
    def _(m):
        yy = rel_year(m[2])
        return _end_of(yy, _month(m[1])) if yy else ""

    # "By June 2025, the number … had reached 15.3" (test8's a06): a stock at the end of that month, as "as of"
    # also "By November this year, 73.5 percent …" (test11's e02, round 10)
    @rule(rf"(?:by|until|till|as\s+at)\s+({_ANY_MONTH_RE})\s*,?\s*(?:{y}|(this\s+year|last\s+year))")
    def _(m):
        yy = int(m[2]) if m[2] else rel_year(re.sub(r"\s+", " ", m[3]))
        return _end_of(yy, _month(m[1])) if yy else ""

    # "By September, China had …" (round 14): a month's end without its year, of the release's year (of the year
    # before when that month is still to come at the release)
    @rule(rf"(?:by|until|till|as\s+at|as\s+of)\s+(?:the\s+end\s+of\s+)?({_ANY_MONTH_RE})(?!\s*,?\s*\d)"
          rf"(?!\s+(?:of|this|last|next|in)\b)")
    def _(m):
        if not year:
            return ""
        n = _month(m[1])
        return _end_of(year - 1 if month and n > month else year, n)

    # "the first half of 2022 / of this year", and "in the first half" alone (of the text's year);
    # not "the first half of the 14th Five-Year Plan period".
    # "during the first half of the year" (test6's y03): the half of the year talked about
    @rule(r"the\s+(?:first|1st)\s+half\s+of\s+the\s+year\b(?!\s+(?:19|20)\d{2})")
    def _(m):
        return _FIRST_HALF_OF_THE_YEAR

    # also "in the first half of the year 2023" (test10's c05)
    # and "in the First Half Year of 2016" (test13's g05, round 12)
    @rule(rf"the\s+({_HALF_ORD})\s+half(?:\s+year)?(?:\s+of\s+(?:the\s+year\s+)?{rel}|(?!\s+of\s+(?:the|a|an)\b))")
    def _(m):
        yy = rel_year(m[2])
        return f"{yy}H{_ORDINAL_WORDS[m[1].lower()]}" if yy else ""

    # a headline's "… Amass 1.36392 Trillion Yuan in First Half" (test10's c05), without the article: the half
    # of the text's year, dating what is written under it as "in the first half" does
    @rule(rf"\bin\s+({_HALF_ORD})\s+half\b(?!\s+of\b)")
    def _(m):
        return f"{year}H{_ORDINAL_WORDS[m[1].lower()]}" if year else ""

    @rule(rf"the\s+(?:first|1st)\s+(?:three|3)\s+quarters(?:\s+of\s+{rel}|(?!\s+of\s+(?:the|a|an)\b))")
    def _(m):
        yy = rel_year(m[1])
        return f"{yy}Q1-Q3" if yy else ""

    # also "the third quarter 2018 press conference" (test8's a02)
    # "in the third quarter of the year" (round 14): of the year talked about, as "the first half of the year" is
    @rule(rf"the\s+({_QUARTER_ORD})\s+quarter\s+of\s+the\s+year\b(?!\s+(?:19|20)\d{{2}})")
    def _(m):
        return f"{_PART_OF}Q{_ORDINAL_WORDS[m[1].lower()]}"

    @rule(rf"the\s+({_QUARTER_ORD})\s+quarter(?:\s+(?:of\s+)?{rel}|(?!\s+of\s+(?:the|a|an)\b))")
    def _(m):
        yy = rel_year(m[2])
        return f"{yy}Q{_ORDINAL_WORDS[m[1].lower()]}" if yy else ""

    # A quarter written short, its year before or after: "in 2023 Q1" (test12's f05), "Q1 2023", "Q1 of 2023",
    # "1Q 2023", "2023Q1" (round 11)
    @rule(rf"\b{y}\s*[-/]?\s*Q([1-4])\b")
    def _(m):
        return f"{m[1]}Q{m[2]}"

    @rule(rf"\b(?:Q([1-4])|([1-4])Q)\s*(?:of\s+|,\s*|[-/]\s*)?{y}\b")
    def _(m):
        return f"{m[3]}Q{m[1] or m[2]}"

    # "In June this year, Guizhou's first demonstration zone was approved …" (test12's f09, round 11): that month
    # of the year named, as "in June 2017" is; not the year
    @rule(rf"\b(?:in|during|for|over)\s+({_ANY_MONTH_RE})\s+(?:of\s+)?(this\s+year|last\s+year)\b")
    def _(m):
        yy = rel_year(re.sub(r"\s+", " ", m[2]))
        return f"{yy}-{_month(m[1]):02d}" if yy else ""

    @rule(r"(?:in|over|during)\s+the\s+(?:past|last)\s+(?:(\d+|\w+)\s+years|(decade))")
    def _(m):
        if _SUPERLATIVE_BEFORE.search(text, max(0, m.start() - 80), m.start()):
            return ""  # "the highest growth rate in the past decade" (test7's z06): a range of comparison
        n = 10 if m[2] else int(m[1]) if m[1].isdigit() else _WORD_VALUES.get(m[1].lower())
        return f"{year - int(n)}-{year - 1}" if year and n else ""

    # "hit 166.4 billion yuan … during the 10-month period, …, and is likely to exceed 200 billion yuan for the whole
    # year" (test9's b05, round 13): the whole of the year talked about, not the months before
    @rule(r"\b(?:for|in|over|throughout|during)\s+the\s+(?:full|whole|entire)\s+year\b(?!\s+(?:of\s+|in\s+)?(?:19|20)\d{2})")
    def _(m):
        return _WHOLE_YEAR

    @rule(rf"(?:for\s+)?the\s+(?:full|whole|entire)\s+year\s+(?:of\s+|in\s+)?{y}")  # "for the full year in 2023" (y09)
    def _(m):
        return m[1]

    @rule(rf"\b{y}\s+({_HALF_ORD})\s+half\b")  # "(2019 first half: 229)" (test5's x03)
    def _(m):
        return f"{m[1]}H{_ORDINAL_WORDS[m[2].lower()]}"

    # "On June 23, 2016, representatives … signed a pledge contract …, and then Aishida got 500 million yuan"
    # (test14's h09, round 13): a day named with "on" dates what happened that day, in its month; not the day a
    # thing was said ("said on May 10, 2018": the year, as before)
    @rule(rf"(?<![A-Za-z])on\s+({_ANY_MONTH_RE}|{_MONTH_ABBR_RE})\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*{y}(?!\d)")
    def _(m):
        if _REPORTING_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            return m[2]
        return f"{m[2]}-{_month(m[1]):02d}"

    # "Since September last year, 12 products … were added to the national GI list" (test13's g06, round 13): the
    # month a count runs from; matched after "since", which makes it a base unless the sentence counts what was
    # added since (below)
    @rule(rf"(?<=since\s)({_ANY_MONTH_RE}|{_MONTH_ABBR_RE})\s*,?\s*(?:of\s+)?(this\s+year|last\s+year|(?:19|20)\d{{2}})\b")
    def _(m):
        yy = rel_year(re.sub(r"\s+", " ", m[2]))
        return f"{yy}-{_month(m[1]):02d}" if yy else ""

    # "Comparing with 2022 March grant numbers" (test16's j04, round 14): the year written before its month; not "in
    # 2019 may rise" (the verb)
    @rule(rf"\b{y}\s+({_ANY_MONTH_RE}|{_MONTH_ABBR_RE})(?![\w.]*\s*\d)")
    def _(m):
        if m[2].lower() == "may" and m[2][0] == "m":
            return ""
        return f"{m[1]}-{_month(m[2]):02d}"

    # "February 2020", also run together ("february2020") or with a comma ("In August, 2008", test13's g08)
    @rule(rf"\b({_ANY_MONTH_RE})\s*,?\s*{y}")
    def _(m):
        return f"{m[2]}-{_month(m[1]):02d}"

    # A month without its year: "on May 10 bought an insurance policy", "In April, Guangzhou … bought" (test10's
    # c06), "In July alone, deficit of service trade reaches 141.5 billion yuan, decreasing by 1.8% over June"
    # (c04): that month of the year talked about (resolved below, as the anaphors are). Not the day a release
    # was made or a meeting held ("said on May 10"): that dates no figure.
    # The month after "over" / "than" is a base: the match starts at the month, so that _BASE_BEFORE sees the word.
    @rule(rf"(?:\b(?:in|on|during|for)\s+|(?<=\bover\s)|(?<=\bthan\s))({_ANY_MONTH_RE})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?\b"
          rf"(?!\s*,?\s*(?:19|20)\d{{2}})(?!\s+(?:of|this|last|next)\b)")
    def _(m):
        if _REPORTING_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            return ""
        return f"{_MONTH_OF}{_month(m[1]):02d}"

    # "issued … on the Shenzhen Stock Exchange yesterday" under the dateline "(Yicai Global) Dec. 27 --" (test11's
    # e04, round 10): the month of the dateline, in the text's year; not the day something was said
    @rule(r"\b(?:yesterday|today)\b")
    def _(m):
        if _REPORTING_BEFORE.search(text, max(0, m.start() - 40), m.start()) or not year:
            return ""
        d = re.search(rf"\b({_ANY_MONTH_RE}|{_MONTH_ABBR_RE})\s+\d{{1,2}}\s*(?:\([^()]{{0,40}}\)\s*)?(?:--|—|–)",
                      text[:300], re.I)
        return f"{year}-{_month(d[1]):02d}" if d and d.start() < m.start() else ""

    # also "right now resulting in 306 patent license documents recorded" (test14's h04, round 13), "by now", "until
    # now", "as of today": the time of the text, whatever time the sentence stated before
    @rule(_NOW.pattern)
    def _(m):
        return str(year) if year else ""

    @rule(r"\b(this year|last year)\b")
    def _(m):
        yy = rel_year(m[1])
        return str(yy) if yy else ""

    # "… shortened … to 5 months in the next year" in a 2018 text (test6's y02, round 13): the year after the text's
    @rule(r"\b(?:in\s+)?(?:the\s+)?(?:next|coming)\s+year\b")
    def _(m):
        return str(year + 1) if year else ""

    @rule(rf"\(\s*{y}\s*[-–]\s*(\d{{2}}|(?:19|20)\d{{2}})\s*\)", named=True)  # "(2021-2035)": a plan's span
    def _(m):
        b = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
        return f"{m[1]}-{b}"

    @rule(rf"\b{y}\s*[-–]\s*{y}\b")
    def _(m):
        return f"{m[1]}-{m[2]}"

    @rule(rf"(?<![\d,.-]){y}(?![\d%-]|,\d)")
    def _(m):
        return "" if _counts_something(text, m.start(), m.end()) else m[1]

    found: list[_Time] = []
    # spans already taken, kept sorted; they never overlap, so only the last one starting before a new
    # span's end can overlap it (a bisection, not a scan: a text of many years stays linear)
    starts: list[int] = []
    ends: list[int] = []
    for pattern, fn, named in rules:
        for m in pattern.finditer(text):
            i = bisect.bisect_left(starts, m.end())
            if i and ends[i - 1] > m.start():
                continue
            starts.insert(i, m.start())
            ends.insert(i, m.end())
            if spans is not None:
                spans.append((m.start(), m.end()))
            p = fn(m)
            if p and (p in _ANAPHORS or p.startswith((_MONTH_OF, _FIRST_MONTHS_OF, _PART_OF)) or periods.is_valid(p)):
                base = bool(_BASE_BEFORE.search(text[max(0, m.start() - 60):m.start()]))
                own = not named and bool(_COMPARED_VALUE_BEFORE.search(text, max(0, m.start() - 120), m.start()))
                aside = not named and _in_brackets(text, m.start()) and not _report_year(text, m)
                # the date of the event a figure was told at ("as shown in the CNIPA first-quarter press conference
                # of 2021", test11's e03, round 10) dates no figure, as the day something was said does not
                aside = aside or bool(_EVENT_BEFORE.search(text, max(0, m.start() - 40), m.start()))
                aside = aside or (not named and not base and _in_passing(text, m.start(), m.end())) \
                    or _date_line(text, m.start()) or _caption(text, m.start())
                # the month a report was released in ("released an Investigation Report on China's Patent in 2021 in
                # July 2022, which showed that the licensing rate … was 10.4%", test3's v10, round 13) dates the
                # release, not what the report shows
                aside = aside or (re.fullmatch(r"(?:19|20)\d{2}-\d{2}", p) is not None
                                  and _RELEASED_BEFORE.search(text, max(0, m.start() - 160), m.start()) is not None)
                since = base and year and _SINCE_BEFORE.search(text, max(0, m.start() - 8), m.start()) \
                    and (_TOTAL_WORD.search(text, *_sentence_around(text, m.start()))
                         or _ADDED_SINCE.search(text, *_sentence_around(text, m.start())))
                if since and re.fullmatch(r"(?:19|20)\d{2}", p) and int(p) < year:
                    p, base = f"{p}-{year}", False
                elif since and month and re.fullmatch(r"(?:19|20)\d{2}-\d{2}", p) and p < f"{year}-{month:02d}":
                    p, base = f"{p}-{year}-{month:02d}", False
                found.append(_Time(m.start(), m.end(), p, named=named, base=base or own, aside=aside, own=own,
                                   now=bool(_NOW.fullmatch(m.group()))))
    found.sort(key=lambda t: t.start)
    # "than in 2019 and 2020", "equal to the total growth in 2019 and 2020" (test11's e10, round 10): a time
    # joined to a base by "and" / "or" is a base as well
    for i in range(1, len(found)):
        a, b = found[i - 1], found[i]
        if a.base and not b.base and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[a.end:b.start]):
            found[i] = _Time(b.start, b.end, b.period, named=b.named, base=True, aside=b.aside)
    found = _read_headline(text, found, headline, year)
    if spans is not None:
        spans.extend(sp for sp in ((t.start, t.end) for t in found) if sp not in spans)
    return _resolve_anaphors(found, year)


_GOAL_BEFORE = re.compile(r"\b(?:goals?|targets?|schedule|ahead)\b[^.;!?]*$", re.I)
_NOW = re.compile(r"\b(?:at\s+present|currently|so\s+far|to\s+date|up\s+to\s+now|as\s+of\s+now|right\s+now"
                  r"|by\s+now|until\s+now|till\s+now|as\s+of\s+today)\b", re.I)
# A reduced relative clause after a comma that names a one-off event of a thing ("owns the trademark "Tianyuan,"
# recognized as a "China Famous Trademark" in 2015", test14's h02, round 13; "the report, released in July
# 2022, …"): its time dates that event, not the figures of the sentences around it. Only a clause that states
# no figure of its own.
_PASSING_CLAUSE = re.compile(r"[,，]\s*[\"”’']?\s*(?:(?:which|that|who)\s+(?:was|were|had\s+been|has\s+been)\s+)?"
                             r"(?:first\s+)?[a-z]+(?:ed|en|t)\s+(?:as|in|on|at|by|to|for|from)\b[^\d,;.!?()]*$", re.I)
_CLAUSE_REST = re.compile(r"[^\d,;.!?()]*(?:[,;.!?]|$)")
# What is counted up to the text's date since a year ("A total of 428 trademarks have been pledged … since 2016",
# test14's h02, round 13): a total over the years from it, as "during the 12th Five-Year Plan period" gives
# the totals over that span. Without a total's word "since" stays the start of a change ("since 1997, which
# increased by an average of 22% annually").
_TOTAL_WORD = re.compile(r"\ba\s+total\s+of\b|\btotal\s+(?:amount|number|value|volume)\b|\bin\s+total\b"
                         r"|\bcumulative(?:ly)?\b|\baccumulated\b|\baggregate\b", re.I)
_DATE_LINE = re.compile(
    rf"\W*(?:(?:updated|published|posted|released|date)\s*:?\s*)?(?:(?:19|20)\d{{2}}\s*[-/.]\s*\d{{1,2}}\s*[-/.]\s*\d{{1,2}}"
    rf"|(?:{_MONTH_RE}|{_MONTH_ABBR_RE})\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*(?:19|20)\d{{2}}"
    rf"|\d{{1,2}}\s+(?:{_MONTH_RE}|{_MONTH_ABBR_RE})\s*,?\s*(?:19|20)\d{{2}})(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\W*",
    re.I)
# … or what was added since in the passive: "12 products … were added to the national GI list", "have been pledged"
_ADDED_SINCE = re.compile(r"\b(?:were|have\s+been|has\s+been)\s+(?:\w+ly\s+)?(?:added|pledged|registered|granted|approved"
                          r"|recognized|recognised|included|issued|listed|certified|licensed|transferred)\b", re.I)
# (a report's, not a product's: "issued its first intellectual property-backed security product … yesterday" dates
# the issue the figures describe, test11's e04)
_RELEASED_BEFORE = re.compile(r"\b(?:released|published|issued|unveiled|launched|made\s+public)\b"
                              r"(?:[^\d,;.!?]|\[\d{1,2}\]|\b(?:19|20)\d{2}\b)*?"
                              r"\b(?:report|survey|statistics|data|white\s+paper|bulletin|yearbook|study|analysis)\b"
                              r"(?:[^\d,;.!?]|\[\d{1,2}\]|\b(?:19|20)\d{2}\b)*\s$", re.I)
_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.I)


def _date_line(text: str, pos: int) -> bool:
    """Whether ``pos`` lies on a line that holds only a date ("August 31, 2021", "2013/03/15" under a headline):
    the release's own date, which dates no figure (test14's h03 and h06, round 13)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return _DATE_LINE.fullmatch(text, a, b if b >= 0 else len(text)) is not None


# A photo's caption: "… displayed at a rail transportation exhibition in Changchun, Jilin province, in September
# 2018. … Xu Chang / Xinhua" (test/'s t10, round 13), "… [Photo/IC]", "(Photo: …)"
_CAPTION = re.compile(r"[\[(]\s*photo\b|\bphoto\s*:|\b(?:[A-Z][a-z]+\s+){1,3}/\s*(?:Xinhua|IC|VCG|CNS|China\s+Daily"
                      r"|for\s+China\s+Daily|People['’]s\s+Daily)\s*$", re.I)


def _caption(text: str, pos: int) -> bool:
    """Whether ``pos`` lies in a paragraph that is a photo's caption: its time dates the photo, no figure."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return _CAPTION.search(text, a, b if b >= 0 else len(text)) is not None


def _in_passing(text: str, start: int, end: int) -> bool:
    """Whether the time at [start, end) is told in a reduced relative clause stating no figure (``_PASSING_CLAUSE``)."""
    m = _PASSING_CLAUSE.search(text, max(0, start - 120), start)
    return m is not None and _CLAUSE_REST.match(text, end) is not None


def _sentence_around(text: str, pos: int) -> tuple[int, int]:
    a = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    b = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    return a + 1, min(b) if b else len(text)


_EVENT_BEFORE = re.compile(r"\b(?:press\s+conferences?|news\s+conferences?|briefings?|meetings?|forums?|symposiums?)"
                           r"\s+(?:held\s+)?(?:of|in|on)\s+$", re.I)
# "2,691 patent agencies compared to 796 agencies in 2010", "20,192 versus 6,437 in 2010" (test11's e09, round
# 10): the time after a value compared with is that value's own, and the base of what it is compared with; it
# dates no other figure, before or after it.
# "from the total number of last year", "on figures for 2006": the figures of a time a change is counted from
_YOY_WORD = re.compile(r"\s*(?:\S+\s+){0,4}?(?:year[- ]on[- ]year|yoy)\b", re.I)
_FIGURES_OF_BEFORE = re.compile(r"\b(?:figures?|levels?|numbers?|amounts?|values?|totals?|volumes?)\s+(?:of|for|in)\s+$",
                                re.I)
_COMPARED_VALUE_BEFORE = re.compile(
    r"(?:\b(?:compared\s+(?:with|to)|versus|vs\.?|against|(?<!more\s)(?<!less\s)(?<!fewer\s)(?<!rather\s)than)\s+"
    # "an increase of more than 16,300 from the roughly 1.22 million applications submitted last year" (test16's
    # j05, round 14): the value a change is counted from, after "from"
    r"|\b(?:increase|decrease|rise|drop|decline|gain|growth|up|down)\w*\s+(?:of\s+|by\s+)?(?:more\s+than\s+|about\s+"
    r"|nearly\s+|over\s+|some\s+)?[\d,.]+\s*(?:%|percent|per\s?cent|million|billion|thousand)?\s*from\s+(?:the\s+)?)"
    r"(?:(?:about|around|only|just|some|nearly|over"
    r"|roughly|approximately)\s+|more\s+than\s+|less\s+than\s+)?(?:us\s?\$|\$|rmb|¥)?\s*"
    # the value in digits or in words: "compared with six months in 2018" (test12's f02, round 11)
    # (not a year, nor a number's trailing comma: "Compared with 2015, the value in 2020 …", round 14)
    r"(?:(?!(?:19|20)\d{2}\b)\d(?:[\d,.]*\d)?|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|hundred)\b)\s*"
    r"(?:%|percent\b|per\s?cent\b)?\s*(?:[A-Za-z-]+\s+){0,3}?(?:(?:in|of|at\s+the\s+end\s+of)\s+"
    r"|(?:submitted|filed|granted|recorded|registered|reported|received)\s+(?:in\s+)?)$", re.I)


def _years(p: str) -> set[str]:
    return set(re.findall(r"(?:19|20)\d{2}", p))


_SAME_PERIOD_LAST_YEAR, _THE_PERIOD, _YEAR_END = "@same period last year", "@the period", "@year end"
_FIRST_HALF_OF_THE_YEAR = "@first half of the year"
_WHOLE_YEAR = "@the whole year"
_A_YEAR_EARLIER = "@a year earlier"
_THAT_YEAR = "@that year"
_ANAPHORS = (_SAME_PERIOD_LAST_YEAR, _THE_PERIOD, _YEAR_END, _FIRST_HALF_OF_THE_YEAR, _WHOLE_YEAR, _A_YEAR_EARLIER,
             _THAT_YEAR)
_MONTH_OF = "@month-"  # "@month-05": May of the year talked about
_PART_OF = "@part-"  # "@part-Q3": the third quarter of the year talked about
_FIRST_MONTHS_OF = "@first-months-"  # "@first-months-10": the first ten months of the year talked about
_REPORTING_BEFORE = re.compile(
    r"\b(?:said|says|announced|released|published|issued|unveiled|revealed|disclosed|reported|stated|held|showed"
    r"|indicated|noted|added|told)\s+(?:\w+\s+){0,2}$", re.I)


def _in_brackets(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a bracket opened in the 80 characters before it and closed within 80 after:
    "(2019 first half: 229)" is an aside, and its time dates only what is inside it."""
    o = max(text.rfind("(", max(0, pos - 80), pos), text.rfind("（", max(0, pos - 80), pos))
    if o < 0 or ")" in text[o:pos] or "）" in text[o:pos]:
        return False
    return bool(re.search(r"[)）]", text[pos:pos + 80]))


# "the Annual Report on Business Transactions of Intellectual Property in China (2018), revealing that …"
# (test10's c02): the year in brackets closing a report's or survey's name is the year it reports on, and dates
# what is said of it, as "in 2018" would; other bracketed years are asides.
_REPORT_NAME = re.compile(r"\b(?:report|survey|white\s+paper|yearbook|bulletin|review)\b[^.;:()]{0,120}$", re.I)


def _report_year(text: str, m: re.Match) -> bool:
    """Whether the time matched by ``m`` is a bare year in brackets right after a report's name."""
    o = text.rfind("(", max(0, m.start() - 3), m.start() + 1)
    return (o >= 0 and re.fullmatch(r"\(\s*(?:19|20)\d{2}", text[o:m.end()]) is not None
            and re.match(r"\s*\)", text[m.end():]) is not None and _REPORT_NAME.search(text, max(0, o - 160), o)
            is not None)


def _resolve_anaphors(times: list[_Time], year: int | None = None) -> list[_Time]:
    """Give "the same period last year", "during the period" and "at the year's end" the period they point
    back to: the last time before them that dates figures (not a base, a bracketed aside or, for a span, a
    stock: "During the same period" after "from January to September … by the end of September" is the nine
    months, test5's x06). One with nothing to point to is dropped."""
    out: list[_Time] = []
    for t in times:
        if t.period.startswith((_MONTH_OF, _FIRST_MONTHS_OF, _PART_OF)):
            # a month (or the first months) of the year of the last time stated before it, else of the text's year
            dated = [u for u in out if not u.aside and not u.named]
            years = re.findall(r"(?:19|20)\d{2}", dated[-1].period) if dated else []
            yy = int(years[-1]) if years else year
            if not yy:
                continue
            if t.period.startswith(_FIRST_MONTHS_OF):
                p = _months_of(yy, 1, int(t.period[len(_FIRST_MONTHS_OF):]))
            elif t.period.startswith(_PART_OF):
                p = f"{yy}{t.period[len(_PART_OF):]}"
            else:
                p = f"{yy}-{t.period[len(_MONTH_OF):]}"
            t = _Time(t.start, t.end, p, base=t.base, aside=t.aside, own=t.own)
        elif t.period in _ANAPHORS:
            flows = [u for u in out if not u.base and not u.aside and not u.period.startswith("end-")]
            ref = flows[-1].period if flows else ""
            via = (flows[-1].via if flows[-1].via >= 0 else flows[-1].start) if flows else -1
            if t.period in (_SAME_PERIOD_LAST_YEAR, _A_YEAR_EARLIER):
                p = year_before(ref) if ref else ""
            elif t.period == _THE_PERIOD:
                p = ref
            elif t.period == _THAT_YEAR:
                # the last time told of figures; a base or start only when no such time was told shortly before it
                # ("from 2002. It was the year when …"; not "rose by 5% over 2018. In the same year, …")
                told = [u for u in out if not u.aside and not u.named and not u.base]
                bases = [u for u in out if not u.aside and not u.named and u.base]
                if bases and (not told or told[-1].start < bases[-1].start - 200):
                    told = bases
                years = re.findall(r"(?:19|20)\d{2}", told[-1].period) if told else []
                p = years[-1] if years else ""
            elif t.period == _YEAR_END:
                years = re.findall(r"(?:19|20)\d{2}", ref)
                # with no year told before, the end of the text's year ("By the end of the year, …", round 13)
                p = f"end-{years[-1]}" if years else (f"end-{year}" if year else "")
            else:  # the first half of (or the whole) year talked about, else of the text's year
                dated = [u for u in out if not u.base and not u.aside and not u.named]
                years = re.findall(r"(?:19|20)\d{2}", dated[-1].period) if dated else []
                p = years[-1] if years else (str(year) if year else "")
                if p and t.period == _FIRST_HALF_OF_THE_YEAR:
                    p += "H1"
            if not p:
                continue
            # "0.2% higher than GDP in the same period" under "During the 13th Five-Year Plan period (2016-2020)"
            # (test11's e07, round 10): the plan's span named again, dating no more than the plan's name does
            named = t.period == _THE_PERIOD and bool(flows) and flows[-1].named
            # (a value compared with keeps its own time: "against 250 billion yuan in the same period last year", round 13)
            t = _Time(t.start, t.end, p, named=named, base=t.base, aside=t.aside, anaphor=t.period,
                      via=via if t.period == _THE_PERIOD else -1, own=t.own)
        out.append(t)
    return out


_WHOLE_OF_SHARE = re.compile(
    r"\b(?:accounting\s+for|accounted\s+for|accounts\s+for|making\s+up|constituting|representing|or)\s+"
    # a qualifier may stand before the share: "accounting for less than 15% of total trade" (test9's b03)
    r"(?:(?:less|more|fewer)\s+than\s+|over\s+|about\s+|around\s+|nearly\s+|approximately\s+)?[\d,.]+\s*"
    r"(?:%|percent|per\s?cent)"
    r"\s+of\s+[^,;:.]*", re.I)
_MONEY_DIMENSIONS = {units.dimension(n) for n in units.UNITS if n.endswith(("yuan", "dollars"))}
_CONVERSION_BEFORE = re.compile(
    rf"(?:{_CUR_RE}|\d\s*(?:{_ABBR_RE})"
    # an amount whose currency is written before it, with or without a scale word: "¥255.57 billion ($35.2
    # billion)" (test3's v05), "CNY 495 billion (roughly USD 68.3 billion)"
    rf"|(?<![A-Za-z])(?:rmb|cny|renminbi|us\s?\$|usd|¥|￥|\$)\s*[\d,.]*\d(?:\s*(?:{_SCALE_RE})(?![a-z]))?)"
    # in brackets, or after "which translates to" (test8's a04: "CNY 486.9 billion, which translates to
    # approximately USD 67.2 billion")
    r"(?:\s*[(（]|\s*,?\s*which\s+(?:translates|converts)\s+(?:in)?to\b)"
    r"\s*(?:about|approximately|approx\.|around|roughly|nearly|some|or|equivalent\s+to|≈|~)?\s*"
    r"(?:us\s?\$|usd|\$|rmb|cny|¥|￥)?\s*$", re.I)
# "the import value was 120.8 billion yuan while the export value was 36.98 billion yuan": two clauses.
_CLAUSE_CUT = re.compile(r"[;:；：]|,(?!\d{3})|，|\s(?=(?:while|whereas)\b)")
_SCALE_CURRENCY = re.compile(rf"(?:{_SCALE_RE})\s*({_CUR_RE})", re.I)
# A currency written before an amount with a scale ("$53.7 billion", "RMB 19.4 billion") names the currency of a
# later bare scale as well ("exports stood at 11 billion").
_CURRENCY_SCALE = re.compile(
    rf"(?<![A-Za-z])(rmb|cny|renminbi|us\s?\$|usd|¥|￥|\$)\s*[\d,.]+\s*(?:{_SCALE_RE})(?![a-z])", re.I)
_FOLD = re.compile(r"-\s*folds?\b", re.I)
_LETTER = re.compile(r"[A-Za-z]")
# (also over ", respectively,": "an increase of 36.19 percent and 95.73 percent, respectively, over 2008", test16's j09,
# round 14)
_RELATION_BEFORE_YEAR = re.compile(r"(?:%|percent\b|per\s?cent\b|increase\w*|growth|grew|rose|up|down|decline\w*)"
                                   r"(?:,\s*respectively\s*,?|[^,;.]){0,30}$", re.I)
# "have reached up to 4.081 million"; "added up to 69.70% of the national aggregate" (test9's b02, round 8)
# the modal's own verb right before "up to" ("will provide up to", "can be extended up to"), not a later verb it leads
# to ("will help our company make profits up to 200 million yuan", test15's i10: the amount expected)
_CEILING_BEFORE = re.compile(r"\b(?:will|would|can|could|may|might|shall|should|to)\s+(?:be\s+)?(?:\w+ly\s+)?\w+\s+$",
                             re.I)
_REACHED_BEFORE = re.compile(r"\b(?:reach(?:ed|es|ing)?|add(?:s|ed|ing)?)\s+$", re.I)
_GENERAL_REMARK = re.compile(r"\s*(?:generally(?:\s+speaking)?|in\s+general|as\s+a\s+rule|typically)\b", re.I)
_PAIR_NEXT = re.compile(r"\s*(?:and|to|or|-|–)\s*(?:us\s?\$|\$|rmb|cny)?\s*\d[\d,]*(?:\.\d+)?(?![\d,.])", re.I)
_OTHER_UNIT_AFTER = re.compile(r"\s*(?:years?|days?|hours?|hectares?|tonnes?|tons?|kilometres?|kilometers?|km|mu)\b",
                               re.I)
_PER_HEAD_AFTER = re.compile(r"\s+(?:[A-Za-z-]+\s+){1,4}?per\s+(?:[\d,]+\s+|capita\b|head\b|person\b)", re.I)
_HEADCOUNT_AFTER = re.compile(
    r"\s*(?:[a-z-]+\s+)?(?:people|persons|population|residents|inhabitants|users|netizens)\b", re.I)
_ALNUM = re.compile(r"[A-Za-z0-9]")
# How far around a figure its clause and sentence are read (the quote is trimmed to about 250 characters).
_WINDOW = 300


class _Document:
    def __init__(self, text: str, published: str | None = None):
        self.text = text
        n = len(text)
        ends = _sentence_ends(text)
        self.sentences = []
        start = 0
        for e in ends + [n]:
            if e > start:
                self.sentences.append((start, e))
            start = e
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        self.quotes = _quoted_spans(text)
        self.datelines = [(m.start(), m.end()) for m in _DATELINE.finditer(text)]
        # Locale evidence (round 12, test13's g07): a text that writes a decimal comma ("31,7%", "10,5% of") writes
        # dots as thousands separators, so "130.401 applications" there is a count; anywhere, a dot before three
        # zeros and no scale ("25.000 more than 2014", g01) is a thousands separator.
        self.decimal_comma = bool(_DECIMAL_COMMA.search(text))
        self.period_from = ""  # set by _period_for: how that period was found (PERIOD_FROM)
        # The release's date when it is known (sources.yaml's date_published), else the first date written in
        # the text: a date inside the text may be a photo caption's or an event's ("May 23, 2018" in a 2022 text).
        m = re.match(r"((?:19|20)\d{2})", published.strip()) if published else None
        self.year = int(m.group(1)) if m else _document_year(text)
        spans: list[tuple[int, int]] = []
        # the release's month, when its date gives one: "Since September last year" runs up to it
        mm = re.match(r"(?:19|20)\d{2}-(\d{2})", published.strip()) if published else None
        self.headline = _headline(self)  # its span, read by the anchor and by the rule for headline figures
        every = _time_expressions(text, self.year, spans, month=int(mm.group(1)) if mm else None,
                                  headline=self.headline)
        # every time expression that moves the text on from its lead (undated ones too): not a base, a
        # bracketed aside, or a plan named without "during / in / over" ("the goals set in the 13th Five-Year
        # Plan"), which date nothing after them
        quiet = {(t.start, t.end) for t in every
                 if t.base or t.aside or (t.named and not _DURING.match(text, t.start))}
        self.time_spans = sorted(sp for sp in spans if sp not in quiet)
        self.times = [t for t in every if not t.base and not t.aside]  # times of figures, in reading order
        self.asides = [t for t in every if t.aside and not t.base]
        self.period_at = {(t.start, t.end): t.period for t in self.times}
        self.bases = [t for t in every if t.base]  # bases of comparisons ("than in 2019")
        self.base_starts = [t.start for t in self.bases]
        self.address = [
            (s, e) for s, e in self.sentences
            if e - s <= 300 and len(_ADDRESS.findall(text[s:e])) >= 2
        ]
        # Everything a figure looks up is found once here and then by bisection, so that the work per
        # figure does not grow with the length of its clause, sentence or paragraph (issue 11: a 40 KB
        # line of "1,1,1,…" took minutes when each figure re-scanned its sentence).
        # a colon or semicolon inside brackets ends no clause: "the grant rate (note: total grants out of total
        # applications) rose from 65.1%" is one clause about the grant rate (test9's b04)
        self.cuts = [m.end() for m in _CLAUSE_CUT.finditer(text)
                     if not (m.group() in ":;：；" and _in_brackets(text, m.start()))]
        self.quote_starts = [q[0] for q in self.quotes]
        self.time_starts = [t.start for t in self.times]
        self.time_ends = [t.end for t in self.times]
        self.money = sorted([(m.end(), m.start(), m.group(1)) for m in _SCALE_CURRENCY.finditer(text)]
                            + [(m.end(), m.start(), m.group(1)) for m in _CURRENCY_SCALE.finditer(text)])
        self.letters = [m.start() for m in _LETTER.finditer(text)]
        # the time the text as a whole is about, read before any sentence (round 15)
        self.anchor, self.anchor_from = _text_anchor(self)

    def lead_moved_on(self, last: _Time, pos: int) -> bool:
        """Whether a time expression other than ``last``'s period (a base, a span, "this year") is written between
        the end of ``last`` and ``pos``."""
        years = _years(last.period)
        i = bisect.bisect_left(self.time_spans, (last.end, -1))
        while i < len(self.time_spans) and self.time_spans[i][0] < pos:
            # a time of the lead's own year ("As of the end of 2020" under "In 2020") does not move it on
            p = self.period_at.get(self.time_spans[i])
            # nor does a span looked back over up to the lead's year: "During the 13th Five-Year Plan period
            # (2016-2020)" in a text on 2020 (test11's e07, round 10)
            back = re.fullmatch(r"(?:19|20)\d{2}-((?:19|20)\d{2})", p or "")
            if p is None or not (_years(p) <= years or (back is not None and back.group(1) in years)):
                return True
            i += 1
        return False

    @staticmethod
    def _around(spans: list[tuple[int, int]], pos: int, default: tuple[int, int]) -> tuple[int, int]:
        i = bisect.bisect_right(spans, (pos, math.inf)) - 1
        return spans[i] if i >= 0 and spans[i][0] <= pos < spans[i][1] else default

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._around(self.sentences, pos, (0, len(self.text)))

    def paragraph(self, pos: int) -> tuple[int, int]:
        return self._around(self.paragraphs, pos, (0, len(self.text)))

    def clause(self, pos: int, end: int) -> tuple[int, int]:
        """The clause around [pos, end): split at , ; : (not thousands separators) within the sentence."""
        s, e = self.sentence(pos)
        i = bisect.bisect_right(self.cuts, pos) - 1
        left = self.cuts[i] if i >= 0 and self.cuts[i] > s else s
        j = bisect.bisect_left(self.cuts, end + 1)
        right = self.cuts[j] - 1 if j < len(self.cuts) and self.cuts[j] <= e else e
        return left, right

    def near_clause(self, pos: int, end: int) -> tuple[int, int]:
        """The clause, at most ``_WINDOW`` characters either side of the figure: what its wording is read from."""
        cs, ce = self.clause(pos, end)
        return max(cs, pos - _WINDOW), min(ce, end + _WINDOW)

    def near_sentence(self, pos: int, end: int) -> tuple[int, int]:
        ss, se = self.sentence(pos)
        return max(ss, pos - 2 * _WINDOW), min(se, end + 2 * _WINDOW)

    def in_quote(self, pos: int) -> tuple[bool, bool, bool]:
        """(inside a quoted phrase, the phrase is a title, the phrase is short: a slogan or a name)."""
        i = bisect.bisect_left(self.quote_starts, pos) - 1  # the last quote opening before pos
        if i >= 0 and pos < self.quotes[i][1]:
            return True, self.quotes[i][2], self.quotes[i][3]
        return False, False, False

    def last_time(self, lo: int, pos: int, named: bool = False) -> _Time | None:
        """The last time expression inside [lo, pos) (they never overlap, so ends are sorted too); a named span
        ("the 14th Five-Year Plan period") only if ``named``."""
        i = bisect.bisect_right(self.time_ends, pos) - 1
        while i >= 0 and self.times[i].start >= lo:
            if named or not self.times[i].named:
                return self.times[i]
            i -= 1
        return None

    def first_time(self, pos: int, hi: int, named: bool = False) -> _Time | None:
        i = bisect.bisect_left(self.time_starts, pos)
        while i < len(self.times) and self.times[i].end <= hi:
            if named or not self.times[i].named:
                return self.times[i]
            i += 1
        return None

    def aside_time(self, pos: int) -> _Time | None:
        """The time written inside the bracket that holds ``pos``, before it: "(2019 first half: 229)"."""
        if not self.asides or not _in_brackets(self.text, pos):
            return None
        for t in self.asides:
            if t.end <= pos and "(" not in self.text[t.end:pos] \
                    and ")" not in self.text[t.end:pos]:
                return t
        return None

    def first_base(self, pos: int, hi: int) -> _Time | None:
        i = bisect.bisect_left(self.base_starts, pos)
        return self.bases[i] if i < len(self.bases) and self.bases[i].end <= hi else None

    def letter_between(self, lo: int, hi: int) -> bool:
        """Whether text[lo:hi] holds a Latin letter."""
        i = bisect.bisect_left(self.letters, lo)
        return i < len(self.letters) and self.letters[i] < hi

    def next_currency(self, pos: int) -> str | None:
        """The currency of the first "<scale> <currency>" written after ``pos``."""
        i = bisect.bisect_left(self.money, (pos, -1, ""))
        while i < len(self.money) and self.money[i][1] < pos:
            i += 1
        return self.money[i][2] if i < len(self.money) else None

    def last_currency(self, lo: int, pos: int) -> str | None:
        """The currency of the last "<scale> <currency>" written inside [lo, pos)."""
        i = bisect.bisect_right(self.money, (pos, math.inf, "")) - 1
        return self.money[i][2] if i >= 0 and self.money[i][1] >= lo else None


# --------------------------------------------------------------------------
# One token -> one candidate (or None with the reason it is not a figure).
# --------------------------------------------------------------------------


def _cn_number(s: str) -> int:
    """Chinese numerals up to the thousands: 两千 -> 2000, 三百五十 -> 350, 二一 -> 21."""
    if all(ch in _CN_DIGITS for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def _currency(written: str) -> str:
    """'RMB', '元', '¥' -> 'yuan'; 'USD', 'US$', 'dollars' -> 'US dollars'."""
    for pattern, name in _CURRENCY_WORDS:
        if re.fullmatch(pattern, written.strip(), re.I):
            return name
    return "US dollars" if "$" in written else "yuan"


def _unit_name(scale: str | None, currency: str | None) -> str:
    """The table's name for scale + currency (or a count scale alone); empty if the table has none."""
    if scale and scale.lower() in _SCALE_ABBREVIATIONS:
        scale = _SCALE_ABBREVIATIONS[scale.lower()]
    if currency:
        name = f"{scale.lower() if scale and scale.isascii() else scale or ''} {currency}".strip()
    else:
        name = scale.lower() if scale and scale.isascii() else (scale or "")
        if name and units.is_known(name) and units.dimension(name) != "count":
            return ""
    return name if units.is_known(name) else ""


def _latin(ch: str) -> bool:
    # Chinese characters are alphabetic too, and "收入2100亿元" holds a figure.
    return ch.isascii() and ch.isalpha()


# Patterns of rule 2, compiled once (they run for every number of the text).
_NF_MONTH_BEFORE = re.compile(rf"{_MONTH_RE}$", re.I)
_NF_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_NF_SMALL = re.compile(r"\d{1,2}")
_NF_HEADING = re.compile(r"[.)]\s*[A-Z\"“]")  # also run together: "1.Registration of Copyright Works" (b02)
_NF_NUMBER_SIGN = re.compile(r"\b(?:No|Nos|ICP)\.?\s*$|ICP\S*\s*$")
_NF_CLOCK = re.compile(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)", re.I)
_NF_MONTH_DAY = re.compile(rf"\b(?:{_MONTH_RE}|{_MONTH_ABBR_RE})\s+$", re.I)
_NF_DAY_MONTH = re.compile(rf"\s+{_MONTH_RE}\b", re.I)
_NF_SPAN_BEFORE = re.compile(r"\b(?:past|last|next|recent|coming|previous|preceding|following)\s+$", re.I)
_NF_SPAN_AFTER = re.compile(r"\s+(?:years?|months?|days?|decades?)\b", re.I)
_NF_HIGH_IN = re.compile(r"\b(?:high|low|record|peak|time)\s+in\s+$", re.I)
_NF_AGO = re.compile(r"\s+(?:years?|months?|days?|decades?)\s+(?:ago|earlier|later)\b", re.I)
# Round 12 (test13's g01, g02, g08): "the top … of the world for 5 years" is how long a state lasted ("for" right
# before the number, "years" right after it, the clause ending there); "25.000 more than 2014" compares with a
# year, which is a base, not a value; "Issue 28" numbers a magazine's issue.
_NF_FOR_YEARS = re.compile(r"\s+(?:years?|decades?)\s*(?:[.,;)]|$)", re.I)
_NF_FOR_LEAD = re.compile(r"\bfor\s+$", re.I)
_NF_THAN_YEAR = re.compile(r"\d\s+(?:more|less|fewer|higher|lower|greater)\s+than\s+(?:in\s+|that\s+(?:of|in)\s+)?$",
                           re.I)
# the noun, capitalised as in a masthead, or after a year or "total" ("quick review 2022 issue 69 (total issue 732)",
# test16's j08, round 14); not "will issue 10"
_NF_ISSUE = re.compile(r"\b(?:Issue|ISSUE|(?:(?:19|20)\d{2}|[Tt]otal)\s+issue)\s+$")
_NF_PER = re.compile(r"\bper\s+$", re.I)
_NF_CONSECUTIVE = re.compile(r"\s+(?:consecutive|straight|successive)\s+(?:years?|months?|quarters?)\b", re.I)
# A streak of a rank ("have led globally for six consecutive years", test8's a06) is a duration, as "a 20-year
# streak"; a programme run "for three consecutive years" stays a figure (the dataset has such counts).
_NF_STREAK = re.compile(r"\b(?:led|leading|leads|ranked|ranking|ranks|topped|topping|tops|first)\b[^.;]*\bfor\s+$", re.I)
_DECIMAL = re.compile(r"\d+\.\d+")
_ONE_PER = re.compile(r"\s+(?:[A-Za-z-]+\s+){1,3}per\s+\d", re.I)
_NF_EVERY = re.compile(r"\bevery\s+$", re.I)
_NF_HEADCOUNT = re.compile(r"\s+(?:people|persons|residents|inhabitants|population|citizens|Chinese)\b", re.I)
_NF_OUT_OF = re.compile(r"\bout\s+of\s+(?:a\s+(?:possible|maximum\s+of)\s+)?$", re.I)
_NF_LOAN_CLASS = re.compile(
    r"\b(?:loans?|credits?|financing|amounts?|projects?)\s+(?:worth\s+|(?:are|is|were|was)\s+)?"
    r"(?:below|under|of\s+less\s+than|less\s+than"
    r"|not\s+exceeding|of\s+up\s+to)\s+(?:(?:rmb|cny|usd|us\s?\$|\$|¥)\s*)?$", re.I)  # "loans below CNY 10 million" (a04)
# "There were 21,151 major technology contracts over 10 million yuan, with a total transaction volume of 1.79419
# trillion yuan" (test14's h06, round 13): the bound of a class of deals counted, written right after the plural
# noun (not "contracts worth over 2 trillion yuan", a total)
_NF_DEAL_CLASS = re.compile(r"\b\d[\d,.]*\s+(?:[A-Za-z-]+\s+){0,3}?(?:contracts|loans|projects|deals|transactions|orders)"
                            r"\s+(?:over|above|exceeding|of\s+(?:over|more\s+than|above|at\s+least))\s+"
                            r"(?:(?:rmb|cny|usd|us\s?\$|\$|¥)\s*)?$", re.I)
# also the end of a range of ranks: "are top 1 to 3" (test15's i01, round 14)
_NF_RANK = re.compile(r"\btop\s+(?:\d{1,2}\s*(?:to|-|–)\s*)?$", re.I)
# "the leading three were photographic works" (test9's b09, round 8): a rank in words; not "the world's leading
# 5,000 brands" (a list's size, a figure of the shipped cnipa-2022-08-presser)
# "ranked 25th among the surveyed economies, two places up from 2017" (test12's f01, round 11): how far a rank
# moved, not a quantity
_NF_NAME_BEFORE = re.compile(r"\b[A-Z][a-z][\w.&'-]*\s*$")
_NF_NAMED_COUNT_AFTER = re.compile(r"\s*(?:[,;.]|[a-z]+\b)")  # not a heading's capital: "(2) Trademarks"
_NF_RANK_MOVE = re.compile(r"\s+(?:places?|spots?|positions?|notches|rungs?)\s+(?:up|down|higher|lower)\b", re.I)
_NF_LEADING = re.compile(r"\bthe\s+leading\s+$", re.I)
# "Our clients range from Fortune Global 500 companies to small startups" (test9's b07): the name of a ranking
# list, as "S&P 500", not a count
_NF_LIST_NAME = re.compile(r"\b(?:Fortune(?:\s+Global)?|Forbes(?:\s+Global)?|S&P|FTSE|Russell|Nasdaq)\s+$")
_NF_UNIT_LINE = re.compile(r"\s*[(（]\s*[\d,.]+\s*[A-Za-z ]{0,30}[)）]\s*")
_NF_MILESTONE = re.compile(r"\b(?:threshold|mark|milestone|benchmark)\s+of\s+$", re.I)
_NF_FURNITURE = re.compile(r"\s*(?:comments?\b|comment\(s\))", re.I)
# Bounds: "more than", "less than" … (the qualifiers that make a number a threshold in the patterns below).
_NF_BOUND = (r"(?:more\s+than|over|above|at\s+least|no\s+less\s+than|exceeding|less\s+than|under|below"
             r"|up\s+to)")
# "valid for more than 10 years": a term, not a quantity reported (a bare "for three consecutive years" of a
# programme is a figure in the dataset; after a rate it is _NF_CONSECUTIVE's duration).
# "Over more than two decades, the country has expanded …" (test8's a04): a span, as "for more than".
_NF_FOR_BOUND = re.compile(rf"\b(?:for|over|across|within)\s+{_NF_BOUND}\s+$", re.I)
_NF_DURATION_AFTER = re.compile(r"\s+(?:(?:consecutive|straight|successive|full)\s+)?(?:years?|decades?)\b", re.I)
# A rate earlier in the clause, in digits or words ("above four percent of its GDP for 10 consecutive years").
_NF_RATE = re.compile(r"(?:\d|\b[a-z]+)\s*(?:%|percent\b|per\s?cent\b)", re.I)
# "aged between 25 and 30", "aged 18 to 35", "at the age of 60": ages describe people, they are not figures.
_NF_AGE = re.compile(r"\b(?:aged?|ages)\s+(?:between\s+|from\s+|of\s+|under\s+|over\s+|above\s+|below\s+)?"
                     r"(?:\d+\s*(?:and|to|-|–)\s*)?$|\bthe\s+age\s+of\s+$", re.I)
# A class of firms by size: "More than 70 companies … had an annual cross-border income of more than $10 million"
# (test2's u01); "These companies reported annual cross-border income exceeding 10 million dollars" (test10's c08).
_NF_CLASS_THRESHOLD = re.compile(
    r"\b(?:compan(?:y|ies)|enterprises?|firms?|businesses|entities|institutions|banks)\b[^.;:]{0,120}?"
    r"\b(?:with|had|has|have|having|earning|reporting|posting|reported|report|reports)\s+(?:an?\s+)?"
    r"(?:[\w-]+\s+){0,3}?"
    rf"(?:income|revenues?|turnover|sales|assets|capital|output)\s+(?:of\s+)?{_NF_BOUND}\s*"
    r"(?:us\s?\$|usd|\$|rmb|cny|¥|￥)?\s*$", re.I)
# "there are 10 patent agencies with more than 100 patent agents and 25 patent agencies with 51 – 100 patent
# agents" (test11's e09, round 10): the bounds of a class by size, counted in a number of things after "with"
_NF_SIZE_CLASS = re.compile(r"\b\d[\d,]*\s+(?:[A-Za-z-]+\s+){1,3}with\s+"
                            # no bound word before the lower end of a range: "with 51 – 100 patent agents"
                            r"(?:(?:more|fewer|less)\s+than\s+|over\s+|at\s+least\s+|up\s+to\s+|\d+\s*[-–]\s*"
                            r"|(?P<range>))$", re.I)
# … told as a breakdown, two classes or more in the sentence ("10 offices worldwide with more than 400 full-time
# employees", test4's w10, is one firm's size, a figure)
_NF_SIZE_CLASSES = re.compile(r"\b\d[\d,]*\s+(?:[A-Za-z-]+\s+){1,3}with\s+(?:(?:more|fewer|less)\s+than\s+|over\s+"
                              r"|at\s+least\s+|up\s+to\s+)?\d[\d,]*(?:\s*[-–]\s*\d+)?\s+[A-Za-z-]", re.I)
_NF_PLURAL_AFTER = re.compile(r"(?:\s*[-–]\s*\d+)?\s+(?:[A-Za-z-]+\s+){0,2}?[A-Za-z-]+s\b")
# "ranking the 8th among 49 sample countries" (test11's e10, round 10): how many were ranked, not a figure
_NF_RANK_FIELD = re.compile(r"\b(?:rank(?:s|ed|ing)?|placed|placing|positioned)\b[^.;,]{0,40}\bamong\s+(?:the\s+)?$", re.I)
# "less than 10 million yuan (including 10 million yuan)": the bound of a threshold restated.
_NF_INCLUSIVE = re.compile(
    rf"{_NF_BOUND}\s+[\d,.]+[^()]{{0,30}}[(（]\s*(?:including|inclusive\s+of|incl\.)\s*$", re.I)
# "has maintained steady growth for five consecutive years": how long a growth lasted.
_NF_GROWTH_FOR = re.compile(r"\b(?:growth|grown|grew|increas\w*|ris\w*|ros\w*|declin\w*)\b[^,;.]{0,30}\bfor\s+$", re.I)
_NF_DOUBLE_RATIO = re.compile(r"\s+(?:the|that|those|its|their)\b", re.I)
# "1.1 Patent", "2.3 Examination period": a numbered heading alone on its line (test6's y01), not a figure.
_NF_LINE_HEADING = re.compile(r"[ \t]+[A-Z][A-Za-z'’ -]{0,60}[ \t]*(?:\n|$)")
# "it took 31 years to reach the first million": how long something took, in years (test6's y06, y07); an
# examination that "takes 15.5 months" is a figure (a pendency).
_NF_YEARS_OF = re.compile(r"\s*(?:consecutive\s+|straight\s+|successive\s+)?years?\s+of\b", re.I)
_NF_TOOK = re.compile(r"\b(?:took|take|takes|taking|spent|spend|spends)\s+(?:only\s+|just\s+|about\s+|nearly\s+"
                      r"|almost\s+|more\s+than\s+|over\s+|less\s+than\s+)?$", re.I)
# "7 months and 2 days": the smaller part of one duration, not a figure of its own (test6's y02).
_NF_DURATION_PART = re.compile(r"\d\s*(?:years?|months?|weeks?|days?)\s+and\s+$", re.I)
_NF_SMALL_UNIT_AFTER = re.compile(r"\s*(?:weeks?|days?|hours?)\b", re.I)
# "17 domestic enterprises filed more than 100 PCT applications": the bound of a class of filers (those who
# filed more than 100 each), counted by the number before it; not a quantity filed (test6's y02).
_NF_FILER_CLASS = re.compile(r"\b\d[\d,]*\s+(?:[A-Za-z-]+\s+){0,3}?(?:enterprises|companies|firms|universities"
                             r"|applicants|institutions|entities)\s+(?:each\s+)?(?:filed|submitted)\s+"
                             r"(?:more\s+than|over|at\s+least|no\s+less\s+than)\s+$", re.I)
_WORD_RANGE = re.compile(r"\s+(?:to|or)\s+(?:[a-z]+|\d+)\s+(?:years?|months?|weeks?|days?)\b", re.I)
_NF_THRESHOLD = re.compile(r"\b(?:of|worth|with|below|under)\s+(?:less\s+than|under|below|up\s+to|no\s+more\s+than)\s+$", re.I)
# "8.jpg" under a photo (test10's c03): an image's or a document's file name, not a figure.
_NF_FILE_NAME = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp|svg|pdf|docx?|xlsx?|pptx?|html?)\b", re.I)
# "the Sinolink … Caohejing IP Phase 1 Asset-Backed Special Plan" (c03): the number of a part of a named
# programme or document, as "No. 3".
_NF_PART_NAME = re.compile(r"\b(?:phase|stage|tranche|batch|round|part|chapter|volume|vol\.|season|episode)\s+$", re.I)
# "After 18 months of pilot implementation" (c07): time elapsed before something, not a quantity reported.
_NF_AFTER = re.compile(r"\bafter\s+(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|just\s+|only\s+)?$",
                       re.I)


def _not_a_figure(doc: _Document, s: int, e: int, is_word: bool) -> str | None:
    """Why the token at [s, e) is not a figure (rule 2), or None if it may be one."""
    text = doc.text
    before, before2 = text[s - 1:s], text[max(0, s - 2):max(0, s - 1)]
    after, after2 = text[e:e + 1], text[e + 1:e + 2]
    written = text[s:e]
    if doc.address and doc._around(doc.address, s, (-1, -1))[0] >= 0:
        return "address"
    if doc.datelines and doc._around(doc.datelines, s, (-1, -1))[0] >= 0:
        return "dateline (Updated: 3 15,2021)"
    if not is_word:
        # A long run of digits is a serial number or a page's code ("0100200707500000…"), never a figure.
        if len(written) > 12 and written.isdigit() or re.fullmatch(r"0\d+", written):
            return "serial number or code"
        # Letters glued before a number make a code ("t39551", "Office13"), except a
        # currency ("RMB19.4") or a month run together with its year ("february2020").
        if _latin(before) and not _CUR_PREFIX.search(text[max(0, s - 8):s]) \
                and not _NF_MONTH_BEFORE.search(text[max(0, s - 9):s]):
            return "glued to letters (identifier)"
        if (before and before in ">#@/\\=_|&*~^:") or (after and after in "<#@/\\=_|&*~^"):
            return "markup or identifier"
        if after == ":" and after2.isdigit():
            return "clock time or identifier"
        if _NF_ORDINAL.match(text[e:e + 3]):
            return "ordinal"
        # Letters glued after a number are a unit ("60billion") or a code ("5G", "8abdc3c5").
        if _latin(after) and not _RIGHT_UNIT.match(text, e):
            return "glued to letters (identifier)"
        # A hyphen joins dates, standard numbers, ranges and compounds; "-fold" is a unit.
        if (before == "-" and before2.isalnum()) or \
                (after == "-" and after2.isalnum() and not _FOLD.match(text, e)):
            return "hyphenated code, date or compound"
        if (before == "." and before2.isdigit()) or (after == "." and after2.isdigit()):
            return "dotted identifier"
        if (before == "+" and before2.isdigit()) or (after == "+" and after2.isdigit()):
            return "part of a programme's name ('1+1')"
        # "1、", "(2)", "3. Financing": a number opening its clause before a capitalised heading.
        clause_start = doc.clause(s, e)[0]
        # not a count bracketed after a name in a list of them: "Finland (67), Sweden (65) and Singapore (56)"
        # (test15's i01, round 14), as "Guangdong (5,937)"
        named_count = _NF_NAME_BEFORE.search(text, max(0, s - 40), s - 1) is not None \
            and _NF_NAMED_COUNT_AFTER.match(text, e + 1) is not None
        if after == "、" or (before == "(" and after == ")" and _NF_SMALL.fullmatch(written) and not named_count) or (
                after in (".", ")") and not _ALNUM.search(text, clause_start, s)
                and _NF_HEADING.match(text[e:e + 12])):
            return "list marker"
        if _NF_NUMBER_SIGN.search(text[max(0, s - 12):s]) or after == "号":
            return "identifier"
        if before == "[" and after == "]":
            return "footnote marker ([1])"
        if after == "." and _NF_FILE_NAME.match(text, e):
            return "file name (8.jpg)"
        if _NF_SMALL.fullmatch(written) and _NF_PART_NAME.search(text[max(0, s - 12):s]):
            return "part of a programme's or document's name (Phase 1)"
        if _REFERENCE_BEFORE.search(text[max(0, s - 30):s]):
            return "reference to a part of a document or a phone number"
        if _NF_CLOCK.match(text[e:e + 10]):
            return "clock time"
        if _NF_SMALL.fullmatch(written) and (
                _NF_MONTH_DAY.search(text[max(0, s - 12):s])
                or _NF_DAY_MONTH.match(text[e:e + 12])):
            return "day of a month"
    else:
        if written.lower() == "double" and not _NF_DOUBLE_RATIO.match(text, e):
            return "'double' not before a comparison ('nearly double the ratio for 2017' is one)"
        if after == "-" and after2.isalpha():
            return "compound adjective (three-year)"
        # Spelled-out numbers in short quotes are slogans and titles ("six stabilities"); a speaker's quoted
        # sentence is text like any other ("We pledged our two invention patents").
        if doc.in_quote(s)[2]:
            return "number word in a quoted phrase (slogan or title)"
        # a multiple or fraction in words ("have doubled", "accounting for one fifth of"): a figure, whatever
        # follows it (round 11)
        if _MULTIPLE_WORD.fullmatch(written) or _FRACTION_WORD_RE.fullmatch(written):
            return None
        if text[s].isupper() and re.match(r"[\s-]+[A-Z]", text[e:e + 3]) and doc.sentence(s)[0] < s - 2:
            return "part of a name (the Five Year Plan)"
        # "down from the two to three years required under the traditional process" (test10's c10): the lower
        # end of a range of durations is stated, whatever comes before it
        if _WORD_RANGE.match(text, e):
            return None
        # "the three mechanisms": a back-reference to something counted before.
        if _DETERMINER_BEFORE.search(text[max(0, s - 12):s]):
            return "back-reference (the three …)"
        nxt = re.findall(r"[A-Za-z]+", text[e:e + 40])[:2]
        if not nxt or not re.match(r"\s+[A-Za-z%]", text[e:e + 3]):
            return "number word not followed by a noun"
        if any(w.lower() in _DISCOURSE_NOUNS for w in nxt):
            return "counts the speaker's own points"
        if nxt[0].lower() in ("of", "hundred") or \
                re.fullmatch(r"(?:third|quarter|fourth|fifth|tenth|half|halve)s?", nxt[0].lower()):
            return "partitive, fraction or compound number word"
    if doc.in_quote(s)[1]:
        return "inside a quoted title"
    # "In the first six months of this year", "the first five months": the number is part of the time.
    i = bisect.bisect_right(doc.time_spans, (s, math.inf)) - 1
    if i >= 0 and s < doc.time_spans[i][1] and not re.fullmatch(r"(?:19|20)\d\d", written):
        return "part of a time expression (the first six months)"
    lead, tail = text[max(0, s - 30):s], text[e:e + 40]
    if _NF_SPAN_BEFORE.search(lead) and \
            _NF_SPAN_AFTER.match(tail):
        return "time span"
    if _NF_HIGH_IN.search(lead) and _NF_SPAN_AFTER.match(tail):
        return "time span (a new high in five years)"
    if _NF_AGO.match(tail):
        return "time reference (years ago)"
    if _NF_FOR_LEAD.search(lead) and _NF_FOR_YEARS.match(tail):
        return "how long a state lasted (the top of the world for 5 years)"
    if re.fullmatch(r"(?:19|20)\d\d", written) and _NF_THAN_YEAR.search(lead):
        return "the year compared with (25.000 more than 2014)"
    if not is_word and _NF_ISSUE.search(lead) and not _NF_RANK.search(lead):
        return "number of an issue (Issue 28)"
    if _NF_AFTER.search(lead) and _NF_SPAN_AFTER.match(tail):
        return "time elapsed (after 18 months of …)"
    if _NF_CONSECUTIVE.match(tail) and (_NF_RATE.search(text, doc.clause(s, e)[0], s)
                                        or _NF_GROWTH_FOR.search(text, max(doc.clause(s, e)[0], s - 60), s)):
        return "how long a rate lasted (40% for two consecutive years, above four percent of GDP for 10 …)"
    if _NF_CONSECUTIVE.match(tail) and _NF_STREAK.search(text, max(doc.clause(s, e)[0], s - 80), s):
        return "how long a lead lasted (have led globally for six consecutive years)"
    if _NF_FOR_BOUND.search(lead) and _NF_DURATION_AFTER.match(tail):
        return "a term (valid for more than 10 years)"
    if _NF_AGE.search(lead):
        return "age (aged between 25 and 30)"
    if _NF_CLASS_THRESHOLD.search(text, max(doc.sentence(s)[0], s - 250), s):
        return "size class of firms (companies with an income of more than $10 million)"
    size = _NF_SIZE_CLASS.search(text, max(doc.sentence(s)[0], s - 120), s)
    if size and _NF_PLURAL_AFTER.match(tail) and (size.group("range") is None or re.match(r"\s*[-–]\s*\d", tail)) \
            and len(_NF_SIZE_CLASSES.findall(text, *doc.sentence(s))) >= 2:
        return "size class by a count (25 patent agencies with 51 – 100 patent agents)"
    if _NF_RANK_FIELD.search(text, max(doc.sentence(s)[0], s - 80), s):
        return "the field of a rank (ranking the 8th among 49 sample countries)"
    if _NF_INCLUSIVE.search(text[max(0, s - 80):s]):
        return "bound of a threshold restated (including 10 million yuan)"
    if (_NF_PER.search(lead) and not _DECIMAL.fullmatch(written)) or (_NF_EVERY.search(lead) and _NF_HEADCOUNT.match(tail)):
        # a denominator is a round number ("per 10,000 people"); "1 registered trademark per 4.9 market
        # entities" (test9's b06, round 8) states the 4.9, and its "1" is the ratio's unit
        return "denominator (per …, for every 10,000 people)"
    if written == "1" and _ONE_PER.match(text, e):
        return "denominator (per …, for every 10,000 people)"
    if _NF_OUT_OF.search(lead):
        return "scale of a score (80.05 out of 100)"
    if _NF_LOAN_CLASS.search(lead) or _NF_DEAL_CLASS.search(text, max(0, s - 120), s):
        return "size class of loans (loans below 10 million yuan)"
    if _NF_RANK_MOVE.match(text, e):
        return "a move in a ranking (two places up)"
    if _NF_RANK.search(lead) or (is_word and _NF_LEADING.search(lead)):
        return "rank (the top three)"
    if _NF_LIST_NAME.search(lead):
        return "name of a ranking list (Fortune Global 500)"
    if _NF_UNIT_LINE.match(text, doc.paragraph(s)[0]) and _NF_UNIT_LINE.match(text, doc.paragraph(s)[0]).end() >= \
            doc.paragraph(s)[1]:
        return "a table's unit line ((100 million yuan))"
    if _NF_MILESTONE.search(lead):
        return "a threshold passed, not a level (the threshold of 3 million)"
    if _NF_FURNITURE.match(tail):
        return "page furniture (0 Comment(s))"
    # "loans of less than 10 million yuan": the figure names a size class, not an amount.
    # Not a rate: "an actual financing rate of less than 2 percent for a one-year term" (test10's c03) is a level.
    if _NF_THRESHOLD.search(lead) and not re.match(r"\s*(?:%|percent\b|per\s?cent\b)", tail, re.I):
        return "size threshold"
    line_start = text.rfind("\n", 0, s) + 1
    if not is_word and "." in written and not text[line_start:s].strip() and _NF_LINE_HEADING.match(text, e):
        return "numbered heading (1.1 Patent)"
    if _NF_TOOK.search(lead) and _NF_DURATION_AFTER.match(tail):  # years, not "takes 15.5 months" (a pendency)
        return "how long something took (it took 31 years)"
    if _NF_YEARS_OF.match(tail):
        # "Eight Years of Double-Digit Growth" (test14's h10's heading, round 13), "five consecutive years of growth":
        # how long a run lasted, as "a 20-year streak"
        return "how long a run lasted (eight years of double-digit growth)"
    if _NF_DURATION_PART.search(lead) and _NF_SMALL_UNIT_AFTER.match(tail):
        return "the smaller part of one duration (7 months and 2 days)"
    if _NF_FILER_CLASS.search(text[max(doc.sentence(s)[0], s - 120):s]):
        return "bound of a class of filers (17 enterprises filed more than 100 applications)"
    return None


# "2019 highlights include China having 2,691 patent agencies" (test11's e09, round 10): a year before a word for
# the figures of that year names their year; it counts nothing
_YEAR_OF_FIGURES = {"highlights", "statistics", "figures", "results", "numbers", "estimates", "rankings"}


def _counts_something(text: str, s: int, e: int) -> bool:
    """A four-digit number that counts a plural noun ("involving 2000 enterprises"), not a date ("in 2020 enterprises …")."""
    nxt = re.match(r" ([a-z]+)\b", text[e:e + 30])
    # "-ss" is no plural: "the third quarter 2018 press conference" (test8's a02), "2020 progress"
    plural = nxt and (nxt.group(1).endswith("s") and not nxt.group(1).endswith("ss") and len(nxt.group(1)) > 3
                      and nxt.group(1) not in {"this", "thus", "plus", "was", "has", "its"} | _YEAR_OF_FIGURES
                      or nxt.group(1) in {"people", "persons", "staff"})
    return bool(plural) and not _TEMPORAL_BEFORE.search(text[max(0, s - 12):s])


def _is_year(doc: _Document, s: int, e: int, written: str, unit_found: bool, qualifier_found: bool) -> bool:
    if unit_found or qualifier_found or not re.fullmatch(r"(?:19|20)\d{2}", written):
        return False
    return not _counts_something(doc.text, s, e)


# Between a figure and a time that belongs to it: at most three words, after an editor's bracket
# ("12.13 trillion yuan (about 1.9 trillion U.S. dollars) in 2020", "13 percent of GDP by 2025").
_TIME_GAP = re.compile(r"\s*(?:\([^()]{0,80}\)\s*)?(?:[A-Za-z-]+\s+){0,3}?")
_SPAN_LEAD = re.compile(r"(?:during|in|over|throughout)\b", re.I)
_DURING = re.compile(r"(?:during|over|throughout)\b", re.I)  # not "in": "the goal outlined in the 14th … Plan"
_FROM_TO_LEVELS = re.compile(r"\bfrom\s+(?:[^,;:]|,(?=\d{3})){1,60}?\b(?:in|of)\s+((?:19|20)\d{2})\s+to\b", re.I)
_FROM_VALUE = re.compile(r"\bfrom\s+(?:us\s?\$|\$|rmb|¥)?\s*\d", re.I)
_PRESENT_PERFECT = re.compile(
    r"\b(?:has|have)\s+(?:now\s+|already\s+)?(?:reached|grown|risen|increased|exceeded|surpassed|hit|climbed|topped"
    r"|totall?ed)\b", re.I)
# A sentence in the present perfect ("have established", "has also expanded to 27", "have been registered"): as of
# the text, not of a year stated paragraphs before.
_PERFECT_ANYWHERE = re.compile(
    r"\b(?:has|have)\s+(?:(?:also|now|already|further|since|jointly|continuously|steadily|successively|been)\s+)*"
    r"(?:[a-z]+ed|grown|risen|hit|won|built|set|made|become|seen|taken|brought|been)\b", re.I)
# An active verb of counting ("China received", "handled"), not a passive ("2,030,000 foreign trademarks were
# registered", a stock under "By the end of 2022", x04; "businesses which were certified … stood at 9,479").
_FLOW_VERB = re.compile(
    r"(?<!\bwere\s)(?<!\bwas\s)(?<!\bbeen\s)(?<!\bare\s)(?<!\bis\s)(?<!\bbe\s)\b(?:received|granted|filed|examined|concluded|contributed|handled|approved|authori[sz]ed|accepted|certified"
    r"|issued|signed|registered|applied)\b", re.I)
# A flow in the passive ("applications … were received", "192,000 were closed"); not "registered", whose
# passive often counts a stock ("2,030,000 foreign trademarks were registered" by the end of a year, x04).
# Also a count named by a reduced relative ("The 21,600 PCT applications filed by domestic applicants") and a
# pendency ("Trademark examination pendency was constricted to 7 months"), which is of the months it was
# measured over (test8's a02).
_PASSIVE_FLOW = re.compile(r"\b(?:were|was)\s+(?:received|closed|accepted|granted|filed|handled|concluded|examined"
                           r"|approved|issued|signed)\b"
                           r"|\b(?:applications|filings)\s+(?:filed|received|submitted)\s+by\b"
                           r"|\b(?:pendency|examination\s+period|review\s+(?:cycle|period)|processing\s+time)\b",
                           re.I)
# ", up 12.3%" right after a figure's unit: a growth of the figure in the same clause.
_GOES_ON = re.compile(r"\s*(?:in\s+addition\b|besides\b|moreover\b|furthermore\b|meanwhile\b|also\b|likewise\b"
                      r"|similarly\b|among\s+(?:them|these|which)\b|of\s+(?:them|these|which)\b|specifically\b"
                      r"|in\s+particular\b)", re.I)
_OWN_PERFECT_AFTER = re.compile(
    r"[^,;.\d()]{0,40}?\b(?:has|have)\s+(?:(?:also|now|already|further|jointly|successively|been)\s+)*"
    r"(?:[a-z]+ed|grown|risen|won|built|set|made|become|taken|brought)\b", re.I)
_GROWTH_JUST_AFTER = re.compile(r"[^.;,\d]{0,25},\s*(?:up|down|rising|growing|an?\s+(?:year-on-year\s+)?increase\s+of)"
                                r"\s+(?:by\s+)?\d", re.I)
_STOCK_WORDS = re.compile(r"\b(?:in\s+force|in\s+effect)\b", re.I)
_FLOW_WORDS = re.compile(r"\b(?:filed|granted|received|issued|registered\s+(?:in|during)|new(?:ly)?)\b", re.I)


def _end_of_span(period: str) -> str:
    """The end of a part of a year: 2019H1 -> end-2019-06, 2023Q1-Q3 -> end-2023-09, 2020-01-2020-10 ->
    end-2020-10; anything else as it is."""
    m = re.fullmatch(r"((?:19|20)\d{2})(?:H([12])|Q([1-4])|Q1-Q([1-4])|-\d{2}-\1-(\d{2}))", period)
    if not m:
        return period
    month = 6 * int(m[2]) if m[2] else 3 * int(m[3] or m[4]) if (m[3] or m[4]) else int(m[5])
    return _end_of(int(m[1]), month if month < 12 else None)


_ANNUAL_BEFORE = re.compile(r"\bannual(?:ly)?\b[^,;.]*$", re.I)
_SAME_PERIOD_BEFORE = re.compile(r"\bthe\s+same\s+period\s+(?:(?:of|in)\s+)?$", re.I)  # "over the same period in 2017" (z05)
# How far back (characters) a figure with no time in its sentence or paragraph looks for one.
_LOOKBACK = 600


# What part of a year a headline says its text reports on, read forgivingly (round 15): a headline is short, so any
# of these words in it names the report's span, whatever grammar is around them ("Statistics for First Half of
# 2020", "Q1-Q3", "Jan-Sep", "in the first 10 months"). Each gives (first month, last month) of the year.
_HEADLINE_PARTS = [
    (re.compile(r"\b(?:first|1st)\s+(?:two|2)\s+quarters\b|\bQ1\s*[-–~]\s*Q2\b|\b(?:first|1st)[\s-]+half\b|\bH1\b"
                r"|\bhalf[\s-]+year\b|\bmid-?year\b", re.I), lambda m: (1, 6)),
    (re.compile(r"\b(?:second|2nd)[\s-]+half\b|\bH2\b", re.I), lambda m: (7, 12)),
    (re.compile(r"\b(?:first|1st)\s+(?:three|3)\s+quarters\b|\bQ1\s*[-–~]\s*Q3\b", re.I), lambda m: (1, 9)),
    (re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b", re.I),
     lambda m: (3 * _ORDINAL_WORDS[m.group(1).lower()] - 2, 3 * _ORDINAL_WORDS[m.group(1).lower()])),
    (re.compile(r"\bQ([1-4])\b"), lambda m: (3 * int(m.group(1)) - 2, 3 * int(m.group(1)))),
    (re.compile(r"\bfirst\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+months\b", re.I),
     lambda m: (1, int(m.group(1)) if m.group(1).isdigit() else _WORD_VALUES[m.group(1).lower()])),
    (re.compile(rf"\b({_ANY_MONTH_RE}|{_MONTH_ABBR_RE})\s*(?:-|–|to|through|till|until)\s*({_ANY_MONTH_RE}|{_MONTH_ABBR_RE})",
                re.I), lambda m: (_month(m.group(1)), _month(m.group(2)))),
]
_HEADLINE_END = re.compile(rf"\b(?:as\s+of|by|at|until|till)\s+(?:the\s+)?end\s+of\s+({_ANY_MONTH_RE})", re.I)


def _headline_part(text: str, hs: int, he: int, year: int) -> tuple[str, int, int]:
    """(the part of ``year`` the headline ``text[hs:he]`` names, in the dataset's grammar, and where it is written),
    or ("", 0, 0): ``_HEADLINE_PARTS``; "as of the end of March" is a stock at that month's end."""
    end = _HEADLINE_END.search(text, hs, he)
    if end:
        return _end_of(year, _month(end.group(1))), end.start(), end.end()
    for pattern, months in _HEADLINE_PARTS:
        m = pattern.search(text, hs, he)
        if m:
            first, last = months(m)
            return (_months_of(year, first, last), m.start(), m.end()) if 1 <= first <= last <= 12 else ("", 0, 0)
    return "", 0, 0


def _read_headline(text: str, found: list[_Time], headline: tuple[int, int], year: int | None) -> list[_Time]:
    """The headline's time read as the text's anchor (round 15): its part of the year read forgivingly, of the
    year the headline writes, else of the release's ("CNIPA Publishes China's IP Statistics for First Half of
    2020": 2020H1 where the grammar read 2020). Every rule that reads times — carrying, "the same period last
    year", the lead — then reads the anchor."""
    hs, he = headline
    told = next((t for t in found if hs <= t.start < he and not (t.base or t.aside or t.named)), None)
    if told is not None and not re.fullmatch(r"(?:19|20)\d{2}", told.period):
        return found
    y = int(told.period) if told is not None else year
    part, ps, pe = _headline_part(text, hs, he, y) if y and he > hs else ("", 0, 0)
    if not part:
        return found
    if told is not None:
        return [_Time(t.start, t.end, part) if t is told else t for t in found]
    return sorted(found + [_Time(ps, pe, part)], key=lambda t: t.start)


def _text_anchor(doc: _Document) -> tuple[_Time | None, str]:
    """(the time the text as a whole is about, where it was read: "headline" or "lead"), or (None, "") when the text
    states none before its body moves on (its figures are then as stated at publication). Read once, before any
    sentence: the headline's time (read forgivingly, ``_read_headline``), else the first time of the lead (the
    title and the first two paragraphs: "In 2021, …", carried through a long breakdown, test4's w05). A line holding
    only the release's date ("2013/03/15" under the headline, test14's h03, round 13) is no paragraph of the lead."""
    hs, he = doc.headline
    first = next((t for t in doc.times if not t.named), None)
    if first is not None and hs <= first.start < he:
        return first, "headline"
    lead = [p for p in doc.paragraphs if not _DATE_LINE.fullmatch(doc.text, *p)] or doc.paragraphs
    top = lead[min(2, len(lead) - 1)][1] if lead else 0
    return (first, "lead") if first is not None and first.start < top else (None, "")


def _as_of_text(doc: _Document) -> _Time | None:
    """The time of the text itself, for what it says in the present perfect: the anchor when the text reports as of
    a stock's date (a headline or lead "as of the end of June 2023"), else None (as stated at publication)."""
    a = doc.anchor
    return a if a is not None and a.period.startswith("end-") else None


def _anchor_time(doc: _Document, ss: int, se: int) -> _Time | None:
    """The text's anchor (``_text_anchor``) for a figure further on than ``_LOOKBACK`` from any time of its own:
    when the last time written before the figure's sentence is of the anchor's years (nothing else told since: a
    new year, "this year", a span means the text has moved on, and the figure is as stated at publication, as in
    test/'s t04 and t09, whose later paragraphs change subject). A sentence in the present perfect ("over 100
    universities have established …") is as of the text (``_as_of_text``)."""
    anchor = doc.anchor
    last = doc.last_time(0, ss)
    if _PERFECT_ANYWHERE.search(doc.text, ss, se):
        return _as_of_text(doc)
    if anchor is None or last is None or _years(last.period) != _years(anchor.period) \
            or doc.lead_moved_on(last, ss):
        return None
    if last.period.startswith("end-") and not anchor.period.startswith("end-"):
        # a stock's date of the same year ("At the year's end, …") dates its own sentences; what the anchor carries
        # on, paragraphs later, is the anchor's year ("1,052 businesses were certified": test5's x01)
        return anchor
    return last


_GOAL_OF = re.compile(r"\b(?:goal|target|objective)s?\s+(?:of|was|is)\s*$", re.I)


_PAIR_LATER = re.compile(r"\s*(?:over\s+|more\s+than\s+)?[\d,.]+(?:\s+[A-Za-z]+){0,3}?\s+(?:in|of)\s+((?:19|20)\d{2})\b",
                         re.I)  # the later level of "from 69,000 in 2012 to 308,000 in 2021"


def _earlier_of_pair(doc: _Document, s: int, period: str) -> str:
    """A level after "from" ("the grant rate rose from 65.1% to 83.9%", "8.89 billion yuan from 820 million yuan")
    under a pair of levels with years stated before it in its paragraph ("from 69,000 in 2012 to 308,000 in
    2021"): the pair's earlier year, when the figure was given the later one (test9's b04, round 8)."""
    m = None
    for m in _FROM_TO_LEVELS.finditer(doc.text, doc.paragraph(s)[0], s):
        pass
    later = _PAIR_LATER.match(doc.text, m.end(), s) if m else None
    return m.group(1) if later and later.group(1) == period else period


def _plan_goal(doc: _Document, s: int, cs: int, ce: int) -> _Time | None:
    """"surpassing the goal of 12 set out in the 14th Five-Year Plan (2021-2025)" (test8's a06): a plan's goal
    is for the plan's last year, not for the date of the figure it is compared with."""
    if not _GOAL_OF.search(doc.text, max(cs, s - 30), s):
        return None
    t = doc.first_time(s, ce, named=True)
    span = re.fullmatch(r"((?:19|20)\d{2})-((?:19|20)\d{2})", t.period) if t is not None and t.named else None
    return _Time(t.start, t.end, span.group(2), named=True) if span else None


# "increased from 796 to 2,691 from 2010 to 2019": a pair of levels, one at each end of the span
_LEVEL_PAIR = re.compile(r"\bfrom\s+(?:us\s?\$|\$|rmb|¥)?\s*(?!(?:19|20)\d{2}\b)\d[\d,.]*[^.;]{0,40}?\bto\s+"
                         r"(?:us\s?\$|\$|rmb|¥)?\s*(?!(?:19|20)\d{2}\b)\d", re.I)


# A sentence that speaks of the future: "The average time … will be reduced to within four months" (test12's
# f02, round 11) after "By the end of 2022, the processing time … will be cut to about 16.5 months"
_FUTURE_SENTENCE = re.compile(r"\b(?:will|shall)\s+(?:be\s+|have\s+been\s+)?[a-z]+(?:ed|en)\b|\bwill\s+(?:reach|exceed|"
                              r"top|surpass|hit|rise|grow|fall|drop|increase|decrease)\b", re.I)


def _carried(doc: _Document, t: _Time, ss: int = -1, se: int = -1) -> _Time | None:
    """What a time stated in an earlier sentence gives a figure it is carried to (round 10, test11's e09 and e10).
    A target ("the target will be reached by 2028": a year after the text's own) dates only its own sentence:
    the figures after it are of the last time stated before it that is no target. A span between two levels
    ("increased from 796 to 2,691 from 2010 to 2019") dates the levels at its ends, and the figures told after
    it (how the 2,691 agencies are spread) are of its last year, not totals over it. A sentence of the future
    right after a target's (``ss``, ``se``: the figure's sentence) goes on with the target: its time carries."""
    if t is not None and ss >= 0 and _FUTURE_SENTENCE.search(doc.text, ss, se) \
            and doc.sentence(max(0, ss - 2))[0] <= t.start:
        return t
    while t is not None and doc.year and _years(t.period) and min(int(y) for y in _years(t.period)) > doc.year:
        t = doc.last_time(max(0, t.start - _LOOKBACK), t.start)
    if t is None:
        return None
    if _SINCE_BEFORE.search(doc.text, max(0, t.start - 8), t.start) and len(_years(t.period)) == 2:
        # what was counted since a time spans up to the text's; a figure told in a later sentence ("Since September
        # last year, 12 products … were added …. And the total number of GI trademarks in Shanxi reached 72",
        # test13's g06, round 13) is of the span's last year, as after a span between two levels
        return _Time(t.start, t.end, max(_years(t.period)))
    span = re.fullmatch(r"((?:19|20)\d{2})-((?:19|20)\d{2})", t.period)
    if span and not t.named and not t.anaphor:
        ts, te = doc.sentence(t.start)
        if _LEVEL_PAIR.search(doc.text, ts, te):
            return _Time(t.start, t.end, span.group(2))
    return t


_THAT_OF_CLAUSE = re.compile(r"\s*(?:while|whereas|and|but)?\s*(?:that|those)\s+of\s+(?:the\s+year\s+)?$", re.I)
# also "When compared with that in 2013, which stood at around 4 trillion yuan" (test15's i06, round 14): a relative
# clause on the time compared with tells what was so then
# (a level, not a change: "since 1997, which increased by an average of 22% annually" is over the span, test7's z06)
_WHEN_CLAUSE = re.compile(r"\s*(?:when|where|which\s+(?:stood|was|were|amounted|totall?ed|reached)\b)[^\d]*$", re.I)


def _clause_subject_time(doc: _Document, cs: int, s: int) -> _Time | None:
    """The time a figure's own clause opens with, when it is read as a base elsewhere: "while that of 2015
    accounted for 7.30%" (the subject of the clause is that year's value), "since 2011, when the number … was
    570,000" (the clause says what was so at that time). It dates only that clause."""
    text = doc.text
    i = bisect.bisect_left(doc.base_starts, cs)
    while i < len(doc.bases) and doc.bases[i].end <= s:
        b = doc.bases[i]
        if _THAT_OF_CLAUSE.fullmatch(text, cs, b.start) and not re.search(r"\d", text[b.end:s]) \
                and doc.last_time(cs, s) is None:
            return b
        i += 1
    if _WHEN_CLAUSE.fullmatch(text, cs, s) and cs > 0:
        j = bisect.bisect_right(doc.base_starts, cs) - 1
        cands = [t for t in (doc.bases[j] if j >= 0 else None, doc.last_time(max(0, cs - 40), cs)) if t is not None]
        for t in cands:
            if re.fullmatch(r"\s*,\s*", text[t.end:cs]):
                return t
    return None


_PAIR_TO = re.compile(r"\s*(?:%|percent|per\s?cent|[A-Za-z]+)?\s*(?:in\s+(?:19|20)\d{2}\s*)?to\s", re.I)
# A lead-in naming what the changes after it are compared with, and nothing else: "Comparing with 2022 March grant
# numbers:", "Compared with the same month of 2022," (round 14)
# also a sentence that opens with it: "When compared with that in 2013, which stood at …, the value in 2017 registered a
# 42 percent surge" (test15's i06)
_LEAD_IN_BASE = re.compile(r"(?:^|[\n.;·•*-])\s*(?:[·•*-]\s*)?(?:when\s+|as\s+)?compar(?:ed|ing)\s+(?:with|to)\s+"
                           r"(?:the\s+|(?:that|those)\s+(?:in|of)\s+)?$", re.I)
_LEAD_IN_REST = re.compile(r"[^\d\n.;:]{0,60}[:,]", re.I)


def _lead_in_base(doc: _Document, s: int) -> _Time | None:
    """The base of a lead-in before ``s`` ("Comparing with 2022 March grant numbers:"); None else."""
    text = doc.text
    i = bisect.bisect_left(doc.base_starts, s) - 1
    if i < 0:
        return None
    b = doc.bases[i]
    if s - b.end > 600 or not _LEAD_IN_BASE.search(text, max(0, b.start - 40), b.start) \
            or not _LEAD_IN_REST.match(text, b.end):
        return None
    return b


def _year_later(doc: _Document, b: _Time, s: int) -> _Time | None:
    """The same period as the base ``b`` a year later, dating the changes under a lead-in that names only their base,
    when no time is told between and that period is not after the release."""
    if doc.first_time(b.end, s) is not None:
        return None  # a time told since dates what follows
    later = year_after(b.period)
    if not later or not doc.year or int(re.search(r"(?:19|20)\d{2}", later).group()) > doc.year:
        return None
    return _Time(b.start, b.end, later)


def _period_from(doc: _Document, best: _Time | None, ss: int, from_anchor: bool) -> str:
    """How a figure's period was found (``PERIOD_FROM``), for the reviewer: written in its own sentence, carried from
    an earlier sentence, the text's anchor (its headline's or lead's time, ``_text_anchor``), or none written (the
    year of publication)."""
    if best is None:
        return PERIOD_FROM[3]
    if best.start >= ss:
        return PERIOD_FROM[0]
    return PERIOD_FROM[2] if from_anchor or best is doc.anchor else PERIOD_FROM[1]


def _period_for(doc: _Document, s: int, e: int, tail_end: int, lead: str, table: str, kind: str,
                unit: str = "") -> tuple[str, str]:
    """(period, base period) of rule 6; ``lead`` is the clause before the figure's qualifier."""
    text = doc.text
    ss, se = doc.sentence(s)
    cs, ce = doc.clause(s, e)
    from_anchor = False
    # 0. A figure inside a bracket that writes its own time: "(2019 first half: 229)".
    best = doc.aside_time(s)
    if best is None:
        # 0a. the time its own clause opens with, though read as a base: "The added value accounted for 7.33% of GDP
        #     while that of 2015 accounted for 7.30%" (test11's e08), "increased about fourfold since 2011, when
        #     the number of copyright registrations was 570,000" (test12's f10; round 13)
        best = _clause_subject_time(doc, cs, s)
    # 1. A time right after the figure: "2,357 in 2012", "6.3 at the end of the 13th Five-Year Plan period".
    t = doc.first_time(tail_end, min(se, tail_end + 160))
    if best is None and t and _TIME_GAP.fullmatch(text, tail_end, t.start) \
            and not doc.first_base(tail_end, t.start):
        best = t
    if best is None:
        # 1a. the value compared with and its own time: "compared to 796 agencies in 2010" (round 10)
        b = doc.first_base(tail_end, min(se, tail_end + 80))
        if b is not None and b.own and _TIME_GAP.fullmatch(text, tail_end, b.start) \
                and (t is None or t.start > b.start):
            best = b
    if best is None:
        # 1b. A time later in the figure's own clause, when an earlier clause of the sentence states another:
        #     "soared 57 per cent in the first six months of 2024 …, after increasing 75 per cent to Rmb854bn for
        #     the full year in 2023" (test6's y09, fixed after its blind run); not after "from <a value>".
        t = doc.first_time(e, ce)
        if t is not None and doc.last_time(ss, cs) is not None and not _FROM_VALUE.search(text, e, t.start) \
                and not doc.first_base(e, t.start):
            best = t
    if best is None:
        # 2. The last time before it in its sentence; a span the sentence names only when the figure is a total
        #    over it ("During the 13th Five-Year Plan period, fees fell by 47 billion yuan").
        best = doc.last_time(ss, s)
        named = doc.last_time(ss, s, named=True)
        if named is not None and named.named and (best is None or named.start > best.start) \
                and _SPAN_LEAD.match(text, named.start):
            best = named
    if best is None:
        # 3. the first after it in its sentence, 4. the last before it in its paragraph, 5. in the sentences
        #    just before ("In 2021, … . Companies held more than 1.9 million …"; a heading's year).
        #    A time after "from <an earlier value>" is that value's ("…, up from 1.9 per 10,000 in 2021"); a figure
        #    in the present perfect ("has grown to 134") is as of the text, not of a time in the sentences before.
        ps, _ = doc.paragraph(s)
        best = doc.first_time(e, se)
        if best is not None and _FROM_VALUE.search(text, e, best.start):
            best = None
        if best is not None and (best.now or best.anaphor == _WHOLE_YEAR) and best.start > ce:
            # "… pushed the information to a first batch of 6,365 companies, right now resulting in 306 patent
            # license documents recorded" (test14's h04, round 13): the time of the text in a later clause dates
            # that clause; the figure before it keeps the time carried to its sentence. So does "for the whole year"
            # ("hit 166.4 billion yuan … during the 10-month period, …, and is likely to exceed 200 billion yuan for the
            # whole year", test9's b05)
            best = None
        perfect = _PRESENT_PERFECT.search(text, max(cs, s - 80), s)
        # … also a running total, the subject of a verb in the present perfect: "The annual output value … increased
        # from 639.8 billion yuan in 2020 to 969 billion yuan in 2024, Shen noted. A total of 7,424 GIs have been
        # registered …, and over 37,000 business entities have been authorized" (test/'s t09, round 13): as of the
        # text. Not without a total's word: "744,000 patents have been handled and concluded" after "In 2017, …"
        # (test6's y08) is of that year
        # (when the text's date is known: else the year stated before is the best time there is, as in the
        # shipped scio-2022-hu's "a total of 30 provinces have launched …" under "in 2021")
        # (the total's word told before the figure or in its clause: not "25 compensation cases have been closed, and
        # the total amount of compensation paid is …" under "as of the end of 2015", test16's j06, round 14, where
        # the total is of another figure)
        perfect = perfect or (doc.year and _OWN_PERFECT_AFTER.match(text, e, ce) and _TOTAL_WORD.search(text, ss, ce))
        if perfect and _GROWTH_JUST_AFTER.match(text, e):
            # "In 2018, … . The total amount of patent and trademark pledge financing has surpassed 122.4 billion
            # RMB, up 12.3%" (test6's y04): a flow with its growth, of the year of the paragraph, not "as of" the
            # text; only a year (not a stock's date) is taken from before
            t = doc.last_time(ps, s)
            if t is not None and re.fullmatch(r"(?:19|20)\d{2}", t.period):
                perfect = None
        chain_ran = best is None
        if best is None and perfect:
            # as of the text: of the date a text anchored at a stock's date reports ("as of the end of June 2023, …
            # more than 1,100 patents have realized …", test9's b08, round 15), else of its publication
            best = _as_of_text(doc)
            from_anchor = best is not None
        elif best is None:
            best = doc.last_time(ps, s)
            # a span named "during the 12th Five-Year Plan period" earlier in the paragraph dates what follows
            # it there, as a year would ("For example, a … company secured a loan of 80 million yuan": x08)
            named = doc.last_time(ps, s, named=True)
            if named is not None and named.named and (best is None or named.start > best.start) \
                    and _DURING.match(text, named.start):
                best = named
            if best is None:
                best = doc.last_time(max(0, ss - _LOOKBACK), ss)
                if best is None and ps < ss and not _PERFECT_ANYWHERE.search(text, ss, se):
                    # a paragraph keeps one anchor: its later sentences look back as far as its first does
                    # ("In terms of size, there are 10 patent agencies … . In contrast, there are 2,232 agencies
                    # …", test11's e09, round 10); not a sentence in the present perfect, which is as of the text
                    best = doc.last_time(max(0, ps - _LOOKBACK), ss)
                if best is None:
                    best = _anchor_time(doc, ss, se)
                    from_anchor = best is not None
                if best is None and _GOES_ON.match(text, ss) and not _PERFECT_ANYWHERE.search(text, ss, se):
                    # a sentence that says it goes on with what was told before ("In addition to trademark-
                    # collateralized loans, … handled 3,511 pieces of equity pledge", test14's h03; "Besides, …",
                    # "Among them, …") keeps the last time told, however far back (round 13)
                    best = doc.last_time(0, ss)
        if chain_ran:
            if best is not None and best.start < ss:
                best = _carried(doc, best, ss, se)
            if best is not None and best.start < ss and _FLOW_VERB.search(text, ss, se):
                # a flow counted in a later sentence ("China received 72,000 PCT applications") under a year-end
                # date carried from before ("At the year's end, … valid invention patents grossed 2.213
                # million"): of that year, not at its end (test5's x01)
                end_year = re.fullmatch(r"end-((?:19|20)\d{2})", best.period)
                if end_year:
                    best = _Time(best.start, best.end, end_year.group(1))
            end_month = re.fullmatch(r"end-((?:19|20)\d{2})-(\d{2})", best.period) if best is not None else None
            if end_month and best.start < ss and _PASSIVE_FLOW.search(text, ss, se):
                # a flow counted in a later sentence under a mid-year stock's date carried from before ("By the
                # end of June 2020, the number of valid registered trademarks … reached 27.414 million. A total
                # of 166,000 applications … were received, and 192,000 were closed": test6's y05): the months
                # of that year up to the date, as a year-end date gives its year
                best = _Time(best.start, best.end, _months_of(int(end_month.group(1)), 1, int(end_month.group(2))))
    goal = _plan_goal(doc, s, cs, ce)
    if goal is not None:
        best = goal
    lead_base = None
    if table == "claim" and kind in ("growth", "absolute_change"):
        # "· Comparing with 2022 March grant numbers: 1. Invention patent has slightly increased by 2200 (+1.39%)"
        # (test16's j04, round 14): a change under a lead-in that names only what it is compared with is measured
        # from it and, told without a time, is of the same part of the year a year later (not after the release)
        lead_base = _lead_in_base(doc, s)
        if best is None and lead_base is not None:
            best = _year_later(doc, lead_base, s)
    elif kind in ("", "level", "share") and re.search(r"\bfrom\s+(?:about\s+|around\s+|nearly\s+)?$", lead, re.I) \
            and not _PAIR_TO.match(text, e):
        # "When compared with that in 2013, …, the proportion of GDP rose from 7.27 percent" (test15's i06, round 14):
        # a level a change starts from, with no end after it, is of the time the sentence is compared with
        b = _lead_in_base(doc, s)
        if b is not None and b.start >= doc.sentence(s)[0]:
            best = b
    doc.period_from = _period_from(doc, best, ss, from_anchor)
    if best is None:
        # Said without a time: as stated at publication (the dataset's "as stated at" convention).
        period = str(doc.year) if doc.year else ""
    else:
        period = best.period
    if best is not None and table == "observation":
        end_year = re.fullmatch(r"end-((?:19|20)\d{2})", period)
        if end_year and _ANNUAL_BEFORE.search(text, max(cs, s - 60), s):
            # "by the end of 2023, with the annual output value … exceeding 800 billion yuan": a flow of the year
            period = end_year.group(1)
        if _STOCK_WORDS.search(text, cs, ce) and not _FLOW_WORDS.search(text, cs, ce):
            # a stock ("totaling 35,000 international trademark registrations in force", test/'s t01, round 13)
            # under a part of a year ("In the past six months" of the first half) is at that part's end: a count
            # in force has a date, not a span
            period = _end_of_span(period)
    if table == "observation" and re.search(r"\bfrom\s+$", lead, re.I):
        period = _earlier_of_pair(doc, s, period)
    base = ""
    span = re.fullmatch(r"((?:19|20)\d{2})-((?:19|20)\d{2})", period)
    if span and best is not None and text[best.via if best.via >= 0 else best.start:].lower().startswith("from"):
        # "From 2012 to 2021, applications increased from 106,000 to 367,000, an increase of 246.2%":
        # the level after "from" is the first year, the others (and every relation) the last.
        if table == "observation" and re.search(r"\bfrom\s+$", lead, re.I):
            period = span.group(1)
        elif kind == "share":
            pass  # "received 178,000 … from 2016 to 2022, accounting for 31.9 percent": a share of the span's total
        elif table == "claim" or re.search(r"\bfrom\s+\S+.*\bto\s+$", lead, re.I):
            # a relation under "from 2018 to 2022" in its own sentence is measured from the first year
            period, base = span.group(2), (span.group(1) if best.start >= ss else "")
    elif span and best is not None and best.named and best.start >= ss and kind in ("", "level", "share") \
            and re.search(r"\bfrom\s+(?:us\s?\$|\$|rmb|¥)?\s*$", lead, re.I):
        # "During the 13th Five-Year Plan period (2016-2020), … the added value grown by 38% from RMB 5.46
        # trillion to RMB 7.51 trillion" (test11's e07, round 10): a level after "from" is the span's first year, the
        # one after "to" its last, as under "From 2012 to 2021"
        period = span.group(1)
    elif span and best is not None and best.named and best.start >= ss and kind in ("", "level", "share") \
            and re.search(r"\bfrom\s+\S+.*\bto\s+(?:us\s?\$|\$|rmb|¥)?\s*$", lead, re.I):
        period = span.group(2)
    elif span and kind in ("growth", "cagr", "multiple"):
        # growth over a span ("an average annual growth of 9% over the past three years", "during the 13th
        # Five-Year Plan period"): to its last year from the year before its first; from its first year when the
        # sentence gives the levels at its two ends ("grown by 38% from RMB 5.46 trillion to RMB 7.51 trillion",
        # test11's e07, round 10)
        period, base = span.group(2), str(int(span.group(1)) - 1)
        if _LEVEL_PAIR.search(text, ss, se) or (kind == "cagr" and best is not None and best.start >= ss):
            # … and an average annual growth over a span told in its sentence ("between 2016 and 2019", "from 2013
            # to 2022") runs from the first year named (test15's i03, round 14; README: "the first year of 'from 1997
            # to 2018'"; it also set right three labels of test3, test4 and test8)
            base = span.group(1)
    if table != "claim" or kind not in ("growth", "cagr", "multiple", "absolute_change"):
        return period, ""
    # The base: stated after the figure ("1.07 points higher than the figure in 2019", "up 20% from 2019"),
    b = doc.first_base(tail_end, min(se, max(ce, tail_end + 80)))
    if b is None and lead_base is not None:
        return period, lead_base.period
    if b is not None:
        if b.anaphor in (_SAME_PERIOD_LAST_YEAR, _A_YEAR_EARLIER) \
                or _SAME_PERIOD_BEFORE.search(text, max(0, b.start - 30), b.start):
            # "compared to the same period last year": the period a year before the figure's, whatever year
            # "last year" names (a January release on the year before writes "last year" for two years back)
            return period, year_before(period) or b.period
        if period.startswith("end-") and re.fullmatch(r"(?:19|20)\d{2}", b.period):
            return period, "end-" + b.period  # a stock "compared to 2023": at the end of 2023
        # (not the time of a value the change is counted from: "an increase of 4,371 from the total number of last
        # year", "… from the roughly 1.22 million applications submitted last year" of January-October, test16's j05,
        # round 14: that year's whole total)
        if re.fullmatch(r"(?:19|20)\d{2}", b.period) and year_before(period) and not b.own and \
                not _FIGURES_OF_BEFORE.search(text, max(0, b.start - 60), b.start) and \
                year_before(period) != b.period and _years(year_before(period)) == {b.period}:
            # "accounting for 43.5% of the aforementioned total value, an uptick of 1.5% compared with last
            # year" of the first half of 2023 (test10's c05): the same half of the year named
            return period, year_before(period)
        return period, b.period
    if base:
        return period, base
    if kind == "cagr":
        # "increased for 5 consecutive years with annual growth rate of 70%" of 2010 (test11's e01, round 10): from
        # the year before those five
        n = re.search(r"\bfor\s+(\d+|\w+)\s+consecutive\s+years\s+with\b[^.;]*$", text[max(ss, s - 120):s], re.I)
        years_n = (int(n.group(1)) if n.group(1).isdigit() else _WORD_VALUES.get(n.group(1).lower())) if n else None
        if years_n and re.fullmatch(r"(?:19|20)\d{2}", period):
            return period, str(int(period) - int(years_n))
        # "… witnessed a robust increase of 9.4 percent over the period spanning from 2013 to 2023" (test10's c08):
        # an average growth from the first year of the span stated after it in its sentence
        t = doc.first_time(tail_end, se)
        span_after = re.fullmatch(r"((?:19|20)\d{2})-((?:19|20)\d{2})", t.period) if t is not None else None
        if span_after and text[t.start:].lower().startswith("from") and span_after.group(2) == period:
            return period, span_after.group(1)
        # "since 1997, which increased by an average of 22% annually" (test7's z06): growth from the year after "since"
        for t in doc.bases:
            if ss <= t.start < s and re.search(r"\bsince\s+$", text[max(0, t.start - 8):t.start], re.I):
                return period, t.period
    # the first year of a pair of levels before it ("from 106,000 in 2012 to 367,000 in 2021, a growth of 246.2%"),
    # or in its paragraph ("… from 69,000 in 2012 to 308,000 in 2021 … . … up a whopping 10 times": test9's b04,
    # round 8)
    m = None
    for m in _FROM_TO_LEVELS.finditer(text, doc.paragraph(s)[0], s):
        pass
    if m is not None:
        return period, m.group(1)
    # else the same period a year before: "year on year", "over the previous year", and a growth stated
    # without a base (the dataset's reading of "an increase of 33.4%").
    if kind == "absolute_change" and _NAMED_DIFFERENCE_TAIL.match(text[tail_end:tail_end + 120]):
        return period, ""  # a difference from another place's level, not from an earlier time (round 14)
    if kind == "multiple" and (_YOY_WORD.search(text, max(cs, s - 40), s) or _YOY_WORD.match(text, tail_end)):
        # "a year-on-year increase of 2 times" (test16's j08, round 14), "doubled year on year": a multiple of the
        # same period a year before
        return period, year_before(period)
    return period, year_before(period) if kind in ("growth", "absolute_change") else ""


# --------------------------------------------------------------------------
# Indicator guess
# --------------------------------------------------------------------------

# Words of one measure written two ways in the releases and the catalogue's labels.
_SYNONYMS = [
    (r"intellectual\s+propert(?:y|ies)(?:\s+rights?)?", " ip "), (r"\biprs?\b", " ip "),
    # "the IPR exports … amounting to 14.94 billion yuan" (test8's a01): what is exported of IP is its royalties
    # "IPR loyalties" (test10's c04): a translator's slip for royalties
    (r"\bip\s+loyalt(?:y|ies)\b", " ip royalties "),
    # "Payment for the use of China's intellectual property by overseas economies" (test10's c04): the royalties
    # foreign users pay for China's IP are its royalty exports; "charges for the use of intellectual property"
    # (test2's u02, the balance of payments' name) are royalties
    (r"\b(?:payments?|charges?|fees?)\s+for\s+the\s+use\s+of\s+(?:china['’]s\s+)?ip\s+by\s+(?:overseas|foreign)\b",
     " ip royalties exports by "),
    (r"\b(?:payments?|charges?|fees?)\s+for\s+the\s+use\s+of\s+ip\b", " ip royalties "),
    (r"\bip\s+exports?\b", " ip royalties exports "),
    # "Exports of intellectual property rights (IPRs) rose 17.7 percent" (dev's d01): the same, word order turned
    (r"\bexports?\s+of\s+ip(?:\s*\(\s*ip\s*\))?", " ip royalties exports "),
    # "the total trade of China's IPR royalties" (test9's b03), "total trade in intellectual property royalties",
    # "China's intellectual property trade accounted for about 6.1 percent of … services trade" (test2's u01):
    # the trade in royalties is their imports and exports together
    (r"\btotal\s+trade\s+(?:volume\s+)?(?:of|in)\b", " import export of "),
    (r"\bip\s+trade\b(?!\s+(?:deficit|surplus|balance))", " ip royalties import export "),
    # "leading to the conclusion of nearly 8,000 licensing deals" (test10's c01): deals concluded are the
    # catalogue's "licensing projects concluded"
    (r"\bthe\s+conclusion\s+of\b", " concluded "), (r"\bdeals\b", " projects "),
    # "the trial program on patent open licensing" (test10's c01): a trial programme is a pilot
    (r"\btrial\s+(program(?:me)?|project|scheme)s?\b", r" pilot \1 "),
    # "76,000 small and medium-sized enterprises" (test9's b08): the catalogue's labels say SMEs
    (r"\b(?:micro,?\s+)?small(?:,|\s+and)\s+medium[- ]sized\s+(?:enterprises?|firms|companies|businesses)\b",
     " sme "),
    # "Monetary value of patent commercialization amounted to 8.89 billion yuan" (test9's b04, test/'s t04): what
    # patents' commercialisation brings in is the amount of their transfers and licences
    (r"\b(?:monetary\s+)?value\s+of\s+patent\s+commerciali[sz]ation\b", " patent transfer amount "),
    # "Trademark examination pendency" (test8's a02): a trademark is examined for its registration
    (r"\btrademark\s+examination\b", " trademark registration examination "),
    # "more than 28,000 companies" (test2's u04): the catalogue's labels say enterprises
    (r"\bcompan(?:y|ies)\b", " enterprise "),
    (r"\bagenc(?:y|ies)\b", " institution "), (r"\bpractitioners?\b", " employee "),
    # "IP service providers", "China's IP service industry generated … revenue" (test9's b07, round 8): the
    # industry is its institutions (not in "IP service industry employees": those are its employees)
    (r"\bservice\s+providers?\b", " service institution "), (r"\bip\s+services?\s+industry\b(?!\s+(?:employees?|practitioners?|staff|workers?))", " ip service institution "),
    (r"\b(?:revenues?|earnings)\b", " income "), (r"\b(?:authori[sz]ed|granted)\b", " grant "),
    (r"\b(?:review|examination)\s+(?:period|cycle|time|pendency)s?\b", " examination cycle "),
    # "the trademark registration turnaround time was shortened to less than 7 months" (test5's x06); "the
    # examination circle for trademark registration" (test6's y02, a translator's slip for cycle)
    (r"\bturnaround\s+times?\b|\bexamination\s+circles?\b", " examination cycle "),
    (r"\bpendency\b", " examination cycle "),
    # "the review cycle of an application for a high-value patent invention" (test11's e05, round 10): a
    # high-value patent is an invention patent, and the catalogue names it so
    (r"\bhigh[- ]value\s+patent\s+inventions?\b|\bhigh[- ]value\s+invention\s+patents?\b", " high-value patent "),
    # "the insured amount of intellectual property insurance" (test11's e03, round 10): the risk protection
    (r"\binsured\s+amounts?\b", " risk protection "), (r"\bcent(?:er|re)s\b", " center "),
    (r"\bcolleges?\s+and\s+universit(?:y|ies)\b", " university "),
    # the lenders of IP pledge loans (金融机构)
    (r"\b(?:banking\s+)?financial\s+institutions?\b", " bank institution "),
    # "IP-backed loans" (test3's v05) are IP pledge loans
    (r"\b(?:ip|intellectual\s+property)[- ]backed\s+(loans?|lending)\b", r" ip pledge \1 "),
    # "intellectual property-pledged financing loans" (test6's y09): the financing secured by pledges of IP
    # rights, the catalogue's pledge_financing_amount ("intellectual property pledge financing" is the same
    # series, its scope note says). Not a bare "IP pledge financing", which local releases use for their own.
    (r"\b(?:ip|intellectual\s+property)\s*-\s*pledged\s+financing(?:\s+loans?)?\b",
     " patent trademark pledge financing "),
    # … nor is "China's total amount of intellectual property pledge financing" (test9's b05, round 8): the
    # country's total is the national series
    (r"\b(?:china['’]s|the\s+country['’]s)\s+(?:total\s+(?:amount\s+of\s+)?)?ip\s+pledge\s+financing\b",
     " china patent trademark pledge financing "),
]
_SYNONYM_RES = [(re.compile(a, re.I), b) for a, b in _SYNONYMS]
def _stem(w: str) -> str:
    """A crude stem, enough to meet a label's words: pledged/pledge -> pledg, financing -> financ, cities -> city."""
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        w = w[:-1]
    for suffix in ("ing", "ed", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[:-len(suffix)]
            break
    return w[:7]


# Words that say what is done to a figure (a change, a share, a rate per year), not what it measures: read in
# neither the text nor the labels ("up 2.5 percent year on year" says nothing of the indicator).
_RELATION_WORDS = {_stem(w) for w in """
    increase increased increasing growth grew grow grown growing rise rose risen rising up down decrease decreased
    decline declined fell fall year years annual annually compared comparison previous percent percentage point points
    accounting account accounted represent representing reached reach reaching total totaled totalled amount amounted
    number same period higher lower than over time times per
    yuan dollar dollars u s usd rmb cny thousand million billion trillion about approximately""".split()}
# Label words that narrow a measure to a scope (data/README: "same-sounding figures with different scopes are
# different indicators"): a label with one of them is no guess for a sentence without it ("Patent applications
# by universities" for "683,000 invention patent applications"), and one in the figure's clause that a label
# lacks counts against that label.
_SCOPE_WORDS = {_stem(w) for w in """
    university universities research college sme small bank banking demonstration pilot park campaign province
    provinces city cities new average cumulative target expected geographical gi trademark export import insurance
    securitisation securitization pledge license licence transfer invention employee income institution enterprise
    project fund platform window center standard policy plan grant application registration commercialization
    intensive inclusive related
    """.split()}


# Whose figures a sentence gives, when it is not the whole country's: what a following sentence that names no
# one goes on about. Only universities: a sentence on SMEs ("an increasing number of SMEs … are gaining
# financing support", test2's u06) is often a general remark before the national figures.
_ACTORS = {_stem(w) for w in "university universities college colleges".split()}
_NATIONWIDE = re.compile(r"\b(?:nationwide|national|the\s+country|china(?:['’]s)?|chinese)\b", re.I)


# A breakdown's boundary in a sentence (test7's z05: "Among them, the IP royalty export …; the import …";
# "… ranked first in both the export and import: US $2.138 billion exported, …"): what follows is a part.
_PART_BOUNDARY = re.compile(r"\b(?:among\s+(?:which|them|these|the\s+total)|of\s+which|including)\b|[:;]"
                            r"|^\s*specifically\b", re.I)
# A breakdown announced as such ("…, of which the export volume was …", "Among them, exports were …"): its part
# is a share of the whole just named, so it keeps the whole's object (IP royalties) and narrows its scope
# (exports). Not ":" or ";", which also open lists of other things ("the IP royalty in manufacturing sector
# ranked first in both the export and import: US $2.138 billion exported", test7's z05).
# "Specifically, IPR loyalties, … increase by 489.4%, …" after "The exports in emerging fields are valued at …"
# (test10's c04) opens the parts of the sentence before, as "Among them" does.
_BREAKDOWN = re.compile(r"\b(?:among\s+(?:which|them|these|the\s+total)|of\s+which)\b|^\s*specifically\b", re.I)
# Scopes an entry may name together ("Total imports and exports of IP royalties"): a figure whose part of its
# sentence names one side only is that side's, not the entry's.
_PAIRED_SCOPES = [{_stem("import"), _stem("export")}, {_stem("patent"), _stem("trademark")}]
# "National IP pilot universities", "Pilot cities of the SME IP strategy …": a designation, the noun a pilot
# qualifies. The sentence must call them so ("110 national intellectual property pilot demonstration
# universities"), not name a pilot programme they take part in ("600 universities and institutes … participated
# in the pilot", test9's b08).
_PILOT_NOUN = re.compile(r"\bpilot\s+(?:and\s+demonstration\s+)?([A-Za-z]+)", re.I)


def _pilot_of(noun: str, sentence: list[str]) -> bool:
    """Whether ``sentence`` (normalised words: the figure's sentence up to its clause's end) has "pilot" at most
    two words before ``noun``."""
    return any(w == "pilot" and noun in sentence[i + 1:i + 4] for i, w in enumerate(sentence))


def _narrows(label: set[str], part: set[str], whole: set[str]) -> bool:
    """Whether a breakdown's part names a scope word of ``label`` that narrows its whole: one the whole lacks, or
    one side of a pair the whole names together ("import and export … of which the export" narrows; "89,000 IP
    service providers … Among these were 5,269 patent agencies" names the same institutions, test9's b07)."""
    return any(w not in whole or any(w in pair and pair <= whole for pair in _PAIRED_SCOPES)
               for w in label & _SCOPE_WORDS & part)


_RIGHTS = {_stem("patent"), _stem("trademark")}
# Measures wider than an entry's object: "The total value of service trade import and export was 3.13584
# trillion yuan. A worthy star was knowledge-intense service trade, which contributed 1.36392 trillion yuan"
# (test10's c05): IP royalties are one item of the trade in services, and a figure of that trade (all of it, or
# its knowledge-intensive part) is not one of the royalties unless it names them.
_WIDER_WHOLES = [(re.compile(r"\bservices?\s+trade\b|\btrade\s+in\s+services\b|\bservices?\s+(?:import|export)",
                             re.I), {_stem("royalties")})]
# Words of a label that name no object of their own (what an entry measures is in its other words).
_GENERIC_WORDS = {_stem(w) for w in "ip patent number national total china".split()}


def _normalise_words(s: str) -> list[str]:
    s = s.lower()
    for pattern, repl in _SYNONYM_RES:
        s = pattern.sub(repl, s)
    s = s.replace("licenc", "licens").replace("centre", "center").replace("programme", "program")
    s = s.replace("isation", "ization").replace("ised", "ized")
    out = []
    for w in re.findall(r"[a-z]+", s):
        if w in _STOP or len(w) < 2:
            continue
        w = _stem(w)
        if w not in _RELATION_WORDS:
            out.append(w)
    return out


# Words of the rest of the sentence count half as much as those of the figure's own clause. A guess needs
# every word of its label but the optional ones somewhere in the sentence (a label of "universities" is no
# guess for a sentence without them) and at least 60% of the label covered.
_FAR_WEIGHT = 0.5
_MIN_COVERAGE = 0.6


class _Catalogue:
    """Indicator labels as stemmed word sets, with the rarity of each word."""

    def __init__(self, frame):
        self.entries = []
        self.compounds: list[str] = []  # per entry, the noun its label calls a pilot's ("pilot universities"), or ""
        docs = []
        for _, r in frame.iterrows():
            words = set(_normalise_words(r["label"]))
            if not words or not units.is_known(r["unit"]):
                continue
            self.entries.append((r["id"], words, units.dimension(r["unit"])))
            m = _PILOT_NOUN.search(r["label"])
            self.compounds.append(_stem(m.group(1).lower()) if m else "")
            docs.append(words)
        n = max(len(docs), 1)
        df: dict[str, int] = {}
        for d in docs:
            for w in d:
                df[w] = df.get(w, 0) + 1
        self.idf = {w: math.log(1 + n / c) for w, c in df.items()}
        self.totals = [sum(self.idf[w] for w in words) for _, words, _ in self.entries]
        self.postings: dict[str, list[int]] = {}  # word -> the entries whose label has it
        for i, (_, words, _) in enumerate(self.entries):
            for w in words:
                self.postings.setdefault(w, []).append(i)

    def guess(self, near: str, far: str, dimension: str | None, upto: str | None = None,
              named_near: bool = False, head: str = "", place: str = "", target: bool = False,
              parent: str = "", carried: str = "", programme: str = "") -> str:
        """Best-covered label; words of ``near`` (the figure's clause) count fully, of ``far`` (its sentence)
        less. A label's scope words must be in ``upto`` (the sentence up to the end of the figure's clause: a
        later clause is about something else); with ``named_near`` one of its words must be in ``near``; a
        ``head`` (the words a count counts, up to its noun: "240,000 patent pre-examination requests") must end in
        a word of the label once read as the labels are ("IP service providers" -> institutions, "small and
        medium-sized enterprises" -> SMEs, test9's b07 and b08).
        ``parent`` is the sentence before when the figure's sentence opens a breakdown ("Among them, …");
        ``carried`` the last sentence before in the paragraph that names whose figures they are (``_ACTORS``);
        ``programme`` the name of the pilot programme a sentence on "the program" goes on about (its words count as
        if written in the sentence, at the far weight)."""
        head_words = _normalise_words(head)
        heads = set(head_words[-1:])
        places = set(_normalise_words(place))
        before = set(_normalise_words(upto if upto is not None else far))
        if target:
            before |= _TARGET_LABEL_WORDS  # "with an aim to cover 100 industrial parks": a target entry's scope
        # the figure's part of its sentence: after the last "among them", "of which", "including", ":" or ";"
        # (a breakdown's item names its own scope and object, or is not the whole's indicator)
        up = upto if upto is not None else far
        cuts = [m.end() for m in _PART_BOUNDARY.finditer(up) if not (m.group() in ":;" and _in_brackets(up, m.start()))]
        part_words = set(_normalise_words(up[cuts[-1]:] if cuts else up)) | set(_normalise_words(near))
        # … unless the part points back to the whole with a pronoun ("; its proportion in GDP was 11.97 percent")
        in_part = bool(cuts) and not re.match(r"\s*(?:and\s+)?(?:its|their|this|these|it)\b", up[cuts[-1]:], re.I)
        # the whole a breakdown's part is of: the sentence before the marker, and the sentence before that
        # one when the marker opens the sentence
        breakdown = [m for m in _BREAKDOWN.finditer(up)]
        whole_words: set[str] = set()
        if in_part and breakdown and breakdown[-1].end() == cuts[-1]:
            whole_words = set(_normalise_words(up[:breakdown[-1].start()] + " " + parent))
            before |= whole_words
        elif parent and not breakdown:
            whole_words = set(_normalise_words(parent))  # "… of this total": the whole is the sentence before
            before |= whole_words
        weight = {w: _FAR_WEIGHT for w in _normalise_words(far)}
        clause_on = _normalise_words(up)  # the sentence up to the end of the figure's clause
        weight.update({w: _FAR_WEIGHT for w in whole_words if w not in weight})
        # a sentence naming no actor goes on about the one named before it ("patents granted to Chinese
        # universities boosted … Patent transfer/licensing agreements vaulted from over 2,000 to over 15,000",
        # test9's b04): that actor is its scope, as if written in it
        actors = set() if _ACTORS & weight.keys() or _NATIONWIDE.search(up) \
            else set(_normalise_words(carried)) & _ACTORS
        before |= actors
        weight.update({w: _FAR_WEIGHT for w in actors})
        programme_words = set(_normalise_words(programme))
        before |= programme_words
        weight.update({w: _FAR_WEIGHT for w in programme_words if w not in weight})
        near_words = set(_normalise_words(near))
        weight.update({w: 1.0 for w in near_words})
        near_scope = (near_words & _SCOPE_WORDS) | actors
        up_part = up[cuts[-1]:] if cuts else up
        best, best_key = "", (0.0, 0, 0.0)
        # only labels sharing a word with the text can score: found through the postings, in catalogue order
        shared = sorted({i for w in weight for i in self.postings.get(w, ())})
        for i in shared:
            (ident, words, dim), total = self.entries[i], self.totals[i]
            if dimension and dim != dimension:
                continue
            if target and not words & _TARGET_LABEL_WORDS:
                continue  # a target ("aims to reach … by 2030", test7's z09) is no observation of the entry
            if any(w not in before for w in words & _SCOPE_WORDS):
                continue
            if any(pair <= words and len(pair & part_words) == 1 for pair in _PAIRED_SCOPES):
                continue  # a part naming one side of the entry's pair ("the import …", test7's z05: no total of both)
            obj = words - _SCOPE_WORDS - _GENERIC_WORDS
            if any(obj_words & words and not obj_words & part_words and whole.search(up_part)
                   for whole, obj_words in _WIDER_WHOLES):
                continue  # a whole the entry's object is part of (the trade in services, not its royalties)
            if _RIGHTS & words and _RIGHTS & part_words and not _RIGHTS & words & part_words:
                # a figure of trademarks is no entry of patents, nor the reverse: "19,000 trademarks were licensed
                # for a combined 27,000 times" (test10's c02) are no patent transfers and licences
                continue
            if in_part and obj and not obj & part_words and not (obj <= whole_words and _narrows(words, part_words,
                                                                                             whole_words)):
                # a breakdown's item naming nothing the entry measures ("US $2.138 billion exported", z05), unless
                # it is announced as a part of a whole the entry measures and names the entry's narrower scope
                # ("IP royalties reached 29.13 billion U.S. dollars, …, of which the export volume was …", b05)
                continue
            if named_near and not (words & near_words) - {"ip", "patent"}:
                continue
            if self.compounds[i] and not _pilot_of(self.compounds[i], clause_on):
                continue  # "600 universities … participated in the pilot" are no "pilot universities" (b08)
            if heads and not heads & words:
                continue
            if places and not places & words:
                continue  # a province's or city's figure is not a national indicator, unless the label names it
            seen = words & weight.keys()
            coverage = sum(self.idf[w] for w in seen) / total
            if coverage < _MIN_COVERAGE:
                continue
            # the label read most in the figure's own clause, less the scope words of that clause it lacks
            near_score = (sum(self.idf[w] * weight[w] for w in seen)
                          - sum(self.idf.get(w, 1.0) for w in near_scope - words)) / total
            key = (round(near_score, 6), len(seen), round(coverage, 6))
            if key > best_key:
                best, best_key = ident, key
        return best


# "patent right pledge financing amounted to 88.5 billion RMB" (test6's y04, after "among which"): a pledge
# figure of patents alone is not the catalogue's patent-and-trademark pledge financing; nor is one of trademarks
# alone. Read in the figure's part of its sentence (after the last "among which", "of which", "including").
_PART_START = re.compile(r"\b(?:among\s+(?:which|them)|of\s+which|including)\b", re.I)
_ONE_RIGHT_PLEDGE = re.compile(r"\b(?:patent|trademark)s?(?:\s+rights?)?\s+pledg", re.I)
_BOTH_RIGHTS = re.compile(r"\bpatents?\s+(?:and|&)\s+trademarks?\b|\btrademarks?\s+(?:and|&)\s+patents?\b", re.I)


def _one_right_pledge(part: str) -> bool:
    """Whether ``part`` (a figure's sentence up to its clause) speaks of a pledge of patents or of trademarks alone."""
    starts = [m.end() for m in _PART_START.finditer(part)]
    part = part[starts[-1]:] if starts else part
    return bool(_ONE_RIGHT_PLEDGE.search(part)) and not _BOTH_RIGHTS.search(part)


_CATALOGUES: dict[str, _Catalogue] = {}

# A target or forecast (test7's z09: "China aims to reach revenue of more than RMB 500 billion …, service agencies
# of more than 2,000 and practitioners of more than 1.5 million … by 2030"): only an entry that is a target fits.
# Not "will" nor "is expected": translated releases write "will increase from 106,000 to 367,000" of a past
# decade and "will issue 10 new … products" of a plan the catalogue records (cnipa-2022-08-presser,
# cnipa-2021-03-smes).
# Also a forecast: "is expected to exceed 200 billion yuan" (test8's a03), "is likely to exceed" — a verb of
# reaching after "expected / likely to"; a bare "will" is left out (the shipped releases use it of past figures).
_TARGET_WORDS = re.compile(r"\b(?:aims?\s+to|aiming\s+to|(?:the|a|its)\s+goals?\s+of|(?:the|a|its)\s+targets?\s+of"
                           r"|(?:expected|likely|projected|forecast)\s+to\s+(?:exceed|reach|top|surpass|hit|rise|grow))\b",
                           re.I)
_BY_YEAR = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?((?:19|20)\d{2})\b", re.I)
_TARGET_LABEL_WORDS = {_stem(w) for w in ("target", "expected", "goal")}


def _is_target(doc, ss: int, ce: int) -> bool:
    """Whether the sentence up to the figure's clause states a target or a forecast: a target word, or "by <a
    year after the text's>"."""
    if _TARGET_WORDS.search(doc.text, ss, ce):
        return True
    return any(doc.year and int(m.group(1)) > doc.year for m in _BY_YEAR.finditer(doc.text, ss, ce))


def _one_place(text: str, lo: int, hi: int) -> str:
    """The place a sentence is about, when it names exactly one ("In 2024, Shanghai recorded …"); two or more
    ("Shanghai and Shenzhen will issue …") are a list in a national account. A sentence that calls its subjects
    "local" ("37 IP insurance policies were purchased by 20 local companies", test10's c06, after a sentence on
    Wuxi) is about the place of the text, whichever it is: "local" is then its place."""
    found = set(_PLACE.findall(text, lo, hi)) | {m.group(1) or m.group(2) for m in _NAMED_PLACE.finditer(text, lo, hi)}
    if len(found) == 1:
        return found.pop()
    return "local" if not found and _LOCAL.search(text, lo, hi) else ""

# China's provincial-level divisions and its largest cities, as English releases write them (in Title Case: a
# dateline's "BEIJING, July 18" is not a scope). A figure whose sentence names one is that place's.
_PLACE = re.compile(r"\b(?:Beijing|Tianjin|Hebei|Shanxi|Inner Mongolia|Liaoning|Jilin|Heilongjiang|Shanghai|Jiangsu"
                    r"|Zhejiang|Anhui|Fujian|Jiangxi|Shandong|Henan|Hubei|Hunan|Guangdong|Guangxi|Hainan|Chongqing"
                    r"|Sichuan|Guizhou|Yunnan|Tibet|Xizang|Shaanxi|Gansu|Qinghai|Ningxia|Xinjiang|Shenzhen|Guangzhou"
                    r"|Hangzhou|Nanjing|Suzhou|Wuhan|Chengdu|Xi'an|Qingdao|Ningbo|Xiamen|Dalian|Shenyang|Changsha"
                    r"|Zhengzhou|Hefei|Jinan|Fuzhou|Kunming|Harbin|Changchun)\b"
                    r"(?!\s+(?:and\s+\w+\s+)?"
                    r"(?:Intellectual|IP|Court|Expo|University|Stock|stock|Exchange|exchange)s?\b)")

# Any other place, named as one: "Wuxi city's first ever user", "the Wuxi municipal government" (test10's c06),
# "Jiangsu province-based", "Xuhui District"; and prefecture-level cities the releases name without a title.
_NAMED_PLACE = re.compile(
    r"\b((?:[A-Z][a-z]+(?:['’][a-z]+)?)(?:\s[A-Z][a-z]+)?)\s+(?:[Cc]ity|[Pp]rovince|[Mm]unicipal(?:ity)?|[Dd]istrict"
    r"|[Cc]ounty|[Pp]refecture|[Aa]utonomous\s+[Rr]egion)(?:['’]s)?\b(?!\s+(?:[Ii]ntellectual|IP)\b)"
    r"|\b(Wuxi|Changzhou|Nantong|Xuzhou|Yangzhou|Zhenjiang|Taizhou|Yancheng|Lianyungang|Suqian|Huai'an|Kunshan"
    r"|Jiangyin|Zhangjiagang|Foshan|Dongguan|Zhuhai|Shantou|Zhongshan|Huizhou|Jiangmen|Zhaoqing|Wenzhou|Shaoxing"
    r"|Jiaxing|Huzhou|Jinhua|Yiwu|Quanzhou|Zhangzhou|Putian|Yantai|Weifang|Zibo|Linyi|Jining|Weihai|Tangshan"
    r"|Baoding|Shijiazhuang|Handan|Luoyang|Nanyang|Wuhu|Bengbu|Yichang|Xiangyang|Zhuzhou|Hengyang|Ganzhou"
    r"|Nanchang|Taiyuan|Datong|Baotou|Hohhot|Anshan|Daqing|Nanning|Liuzhou|Guilin|Haikou|Sanya|Mianyang|Guiyang"
    r"|Zunyi|Lhasa|Lanzhou|Xining|Yinchuan|Urumqi|Kashgar|Shenyang|Dalian)\b(?!\s+(?:[Ii]ntellectual|IP)\b)")
_LOCAL = re.compile(r"\blocal\s+(?:[\w-]+\s+)?(?:companies|enterprises|firms|businesses|banks|institutions)\b", re.I)

# The noun a count counts: the last of the words right after it, before a preposition, a verb or a stop
# ("240,000 patent pre-examination requests from …" -> requests); only a plural is taken.
_COUNTED_NOUN = re.compile(
    r"\s+(?:[A-Za-z-]+\s+){0,3}?((?!(?:as|is|was|has|this|its|his|thus|us)\b)[A-Za-z-]+s)\b"
    r"(?=\s*(?:[,.;:)]|$|\s(?:from|in|of|by|for|to|with|were|was|are|is"
    r"|have|has|had|and|or|that|which|across|nationwide|at|on|under|within|providing|offering)\b"
    # or a verb in the past tense: "over 1,500 patentees from 22 provinces attended the trial program" (c01)
    r"|\s(?!used\b|based\b)[a-z]{3,}ed\b))")
# A list of nouns after a counted one: ", trademarks, geographical indications, and integrated circuit layout
# designs" — words only, each item of at most four words, the last after "and".
_NOUN_LIST = re.compile(r"(?:\s*,\s*(?!and\b)[A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*){0,3}(?=\s*,))*"
                        r"\s*,?\s*and\s+[A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*){0,3}")
# "22,000 institutions providing legal services", "9,000 offering IP operations services": a subset.
_SUBSET_AFTER = re.compile(r"\s+(?:[A-Za-z-]+\s+){0,2}?(?:providing|offering|engaged\s+in|speciali[sz]ing\s+in)\b",
                           re.I)
# "a loan of 10 million yuan", "a contract worth 5 million yuan": one deal.
_ONE_DEAL = re.compile(r"\b(?:a|an|one|single)\s+(?:[\w-]+\s+)?(?:loan|contract|deal|order|investment|fine|award"
                       r"|compensation)\s+(?:of|worth)\s+$", re.I)


def load_catalogue(data_dir: Path | str | None = None) -> _Catalogue | None:
    """The indicator catalogue of ``data_dir`` (default: the project's data/), or None if absent."""
    from . import indicator

    path = Path(data_dir) if data_dir else DEFAULT_DATA
    if not (path / indicator.FILE).exists():
        return None
    key = str(path.resolve())
    if key not in _CATALOGUES:
        frame, _ = indicator.load(path)
        _CATALOGUES[key] = _Catalogue(frame)
    return _CATALOGUES[key]


# --------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)  # pure; a list of like figures ("1, 1, 1, …") repeats its clause
def _kind(lead: str, tail: str, unit: str, word: str) -> tuple[str, str, int]:
    """(table, kind, sign) from the clause before the figure (``lead``) and after its unit (``tail``).

    Wording right next to the figure decides first; words elsewhere in the
    clause ("the growth rate of exports reached 27.1%") only when none is there.
    """
    # the increase and share wordings end the lead: looked for in its last characters only (they are at most
    # a few words long), so that the cost per figure does not grow with its clause
    near = max(0, len(lead) - 80)
    if unit == "percentage points":
        return "claim", "pp_difference", 1
    if unit == "times":
        if _UP_PCT.search(lead, near) or _MULTIPLE_WORD.fullmatch(word):  # "have doubled", "increased fourfold"
            return "claim", "multiple", 1
        if word in _MULTIPLIER_WORDS or _RATIO_TAIL.match(tail):
            return "claim", "ratio", 1
        return "observation", "", 1  # "reached 27,000 times": occurrences, a count
    if unit == "%":
        if _CAGR_LEAD.search(lead, near):  # "an average annual growth of 22 percent"
            return "claim", "cagr", 1
        if _CAGR_TAIL.match(tail):
            return "claim", "cagr", 1
        if _AVERAGE_OF.search(lead, near) and _PER_YEAR_TAIL.match(tail):  # "by an average of 22% annually"
            return "claim", "cagr", 1
        if _RATE_OF.search(lead, near) and _PER_YEAR_TAIL.match(tail):
            return "claim", "cagr", 1
        if _TAKING_UP.search(lead, near):  # "taking up 11.52% of the value of all exported goods" (round 10)
            return "claim", "share", 1
        if _UP_PCT.search(lead, near):
            # "the average annual growth rate of China's total trade in intellectual property royalties witnessed
            # a robust increase of 9.4 percent over the period spanning from 2013 to 2023" (test10's c08): the
            # increase is the average rate named as the clause's subject
            return "claim", "cagr" if _CAGR_SUBJECT.search(lead) else "growth", 1
        if _DOWN_PCT.search(lead, near):
            return "claim", "growth", -1
        if _MULTIPLE_OF_THAT.match(tail) and not _SHARE_LEAD.search(lead, near):
            return "claim", "multiple", 1  # "approx. 200% of that in 2006": the same thing, an earlier year
        if _SHARE_LEAD.search(lead, near) or re.match(r"^\s*(?:of\b|or\s+[\d,.]+\s+of\s+which\b)", tail, re.I) \
                or re.search(r"\d[^,;]*,\s*or\s*$", lead[near:]) \
                or re.search(r"\d[\d,.]*\s+or\s*$", lead[near:]):  # "95.2% or 183,000 of which", "3.59 trillion,
            # or 19.9%", "the remaining 12,000 or 6.8%" (test8's a02): a count restated as its share
            return "claim", "share", 1
        if _GROWTH_TAIL.match(tail):
            return "claim", "growth", 1
        if _DECLINE_TAIL.match(tail):
            return "claim", "growth", -1
        if _PART_LEAD.search(lead, near):  # "among which 68.6% were microcredit", "with 71.5% holding a degree"
            return "claim", "share", 1
        if _CAGR_CLAUSE.search(lead) or (_GROWTH_CLAUSE.search(lead) and _ON_AVERAGE_TAIL.match(tail)):
            return "claim", "cagr", 1
        if _GROWTH_CLAUSE.search(lead) or _GROWTH_CLAUSE.search(tail):
            return "claim", "growth", 1
        if _SHARE_CLAUSE.search(lead):
            return "claim", "share", 1
        if re.match(r"\s*(?:are|were)\b", tail, re.I):
            # "and 49.6% are willing to adopt the open licensing method" (test9's b08): the subject of a plural
            # verb is a share of a group (a rate is singular: "growth was 5%")
            return "claim", "share", 1
        return "observation", "", 1
    if _UP_LEVEL.search(lead, near) or _CHANGE_TAIL.match(tail) or _NAMED_DIFFERENCE_TAIL.match(tail) or (
            _UP_WORD.search(lead, near) and _BASE_TAIL.match(tail)):  # "up 1.2 over the previous year"
        return "claim", "absolute_change", 1
    if _DOWN_WORD.search(lead, near) and _BASE_TAIL.match(tail):
        return "claim", "absolute_change", -1
    if _DOWN_LEVEL.search(lead, near):
        return "claim", "absolute_change", -1
    return "observation", "", 1


def _quote_span(doc: _Document, s: int, e: int) -> tuple[int, int]:
    text = doc.text
    cs, ce = doc.clause(s, e)
    # A figure that opens its clause after a comma continues a list ("4.8%, 29.4 and 1.08")
    # or follows its time ("In 2020, 1619 …"): join the clause before.
    if not doc.letter_between(cs, s) and cs > doc.sentence(s)[0] and text[cs - 1] in ",，":
        cs = doc.clause(cs - 2, cs - 1)[0]
    # Trim to about 250 characters around the figure, at word boundaries.
    if s - cs > 170:
        cut = text.find(" ", s - 170)
        cs = cut + 1 if 0 <= cut < s else cs
    if ce - e > 80:
        cut = text.rfind(" ", e, e + 80)
        ce = cut if cut > e else ce
    while cs < s and text[cs] in " \t\r\n\"'“”‘’":
        cs += 1
    while ce > e and text[ce - 1] in " \t\r\n\"'“”‘’,.;:":
        ce -= 1
    return cs, ce


# --------------------------------------------------------------------------
# Text normalisation: words run together in a stored copy
# --------------------------------------------------------------------------

# Some stored copies lose the spaces around numbers and small words ("a total of23,000", "registered19,395,000",
# "4,395collective", "1.82 millionin 2016", "tripledfrom", "In thefirst half": test8's a02 and a08). Read as
# written, the digits look glued to an identifier and the words are not recognised, so such a text is read
# with a space put back where one was plainly lost. Only places no identifier has: a whole lower-case word
# before a number with thousands separators (or a small function word before any number), such a number before
# a lower-case word, and a few words of this genre glued to a preposition. "t39551", "Office13", "5G" and
# "COVID-19" stay as they are.
_GLUED = [
    re.compile(r"\b[a-z]{2,}(?=\d{1,3}(?:,\d{3})+(?![\d,]))"),  # "registered|19,395,000"
    re.compile(r"\b(?:of|and|to|from|in|at|by|with|than|about|over|nearly|reached|totaled|totalled)(?=\d)"),
    re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?=[a-z]{3,})"),  # "4,395|collective"
    re.compile(r"\b(?:thousand|million|billion|trillion)(?=(?:in|of|and|to|from|by|at|for|yuan)\b)"),
    re.compile(r"\b(?:doubled|tripled|quadrupled|increased|decreased|rose|fell|grew|dropped|jumped|surged)"
               r"(?=(?:from|to|by|over|in)\b)"),
    re.compile(r"\bthe(?=(?:first|second|third|end|same|past|previous|last)\b)"),
]


def _unglue(text: str) -> tuple[str, list[int]]:
    """(the text with a space put back after each place of ``_GLUED``, the position in ``text`` of every
    position of the new text and of its end). The text itself when nothing is glued."""
    cuts = sorted({m.end() for rx in _GLUED for m in rx.finditer(text)})
    if not cuts:
        return text, []
    parts, back, prev = [], [], 0
    for c in cuts + [len(text)]:
        parts.append(text[prev:c])
        back.extend(range(prev, c))
        if c < len(text):
            parts.append(" ")
            back.append(c)  # the space stands before the character at c
        prev = c
    back.append(len(text))
    return "".join(parts), back


def extract(text: str, source_id: str = "", catalogue: _Catalogue | None | bool = True,
            published: str | None = None) -> list[Candidate]:
    """Candidate figures in ``text``, in reading order. ``catalogue=True`` loads the project's indicators;
    ``published`` (``2022-08-24``, ``2022-01``) is the release's date when the text itself carries none.
    Offsets and quotes are of ``text`` as given, also when it was read with lost spaces put back."""
    read, back = _unglue(text)
    cands = _extract(read, source_id, catalogue, published)
    for c in cands if back else ():
        c.start, c.end = back[c.start], back[c.end]
        c.value_start, c.value_end = back[c.value_start], back[c.value_end]
        c.quote = text[c.start:c.end].strip()
        c.start = text.index(c.quote, c.start) if c.quote else c.start
        c.end = c.start + len(c.quote)
    return cands


def _extract(text: str, source_id: str = "", catalogue: _Catalogue | None | bool = True,
            published: str | None = None) -> list[Candidate]:
    """``extract`` on a text already read (``_unglue``): offsets are of ``text``."""
    if catalogue is True:
        catalogue = load_catalogue()
    doc = _Document(text, published)
    out: list[Candidate] = []
    seen: set[tuple] = set()
    first_at: dict[tuple, Candidate] = {}  # each key's first proposal, while it may be a headline's
    headline_end = doc.headline[1]
    prev: Candidate | None = None
    prev_tail_end = -1
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        is_word = m.group("word") is not None
        if m.group("cn") is not None:
            written = str(_cn_number(m.group("cn")))
        else:
            written = m.group()
        if _not_a_figure(doc, s, e, is_word):
            continue
        word = written.lower() if is_word else ""

        # Unit, read to the right; a currency sign may stand before the number.
        u = _RIGHT_UNIT.match(text, e)
        pre = _CUR_PREFIX.search(text[max(0, s - 10):s])
        unit, unit_found, tail_end = "", True, e
        if u:
            tail_end = u.end()
            if u.group("pp"):
                unit = "percentage points"
            elif u.group("pct"):
                unit = "%"
            elif u.group("fold") or u.group("times"):
                unit = "times"
            elif u.group("months"):
                unit = "months"
            elif u.group("wdays"):
                unit = "working days"
            elif u.group("points"):
                unit = "number"  # a score ("80.05 points") or its change ("up 1.07 points")
            elif u.group("money"):
                unit = _unit_name(u.group("scale"), _currency(u.group("cur")))
            else:
                scale = u.group("scale2")
                unit = _unit_name(scale, _currency(pre.group("cur"))) if pre else _unit_name(scale, None)
                if not unit and not _HEADCOUNT_AFTER.match(text, tail_end):
                    # "218 billion yuan … gives 309.56 billion": an elided currency is the last one
                    # written in the paragraph, else in the text before, else the first after it;
                    # "billion" alone is not a count unit of the table; "1.4 billion population" is people.
                    ps, _ = doc.paragraph(s)
                    last = doc.last_currency(ps, s) or doc.last_currency(0, s) or doc.next_currency(e)
                    if last:
                        unit = _unit_name(scale, _currency(last))
        elif pre:
            unit = _currency(pre.group("cur"))
        elif word in _MULTIPLIER_WORDS or (is_word and _MULTIPLE_WORD.fullmatch(word)):
            unit = "times"
        elif is_word and _FRACTION_WORD_RE.fullmatch(word):
            unit = "%"
        else:
            unit_found = False
            unit = "count" if re.fullmatch(r"[\d,]+", written) or is_word else "number"
            if unit == "number" and _DOT_THOUSANDS.fullmatch(written) and (
                    doc.decimal_comma or written.endswith(".000")):
                unit = "count"
            if unit in ("number", "count") and _OTHER_UNIT_AFTER.match(text, e):
                # also a whole number: "the two to three years required" (test10's c10)
                unit = ""
            elif unit == "count" and (r := _WORD_RANGE.match(text, e)):
                unit = "months" if r.group(0).rstrip().lower().endswith(("month", "months")) else ""  # "an average licence term of 7.4 years": a unit the table does not have, for the reviewer
            if unit == "count" and _PER_HEAD_AFTER.match(text, e):
                unit = "number"  # "a target of 12 high-value invention patents per 10,000 people": an average

        # Two amounts sharing the unit written after the second: "reaching 57.59 and 39.02 billion yuan
        # respectively", "ranging from 1 million to 30 million yuan" (test10's c04, c09). Only a decimal with no
        # unit of its own, or a bare scale, takes the money unit of the number after it.
        pair = _PAIR_NEXT.match(text, tail_end)
        if pair and (not unit_found and "." in written or u is not None and u.group("scale2")):
            u2 = _RIGHT_UNIT.match(text, pair.end())
            if u2 is not None and u2.group("money") and (
                    not unit_found or (u2.group("scale") or "").lower() == u.group("scale2").lower()):
                unit, unit_found = _unit_name(u2.group("scale") or (u.group("scale2") if u else None),
                                              _currency(u2.group("cur"))), True
        # An editor's conversion of the amount before it, in brackets: "309.8 billion yuan (about 48.7 billion
        # U.S. dollars)". The dataset keeps the currency the source states and never converts.
        if unit and units.is_known(unit) and units.dimension(unit) in _MONEY_DIMENSIONS \
                and _CONVERSION_BEFORE.search(text, max(0, s - 60), s):
            continue
        lead_end = pre.start() + max(0, s - 10) if pre else s
        q = _QUALIFIER_RE.search(text[max(0, lead_end - 25):lead_end])
        qualifier = _QUALIFIER_PHRASES[q.group("q").lower()] if q else "exact"
        if q:
            lead_end = max(0, lead_end - 25) + q.start()
            if q.group("q").lower() == "up to" and _CEILING_BEFORE.search(text, max(0, lead_end - 60), lead_end):
                qualifier = "less than"  # "will provide up to 5 billion yuan": a ceiling
        if not is_word and re.fullmatch(r"(?:19|20)\d{2}", written) and not unit_found and q is not None \
                and q.group("q").lower() in ("over", "above") \
                and _RELATION_BEFORE_YEAR.search(text, max(0, lead_end - 60), lead_end):
            continue  # "an increase of 80% over 2012": the base year of a change, not "more than 2012"
        if not is_word and _is_year(doc, s, e, written, unit_found, q is not None):
            continue

        cs, ce = doc.near_clause(s, e)
        lead = text[cs:lead_end]
        tail = text[tail_end:ce]
        table, kind, sign = _kind(lead, tail, unit, word)
        if unit == "%" and table == "observation" and _BRACKETED_SHARE.search(text, max(0, lead_end - 40), lead_end):
            table, kind = "claim", "share"  # its clause starts at the bracket's comma: read the bracket itself
        elif unit == "%" and table == "observation" and _OPEN_BRACKET.search(text, max(0, lead_end - 3), lead_end) \
                and _CLOSE_BRACKET.match(text, tail_end) and re.search(r"\d", text[doc.sentence(s)[0]:lead_end]):
            grown = _GROWTH_BRACKET.search(text, doc.sentence(s)[0], lead_end)
            table, kind = "claim", "growth" if grown else "share"
        signed = _SIGNED_PCT.search(text, max(0, lead_end - 4), lead_end) if unit == "%" else None
        if signed and table == "observation" and (signed.group(1) or signed.group(2) == "+"):
            # "increased by 2200 (+1.39%)", "decreased by about 167000 (-21.74%)" (test16's j04, round 14), "sales
            # +12% on 2022": a percent written with its sign is a change, of that sign
            table, kind, sign = "claim", "growth", (-1 if signed.group(2) in "-−–" else 1)
        subject_at = doc.sentence(s)[0]
        opener = _SHARE_OPENER.match(text, subject_at)
        if opener:
            subject_at = opener.end()
        if unit == "%" and table == "observation" and _SHARE_SUBJECT.match(text, subject_at) \
                and not re.search(r"\d", text[subject_at:lead_end]):
            # "The proportion of contract transaction volume in GDP continued to increase, reaching 2.3%" (test14's
            # h06, round 13): the sentence's subject is a share, and its first figure is that share
            table, kind = "claim", "share"
        elif unit == "%" and table == "observation" and prev is not None and prev.kind == "share" \
                and prev.unit == "%" and prev_tail_end > doc.sentence(s)[0] \
                and _SHARE_GOES_ON.fullmatch(text, prev_tail_end, lead_end):
            # "… the proportion of optical, semiconductor … has exceeded 50%, and the optical field has reached 71.7%"
            # (test16's j07, round 14): a second part told with the first's verb, its "proportion of" left out
            table, kind = "claim", "share"
        if unit == "times" and table == "observation":
            unit = "count"  # "reached 27,000 times" counts transactions; no relation is stated
        # A list continues the kind of the figure before it ("97.3%, 95.7% and 125%"): the
        # increase word stands once, before the first.
        if prev is not None and prev.unit == unit and prev.table == "claim" and table == "observation" \
                and (_LIST_JOINER.fullmatch(text[prev_tail_end:s])
                     or (prev.kind == "growth" and _LIST_JOINER_OF.fullmatch(text[prev_tail_end:s]))):
            table, kind = prev.table, prev.kind
            sign = -1 if prev.value.startswith("-") else 1
        if unit == "%" and kind == "growth" and prev is not None and prev.unit == "%" \
                and prev.kind in ("share", "level", "") and _CHANGE_OF_SHARE_GAP.fullmatch(text, prev_tail_end, s):
            # "accounted for 7.39% of GDP, up by 0.02% over 2018" (test15's i03), "increased from 7.33% in 2016 to
            # 7.39% in 2019, up by 0.06%" (test16's j02), round 14: a change told right after a share or rate, of
            # that share, is a difference of percentage points, without a base
            kind = "pp_difference"
        value = ("-" if sign < 0 else "") + written
        # Rule 8: a repeated figure is proposed once. Decided before the period, quote and indicator
        # guesses, which a repeat does not need (only its kind, for a list that continues after it).
        nxt = re.match(r"\W*([A-Za-z]+)", text[tail_end:tail_end + 30])
        key = (value.replace(",", "").lower(), unit, qualifier, kind, nxt.group(1).lower() if nxt else "")
        # … but a headline's figure written again in the text ("Nearly 8,000 Licensing Deals Concluded Since
        # Start of Patent Open Licensing Trial Program", then "As of the end of June 2023, … nearly 8,000
        # licensing deals", test10's c01) is read where the text writes it, with the time and the words a
        # headline leaves out; the headline's proposal takes that reading.
        headline_of = first_at.get(key) if key in seen and s >= headline_end else None
        if headline_of is not None and headline_of.value_start < headline_end:
            del first_at[key]
        else:
            headline_of = None
        if key in seen and headline_of is None:
            prev = Candidate(table=table, kind=kind, value=value, unit=unit, qualifier=qualifier, period="",
                             indicator="", source=source_id, quote="", start=s, end=e, confidence=0.0)
            prev_tail_end = tail_end
            continue
        seen.add(key)
        first_key = key

        period, base_period = _period_for(doc, s, e, tail_end, lead, table, kind, unit)
        if base_period and base_period == period and re.fullmatch(r"(?:19|20)\d{2}", period):
            # "825,000 … were filed in China [in 2013], which increased by 26.3% compared with that in last year" (test13's
            # g02, round 12): "last year" read from a 2014 release is the figure's own year, and nothing is
            # compared with itself; the comparison is with the year before the figure's
            base_period = str(int(period) - 1)
        qs, qe = _quote_span(doc, s, e)
        indicator = ""
        if catalogue:
            ss, se = doc.near_sentence(s, e)
            # The figure's own clause; a relation whose clause names nothing ("…, up 2.5 percent year on year")
            # is about the clause before it. Never the next sentence: a growth rate belongs to its own clause.
            near = text[cs:ce]
            # A share whose own clause names its part ("with the IPR export accounting for less than 15% of total
            # trade", test9's b03) is about that part, not the clause before.
            names_part = kind == "share" and _normalise_words(_WHOLE_OF_SHARE.sub(" ", near))
            if cs > ss and ((table == "claim" and not names_part) or not _normalise_words(near)):
                near = text[doc.clause(cs - 2, cs - 1)[0]:ce]
            far = text[ss:se]
            # "…, accounting for 28.2 percent of the added value of patent intensive industries": the words after
            # "percent of" name the whole, not what the sentence's figures measure
            near, far = _WHOLE_OF_SHARE.sub(" ", near), _WHOLE_OF_SHARE.sub(" ", far)
            dim = units.dimension(unit) if unit and (table == "observation" or kind == "absolute_change") else None
            if dim is None and kind == "growth" and prev is not None and prev.table == "observation" \
                    and prev.value_start >= ss and units.is_known(prev.unit) and units.dimension(prev.unit) == "count" \
                    and not _RESPECTIVELY.search(text, e, se):
                # "the number of pledge items reached 1,633, up 13.8%" (test7's z02): a growth is of its level,
                # whose unit the indicator must have (a count's growth is no amount's)
                dim = units.dimension(prev.unit)
            # a level or a change names what it measures in its own clause; a share, a ratio or a difference
            # of rates often names only the whole ("accounting for 11.97 percent of GDP")
            head, upto_end = "", ce
            if unit == "count":
                h = _COUNTED_NOUN.match(text, tail_end)
                head = h.group(0) if h else ""
                # "more than 46,000 patents, trademarks, geographical indications, and integrated circuit layout
                # designs" (test2's u04): the nouns listed after the counted one are what it counts, in its clause
                listed = _NOUN_LIST.match(text, h.end()) if h else None
                if listed and listed.end() > ce:
                    upto_end = listed.end()
                    near = text[cs:upto_end]
            if _GENERAL_REMARK.match(text, ss) and not _NATIONWIDE.search(text, ss, se):
                # "Generally speaking, there are two basic types of IP insurances" (test10's c06): what is true of
                # a kind of thing anywhere, not a statistic of the catalogue (but "Generally speaking, the import
                # dominates IPR trade in China …, with the IPR export accounting for less than 15%", test9's b03,
                # is China's)
                indicator = ""
            elif table == "observation" and (_SUBSET_AFTER.match(text, tail_end) or _ONE_DEAL.search(lead[-40:])):
                # "22,000 institutions providing legal services": a part of what the catalogue counts;
                # "a loan of 10 million yuan": one deal, not a total of the catalogue
                indicator = ""
            else:
                indicator = catalogue.guess(near, far, dim, upto=_WHOLE_OF_SHARE.sub(" ", text[ss:upto_end]),
                                            named_near=kind not in ("share", "ratio", "pp_difference", "cagr"),
                                            head=head, place=_one_place(text, ss, ce),
                                            target=_is_target(doc, ss, ce),
                                            parent=_whole_before(doc, ss), carried=_actor_before(doc, ss),
                                            programme=_program_before(doc, ss, se))
                if indicator == "pledge_financing_amount" and _one_right_pledge(text[ss:ce]):
                    indicator = ""

        # Rule 10: what a reported figure has and a stray number lacks.
        confidence = (0.45 + (0.25 if unit_found else 0) + (0.1 if _REPORTED.search(lead[-45:] + " " + tail[:30]) else 0)
                      + (0.05 if qualifier != "exact" else 0) + (0.05 if indicator else 0)
                      + _PERIOD_CONFIDENCE[doc.period_from]
                      - (0.2 if is_word else 0) - (0.15 if not unit else 0))
        cand = Candidate(
            table=table, kind=kind, value=value, unit=unit, qualifier=qualifier, period=period,
            indicator=indicator, source=source_id, quote=text[qs:qe], start=qs, end=qe,
            confidence=round(min(0.99, max(0.05, confidence)), 2), value_start=s, value_end=e,
            base_period=base_period, period_from=doc.period_from,
        )
        prev, prev_tail_end = cand, tail_end
        if headline_of is not None:
            headline_of.period, headline_of.base_period = cand.period, cand.base_period
            headline_of.period_from = cand.period_from
            headline_of.indicator = cand.indicator
            continue
        first_at.setdefault(first_key, cand)
        out.append(cand)
    _headline_as_in_text(doc, out, headline_end)
    _respectively(doc, out)
    _link_subjects(doc, out)
    return out


def _headline(doc: _Document) -> tuple[int, int]:
    """The headline's span: a first line of at most 200 characters without a full stop; (0, 0) if none."""
    if not doc.paragraphs:
        return 0, 0
    hs, he = doc.paragraphs[0]
    if he - hs > 200 or re.search(r"[.!?。]\s", doc.text[hs:he] + " "):
        return 0, 0
    return hs, he


def _headline_as_in_text(doc: _Document, cands: list[Candidate], headline_end: int) -> None:
    """A headline's figure that the text proposes again in other words ("Up 24.7%" and "up 24.74%" are two
    figures; "… Gives 5 Million" and "had exceeded 5 million" one) takes the text's time and indicator: the
    first later proposal of the same number, unit and kind."""
    for c in cands:
        if c.value_start >= headline_end:
            break
        again = next((d for d in cands if d.value_start >= headline_end and d.unit == c.unit and d.kind == c.kind
                      and d.value.replace(",", "") == c.value.replace(",", "")), None)
        if again is not None:
            c.period, c.base_period, c.indicator = again.period, again.base_period, again.indicator
            c.period_from = again.period_from


_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_OPENS_BREAKDOWN = re.compile(r"\s*(?:among\s+(?:which|them|these|the\s+total)|of\s+which|specifically)\b", re.I)


def _actor_before(doc: _Document, ss: int, back: int = 3) -> str:
    """The nearest of the (at most ``back``) sentences before ``ss`` in its paragraph that names an actor
    (``_ACTORS``: universities), or "" when none does."""
    ps, _ = doc.paragraph(ss)
    for _ in range(back):
        if ss - 2 < ps:
            return ""
        ss, se = doc.sentence(ss - 2)
        if set(_normalise_words(doc.text[ss:se])) & _ACTORS:
            return doc.text[ss:se]
    return ""


# "the CNIPA has carried out a patent open-license pilot program. By the program's completion at the end of
# 2023, … over 59,000 patents …. The program resulted in over 17,000 licensed projects" (test10's c07); "Nearly
# 8,000 Licensing Deals Concluded Since Start of Patent Open Licensing Trial Program" then "… attended the trial
# program that has selected 35,000 patents" (c01): a sentence on "the program" is about the pilot named before.
_PROGRAM_NAME = re.compile(r"(?:\b[A-Za-z-]+\s+){0,4}(?:pilot|trial)\s+program(?:me)?s?\b"
                           r"(?:\s+on\s+(?:[A-Za-z-]+\s+){0,3}[A-Za-z-]+)?", re.I)
_THE_PROGRAM = re.compile(r"\b(?:the|this|that)\s+(?:(?:pilot|trial)\s+)?program(?:me)?(?:['’]s)?\b", re.I)


def _program_before(doc: _Document, ss: int, se: int, back: int = 3) -> str:
    """The name of the pilot programme named in one of the (at most ``back``) sentences before ``ss`` (the title
    included) when the sentence [ss, se) speaks of "the program", else ""."""
    if not _THE_PROGRAM.search(doc.text, ss, se):
        return ""
    for _ in range(back):
        if ss < 2:
            return ""
        ss, se = doc.sentence(ss - 2)
        names = list(_PROGRAM_NAME.finditer(doc.text, ss, se))
        if names:
            return names[-1].group(0)
    return ""


# "In 2023 specifically, the total trade volume of intellectual property royalties surged to 53.7 billion U.S.
# dollars, … Notably, exports accounted for 11 billion dollars of this total, demonstrating an impressive surge of
# nearly 70 percent" (test10's c08): "this total" points back to the whole of the sentence before.
_THIS_TOTAL = re.compile(r"\b(?:of|in|from|within)\s+this\s+total\b", re.I)


def _whole_before(doc: _Document, ss: int) -> str:
    """The sentence before one that opens a breakdown ("Among them, exports were 37 million yuan", test8's a03):
    the whole its parts are of. Empty for any other sentence."""
    if ss < 2 or not (_OPENS_BREAKDOWN.match(doc.text, ss) or _THIS_TOTAL.search(doc.text, ss, doc.sentence(ss)[1])):
        return ""
    ps, pe = doc.sentence(ss - 2)
    return doc.text[ps:pe]


def _respectively(doc: _Document, cands: list[Candidate]) -> None:
    """"… for invention patents and high-value patents … were reduced to 19.4 months and 13.4 months
    respectively" (test6's y01): each value of a list closed by "respectively" has its own subject, so one
    indicator guessed for two of them is right for one at most; the later ones are left blank (the first value
    goes with the first subject)."""
    seen: dict[tuple[int, str, str], int] = {}
    for c in cands:
        if not c.indicator:
            continue
        ss, se = doc.sentence(c.value_start)
        if not _RESPECTIVELY.search(doc.text, c.value_end, se):
            continue
        key = (ss, c.indicator, c.kind or "level")
        if key in seen:
            c.indicator = ""
        else:
            seen[key] = c.value_start


def _link_subjects(doc: _Document, cands: list[Candidate]) -> None:
    """A relation's ``subject``: the position (0-based, as text) in ``cands`` of the level it is about, the last
    observation before it in its sentence ("reached 420,000, up 15 percent": the 15% is about the 420,000); for
    an absolute change only a level of the same unit dimension. Empty when there is none."""
    for i, c in enumerate(cands):
        if c.table != "claim" or c.kind not in ("growth", "multiple", "absolute_change", "share"):
            continue
        ss, _ = doc.sentence(c.value_start)
        for j in range(i - 1, -1, -1):
            o = cands[j]
            if o.value_start < ss:
                break
            if o.table != "observation":
                continue
            if c.kind == "absolute_change" and not (
                    units.is_known(o.unit) and units.is_known(c.unit) and units.dimension(o.unit) == units.dimension(c.unit)):
                continue
            if c.kind == "share" and o.unit == "%":
                continue
            c.subject = str(j)
            break


def write_csv(candidates: list[Candidate], fh) -> None:
    w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for c in candidates:
        w.writerow(c.row())


def published_date(data_dir, source_id: str) -> str | None:
    """``date_published`` of ``source_id`` in the folder's sources.yaml, or None (no file, no entry, unreadable:
    reading it is validate's business; the loader refuses what validate refuses, such as YAML aliases)."""
    from .yamlfile import read_entries

    path = (Path(data_dir) if data_dir else DEFAULT_DATA) / "sources.yaml"
    entries, _ = read_entries(path, "sources.yaml")
    for entry in entries:
        if str(entry.get("id")) == source_id and entry.get("date_published"):
            return str(entry["date_published"])
    return None


def main(args) -> int:
    path = Path(args.release)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{path}: cannot read: {exc}", file=sys.stderr)
        return 2
    # The working folder's indicators (``--data DIR``; the project's data/ without it), and the release's date
    # from its entry in that folder's sources.yaml, if it has one, for a text that carries no date itself.
    data_dir = getattr(args, "data", None) or getattr(args, "data_dir", None)
    catalogue = load_catalogue(data_dir)
    cands = extract(text, args.source_id, catalogue, published=published_date(data_dir, args.source_id))
    if args.output in (None, "-"):
        try:
            write_csv(cands, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:  # "extract … | head": the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    else:
        try:
            with open(args.output, "w", newline="", encoding="utf-8") as fh:
                write_csv(cands, fh)
        except OSError as exc:
            print(f"{args.output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 2
    n_claims = sum(c.table == "claim" for c in cands)
    where = "stdout" if args.output in (None, "-") else args.output
    print(f"{len(cands)} candidates ({len(cands) - n_claims} observations, {n_claims} claims) "
          f"from {path.name} written to {where}; review before merging.", file=sys.stderr)
    return 0
