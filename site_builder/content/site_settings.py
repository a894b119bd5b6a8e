"""content/site.yml -> SiteSettings: the site, the council, the press contact, the licences.

`council:` is the publisher's name, or a list of publishers with dates when the council changed
(the Hội đồng Thi đua – Khen thưởng of a province merged into another on 01/07/2025):
the site shows the last one, the current publisher; each yearbook names the one of its period.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..common.messages import _
from . import schema as s
from .diagnostics import Problems
from .model import (
    EditorSettings,
    Licence,
    PressContact,
    Publisher,
    SiteSettings,
)
from .read import (
    YamlList,
    display_path,
    read_yaml_file,
)
from .text import format_date

_PUBLISHER = s.Record({
    "name": s.Text(required=True, single_line=True),
    "valid_from": s.Date(),
    "valid_to": s.Date(),
})


class Council(s.Option):
    """The publisher: a name, or a list of {name, valid_from, valid_to} in date order that
    covers every day (the first without a start, the last without an end, each beginning
    the day after the one before ends). Gives the tuple of Publishers."""

    def __init__(self) -> None:
        super().__init__(required=True)
        self.name = s.Text(required=True, single_line=True)
        self.listed = s.ListOf(_PUBLISHER, min_items=1)

    def check(self, value: Any, where: s.Where, problems: Problems) -> Any:
        if not isinstance(value, YamlList):
            name = self.name.check(value, where, problems)
            return name if name is s.INVALID else (Publisher(name),)
        entries = self.listed.check(value, where, problems)
        if entries is s.INVALID:
            return s.INVALID
        publishers = tuple(Publisher(**e) for e in entries)
        failed = False
        for index, publisher in enumerate(publishers):
            at = where.child(index, value.line_of(index))
            if publisher.valid_from and publisher.valid_to and publisher.valid_to < publisher.valid_from:
                self.error(problems, at, _(
                    "'valid_to' {end} is before 'valid_from' {start}; swap them",
                    end=format_date(publisher.valid_to), start=format_date(publisher.valid_from)))
                failed = True
            if index == 0 and publisher.valid_from:
                self.error(problems, at, _(
                    "the first publisher begins on {start}; leave 'valid_from' out, so that every earlier "
                    "day has a publisher", start=format_date(publisher.valid_from)))
                failed = True
            if index == len(publishers) - 1 and publisher.valid_to:
                self.error(problems, at, _(
                    "the last publisher is the current one; leave 'valid_to' ({end}) out",
                    end=format_date(publisher.valid_to)))
                failed = True
            if index == 0:
                continue
            before = publishers[index - 1]
            if before.valid_to is None or publisher.valid_from is None:
                self.error(problems, at, _(
                    "write 'valid_to:' (the last day) on '{before}' and 'valid_from:' (the day after) on "
                    "'{name}'", before=before.name, name=publisher.name))
                failed = True
            elif publisher.valid_from != before.valid_to + dt.timedelta(days=1):
                self.error(problems, at, _(
                    "'{name}' begins on {start} but '{before}' ends on {end}; one publisher begins the day "
                    "after the other ends: {next}", name=publisher.name, start=format_date(publisher.valid_from),
                    before=before.name, end=format_date(before.valid_to),
                    next=format_date(before.valid_to + dt.timedelta(days=1))))
                failed = True
        return s.INVALID if failed else publishers


_LICENCE_OPTIONS = {"name": s.Text(required=True, single_line=True), "url": s.Url()}

SITE_SCHEMA = s.Record({
    "title": s.Text(required=True, single_line=True, max_length=120),
    "short_title": s.Text(single_line=True, max_length=60),
    "description": s.Text(required=True, max_length=300),
    "council": Council(),
    "province": s.Text(required=True, single_line=True),
    "base_url": s.Url(required=True),
    "language": s.Choice(["vi"], default="vi"),
    "sample": s.Boolean(default=False),
    "sample_notice": s.Text(),
    "press": s.Record({
        "name": s.Text(required=True, single_line=True),
        "role": s.Text(single_line=True),
        "email": s.Text(single_line=True),
        "phone": s.Text(single_line=True),
        "address": s.Text(single_line=True),
        "interviews": s.Text(),
    }, required=True),
    "licences": s.Record({"text": s.Record(_LICENCE_OPTIONS, required=True),
                          "photos": s.Record(_LICENCE_OPTIONS, required=True),
                          "data": s.Record(_LICENCE_OPTIONS)}, required=True),
    "page_size": s.Integer(default=24, minimum=4),
    "home_intro": s.Text(),
    "footer_note": s.Text(),
    "copyright": s.Text(single_line=True),
    "original_photo_download": s.Boolean(default=False),
    "max_photo_megabytes": s.Integer(default=25, minimum=1),
    # Films and radio pieces (content/media/): larger or longer recordings are refused with an error.
    "max_media_megabytes": s.Integer(default=1000, minimum=1),
    "max_media_minutes": s.Integer(default=15, minimum=1),
    "publish_quota_report": s.Boolean(default=False),
    "precompress": s.Boolean(default=True),  # .gz and .br copies of the text files (pipeline/compress.py)
    # The web editor at /quan-tri/ (site_builder/cms/): the git host, repository and branch it saves to.
    "cms": s.Record({
        "backend": s.Choice(("github", "gitlab", "gitea", "forgejo"), required=True),
        "repo": s.Text(required=True, single_line=True),
        "branch": s.Text(single_line=True, default="main"),
        "content_folder": s.Text(single_line=True, default="content"),
        "review": s.Boolean(default=True),
        "base_url": s.Url(),
        "api_root": s.Url(),
        "app_id": s.Text(single_line=True),
    }),
})


def validate_site(root: Path, problems: Problems) -> SiteSettings | None:
    path = root / "site.yml"
    display = display_path(path)
    if not path.is_file():
        problems.error(display, 0, _("site settings file is missing; copy site.yml from the sample content"))
        return None
    data = read_yaml_file(path, display, problems)
    if data is None:
        return None
    clean = SITE_SCHEMA.check(data, s.Where(display, 1, ""), problems)
    if clean is s.INVALID:
        return None
    if clean["sample"] and not clean["sample_notice"]:
        problems.error(display, data.line_of("sample"),
                       _("'sample_notice' is required when 'sample: true': say the content is fictional"))
        return None
    base_url = clean["base_url"].rstrip("/") + "/"
    licences = clean["licences"]
    return SiteSettings(
        title=clean["title"],
        short_title=clean["short_title"] or clean["title"],
        description=clean["description"],
        council=clean["council"][-1].name,
        publishers=clean["council"],
        province=clean["province"],
        base_url=base_url,
        language=clean["language"],
        sample=clean["sample"],
        sample_notice=clean["sample_notice"],
        press=PressContact(**clean["press"]),
        text_licence=Licence(**licences["text"]),
        photo_licence=Licence(**licences["photos"]),
        page_size=clean["page_size"],
        home_intro=clean["home_intro"],
        footer_note=clean["footer_note"],
        copyright=clean["copyright"],
        original_photo_download=clean["original_photo_download"],
        max_photo_megabytes=clean["max_photo_megabytes"],
        max_media_megabytes=clean["max_media_megabytes"],
        max_media_minutes=clean["max_media_minutes"],
        publish_quota_report=clean["publish_quota_report"],
        precompress=clean["precompress"],
        data_licence=Licence(**licences["data"]) if licences["data"] else None,
        cms=EditorSettings(**clean["cms"]) if clean["cms"] else None,
    )
