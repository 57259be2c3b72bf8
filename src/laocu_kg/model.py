"""The extraction data model: a report and what was found in it, as plain frozen dataclasses.

Every fact carries a :class:`Span` (character offsets into ``Report.text``), so anything in the
graph can be traced back to the sentence it came from (like spaCy's ``Doc``/``Span``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


class LaocuError(Exception):
    """An error the user can cause (bad input, bad query, bad store): shown as one line by the CLI."""


@dataclass(frozen=True)
class Report:
    """One input report: its text and metadata."""

    id: str  # file name (stable, human readable)
    text: str
    path: str = ""
    title: str = ""
    date: str | None = None  # ISO date, YYYY, or --MM-DD, from metadata or --date
    url: str | None = None
    sha256: str = ""
    script: str = "simplified"  # or "traditional"


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range [start, end) in a report's text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class OrgRef:
    """An organization as resolved at extraction time."""

    name: str  # canonical full name, e.g. 山西省老区建设促进会
    surface: str  # as written, e.g. 省老促会
    kind: str  # key into org_kinds.tsv: laocu, party, party_dept, government, …
    area: str | None = None  # canonical name of the place it serves, e.g. 山西省
    parent: str | None = None  # canonical name of the parent organization, if known


@dataclass(frozen=True)
class PlaceRef:
    name: str  # canonical, e.g. 阳泉市
    surface: str
    level: str  # national, province, prefecture, county, township, village, site
    code: str | None = None
    parent: str | None = None  # canonical name of the containing place


@dataclass(frozen=True)
class Post:
    """A person's post: a bare title in an organization."""

    title: str  # bare title, 原 kept: 副会长, 原副主任
    org: OrgRef | None
    written: str  # the segment as written, e.g. 省老促会常务副会长
    former: bool = False


@dataclass(frozen=True)
class PersonMention:
    name: str
    span: Span
    sentence: Span
    posts: tuple[Post, ...] = ()
    gender: str | None = None
    role_hint: str | None = None  # e.g. 通讯员, 记者 for bylines


@dataclass(frozen=True)
class OrgMention:
    org: OrgRef
    span: Span
    sentence: Span


@dataclass(frozen=True)
class PlaceMention:
    place: PlaceRef
    span: Span
    sentence: Span


@dataclass(frozen=True)
class Participation:
    person: str
    contribution: str  # 讲话, 主持, 致辞, 作专题辅导, 出席, 参加 …
    sentence: Span


@dataclass(frozen=True)
class EventFact:
    name: str
    kind: str  # meeting, survey, exhibition, founding, election, training, ceremony
    sentence: Span
    start: str | None = None  # ISO date, YYYY, or --MM-DD
    end: str | None = None
    place: PlaceRef | None = None
    organizer: OrgRef | None = None
    participations: tuple[Participation, ...] = ()
    visited: tuple[PlaceRef, ...] = ()
    date_inference: str | None = None
    main: bool = False


@dataclass(frozen=True)
class WorkMention:
    title: str
    span: Span
    sentence: Span


@dataclass(frozen=True)
class AwardFact:
    title: str
    recipient: str  # person name or canonical org name
    recipient_is_org: bool
    sentence: Span
    count: int | None = None
    conferred_by: OrgRef | None = None


@dataclass
class Extraction:
    """Everything extracted from one report (mentions keep their spans; nothing is RDF yet)."""

    report: Report
    persons: list[PersonMention] = field(default_factory=list)
    orgs: list[OrgMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    works: list[WorkMention] = field(default_factory=list)
    awards: list[AwardFact] = field(default_factory=list)
    authors: list[PersonMention] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)  # what persons did, by sentence
    date: str | None = None  # the report's date as inferred
    date_inference: str | None = None
    area: str | None = None  # canonical name of the report's main area (province or city)
    province: str | None = None  # canonical name of the report's province
