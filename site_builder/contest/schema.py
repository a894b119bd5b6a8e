"""The fields of contest.md and of an entry, as the content schema's options (content/schema.py):
each mistake is reported with its file, line and field."""

from __future__ import annotations

from typing import Any

from ..content.diagnostics import Problems
from ..content.model import Taxonomies
from ..content.profiles import photos_option
from ..content.read import YamlMap
from ..content.schema import (
    INVALID,
    AnyValue,
    Boolean,
    Choice,
    Code,
    Date,
    Integer,
    ListOf,
    Option,
    Record,
    Slug,
    Text,
    Where,
)
from .model import RANKING_RULES, SCORE_STEPS, STATES


def _line(required: bool = True) -> Text:
    return Text(required=required, single_line=True, plain=True)


class EntryPhotoOption(Option):
    """One of a photo entry's `photos:`: its file name as the intake writes it (`- GNT-0013-anh-1.jpg`),
    or, to publish it once it has won with its author's consent, a block with the file, its text
    alternative and caption, checked as a profile's photo is (content/profiles.photos_option). The
    author is the credit: an entry's photo has no `credit:` of its own."""

    def __init__(self) -> None:
        super().__init__(required=True)
        profile_photo = photos_option().item
        assert isinstance(profile_photo, Record)
        options = profile_photo.options
        self.record = Record({"file": options["file"], "alt": Text(single_line=True, max_length=300, plain=True),
                              "caption": options["caption"]})
        self.name = _line()

    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        if isinstance(value, YamlMap):
            return self.record.check(value, where, problems)
        name = self.name.check(value, where, problems)
        return name if name is INVALID else {"file": name, "alt": "", "caption": ""}


def contest_schema(tax: Taxonomies) -> Record:
    return Record({
        "name": _line(),
        "code_prefix": _line(),
        "organisers": ListOf(_line(), required=True, min_items=1),
        # The people of the organising committee and its secretariat: they may not enter; never published.
        "committee": ListOf(_line()),
        "timeline": Record({
            "opens": Date(required=True),
            "closes": Date(required=True),
            "rounds": ListOf(Record({"number": Integer(required=True, minimum=1), "name": _line(),
                                     "date": Date(required=True)}), required=True, min_items=1),
            "results": Date(required=True),
        }, required=True),
        "genres": ListOf(Record({
            "code": Slug(required=True), "name": _line(),
            "min_words": Integer(minimum=1), "max_words": Integer(minimum=1),
            "max_minutes": Integer(minimum=1), "max_photos": Integer(minimum=1),
        }), required=True, min_items=1),
        "criteria": ListOf(Record({"code": Slug(required=True), "name": _line(),
                                   "weight": Integer(required=True, minimum=1),
                                   "max": Integer(required=True, minimum=1)}), required=True, min_items=1),
        "prizes": ListOf(Record({"code": Slug(required=True), "name": _line(),
                                 "count": Integer(required=True, minimum=1)}), required=True, min_items=1),
        "jury": ListOf(Record({"code": Slug(required=True), "name": _line(), "role": _line(False)}),
                       required=True, min_items=1),
        "ranking": Choice(RANKING_RULES, required=True),
        "disagreement": Integer(required=True, minimum=1),
        # The smallest part of a point a juror may give: the workbook's drop-downs and `contest scores` follow it.
        "score_step": Choice(SCORE_STEPS, required=True),
        # What the profiles `contest nominate` drafts start with.
        "nominate": Record({
            "stage": Code("stage", lambda: tax.stages, "content/taxonomies/stages.yml", required=True),
            "movements": ListOf(Code("movement", lambda: tax.movements, "content/taxonomies/movements.yml")),
        }),
    })


def entry_schema(tax: Taxonomies, genres: list[str], prizes: list[str]) -> Record:
    return Record({
        "code": _line(),
        "title": _line(),
        "genre": Choice(genres, required=True),
        "author": _line(),
        "received": Date(required=True),
        "private": AnyValue(required=True),
        "exemplar": Record({
            "name": _line(),
            "locality": Code("locality", lambda: tax.localities, "content/taxonomies/localities.yml", required=True),
            "profile": Slug(),
            # Filled in by the organisers once the locality has confirmed who it is: a draft profile needs them.
            "kind": Code("kind", lambda: tax.kinds, "content/taxonomies/kinds.yml"),
            "fields": ListOf(Code("field", lambda: tax.fields, "content/taxonomies/fields.yml")),
        }, required=True),
        "verification": Record({"by": _line(), "date": Date(required=True)}),
        "file": _line(False),
        "duration": _line(False),
        "photos": ListOf(EntryPhotoOption()),
        # The captions (.vtt or .srt beside the entry) of a radio, TV or video piece, published with it once it has won.
        "captions": _line(False),
        "consent": Boolean(required=True),
        "state": Choice(STATES, required=True),
        "reason": _line(False),
        "round": Integer(minimum=1),
        "prize": Choice(prizes),
    })
