"""The content model: plain, immutable dataclasses.

Everything after `validate` works on these objects only, never on raw YAML.
Values that must never be published (a profile's `private` block, consent
details) are kept apart in `Profile.private` and `Consent`, and the page,
data and search stages never read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

# Codes with meaning in the pipeline itself. Their display names are content
# (taxonomies/kinds.yml, stages.yml); the codes are the model's vocabulary.
KINDS = ("ca-nhan", "tap-the", "ho-gia-dinh")
STAGES = ("phat-hien", "boi-duong", "tong-ket", "nhan-rong")
STATUSES = ("draft", "review", "published", "withdrawn")
CADENCES = ("quarter", "half")
AWARD_TYPES = ("bang-khen", "giay-khen", "danh-hieu", "khac")
# Tiers of local government. Since 01/07/2025 there are two (province, commune);
# districts are kept for what was recorded under them. "commune" covers xã, phường, đặc khu.
LOCALITY_LEVELS = ("province", "district", "commune")

Kind = Literal["ca-nhan", "tap-the", "ho-gia-dinh"]
# Kinds whose publication needs the written consent of the people shown.
KINDS_NEEDING_CONSENT = ("ca-nhan", "ho-gia-dinh")


@dataclass(frozen=True)
class Term:
    """One entry of a taxonomy (a field, movement, locality, kind, stage)."""

    code: str
    name: str
    description: str = ""
    short_name: str = ""

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Locality(Term):
    """A place as it was on given dates: content/taxonomies/localities.yml.

    Its history is data: `valid_from`/`valid_to` bound the days it existed (both
    days included), `became` names the localities that replaced it from the day
    after `valid_to`. The functions over a set of localities are in `localities.py`.
    """

    level: str = "commune"  # one of LOCALITY_LEVELS
    official_code: str = ""  # the General Statistics Office's code ("60", "593", "22945"); "" if none
    valid_from: dt.date | None = None  # None: since before the records
    valid_to: dt.date | None = None  # None: still valid
    parent: str = ""  # code of the locality it belongs to ("" for a province)
    became: tuple[str, ...] = ()  # codes it became, effective the day after valid_to

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Quota:
    cadence: str  # "quarter" | "half"
    minimum: int


@dataclass(frozen=True)
class Group:
    """An emulation group (cụm / khối thi đua) and its submission quota."""

    code: str
    name: str
    quota: Quota
    # Armed-forces member units may follow another quota (Khối 9 in the plan).
    armed_forces_quota: Quota | None = None
    valid_from: dt.date | None = None  # None: since before the records
    valid_to: dt.date | None = None  # None: still exists
    became: tuple[str, ...] = ()  # codes of the groups it became, the day after valid_to

    def valid_on(self, day: dt.date) -> bool:
        return within_dates(self.valid_from, self.valid_to, day)


@dataclass(frozen=True)
class Unit:
    """A submitting unit (taxonomies/units.yml) over the dates it existed.

    Units are merged and dissolved (the departments on 01/03/2025, the district
    people's committees on 30/06/2025): `valid_to` is its last day and `became`
    the units that took its work over from the day after.
    """

    code: str
    name: str
    group: str
    armed_forces: bool = False
    valid_from: dt.date | None = None  # None: since before the records
    valid_to: dt.date | None = None  # None: still exists
    became: tuple[str, ...] = ()  # codes of the units it became, the day after valid_to

    def valid_on(self, day: dt.date) -> bool:
        return within_dates(self.valid_from, self.valid_to, day)


def within_dates(valid_from: dt.date | None, valid_to: dt.date | None, day: dt.date) -> bool:
    """Whether `day` is inside [valid_from, valid_to], both inclusive; None is open."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


@dataclass(frozen=True)
class AwardType:
    code: str
    name: str
    type: str  # one of AWARD_TYPES
    issuer: str = ""


@dataclass(frozen=True)
class Taxonomies:
    kinds: dict[str, Term]
    stages: dict[str, Term]
    fields: dict[str, Term]
    movements: dict[str, Term]
    localities: dict[str, Locality]
    groups: dict[str, Group]
    units: dict[str, Unit]
    awards: dict[str, AwardType]


@dataclass(frozen=True)
class Licence:
    name: str
    url: str = ""


@dataclass(frozen=True)
class PressContact:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    interviews: str = ""  # Markdown: how journalists request an interview (press page)


@dataclass(frozen=True)
class EditorSettings:
    """site.yml `cms:`: the git host, repository and branch the web editor (/quan-tri/) saves to."""

    backend: str  # github | gitlab | gitea | forgejo (Decap CMS's backend names)
    repo: str  # owner/name
    branch: str
    content_folder: str  # where content/ is inside the repository
    review: bool  # saved profiles wait as "review" for someone else to publish (editorial workflow)
    base_url: str = ""  # the OAuth server (GitHub) or the self-hosted GitLab/Gitea/Forgejo
    api_root: str = ""  # the host's API (self-hosted GitLab, Gitea, Forgejo)
    app_id: str = ""  # the OAuth application's client id (GitLab, Gitea, Forgejo)


@dataclass(frozen=True)
class Publisher:
    """The council that publishes the site, over the dates it did (site.yml's `council:` list)."""

    name: str
    valid_from: dt.date | None = None  # None: since before the records
    valid_to: dt.date | None = None  # None: still publishing

    def valid_on(self, day: dt.date) -> bool:
        return within_dates(self.valid_from, self.valid_to, day)


@dataclass(frozen=True)
class SiteSettings:
    """content/site.yml: everything about the site that is not a profile."""

    title: str
    short_title: str
    description: str
    council: str  # the current publisher: the last of `publishers`, which has no end date
    province: str
    base_url: str  # always ends with "/"
    language: str
    sample: bool  # the content is fictional sample data
    sample_notice: str
    press: PressContact
    text_licence: Licence
    photo_licence: Licence
    page_size: int
    home_intro: str
    footer_note: str
    copyright: str
    original_photo_download: bool  # offer each photo's original (metadata removed)
    max_photo_megabytes: int  # larger source photos are refused with an error
    # The council's quota report counts withheld profiles too: off the public site unless asked.
    publish_quota_report: bool = False
    max_media_megabytes: int = 1000  # a film or radio piece over this size is refused with an error
    max_media_minutes: int = 15  # and one longer than this
    precompress: bool = True  # .gz and .br copies beside the site's text files, for hosts that serve them
    data_licence: Licence | None = None  # of the open data files; None: the text licence
    cms: EditorSettings | None = None  # the web editor at /quan-tri/, when site.yml asks for it
    # Every publisher in date order, covering every day (site.yml checks it); () for a SiteSettings
    # made in code with one council.
    publishers: tuple[Publisher, ...] = ()

    def publisher_on(self, day: dt.date) -> str:
        """The council that published on `day` (a yearbook names the one of its period's last day)."""
        return next((p.name for p in self.publishers if p.valid_on(day)), self.council)


@dataclass(frozen=True)
class Photo:
    source: Path  # absolute path of the original
    relative: str  # path relative to content/, used for cache keys and messages
    alt: str
    caption: str
    credit: str


@dataclass(frozen=True)
class AwardGrant:
    award: AwardType
    decision: str  # "1234/QĐ-UBND"
    date: dt.date
    issuer: str


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str = ""
    url: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class Correction:
    date: dt.date
    text: str


@dataclass(frozen=True)
class Member:
    name: str
    role: str = ""


@dataclass(frozen=True)
class Consent:
    given: bool
    date: dt.date | None = None


@dataclass(frozen=True)
class Profile:
    slug: str  # the stable public identifier and URL part
    source: Path  # the .md file
    display_path: str
    kind: str
    name: str
    summary: str
    fields: tuple[str, ...]
    movements: tuple[str, ...]
    locality: str
    unit: str
    submitted: dt.date
    stage: str
    status: str
    publish_from: dt.date | None
    consent: Consent
    photos: tuple[Photo, ...]
    awards: tuple[AwardGrant, ...]
    achievements: tuple[str, ...]
    sources: tuple[Source, ...]
    related: tuple[str, ...]
    aliases: tuple[str, ...]
    corrections: tuple[Correction, ...]
    members: tuple[Member, ...]
    story: str  # Markdown, as written
    story_html: str  # the story rendered and sanitised once, at validation (markup.render_story)
    featured: bool = False
    updated: dt.date | None = None
    private: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # line of each front-matter key, for messages found after validation
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    # digest of the profile's file: pages rendered from it change only when it does
    fingerprint: str = field(default="", repr=False, compare=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    @property
    def year(self) -> int:
        return self.submitted.year

    @property
    def needs_consent(self) -> bool:
        """Whether publishing needs the written consent of the people shown (the gate asks)."""
        return self.kind in KINDS_NEEDING_CONSENT

    @property
    def published_on(self) -> dt.date:
        """When the public could first read the profile: its embargo date, else its submission."""
        return self.publish_from or self.submitted

    @cached_property  # asked for some fifteen times per profile per build (feeds, data, sitemap)
    def last_update(self) -> dt.date:
        """The latest date the content speaks of; never the file's mtime."""
        dates = [self.submitted, *(c.date for c in self.corrections)]
        if self.updated:
            dates.append(self.updated)
        return max(dates)


@dataclass(frozen=True)
class Page:
    """A free-standing page from content/pages/*.md (about, press…)."""

    slug: str
    title: str
    description: str
    body: str  # Markdown
    source: Path
    display_path: str
    nav_order: int


@dataclass(frozen=True)
class Content:
    """Everything read from content/, validated."""

    root: Path
    site: SiteSettings
    taxonomies: Taxonomies
    profiles: tuple[Profile, ...]  # every profile, whatever its status
    pages: tuple[Page, ...]
    # Drafts that still lack a required value (listed as warnings): no Profile until complete.
    incomplete_drafts: tuple[str, ...] = ()
    # Every profile's address as content/addresses.yml is to record it (content.addresses.Address by slug).
    addresses: dict[str, Any] = field(default_factory=dict, compare=False)
    # Films, radio pieces and photo stories, whatever their status, and their programmes
    # (content/media_items.py): by code, and in the order of the folders' names.
    programmes: dict[str, Any] = field(default_factory=dict, compare=False)
    media: tuple[Any, ...] = ()
    # The honouring events (content/events.py's EventBook), None when content/events/ holds none.
    events: Any = None
