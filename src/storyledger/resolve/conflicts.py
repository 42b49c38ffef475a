"""The conflict ledger: where sources give different values for one thing.

Three kinds of evidence:

- **figures**: quantities that count the same thing (same counted noun and
  unit; for ages, the same person or role) with values that differ;
- **attribution**: the same quotation credited to different speakers;
- **clock times**: the same day's event put at different times.

Look-alikes are kept apart: equal amounts in other notations agree (the
values are already normalised: "€3m" = "3 million euros" = 3,000,000 EUR);
part counts ("two of them", "five other people") are not totals; values
orders of magnitude apart count different things. A pair whose ranges
overlap ("about 100" and "104", "more than 100" and "more than 110") is a
*soft* disagreement; otherwise it is *hard*. When an outlet later changes
its own figure, the conflict is a *correction*; a figure that only grows
from one publication date to the next is an *update*.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import operator
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from storyledger.currencies import CURRENCIES
from storyledger.names import fold, singular
from storyledger.resolve.ids import StableIds
from storyledger.resolve.unionfind import UnionFind

T = TypeVar("T")

#: Words that make a count a part of another count, not a total.
_PART = re.compile(r"\b(?:of (?:them|those|these|his|her|their|its|the)|other|another)\b", re.I)
TIME_UNITS = {"hours", "days", "weeks", "months", "years", "minutes", "seconds"}
#: Values further apart than this factor count different things (2 injured
#: firefighters vs 110 deployed), not a disagreement about one thing.
MAX_RATIO = 25.0
#: Relative width of an approximate value's range ("about 100" = 90-110).
APPROX = 0.1
_AGE_STOP = {"at", "of", "in", "on", "who", "from", "was", "is", "has", "had", "and", "with"}
_NAME_BEFORE = re.compile(r"([A-Z][\w'’-]+)\s*,\s*$")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value comes from, for the ledger and for citing it."""

    doc: str
    outlet: str | None
    published: str | None
    start: int
    end: int
    text: str
    sentence: int


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantity with the context needed to compare it across documents."""

    source: Source
    value: float
    unit: str | None
    counts: str | None
    modifier: str | None
    approximate: bool
    before: str = ""
    after: str = ""


@dataclass(frozen=True, slots=True)
class ConflictValue:
    """One side of a conflict: the value and where it is written."""

    value: float | str
    source: Source


@dataclass(frozen=True, slots=True)
class Conflict:
    """Sources that disagree about one thing."""

    id: str
    topic: str
    kind: str
    severity: str
    values: tuple[ConflictValue, ...]
    #: What was compared, so one group can be re-checked alone: "m:<unit>|<counts>"
    #: (a measure), "q:<words>" (a quote), "t:<day>" (clock times of a day),
    #: "k:<outlet>|<doc>" (a correction note, see ``resolve.corrections``).
    scope: str = ""


#: Words before a noun that say what an amount of money is reckoned on.
MONEY_BASES = {
    "insured": "insured",
    "uninsured": "uninsured",
    "total": "total",
    "overall": "total",
    "economic": "total",
}

#: Nouns that count people without saying what happened to them.
_GENERIC_PEOPLE = {"person", "man", "woman", "child", "resident", "passenger"}
#: What happened to the people counted: "14 people are missing" vs "207 people pulled out".
_STATES = {
    "missing": "missing",
    "dead": "dead",
    "killed": "dead",
    "died": "dead",
    "injured": "injured",
    "hurt": "injured",
    "wounded": "injured",
    "hospital": "injured",
    "hospitalised": "injured",
    "hospitalized": "injured",
    "rescued": "rescued",
    "pulled": "rescued",
    "saved": "rescued",
    "survived": "rescued",
    "evacuated": "evacuated",
    "arrested": "arrested",
    "detained": "arrested",
    "licensed": "capacity",
    "capacity": "capacity",
    "carry": "capacity",
    "seats": "capacity",
}


def _state_of(figure: Figure) -> str:
    """What the counted people went through, from the words around the figure."""
    before = figure.before.lower().split()[-4:]
    after = re.split(r"[.;:!?]", figure.after.lower(), maxsplit=1)[0].split()[:8]
    for word in (*(figure.counts or "").lower().split(), *after, *before):
        state = _STATES.get(word.strip(",\"'"))
        if state:
            return state
    return ""


#: Counted nouns that are spans of time or how often ("five trading days", "two
#: quarters", "four times"): no count a story's sources dispute.
_TIME_NOUNS = frozenset(
    [
        "second",
        "minute",
        "hour",
        "day",
        "night",
        "week",
        "weekend",
        "month",
        "quarter",
        "season",
        "year",
        "decade",
        "century",
        "time",
        "session",
    ]
)
#: Changes ("fell 3.41%", "a gain of 48 points"): a move of one day, compared with
#: reports published that day only.
_CHANGES = frozenset(
    [
        "drop",
        "fall",
        "rise",
        "gain",
        "loss",
        "increase",
        "decrease",
        "decline",
        "jump",
        "growth",
        "slide",
        "plunge",
        "surge",
        "climb",
        "dip",
    ]
)


#: A verb of change just before a figure: "fell by 3.41%", "dropped in value by
#: 2.36%", "has fallen by 100.12 points to".
_CHANGE_BEFORE = re.compile(
    r"\b(?:fell|fall(?:en|s)?|drop(?:ped|s)?|rose|risen|rises?|gain(?:ed|s)?|lost|loses"
    r"|climb(?:ed|s)?|slid|slipped|plunged?|jump(?:ed|s)?|surged?|declined?|increased?"
    r"|decreased?|grew|grown|up|down)(?:\s+\S+){0,4}\s*$",
    re.IGNORECASE,
)
_CHANGE_UNITS = frozenset({"percent", "points", "percentage points"})


def _is_change(figure: Figure, unit: str, head: str) -> bool:
    """RETURNS (bool): whether a figure in percent or points is a move ("fell 3.41%",
    "a drop of 9%"), which belongs to the day it is reported on; ``head``: the
    last word of what it counts."""
    if unit not in _CHANGE_UNITS:
        return False
    clause = re.split(r"[.;:!?,]", figure.before)[-1]
    return head in _CHANGES or _CHANGE_BEFORE.search(clause) is not None


def measure_key(figure: Figure) -> tuple[str, str] | None:
    """RETURNS: (unit, what it counts) for comparable figures; None for part counts,
    spans of time, and amounts that do not say what they are of ("$12 million",
    "9%": two such amounts have no subject to show they measure one thing). A
    change in percent or points counts the move of its publication day."""
    if _PART.search(figure.source.text):
        return None
    counts = singular(fold(figure.counts or ""))
    unit = figure.unit or ""
    words = counts.split()
    head = words[-1] if words else ""
    if not head or head in _TIME_NOUNS:
        return None
    if _is_change(figure, unit, head):
        return unit, f"{head} on {figure.source.published or 'an unknown day'}"
    if counts == "age":
        subject = _age_subject(figure)
        return (unit, f"age of {subject}") if subject else None
    if head in _GENERIC_PEOPLE:
        state = _state_of(figure)
        return unit, f"{head} {state}".strip()
    if unit in CURRENCIES and (basis := _money_basis(figure)):
        return unit, f"{basis} {head}"
    return unit, head


def _money_basis(figure: Figure) -> str:
    """What an amount of money is reckoned on: "insured" ("the insured loss at €4.2m",
    an insurer's estimate) or "total" ("its total losses at more than €9 million");
    "" when its words say neither. The two are different figures, not a disagreement.

    The word is looked for just before the counted noun, in the words before the
    amount ("the total cost to its business, ..., at €9m") or after it
    ("€5bn in insured losses").
    """
    if not figure.counts:
        return ""
    noun = figure.counts.split()[-1].lower()
    before = re.split(r"[.;:!?]", figure.before.lower())[-1].split()
    after = re.split(r"[.;:!?]", figure.after.lower(), maxsplit=1)[0].split()[:6]
    for words in (before[::-1], after):
        for n, word in enumerate(words):
            if word.strip(",\"'") != noun:
                continue
            near = words[n + 1 : n + 3] if words is not after else words[max(0, n - 2) : n][::-1]
            for qualifier in near:
                if basis := MONEY_BASES.get(qualifier.strip(",\"'")):
                    return basis
            break
    return ""


def _age_subject(figure: Figure) -> str | None:
    """'a 46-year-old shift supervisor' -> 'supervisor'; 'Jarek Nowak, 58,' -> 'nowak'."""
    if figure.source.text.lower().endswith("year-old") or figure.after.startswith("-year"):
        phrase = re.split(r"[,.;:()\"]", figure.after.lower(), maxsplit=1)[0]
        words: list[str] = []
        for word in phrase.replace("year-old", " ").replace("-", " ").split()[:4]:
            if word in _AGE_STOP:
                break
            words.append(word)
        return words[-1] if words else None
    name = _NAME_BEFORE.search(figure.before)
    return fold(name.group(1)) if name else None


def _range(figure: Figure) -> tuple[float, float]:
    value = figure.value
    if figure.modifier in {"more_than", "at_least"}:
        return value, float("inf")
    if figure.modifier in {"less_than", "up_to"}:
        return 0.0, value
    if figure.approximate or figure.modifier == "approx":
        return value * (1 - APPROX), value * (1 + APPROX)
    return value, value


def _overlap(a: Figure, b: Figure) -> bool:
    (lo_a, hi_a), (lo_b, hi_b) = _range(a), _range(b)
    return lo_a <= hi_b and lo_b <= hi_a


def _same_value(a: Figure, b: Figure) -> bool:
    return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value))


def _magnitude_groups(items: Iterable[T], value: Callable[[T], float]) -> list[list[T]]:
    """RETURNS: ``items`` (figures, or a measure's signatures) sorted by ``value`` and
    cut where one value is more than MAX_RATIO times the one before."""
    groups: list[list[T]] = []
    previous = 0.0
    for item in sorted(items, key=value):
        current = value(item)
        if not groups or (previous > 0 and current / previous > MAX_RATIO):
            groups.append([])
        groups[-1].append(item)
        previous = current
    return groups


#: Counts that only grow as a story goes on (a later, higher figure is news,
#: a later, lower one a correction), and counts that only shrink.
GROWING = frozenset(
    {"death", "dead", "killed", "fatality", "casualty", "victim", "injured", "rescued", "arrested"}
)
SHRINKING = frozenset(["missing"])


def _direction(counts: str) -> int:
    """+1 for counts that only grow, -1 for counts that only shrink, 0 otherwise."""
    words = set(counts.split())
    return 1 if words & GROWING else -1 if words & SHRINKING else 0


#: (outlet, publication date, value) of a figure: what a conflict's kind depends on.
Report = tuple[str | None, str | None, float]


def _report(figure: Figure) -> Report:
    return figure.source.outlet, figure.source.published, figure.value


def _changes(by_outlet: dict[str, dict[str, set[float]]]) -> list[float]:
    """Each outlet's change of its own figure from one publication date to the next,
    given each outlet's (folded) values by publication date."""
    changes: list[float] = []
    for dates in by_outlet.values():
        ordered = [dates[d] for d in sorted(dates)]
        for before, after in itertools.pairwise(ordered):
            changes.extend(b - a for a in before for b in after if a != b)
    return changes


def _kind(reports: Sequence[Report], counts: str) -> str:
    """correction, update or disagreement, from who changed which figure when.

    An outlet changing its own figure is an update when the change goes the way
    the count goes (deaths only grow, the missing only shrink), else a
    correction. Different outlets whose figures move the count's way from one
    publication date to the next report an update; otherwise they disagree.
    """
    return KindBasis.of(reports, _direction(counts)).kind()


@dataclass
class KindBasis:
    """What :func:`_kind` decides from, small enough to keep and to update one
    report at a time while reports arrive in order of publication.

    ``outlets`` holds, per outlet (folded), its latest publication date, its
    values then and its values on the date before: a later report of the
    outlet changes its figure against those alone.
    """

    direction: int
    changed: bool = False  # some outlet changed its own figure from one date to the next
    right_way: bool = False  # every such change goes the count's way
    undated: bool = False  # some report has no publication date
    single: bool = True  # every publication date has one value
    monotone: bool = False  # single, and the values move the count's way date by date
    last: str = ""
    last_values: list[float] = field(default_factory=list)
    outlets: dict[str, list[Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, reports: Iterable[Report], direction: int) -> KindBasis:
        """RETURNS: the basis of all ``reports`` at once."""
        by_date: dict[str, set[float]] = {}
        by_outlet: dict[str, dict[str, set[float]]] = {}
        for outlet, published, value in reports:
            by_date.setdefault(published or "", set()).add(value)
            if outlet and published:
                by_outlet.setdefault(fold(outlet), {}).setdefault(published, set()).add(value)
        changes = _changes(by_outlet)
        dated = sorted(d for d in by_date if d)
        single = all(len(by_date[d]) == 1 for d in dated)
        values = [min(by_date[d]) for d in dated]
        outlets = {}
        for outlet, dates in by_outlet.items():
            *_, before, latest = ["", *sorted(dates)]
            outlets[outlet] = [latest, sorted(dates[latest]), sorted(dates.get(before, ()))]
        return cls(
            direction,
            changed=bool(changes),
            right_way=bool(changes and direction) and all(c * direction > 0 for c in changes),
            undated="" in by_date,
            single=single,
            monotone=bool(dated and single and direction)
            and values == sorted(values, reverse=direction < 0),
            last=dated[-1] if dated else "",
            last_values=sorted(by_date[dated[-1]]) if dated else [],
            outlets=outlets,
        )

    def kind(self) -> str:
        if self.changed:
            return "update" if self.right_way else "correction"
        if self.direction and not self.undated and self.single and self.monotone:
            return "update"
        return "disagreement"

    def add(self, report: Report) -> bool:
        """Take one more report, as :meth:`of` would have counted it.

        RETURNS (bool): False when that cannot be done from this basis (a report
            published before the latest one); the basis is then unusable.
        """
        outlet, published, value = report
        if not published:
            self.undated = True
            return True
        if published > self.last:
            if self.single:
                if not self.last:
                    self.monotone = bool(self.direction)
                else:
                    latest = self.last_values[0]
                    way = value >= latest if self.direction > 0 else value <= latest
                    self.monotone = self.monotone and bool(self.direction) and way
            self.last, self.last_values = published, [value]
        elif published == self.last:
            if value not in self.last_values:
                self.last_values = sorted([*self.last_values, value])
                self.single = self.monotone = False
        else:
            return False
        return not outlet or self._add_own(fold(outlet), published, value)

    def _add_own(self, outlet: str, published: str, value: float) -> bool:
        known = self.outlets.get(outlet)
        if known is None:
            self.outlets[outlet] = [published, [value], []]
            return True
        latest, values, before = known
        if published > latest:
            self._change(values, value)
            self.outlets[outlet] = [published, [value], values]
        elif published == latest:
            if value not in values:
                self._change(before, value)
                self.outlets[outlet] = [latest, sorted([*values, value]), before]
        else:
            return False
        return True

    def _change(self, before: Iterable[float], value: float) -> None:
        for old in before:
            if old != value:
                self.right_way = (self.changed is False or self.right_way) and bool(
                    self.direction and (value - old) * self.direction > 0
                )
                self.changed = True

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        del data["direction"]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], direction: int) -> KindBasis:
        """The basis of :meth:`to_json`'s ``data``, which it takes over (not a copy)."""
        return cls(direction, **data)


def _severity(figures: Sequence[Figure]) -> str:
    for n, a in enumerate(figures):
        for b in figures[n + 1 :]:
            if not _same_value(a, b) and not _overlap(a, b):
                return "hard"
    return "soft"


def figure_conflicts(figures: Iterable[Figure]) -> list[Conflict]:
    """Conflicts between figures that count the same thing in different documents."""
    groups = by_measure(figures)
    return [c for key, members in sorted(groups.items()) for c in measure_conflicts(key, members)]


def by_measure(figures: Iterable[Figure]) -> dict[tuple[str, str], list[Figure]]:
    """RETURNS: measure key -> the figures that count it, in the order given."""
    groups: dict[tuple[str, str], list[Figure]] = {}
    for figure in figures:
        key = measure_key(figure)
        if key is not None:
            groups.setdefault(key, []).append(figure)
    return groups


def measure_conflicts(key: tuple[str, str], figures: Sequence[Figure]) -> list[Conflict]:
    """Conflicts between figures that all count ``key`` (their :func:`measure_key`),
    given in the order they were read: one per group of similar magnitude."""
    counts = key[1]
    conflicts: list[Conflict] = []
    for group in _magnitude_groups(figures, _value):
        if not disagree(stated_by_document(group)):
            continue
        values = tuple(ConflictValue(plain(f.value), f.source) for f in group)
        kind = _kind([_report(f) for f in group], counts)
        conflicts.append(
            Conflict("", measure_topic(key), kind, _severity(group), values, measure_scope(key))
        )
    return conflicts


def measure_topic(key: tuple[str, str]) -> str:
    """RETURNS (str): how a measure's conflicts are titled: "passenger", "damage (EUR)"."""
    unit, counts = key
    return f"{counts} ({unit})" if unit else counts


def stated_by_document(figures: Iterable[Figure]) -> list[frozenset[float]]:
    """RETURNS: the set of values each document of ``figures`` states."""
    stated: dict[str, set[float]] = {}
    for figure in figures:
        stated.setdefault(figure.source.doc, set()).add(figure.value)
    return [frozenset(found) for found in stated.values()]


def disagree(stated: Iterable[frozenset[float]]) -> bool:
    """RETURNS (bool): True when two documents disagree: each states a value of the
    group that the other does not, given the values each document states.

    One article stating two values ("10,000 rapid tests", "100,000 standard
    tests") counts two things, so a copy of it, or an article stating one of
    them, disagrees with nothing; the documents' sets then nest in one chain.
    """
    nested = sorted({found for found in stated if found}, key=len)
    return any(not small <= large for small, large in itertools.pairwise(nested))


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """One magnitude group of a measure, and the conflict it makes (if any)."""

    values: frozenset[float]
    conflict: tuple[str, str, str, str] | None  # kind, topic, first doc, first start
    severity: str
    #: what the conflict's kind is decided from (None in a state of older code)
    basis: KindBasis | None = None


class MeasureState:
    """What the conflicts of one measure are computed from, without its figures.

    Kind and severity depend only on the distinct (value, modifier, approximate,
    outlet, publication date) of the figures, its *signatures*; a conflict's id
    on its first figure (the first to arrive with the lowest value); whether it
    is a conflict on two documents that :func:`disagree`, on the distinct sets
    of values its documents state (``stated``). So a new article's figure
    updates this small state, and a conflict whose id stays is updated by
    inserting one value.
    ``groups`` keeps the magnitude groups last computed, each with the
    :class:`KindBasis` of its conflict's kind, and ``ranges`` the distinct
    (value, modifier, approximate): a figure that brings neither a new one nor a
    value's second document updates its group's basis alone.

    The signatures are kept apart from the JSON (:meth:`to_json`): a measure
    of a large case has thousands, and a new figure needs only its own looked
    up. A stored state is given the texts (:func:`signature_text`) of those
    of its signatures that the new figures have (``present``), and a way to
    read all of them (``load``) for when its groups must be computed again.
    """

    def __init__(
        self,
        data: dict[str, Any] | None = None,
        *,
        present: Collection[str] = (),
        load: Callable[[], Iterable[str]] | None = None,
    ) -> None:
        data = data or {"first": {}}
        self._present = present
        self._load = load
        self._signatures: set[tuple[Any, ...]] | None = None if load else set()
        #: signatures that :meth:`add` found new (to store beside the old ones)
        self.added: set[tuple[Any, ...]] = set()
        self.first: dict[str, list[Any]] = data["first"]
        #: the distinct sets of values that its documents state
        self.stated: set[frozenset[float]] = {frozenset(v) for v in data.get("stated", ())}
        #: the values of the documents :meth:`add` was given, by document
        self._new_docs: dict[str, set[float]] = {}
        #: the distinct (value, modifier, approximate) of its figures
        self.ranges: set[tuple[Any, ...]] = {tuple(r) for r in data.get("ranges", ())}
        groups = data.get("groups")
        self.groups: list[GroupSummary] | None = None
        if groups is not None:
            self.groups = [
                GroupSummary(frozenset(v), tuple(c) if c else None, sev, _basis(rest))
                for v, c, sev, *rest in groups
            ]
        #: new reports (outlet, published, value) not yet in the groups' bases
        self._pending: list[Report] = []

    @property
    def signatures(self) -> set[tuple[Any, ...]]:
        """The distinct (value, modifier, approximate, outlet, published) of its figures."""
        if self._signatures is None:  # read on first need: a measure may have thousands
            assert self._load is not None
            texts = list(self._load())
            stored = {tuple(sig) for sig in json.loads(f"[{','.join(texts)}]")}
            self._signatures = stored | self.added
        return self._signatures

    def _has(self, signature: tuple[Any, ...]) -> bool:
        if self._signatures is not None:
            return signature in self._signatures
        return signature_text(signature) in self._present

    @staticmethod
    def signature(figure: Figure) -> tuple[Any, ...]:
        source = figure.source
        return figure.value, figure.modifier, figure.approximate, source.outlet, source.published

    def add(self, figure: Figure) -> None:
        """Take one more figure. A known (value, modifier, approximate) on a known
        second document keeps the groups, and a new signature of it is noted
        for the kind of its group's conflict (:meth:`summaries`); anything else
        has the groups computed again from all the signatures."""
        signature = self.signature(figure)
        new = not self._has(signature) and signature not in self.added
        if new:
            self.added.add(signature)
            if self._signatures is not None:
                self._signatures.add(signature)
        self.first.setdefault(repr(figure.value), [figure.source.doc, figure.source.start])
        self._new_docs.setdefault(figure.source.doc, set()).add(figure.value)
        known = signature[:3] in self.ranges
        self.ranges.add(signature[:3])
        if not known:
            self.groups = None
        elif new and self.groups is not None:
            self._pending.append((figure.source.outlet, figure.source.published, figure.value))

    def covers(self, figures: Sequence[Figure]) -> bool:
        """RETURNS (bool): True when adding ``figures`` changes nothing but the values
        listed: no new value or signature, and each document states a set of values
        that another already states."""
        return (
            self.groups is not None
            and all(self._has(self.signature(f)) for f in figures)
            and all(found in self.stated for found in stated_by_document(figures))
        )

    def to_json(self, key: tuple[str, str]) -> dict[str, Any]:
        groups = self.summaries(key)
        return {
            "first": self.first,
            "stated": sorted(sorted(found) for found in self.stated),
            "ranges": sorted(self.ranges, key=repr),
            "groups": [
                [sorted(g.values), g.conflict, g.severity, g.basis and g.basis.to_json()]
                for g in groups
            ],
        }

    def summaries(self, key: tuple[str, str]) -> list[GroupSummary]:
        """RETURNS: the magnitude groups, as :func:`measure_conflicts` makes them."""
        if self.groups is not None and self._pending:
            self.groups = self._with_pending(_direction(key[1]))
        self._pending = []
        if self._take_new_docs() and self.groups is not None:
            groups = self.groups  # a new set of values may make two documents disagree
            resummed = [self._summary(key, g.values, g.severity, g.basis) for g in groups]
            self.groups = None if any(g.basis is None for g in groups) else resummed
        if self.groups is not None:
            return self.groups
        return self._compute(key)

    def _take_new_docs(self) -> bool:
        """Fold the new documents' sets of values into ``stated``; RETURNS whether it grew."""
        before = len(self.stated)
        self.stated.update(frozenset(found) for found in self._new_docs.values())
        self._new_docs = {}
        return len(self.stated) > before

    def _summary(
        self, key: tuple[str, str], values: frozenset[float], severity: str, basis: KindBasis | None
    ) -> GroupSummary:
        """A group's summary, with its conflict if two of its documents disagree."""
        conflict = None
        if basis is not None and disagree(found & values for found in self.stated):
            doc, start = self.first[repr(min(values))]
            conflict = (basis.kind(), measure_topic(key), doc, str(start))
        return GroupSummary(values, conflict, severity, basis)

    def _with_pending(self, direction: int) -> list[GroupSummary] | None:
        """RETURNS: the groups with the new reports in their conflicts' kinds, or
        None when a basis cannot take them (a report published before the latest)."""
        assert self.groups is not None
        groups = list(self.groups)
        for report in self._pending:
            n = next(n for n, g in enumerate(groups) if report[2] in g.values)
            group = groups[n]
            if group.basis is None:
                return None
            basis = KindBasis.from_json(group.basis.to_json(), direction)  # a copy
            if not basis.add(report):
                return None
            conflict = group.conflict and (basis.kind(), *group.conflict[1:])
            groups[n] = GroupSummary(group.values, conflict, group.severity, basis)
        return groups

    def _compute(self, key: tuple[str, str]) -> list[GroupSummary]:
        unit, counts = key
        direction = _direction(counts)
        summaries = []
        # on the signatures themselves: a measure may have thousands, and a figure
        # is made only for each distinct (value, modifier, approximate)
        for group in _magnitude_groups(self.signatures, _first):
            values = frozenset(sig[0] for sig in group)
            ranges = {(value, mod, approx) for value, mod, approx, _, _ in group}
            severity = _severity(
                [Figure(_NO_SOURCE, v, unit, counts, mod, approx) for v, mod, approx in ranges]
            )
            reports = [(outlet, published, value) for value, _, _, outlet, published in group]
            summaries.append(self._summary(key, values, severity, KindBasis.of(reports, direction)))
        self.ranges = {sig[:3] for sig in self.signatures}
        self.groups = summaries
        return summaries


def _basis(stored: list[Any]) -> KindBasis | None:
    """A group's stored basis (its direction is the measure's: set when it is used)."""
    return KindBasis.from_json(stored[0], 0) if stored and stored[0] else None


_NO_SOURCE = Source("", None, None, 0, 0, "", 0)
_first = operator.itemgetter(0)
_value = operator.attrgetter("value")


def signature_text(signature: Sequence[Any]) -> str:
    """RETURNS (str): how a measure's signature is stored (a JSON list)."""
    return json.dumps(list(signature))


def measure_states(
    groups: dict[tuple[str, str], list[Figure]],
) -> dict[tuple[str, str], MeasureState]:
    """RETURNS: measure key -> the state of each measure of :func:`by_measure`."""
    states: dict[tuple[str, str], MeasureState] = {}
    for key, figures in groups.items():
        state = states[key] = MeasureState()
        for figure in figures:
            state.add(figure)
    return states


def quote_speakers(quotes: Iterable[Attributed]) -> dict[str, list[str]]:
    """RETURNS: scope ("q:...") -> the distinct speakers credited with those words."""
    speakers: dict[str, list[str]] = {}
    for quote in quotes:
        key = quote_key(quote.source.text)
        if quote.speaker and key:
            found = speakers.setdefault(f"q:{key}", [])
            if quote.speaker not in found:
                found.append(quote.speaker)
    return speakers


def plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True, slots=True)
class Attributed:
    """A quotation with the case entity credited for it."""

    source: Source
    speaker: str | None


def quote_key(text: str) -> str | None:
    """RETURNS: a quotation's words in lower case; None when it is too short (under
    six words) to tell that two sources quote the same statement."""
    words = re.findall(r"\w+", text.lower())
    return " ".join(words) if len(words) >= QUOTE_WORDS else None


#: Words a quotation needs before two speakers of it count as a conflict.
QUOTE_WORDS = 6


def measure_scope(key: tuple[str, str]) -> str:
    """RETURNS (str): a measure key as stored: "m:<unit>|<what it counts>"."""
    unit, counts = key
    return f"m:{unit}|{counts}"


def attribution_conflicts(quotes: Iterable[Attributed]) -> list[Conflict]:
    """The same words (at least six) credited to different speakers."""
    groups: dict[str, list[Attributed]] = {}
    for quote in quotes:
        key = quote_key(quote.source.text)
        if quote.speaker and key:
            groups.setdefault(key, []).append(quote)
    conflicts = []
    for key, members in groups.items():
        if len({q.speaker for q in members}) < 2:
            continue
        values = tuple(ConflictValue(q.speaker or "", q.source) for q in members)
        topic = f"who said '{members[0].source.text[:60]}'"
        conflicts.append(Conflict("", topic, "attribution", "hard", values, f"q:{key}"))
    return conflicts


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A minute-precision time with the case entities named in its sentence."""

    source: Source
    value: str
    entities: frozenset[str]


#: Clock times this far apart or closer disagree softly (a quarter hour).
SOFT_CLOCK_MINUTES = 15


def clock_conflicts(times: Iterable[ClockTime], window_minutes: int = 90) -> list[Conflict]:
    """One day's event timed differently by different documents (02:30 vs 02:40).

    Clock times on the same day whose sentences name a common case entity
    and lie within ``window_minutes`` of each other form one group (a sweep
    per entity, so the pass is O(n log n)); a group with different values
    from different documents is one conflict. A spread of a quarter hour or
    less is soft.
    """
    items = [t for t in times if len(t.value) == 16 and t.value[10] == "T"]
    by_entity: dict[tuple[str, str], list[int]] = {}
    for n, t in enumerate(items):
        for entity in t.entities:
            by_entity.setdefault((t.value[:10], entity), []).append(n)
    groups = UnionFind(len(items))
    for members in by_entity.values():
        members.sort(key=lambda n: items[n].value)
        for a, b in itertools.pairwise(members):
            if minute_of_day(items[b].value) - minute_of_day(items[a].value) <= window_minutes:
                groups.join(b, a, "")
    conflicts = []
    for members in groups.clusters(range(len(items))).values():
        group = [items[n] for n in members]
        values = sorted({t.value for t in group})
        if len(values) < 2 or len({t.source.doc for t in group}) < 2:
            continue
        spread = minute_of_day(values[-1]) - minute_of_day(values[0])
        severity = "soft" if spread <= SOFT_CLOCK_MINUTES else "hard"
        sides = tuple(
            ConflictValue(t.value, t.source) for t in sorted(group, key=lambda t: t.value)
        )
        topic = f"time of day on {values[0][:10]}"
        scope = f"t:{values[0][:10]}"
        conflicts.append(Conflict("", topic, "disagreement", severity, sides, scope))
    return conflicts


def minute_of_day(value: str) -> int:
    """RETURNS (int): the minutes since midnight of a clock time ("2024-10-08T02:40")."""
    return int(value[11:13]) * 60 + int(value[14:16])


def number(conflicts: Iterable[Conflict]) -> list[Conflict]:
    """RETURNS (list[Conflict]): the conflicts ordered by kind and topic, with ids
    that come from what they are about (kind, topic, first value), so a
    conflict keeps its id when later articles add values or other conflicts."""
    ids = StableIds("c")
    numbered = []
    for c in conflicts:
        first = c.values[0].source if c.values else None
        where = (first.doc, str(first.start)) if first else ("", "")
        conflict_id = ids.make(c.kind, c.topic, *where)
        numbered.append(Conflict(conflict_id, c.topic, c.kind, c.severity, c.values, c.scope))
    return sorted(numbered, key=conflict_order)


def conflict_order(conflict: Conflict) -> tuple[str, str, str]:
    """The ledger's order: kind, then topic, then id."""
    return conflict.kind, conflict.topic, conflict.id
