"""The fields of contest.md and of an entry, as the content schema's options (content/schema.py):
each mistake is reported with its file, line and field."""

from __future__ import annotations

from ..content.model import Taxonomies
from ..content.schema import (
    AnyValue,
    Boolean,
    Choice,
    Code,
    Date,
    Integer,
    ListOf,
    Record,
    Slug,
    Text,
)
from .model import RANKING_RULES, STATES


def _line(required: bool = True) -> Text:
    return Text(required=required, single_line=True, plain=True)


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
        "photos": ListOf(_line()),
        "consent": Boolean(required=True),
        "state": Choice(STATES, required=True),
        "reason": _line(False),
        "round": Integer(minimum=1),
        "prize": Choice(prizes),
    })
