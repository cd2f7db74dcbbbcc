"""Time on the map: which relationships a window of time keeps, and what a time bar draws.

Two questions an investigator asks of time (issue 12), two axes:

* **reported**: when was this said? The article dates of a relationship's excerpts. A window
  keeps a relationship with at least one excerpt from an article dated inside it (both ends
  included), as ``Repository.list_relationships(date_from=..., date_to=...)`` does.
* **held**: when was this true? The relationship's valid-from and valid-to, partial ISO dates
  ("2019", "2019-03", "2019-03-20"). A partial date stands for its whole period: valid from
  "2019" may start on any day of 2019, so the relationship may hold from 2019-01-01; valid to
  "2019-03" may last until 2019-03-31. A missing end is *open*: it reaches as far as time goes.
  A window keeps a relationship whose possible span meets it. A relationship with neither date
  is not on this axis: a held window hides it.

Days are proleptic ordinals (``date.toordinal()``) in int64 arrays, so a window over 10,000
relationships is a handful of numpy comparisons. Windows are ``(first day, last day)``,
both included. No Qt here: the time bar in ``desktop.ui.time_bar`` draws what this computes.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

__all__ = [
    "AXES",
    "HELD",
    "OPEN_END",
    "OPEN_START",
    "REPORTED",
    "UNITS",
    "Histogram",
    "TimeIndex",
    "add_units",
    "axis_label",
    "bins",
    "histogram",
    "ordinals",
    "partial_date_bounds",
    "resize_window",
    "step_window",
    "time_index",
    "window_mask",
    "window_text",
]

REPORTED = "reported"
HELD = "held"
AXES = (REPORTED, HELD)
# Calendar units a time bar's bins and steps use, finest first.
UNITS = ("day", "week", "month", "quarter", "year")
# Open ends: far beyond any real date, yet safe to compare and subtract in int64.
OPEN_START = -(2**40)
OPEN_END = 2**40
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_EPOCH = np.datetime64("0001-01-01", "D")


def partial_date_bounds(text: str | None) -> tuple[date, date] | None:
    """First and last day of the period a partial ISO date names: "2019" -> (2019-01-01,
    2019-12-31), "2019-02" -> (2019-02-01, 2019-02-28), "2019-03-20" -> that day twice.
    None for an empty value; ValueError for anything else that is not such a date."""
    if text is None or not str(text).strip():
        return None
    m = _PARTIAL.match(str(text).strip())
    if m is None:
        raise ValueError(f"not a date like 2019, 2019-03 or 2019-03-20: {text!r}")
    year = int(m.group(1))
    if m.group(2) is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(m.group(2))
    if m.group(3) is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(m.group(3)))
    return day, day


def ordinals(iso_days: Sequence[str]) -> np.ndarray:
    """Day ordinals (int64) of ISO dates "YYYY-MM-DD" (a longer string is cut to its day)."""
    if len(iso_days) == 0:
        return np.empty(0, dtype=np.int64)
    days = np.array([str(d)[:10] for d in iso_days], dtype="datetime64[D]")
    return (days - _EPOCH).astype(np.int64) + 1


@dataclass(frozen=True)
class TimeIndex:
    """The dates of a scene's relationships (edge rows), ready for windows and histograms.

    Attributes:
        m: number of relationships (edge rows) in the scene.
        evidence_edge, evidence_day: one entry per dated excerpt: its edge row and its article's day.
        held_from, held_to: (m,) the earliest day each relationship may have started to hold and
            the latest it may have held until (OPEN_START / OPEN_END where that end is open).
        held_known: (m,) whether the relationship has a valid-from or a valid-to at all.
    """

    m: int
    evidence_edge: np.ndarray
    evidence_day: np.ndarray
    held_from: np.ndarray
    held_to: np.ndarray
    held_known: np.ndarray

    def span(self, axis: str) -> tuple[int, int] | None:
        """First and last day anything on ``axis`` is dated (open ends do not count), or None."""
        if axis == REPORTED:
            if len(self.evidence_day) == 0:
                return None
            return int(self.evidence_day.min()), int(self.evidence_day.max())
        known = self.held_known
        ends = np.concatenate(
            [self.held_from[known & (self.held_from > OPEN_START)], self.held_to[known & (self.held_to < OPEN_END)]]
        )
        if len(ends) == 0:
            return None
        return int(ends.min()), int(ends.max())

    def dated(self, axis: str) -> np.ndarray:
        """(m,) which relationships have a date on ``axis`` (the others a window hides)."""
        if axis == HELD:
            return self.held_known.copy()
        out = np.zeros(self.m, dtype=bool)
        out[self.evidence_edge] = True
        return out


def time_index(
    m: int, evidence: Iterable[tuple[int, str]] = (), validity: Iterable[tuple[int, str | None, str | None]] = ()
) -> TimeIndex:
    """A :class:`TimeIndex` for ``m`` relationships from ``evidence`` (edge row, ISO day of the
    excerpt's article) and ``validity`` (edge row, valid-from, valid-to as partial ISO dates).

    A stored date that is not a partial ISO date counts as missing (the workspace checks them
    on every edit; this only keeps a damaged one from hiding the whole map).
    """
    ev = list(evidence)
    edge = np.fromiter((e for e, _ in ev), dtype=np.int64, count=len(ev))
    day = ordinals([d for _, d in ev])
    held_from = np.full(m, OPEN_START, dtype=np.int64)
    held_to = np.full(m, OPEN_END, dtype=np.int64)
    known = np.zeros(m, dtype=bool)
    for row, start, end in validity:
        try:
            a = partial_date_bounds(start)
            b = partial_date_bounds(end)
        except ValueError:
            continue
        if a is None and b is None:
            continue
        if a is not None:
            held_from[row] = a[0].toordinal()
        if b is not None:
            held_to[row] = b[1].toordinal()
        known[row] = True
    return TimeIndex(m=m, evidence_edge=edge, evidence_day=day, held_from=held_from, held_to=held_to, held_known=known)


def window_mask(index: TimeIndex, axis: str, first: int | date | None, last: int | date | None) -> np.ndarray:
    """(m,) which relationships a window from day ``first`` to day ``last`` (both included;
    None: open on that side) keeps on ``axis``."""
    lo = OPEN_START if first is None else _day(first)
    hi = OPEN_END if last is None else _day(last)
    if axis == HELD:
        return index.held_known & (index.held_from <= hi) & (index.held_to >= lo)
    if axis != REPORTED:
        raise ValueError(f"unknown time axis {axis!r}; use {' or '.join(AXES)}")
    keep = np.zeros(index.m, dtype=bool)
    d = index.evidence_day
    keep[index.evidence_edge[(d >= lo) & (d <= hi)]] = True
    return keep


def _day(value: int | date) -> int:
    return value.toordinal() if isinstance(value, date) else int(value)


# ---------------------------------------------------------------------------------- calendar
def add_units(day: int, unit: str, k: int) -> int:
    """The day ``k`` calendar units after ``day`` (months keep the day of month where they can)."""
    if unit == "day":
        return day + k
    if unit == "week":
        return day + 7 * k
    months = {"month": 1, "quarter": 3, "year": 12}[unit] * k
    d = date.fromordinal(day)
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    year = min(max(year, 1), 9999)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1])).toordinal()


def _unit_start(day: int, unit: str) -> int:
    d = date.fromordinal(day)
    if unit == "day":
        return day
    if unit == "week":
        return day - d.weekday()
    if unit == "month":
        return date(d.year, d.month, 1).toordinal()
    if unit == "quarter":
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1).toordinal()
    return date(d.year, 1, 1).toordinal()


def bins(first: int, last: int, *, max_bins: int = 80) -> tuple[np.ndarray, str]:
    """Calendar-aligned bin edges covering days ``first``..``last``: the finest unit (day,
    week, month, quarter, year) that needs at most ``max_bins`` bins. Bin b covers days
    ``edges[b]`` to ``edges[b + 1] - 1``."""
    if last < first:
        first, last = last, first
    for unit in UNITS:
        start = _unit_start(first, unit)
        approx = {"day": 1, "week": 7, "month": 30.4, "quarter": 91.3, "year": 365.25}[unit]
        if (last - start) / approx + 1 > max_bins and unit != "year":
            continue
        edges = [start]
        while edges[-1] <= last:
            edges.append(add_units(edges[-1], unit, 1))
        return np.asarray(edges, dtype=np.int64), unit
    raise AssertionError("unreachable: years always fit")


@dataclass(frozen=True)
class Histogram:
    """Counts per bin. ``counts``: excerpts (reported) or relationships known to hold
    (held, both ends dated); ``open_counts``: relationships that may hold there through an open
    end (held only, zero on the reported axis)."""

    edges: np.ndarray  # (k + 1,) day ordinals
    unit: str
    counts: np.ndarray  # (k,)
    open_counts: np.ndarray  # (k,)


def histogram(
    index: TimeIndex, axis: str, *, max_bins: int = 80, span: tuple[int, int] | None = None
) -> Histogram | None:
    """The bar chart of ``axis`` over ``span`` (default: the axis's own span), or None when
    nothing is dated on it."""
    span = span or index.span(axis)
    if span is None:
        return None
    edges, unit = bins(*span, max_bins=max_bins)
    k = len(edges) - 1
    if axis == REPORTED:
        where = np.searchsorted(edges, index.evidence_day, side="right") - 1
        ok = (where >= 0) & (where < k)
        counts = np.bincount(where[ok], minlength=k)[:k].astype(np.int64)
        return Histogram(edges, unit, counts, np.zeros(k, dtype=np.int64))
    known = index.held_known
    lo = np.clip(np.searchsorted(edges, index.held_from[known], side="right") - 1, 0, k - 1)
    hi = np.clip(np.searchsorted(edges, index.held_to[known], side="right") - 1, -1, k - 1)
    is_open = (index.held_from[known] == OPEN_START) | (index.held_to[known] == OPEN_END)
    outside = (index.held_from[known] > edges[-1] - 1) | (index.held_to[known] < edges[0])

    def coverage(sel: np.ndarray) -> np.ndarray:
        diff = np.zeros(k + 1, dtype=np.int64)
        np.add.at(diff, lo[sel], 1)
        np.add.at(diff, hi[sel] + 1, -1)
        return np.cumsum(diff)[:k]

    take = ~outside & (hi >= lo)
    return Histogram(edges, unit, coverage(take & ~is_open), coverage(take & is_open))


# ---------------------------------------------------------------------------------- windows
def step_window(window: tuple[int, int], unit: str, k: int, span: tuple[int, int]) -> tuple[int, int]:
    """``window`` moved ``k`` units later (earlier when negative), the same number of days
    long, kept inside ``span`` where it fits."""
    first, last = window
    length = last - first
    new_first = add_units(first, unit, k)
    lo, hi = span
    new_first = min(max(new_first, lo), max(hi - length, lo))
    return new_first, new_first + length


def resize_window(window: tuple[int, int], unit: str, k: int, span: tuple[int, int]) -> tuple[int, int]:
    """``window`` with its last day moved ``k`` units (wider when positive), at least one day
    long and ending inside ``span``."""
    first, last = window
    new_last = min(max(add_units(last, unit, k), first), max(span[1], first))
    return first, new_last


def axis_label(axis: str) -> str:
    return {REPORTED: "reported", HELD: "held"}[axis]


def window_text(axis: str, first: date | None, last: date | None) -> str:
    """The window in words, for captions and the bar: 'reported 2022-01-03 to 2022-01-12'."""
    a = first.isoformat() if first else "…"
    b = last.isoformat() if last else "…"
    if axis == HELD:
        return f"held {a} to {b}"
    return f"reported {a} to {b}"
