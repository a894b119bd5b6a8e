"""Trim a stylesheet to the rules that can match the site's pages.

Material's main stylesheet (138 KB) styles every feature Material has: code blocks,
admonitions, tabs, search, versions, tooltips… The site uses a fraction of it, and the
whole file blocks a phone's first paint (on a host that does not compress, 0.7 s of
slow 4G on its own). So at build time it is cut to the rules that can apply:

* a selector is kept unless it needs a class, id, element name or `[attribute=value]`
  that occurs nowhere in the site's vocabulary (engine/mkdocs.py `site_vocabulary`: the
  words of every page and template, and the classes Material's script adds at run time
  — `md-header--shadow`, `md-nav__link--active`, …). What sits inside `:not()`, `:is()`,
  `:where()` or `:has()` is not judged: a missing class there may still let it match;
* a custom property (`--md-…`) is kept only when something still uses it: a kept
  rule, another of the site's stylesheets, a page or a script (which set
  `--md-tooltip-x` and such in `style`);
* everything else (`@font-face`, `@keyframes`, `@page`, `@charset`) is kept as it is, and
  `@media` / `@supports` blocks are trimmed inside and dropped when empty.

Judging by words is deliberately generous: a word that occurs in any text keeps its
rules, so a trimmed rule is one the site cannot use. tests/engine/test_css_trim.py
pixel-compares screenshots of the pages with the whole and the trimmed stylesheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import tinycss2

WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_VAR = re.compile(r"var\(\s*--([A-Za-z0-9_-]+)")
_GROUPING_AT_RULES = ("media", "supports")


def words(text: str) -> set[str]:
    """Every identifier-like word of a text (HTML, a template, a script): a superset of its
    class names, ids and element names. Element names are compared in lower case."""
    found = set(WORD.findall(text))
    return found | {w.lower() for w in found}


@dataclass(frozen=True)
class Vocabulary:
    """What the site's pages can contain, as words (see `words()`)."""

    names: frozenset[str]  # class names, ids and element names, in pages or added by scripts
    attributes: frozenset[str]  # attribute names and values, in pages or set by scripts


def _can_match(selector: list, vocabulary: Vocabulary) -> bool:
    """False when the selector needs a class, id, element name or `[attribute=value]` the site never has.
    Functions (`:not()`, `:is()`, …) are not judged: a missing class there may still let it match."""
    previous = None
    for token in selector:
        if token.type == "ident":
            after = previous.value if previous is not None and previous.type == "literal" else ""
            if after == "." and token.value not in vocabulary.names:
                return False
            if after not in (".", ":") and token.value.lower() not in vocabulary.names:  # element name
                return False
        elif token.type == "hash" and token.is_identifier and token.value not in vocabulary.names:
            return False
        elif token.type == "[] block" and not _attribute_can_match(token.content, vocabulary):
            return False
        previous = token
    return True


def _attribute_can_match(content: list, vocabulary: Vocabulary) -> bool:
    """`[name]` and `[name=value]` need their words; other operators (`^=`, `*=`, …) only the name."""
    parts = [t for t in content if t.type not in ("whitespace", "comment")]
    if not parts or parts[0].type != "ident":
        return True  # a namespaced or odd selector: not judged
    if parts[0].lower_value not in vocabulary.attributes:
        return False
    exact = (len(parts) >= 3 and parts[1].type == "literal" and parts[1].value == "="
             and parts[2].type in ("ident", "string"))
    return not exact or all(word in vocabulary.attributes for word in words(parts[2].value))


def _selectors(prelude: list) -> list[list]:
    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _declarations(content: list) -> list:
    return tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)


def _keep_rules(rules: Iterable, vocabulary: Vocabulary) -> list:
    """The rules that can match, as ("rule", selectors cut to those that can match, declarations),
    ("group", "@media …", inner rules) or ("as is", text, None)."""
    kept: list[tuple[str, str, list[Any] | None]] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _selectors(rule.prelude) if _can_match(s, vocabulary)]
            if selectors:
                text = ",".join(tinycss2.serialize(s).strip() for s in selectors)
                kept.append(("rule", text, _declarations(rule.content)))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _GROUPING_AT_RULES and rule.content is not None:
            inner = _keep_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                                vocabulary)
            if inner:
                kept.append(("group", "@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip(), inner))
        elif rule.type == "error":
            raise ValueError(f"unreadable stylesheet at line {rule.source_line}: {rule.message}")
        else:
            kept.append(("as is", rule.serialize(), None))
    return kept


def _is_kept(item, used: set[str] | None) -> bool:
    """A declaration or nested rule of a kept rule; custom properties only when `used` names them."""
    if item.type == "error":
        raise ValueError(f"unreadable declaration at line {item.source_line}: {item.message}")
    return item.type != "declaration" or not item.name.startswith("--") or used is None or item.name[2:] in used


def _variables_used(kept: list, used: set[str] | None) -> set[str]:
    """The custom properties that kept text refers to (with `used`, only kept custom properties count)."""
    found = set()
    for kind, text, body in kept:
        if kind == "rule":
            for item in body:
                if _is_kept(item, used):
                    found.update(_VAR.findall(tinycss2.serialize(item.value if item.type == "declaration" else [item])))
        elif kind == "group":
            found |= _variables_used(body, used)
        else:
            found.update(_VAR.findall(text))
    return found


def _declaration_text(item) -> str:
    if item.type != "declaration":
        return item.serialize()
    return f"{item.name}:{tinycss2.serialize(item.value).strip()}{'!important' if item.important else ''}"


def _serialize(kept: list, used: set[str]) -> str:
    out = []
    for kind, text, body in kept:
        if kind == "rule":
            declarations = [_declaration_text(item) for item in body if _is_kept(item, used)]
            if declarations:
                out.append(text + "{" + ";".join(declarations) + "}")
        elif kind == "group":
            inner = _serialize(body, used)
            if inner:
                out.append(text + "{" + inner + "}")
        else:
            out.append(text)
    return "".join(out)


def trim_stylesheet(css: str, vocabulary: Vocabulary, other_css: str = "") -> str:
    """`css` without the rules, selectors and custom properties nothing in `vocabulary` can use;
    `other_css` is the site's other stylesheets, whose `var(--…)` keep custom properties."""
    kept = _keep_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), vocabulary)
    outside = set(_VAR.findall(other_css)) | vocabulary.names | vocabulary.attributes
    # From every property down to those still used; a kept property may use another (`--a: var(--b)`).
    used = _variables_used(kept, None) | outside
    while (narrower := _variables_used(kept, used) | outside) != used:
        used = narrower
    return _serialize(kept, used)
