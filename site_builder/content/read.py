"""Reading content files into plain data that remembers line numbers.

Only reading happens here: bytes -> text -> YAML -> mappings whose keys know
their line. Whether the data makes sense is the job of the schema and the
modules that use it (site_settings, taxonomies, profiles, free_pages). Every problem
becomes a `Problem` naming file and line; nothing here raises on bad content.

The YAML reader is deliberately strict and small:
- safe loading only (no Python objects);
- no anchors or aliases, which editors never need and which make
  "billion laughs" bombs possible (refused before they are expanded);
- dates stay text, so that the schema can say "31/02/2023 is not a date"
  instead of PyYAML crashing on 2023-02-31;
- a plain value YAML 1.1 reads as a number or as true/false (`0123` is 83, `1.50` is 1.5,
  `yes`, `no`, `on` are true or false) keeps the text as it was typed beside it
  (`YamlMap.as_written`), so that a field the schema wants as text gets "0123", not "83";
  a key is always the text as typed;
- a whole number is read as people (and YAML 1.2, which the web editor writes) read it: `012`
  is twelve, not YAML 1.1's octal ten; `1:30` is text, never 1.1's sexagesimal 90
  (`construct_whole_number`);
- duplicate keys are reported instead of silently keeping the last one;
- limits on file size and nesting depth.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..common.messages import _
from .diagnostics import Problems
from .text import clean_text, nfc_deep

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20


_NOTHING_RETYPED: Mapping[Any, str] = MappingProxyType({})


class YamlMap(dict[str, Any]):
    """A mapping from YAML that knows the line of each key (1-based), and the text as typed of
    each value YAML read as a number or true/false."""

    line: int = 0
    key_lines: dict[str, int]
    written: Mapping[str, str] = _NOTHING_RETYPED  # key -> "0123" where the value is 83

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def as_written(self, key: str) -> Any:
        """The value of `key` as the editor typed it where YAML made it a number or true/false."""
        return self.written.get(key, self.get(key))


class YamlList(list[Any]):
    """A sequence from YAML that knows the line of each item (1-based), and the text as typed of
    each item YAML read as a number or true/false."""

    line: int = 0
    item_lines: list[int]
    written: Mapping[int, str] = _NOTHING_RETYPED  # index -> "0123" where the item is 83

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line

    def as_written(self, index: int) -> Any:
        return self.written.get(index, self[index])


def as_typed(data: Any, deep: bool = False) -> Any:
    """`data` with each value YAML read as a number or true/false replaced by its text as typed;
    `deep`: in the blocks and lists inside it too. Lines are kept."""
    if isinstance(data, YamlMap):
        block = YamlMap((k, as_typed(v, deep) if deep else v) for k, v in data.items())
        block.update(data.written)
        block.line, block.key_lines = data.line, data.key_lines
        return block
    if isinstance(data, YamlList):
        items = YamlList(as_typed(v, deep) if deep else v for v in data)
        for index, text in data.written.items():
            items[index] = text
        items.line, items.item_lines = data.line, data.item_lines
        return items
    return data


def _retyped(node: Node, value: Any) -> bool:
    """A scalar YAML made other than text (a number, true/false): its typed text is kept.
    Nothing (`name:`, `~`) stays nothing: a missing value."""
    return isinstance(node, ScalarNode) and value is not None and not isinstance(value, str)


class _YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# libyaml (C) does the scanning and parsing, ten times faster than PyYAML's
# pure-Python parser; the checks below run while the nodes become values.
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """`yaml.safe_load` by libyaml: for the project's own files (theme/labels.yml, cms.yml…), whose
    mistakes need no line marks of ours. Each is read on every build; at 10 to 16 KB PyYAML took
    8–17 ms a file, libyaml about a tenth of that (the same values, compared on each file)."""
    return yaml.load(text, Loader=_BaseLoader)  # noqa: S506 - a SafeLoader


_INT_TAG = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"[-+]?[0-9]+")


class _StrictLoader(_BaseLoader):
    """Safe loader without timestamps or aliases, building YamlMap/YamlList."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # An alias is the same node met a second time: refuse it before it is
        # expanded (a "billion laughs" document is small until expanded).
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _YamlSyntaxError(
                node.start_mark.line + 1,
                _("YAML anchors and aliases (&name, *name) are not allowed in content; "
                  "write the value out in full"),
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _YamlSyntaxError(
                    node.start_mark.line + 1,
                    _("YAML nested deeper than {levels} levels; content never needs that", levels=MAX_DEPTH),
                )
            return super().construct_object(node, deep=True)
        finally:
            self._depth -= 1

    def construct_located_map(self, node: MappingNode) -> YamlMap:
        result = YamlMap()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _YamlSyntaxError(key_node.start_mark.line + 1, _("a key must be plain text"))
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = key_node.value  # as typed: '0123', not '83'
            if key in result:
                raise _YamlSyntaxError(
                    key_node.start_mark.line + 1,
                    _("key '{key}' appears twice in the same block; keep one", key=key),
                )
            value = result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
            if _retyped(value_node, value):
                written = dict(result.written)
                written[key] = value_node.value
                result.written = written
        return result

    def construct_located_list(self, node: SequenceNode) -> YamlList:
        result = YamlList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        retyped = {index: child.value for index, child in enumerate(node.value) if _retyped(child, result[index])}
        if retyped:
            result.written = retyped
        return result

    def construct_whole_number(self, node: ScalarNode) -> int | str:
        """What YAML 1.1 takes for a whole number, as people read it: 012 is twelve (1.1: octal
        ten), 1:30 is the text '1:30' (1.1: sexagesimal 90); 12_000, 0x1F and 0b101 as in 1.1."""
        text = self.construct_scalar(node)
        if ":" in text:
            return text
        if _DECIMAL.fullmatch(text.replace("_", "")):
            return int(text.replace("_", ""), 10)
        return super().construct_yaml_int(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_located_map)
_StrictLoader.add_constructor("tag:yaml.org,2002:seq", _StrictLoader.construct_located_list)
_StrictLoader.add_constructor(_INT_TAG, _StrictLoader.construct_whole_number)
# YAML 1.1 reads a value that is only "=" (or "=" then a soft hyphen) as its 'value' type, which
# SafeLoader cannot build ("could not determine a constructor"): an editor who writes = means the text.
# (types-PyYAML types the constructor by the loader class; SafeLoader's own one is typed on its base.)
_StrictLoader.add_constructor("tag:yaml.org,2002:value", _StrictLoader.construct_yaml_str)  # type: ignore[type-var]


def parse_yaml(text: str, path: str, problems: Problems, first_line: int = 1) -> Any:
    """Parse one YAML document; on failure record a problem and return None.

    `first_line` is the file line where `text` starts (front matter starts on
    line 2), so that reported lines match what the editor sees.
    """
    offset = first_line - 1
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except _YamlSyntaxError as exc:
        problems.error(path, exc.line + offset, exc.message)
        return None
    except yaml.MarkedYAMLError as exc:
        line, message = explain_yaml_error(text, exc, offset)
        problems.error(path, line or first_line, message)
        return None
    except yaml.YAMLError as exc:
        problems.error(path, first_line, _("YAML could not be read: {reason}", reason=exc))
        return None
    if data is not None:
        _shift_lines(data, offset)
    return nfc_deep_located(data)


def explain_yaml_error(text: str, exc: yaml.MarkedYAMLError, offset: int = 0) -> tuple[int, str]:
    """(file line, message) for a YAML mistake, said as editors make them: a tab, a quote not
    closed, a missing colon, each on the line where it is (the parser often notices it a line
    later). `text` starts on file line `offset + 1`."""
    lines = text.split("\n")
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    at = mark.line + 1 + offset if mark else 0
    for number, content in enumerate(lines[:max(at - offset, 1)], start=1 + offset):
        indent = content[:len(content) - len(content.lstrip())]
        if "\t" in indent:
            return number, _("line {line} is indented with a tab; indent with spaces (two per level), never tabs",
                             line=number)
    # A quote left open swallows the lines after it (YAML lets quoted text run over lines), so
    # the parser stumbles further down: the line with an odd number of quote marks is the mistake.
    for number in range(at, offset, -1):
        content = lines[number - offset - 1] if number - offset - 1 < len(lines) else ""
        value = content.split(": ", 1)[1] if ": " in content else content
        if value.count('"') % 2 == 1 or (value.startswith("'") and value.count("'") % 2 == 1):
            return number, _("a quote opened on line {line} is not closed; end the text with the same quote mark",
                             line=number)
    if "quoted scalar" in context and exc.context_mark is not None:
        opened = exc.context_mark.line + 1 + offset
        return opened, _("a quote opened on line {line} is not closed; end the text with the same quote mark",
                         line=opened)
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        key_line = exc.context_mark.line + 1 + offset
        return key_line, _("line {line} has no ':' after the field's name; write it as 'name: value'",
                           line=key_line)
    if "mapping values are not allowed" in problem:
        return at, _("line {line} has a ':' inside a value; put the whole value in quotes (\"…\")", line=at)
    return at, _("the YAML cannot be read here ({problem}); check the indentation, and put text containing "
                 "':' or '#' in quotes", problem=problem or context or "invalid YAML")


def _shift_lines(data: Any, offset: int) -> None:
    if not offset:
        return
    if isinstance(data, YamlMap):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, YamlList):
        data.line += offset
        data.item_lines = [v + offset for v in data.item_lines]
        for value in data:
            _shift_lines(value, offset)


def nfc_deep_located(data: Any) -> Any:
    """NFC-normalise text while keeping line information."""
    if isinstance(data, YamlMap):
        result = YamlMap((nfc_deep(k), nfc_deep_located(v)) for k, v in data.items())
        result.line = data.line
        result.key_lines = {nfc_deep(k): v for k, v in data.key_lines.items()}
        if data.written:
            result.written = {nfc_deep(k): v for k, v in data.written.items()}
        return result
    if isinstance(data, YamlList):
        items = YamlList(nfc_deep_located(v) for v in data)
        items.line = data.line
        items.item_lines = list(data.item_lines)
        items.written = data.written
        return items
    return nfc_deep(data)


def read_text(path: Path, display: str, problems: Problems) -> str | None:
    """Read a content file as UTF-8 text, or record why it cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.error(display, 0, _("cannot read file: {reason}", reason=exc.strerror))
        return None
    if size > MAX_FILE_BYTES:
        problems.error(
            display, 0,
            _("file is {size} bytes, over the limit of {limit}; "
              "split the story or move large data out of the file", size=format(size, ","), limit=format(MAX_FILE_BYTES, ",")),
        )
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(
            display, line,
            _("not valid UTF-8 (byte 0x{byte}); save the file as UTF-8 "
              "(in Word or Notepad: Save As, Encoding: UTF-8)", byte=format(raw[exc.start], "02x")),
        )
        return None
    # Line ends as Unix writes them; then NFC, and what Word pastes unseen taken out, so the
    # story, not only the fields, is published in NFC everywhere (page, search, data, yearbook).
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class SourceDocument:
    """A Markdown file with YAML front matter, as read from disk."""

    path: Path  # absolute path on disk
    display: str  # path as shown to editors, relative to the working directory
    meta: YamlMap | None  # None when the front matter could not be read
    body: str  # Markdown after the front matter
    body_line: int  # file line where the body starts


def read_front_matter_document(path: Path, display: str, problems: Problems) -> SourceDocument | None:
    """Split `---` front matter from the Markdown body and parse it."""
    text = read_text(path, display, problems)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.error(
            display, 1,
            _("a profile must start with a line '---', then its YAML fields, then another '---'"),
        )
        return SourceDocument(path, display, None, text, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            end = index
            break
    else:
        problems.error(display, 1, _("front matter has no closing '---' line"))
        return SourceDocument(path, display, None, "", 1)
    meta = parse_yaml("\n".join(lines[1:end]), display, problems, first_line=2)
    if meta is not None and not isinstance(meta, YamlMap):
        problems.error(display, 2, _("front matter must be a list of 'field: value' lines"))
        meta = None
    elif meta is None and not any(p.path == display for p in problems.errors):
        problems.error(display, 2, _("front matter is empty"))
    body = "\n".join(lines[end + 1:])
    return SourceDocument(path, display, meta, body, end + 2)


def read_yaml_file(path: Path, display: str, problems: Problems) -> Any:
    text = read_text(path, display, problems)
    if text is None:
        return None
    return parse_yaml(text, display, problems)


PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff")


def display_path(path: Path) -> str:
    """Path as editors see it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative
