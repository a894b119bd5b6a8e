"""Typed options for validating YAML written by editors.

In the manner of MkDocs' `config_options`: each option knows how to turn a raw
YAML value into a clean Python value, or to report, for the exact file, line
and field, what is wrong and how to fix it. A `Record` is a mapping of named
options; unknown keys are reported with a "did you mean" suggestion, because
a misspelt optional field would otherwise be silently ignored.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import urlsplit

from ..common.messages import _
from .diagnostics import Problems, did_you_mean
from .read import YamlList, YamlMap, as_typed
from .text import DateError, fold, is_slug, parse_date


class _Invalid:
    """Marks a value that failed validation (the problem is already reported)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()


@dataclass
class Gaps:
    """What a draft still lacks: checked as a draft, a missing value is a warning, not an error."""

    fields: list[str] = field(default_factory=list)


@dataclass
class Where:
    """The place of a value: file, line and dotted field name; `draft` collects what a draft lacks."""

    path: str
    line: int
    field: str
    draft: Gaps | None = None

    def child(self, name: str | int, line: int) -> "Where":
        if isinstance(name, int):
            return Where(self.path, line, f"{self.field}[{name + 1}]", self.draft)
        return Where(self.path, line, f"{self.field}.{name}" if self.field else name, self.draft)


class Option:
    """Base class: `check()` returns the clean value or INVALID.

    An option that `wants_text` is given a value YAML read as a number or true/false as the text
    the editor typed ("0123", "1.50", "yes"; content/read.py keeps it), by the record or list
    holding it: once here, for every such field, never field by field."""

    wants_text = False

    def __init__(self, required: bool = False, default: Any = None) -> None:
        self.required = required
        self.default = default

    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        raise NotImplementedError

    def error(self, problems: Problems, where: Where, message: str) -> _Invalid:
        problems.error(where.path, where.line, f"'{where.field}': {message}")
        return INVALID

    def missing(self, problems: Problems, where: Where, message: str) -> Any:
        """A required value not there: an error, or in a draft a warning (the draft is left
        unpublished until it is complete)."""
        if where.draft is None:
            return self.error(problems, where, message)
        where.draft.fields.append(where.field)
        problems.warning(where.path, where.line, _(
            "'{field}': {problem} (a draft may lack it; it is needed before 'status: review')",
            field=where.field, problem=message))
        return self.default


_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>?|&#?\w+;")


class Text(Option):
    """Text; numbers and true/false are accepted as their text as typed ("decision: 0123")."""

    wants_text = True

    def __init__(self, required: bool = False, default: str = "", single_line: bool = False,
                 max_length: int | None = None, plain: bool = False) -> None:
        super().__init__(required, default)
        self.single_line = single_line
        self.max_length = max_length
        self.plain = plain  # no markup at all: a name or a summary is text, never HTML

    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return self.error(problems, where, _("must be text, not {value}", value=_describe(value)))
        text = str(value).strip()
        if self.required and not text:
            return self.missing(problems, where, _("must not be empty"))
        if self.single_line and "\n" in text:
            return self.error(problems, where, _("must be on one line"))
        markup = _MARKUP.search(text) if self.plain else None
        if markup:
            return self.error(problems, where, _(
                "contains markup ('{markup}'); write plain text, without < > tags", markup=markup[0]))
        if self.max_length and len(text) > self.max_length:
            return self.error(
                problems, where,
                _("is {length} characters long; keep it under {limit}", length=len(text), limit=self.max_length),
            )
        return text


class Url(Text):
    """An absolute http(s) URL; other schemes (javascript:, data:, file:) are refused."""

    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        text = super().check(value, where, problems)
        if text is INVALID or not text:
            return text
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return self.error(
                problems, where,
                _("'{text}' is not a web address; write it in full, starting with https://", text=text),
            )
        return text


class Boolean(Option):
    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        if not isinstance(value, bool):
            return self.error(problems, where, _("must be true or false, not {value}", value=_describe(value)))
        return value


class Integer(Option):
    def __init__(self, required: bool = False, default: int | None = None, minimum: int | None = None) -> None:
        super().__init__(required, default)
        self.minimum = minimum

    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return self.error(problems, where, _("must be a whole number, not {value}", value=_describe(value)))
        if self.minimum is not None and value < self.minimum:
            return self.error(problems, where, _("must be at least {minimum}", minimum=self.minimum))
        return value


class Date(Option):
    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        if isinstance(value, bool) or value is None or isinstance(value, (YamlMap, YamlList)):
            return self.error(problems, where, _("must be a date like 19/05/2023, not {value}", value=_describe(value)))
        try:
            return parse_date(value)
        except DateError as exc:
            return self.error(problems, where, str(exc))


class Choice(Option):
    wants_text = True

    def __init__(self, choices: Iterable[str], required: bool = False, default: str | None = None) -> None:
        super().__init__(required, default)
        self.choices = tuple(choices)

    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        if isinstance(value, (YamlList, YamlMap)):
            return self.error(problems, where, _("must be one of {choices}, not {value}",
                                                 choices=", ".join(self.choices), value=_describe(value)))
        if value not in self.choices:
            return self.error(
                problems, where,
                _("'{value}' is not one of {choices}{hint}", value=value, choices=", ".join(self.choices),
                  hint=did_you_mean(str(value), self.choices)),
            )
        return value


def name_key(text: str) -> str:
    """A name as editors may write it, any case, with or without diacritics, any spacing."""
    return " ".join(fold(text).casefold().split())


class Code(Option):
    """A code that must exist in a list of known codes (a taxonomy).

    `known` is a function so that the list can be filled after the option is
    declared (taxonomies are read before profiles); it gives the taxonomy's
    entries by code. An entry's name written instead of its code ("Y tế", "y te")
    is accepted, with a warning that gives the code to write.
    """

    wants_text = True

    def __init__(self, what: str, known: Callable[[], dict[str, Any] | Iterable[str]], file_hint: str,
                 required: bool = False) -> None:
        super().__init__(required)
        self.what = what
        self._known = known
        self.file_hint = file_hint

    def known(self) -> dict[str, Any]:
        """The entries by code (a bare list of codes is entries without names)."""
        table = self._known()
        return table if isinstance(table, dict) else {code: None for code in table}

    def codes_by_name(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for code, entry in self.known().items():
            names: tuple[str, ...] = (code, getattr(entry, "name", ""), getattr(entry, "short_name", ""))
            for name in names:
                if name:
                    found.setdefault(name_key(name), code)
        return found

    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        if not isinstance(value, str) or not value:
            return self.error(problems, where, _("must be a {what} code, not {value}", what=self.what,
                                                 value=_describe(value)))
        known = self.known()
        if value in known:
            return value
        code = self.codes_by_name().get(name_key(value))
        if code is not None:
            problems.warning(where.path, where.line, _(
                "'{field}': '{value}' is the {what} '{name}'; write its code instead: {code}",
                field=where.field, value=value, what=self.what, name=getattr(known[code], "name", code), code=code))
            return code
        # A misspelt code gets the closest code; a misspelt name the closest name with its code:
        # "did you mean 'nong-nghiep' (Nông nghiệp)?"
        by_name = self.codes_by_name()
        close: list[str] = [] if is_slug(value) else difflib.get_close_matches(name_key(value), list(by_name), n=1, cutoff=0.6)
        closest = by_name[close[0]] if close else None
        if closest is not None and getattr(known[closest], "name", None):
            code = closest
            hint = _(" — did you mean '{code}' ({name})?", code=code, name=known[code].name)
        else:
            hint = did_you_mean(value, list(known))
        return self.error(
            problems, where,
            _("unknown {what} code '{value}'{hint} (codes are listed in {file})", what=self.what, value=value,
              hint=hint, file=self.file_hint),
        )

    def join_split_names(self, items: YamlList) -> YamlList:
        """A name with a comma in it, written in a YAML list, arrives split at the comma
        (`[Người tốt, việc tốt]`): join neighbours that together are a name."""
        known = self.known()
        by_name: dict[str, str] | None = None  # every name folded: only for an item that is not a code
        joined: list[Any] = []
        index = 0
        lines: list[int] = []
        while index < len(items):
            item, taken = items[index], 1
            if isinstance(item, str) and item not in known:
                if by_name is None:
                    by_name = self.codes_by_name()
                for end in range(len(items), index + 1, -1):
                    parts = items[index:end]
                    if all(isinstance(x, str) for x in parts) and name_key(", ".join(parts)) in by_name:
                        item, taken = ", ".join(parts), end - index
                        break
            joined.append(item)
            lines.append(items.line_of(index))
            index += taken
        result = YamlList(joined)
        result.line, result.item_lines = items.line, lines
        return result


class Slug(Option):
    wants_text = True

    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        if not isinstance(value, str) or not is_slug(value):
            return self.error(
                problems, where,
                _("'{value}' is not a slug; use lowercase letters a-z, digits and '-' (like nguyen-thi-hoa)",
                  value=value),
            )
        return value


class ListOf(Option):
    """A list of values of one option; a single value is accepted as a list of one."""

    def __init__(self, item: Option, required: bool = False, min_items: int = 0, unique: bool = False) -> None:
        super().__init__(required, default=())
        self.item = item
        self.wants_text = item.wants_text  # a single value written without a list
        self.min_items = min_items
        self.unique = unique

    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        if not isinstance(value, YamlList):
            if isinstance(value, YamlMap) or value is None:
                return self.error(problems, where, _("must be a list, not {value}", value=_describe(value)))
            value = _single_item_list(value, where.line)
        elif self.item.wants_text:
            value = as_typed(value)
        if isinstance(self.item, Code):
            value = self.item.join_split_names(value)
        if len(value) < self.min_items:
            return self.missing(problems, where, _("needs at least {count} item(s)", count=self.min_items))
        result: list[Any] = []
        seen: set[Any] = set()
        failed = False
        for index, raw in enumerate(value):
            item_where = where.child(index, value.line_of(index))
            clean = self.item.check(raw, item_where, problems)
            if clean is INVALID:
                failed = True
                continue
            if self.unique and clean in seen:
                self.error(problems, item_where, _("'{value}' is listed twice", value=clean))
                failed = True
                continue
            if self.unique:
                seen.add(clean)
            result.append(clean)
        return INVALID if failed else tuple(result)


class Record(Option):
    """A mapping with named options; returns a dict of clean values."""

    def __init__(self, options: Mapping[str, Option], required: bool = False,
                 extra_keys: Iterable[str] = ()) -> None:
        super().__init__(required)
        self.options = options
        self.extra_keys = tuple(extra_keys)  # accepted here, validated elsewhere

    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        if not isinstance(value, YamlMap):
            return self.error(
                problems, where,
                _("must be a block of 'name: value' lines, not {value}", value=_describe(value)),
            )
        return self.check_mapping(value, where, problems)

    def check_mapping(self, mapping: YamlMap, where: Where, problems: Problems) -> Any:
        result: dict[str, Any] = {}
        failed = False
        known = list(self.options) + list(self.extra_keys)
        for key in mapping:
            if key not in known:
                line = mapping.line_of(key)
                name = f"{where.field}.{key}" if where.field else key
                problems.error(
                    where.path, line,
                    _("unknown field '{name}'{hint}", name=name, hint=did_you_mean(key, known)),
                )
                failed = True
        for name, option in self.options.items():
            child = where.child(name, mapping.line_of(name))
            if name not in mapping or mapping[name] is None or mapping[name] == "":
                if option.required and where.draft is not None:
                    child.line = mapping.line_of(name) if name in mapping else mapping.line
                    option.missing(problems, child, _("is required and missing"))
                elif option.required:
                    self_line = mapping.line_of(name) if name in mapping else mapping.line
                    problems.error(
                        where.path, self_line,
                        _("'{field}' is required and missing", field=child.field),
                    )
                    failed = True
                result[name] = option.default
                continue
            clean = option.check(mapping.as_written(name) if option.wants_text else mapping[name], child, problems)
            if clean is INVALID:
                failed = True
            result[name] = clean
        return INVALID if failed else result


class AnyValue(Option):
    """Accepted as written and never validated (the `private` block): a phone number 0912345678
    stays that text, not the number 912345678."""

    def check(self, value: Any, where: Where, problems: Problems) -> Any:
        return as_typed(value, deep=True)


def _single_item_list(value: Any, line: int) -> YamlList:
    result = YamlList([value])
    result.line = line
    result.item_lines = [line]
    return result


def _describe(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("'{value}' (true/false)", value=str(value).lower())
    if isinstance(value, YamlMap):
        return _("a block of fields")
    if isinstance(value, YamlList):
        return _("a list")
    if isinstance(value, (int, float)):
        return _("the number {number}", number=value)
    if isinstance(value, (dt.date,)):
        return _("the date {date}", date=value)
    return f"'{value}'"
