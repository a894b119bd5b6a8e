"""The one boundary with the site engine (MkDocs + Material for MkDocs).

Everything engine-specific lives here and in `mkdocs_hooks.py`: the rest of
the pipeline hands over `Document`s (title, description, HTML body) and a
navigation, and gets a built site directory back. Moving to ProperDocs (the
maintained fork of MkDocs 1.x, same API under the name `properdocs`) means
setting SITE_BUILDER_ENGINE=properdocs; moving to another engine means
rewriting this module only.

How it works: each Document becomes a Markdown file whose body is the
already-rendered HTML (Markdown passes HTML blocks through untouched), with
front matter for the title and description. The repository's `mkdocs.yml`
holds the engine settings (theme, features, colours); site name, URL and
navigation are supplied from content/site.yml at build time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib
import logging
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2
import watchdog.events  # the engine's own file watcher (a dependency of MkDocs)
import watchdog.observers
import yaml
from markupsafe import escape

from ..common.files import digest_bytes
from ..common.messages import _
from ..common.parallel import map_on_cores
from ..content import markup
from ..site.documents import Document, PendingPage
from .css_trim import Vocabulary, trim_stylesheet, words

ENGINES = ("mkdocs", "properdocs")
ENGINE_NAME = os.environ.get("SITE_BUILDER_ENGINE", "mkdocs")
CONFIG_FILE_NAME = "mkdocs.yml"  # in the project folder, beside theme/; both engines read it


class EngineError(Exception):
    pass


@functools.cache
def _engine_module(part: str = ""):
    """The engine's package (or one of its modules), imported when first needed: a wrong
    SITE_BUILDER_ENGINE is an EngineError for the command to report, not a crash at import."""
    if ENGINE_NAME not in ENGINES:
        raise EngineError(_("SITE_BUILDER_ENGINE must be 'mkdocs' or 'properdocs', not '{engine}'", engine=ENGINE_NAME))
    return importlib.import_module(f"{ENGINE_NAME}.{part}" if part else ENGINE_NAME)


def config_file(project_dir: Path) -> Path:
    return project_dir / CONFIG_FILE_NAME


def watched_paths(project_dir: Path) -> tuple[Path, ...]:
    """What the preview watches besides the content: the engine's settings and the theme."""
    return (config_file(project_dir), project_dir / "theme")


def _compact(html: str) -> str:
    """No blank lines: one would end an HTML block in the engine's Markdown reader."""
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


@dataclass(frozen=True)
class EngineSite:
    """What the engine needs to know about the site, from content/site.yml."""

    name: str
    url: str
    description: str
    copyright: str
    extra: dict  # values the theme overrides read (sample notice, licences…)
    nav: tuple[tuple[str, str], ...]  # (label, site-relative url)
    date: dt.date  # newest date in the content: the build's reproducible timestamp


@dataclass
class EngineResult:
    output: "EngineOutput"
    files: dict[str, str] = field(default_factory=dict)  # every file of the engine's part: path -> token
    written: set[str] = field(default_factory=set)  # the files written into site_dir; the others are unchanged
    warnings: list[str] = field(default_factory=list)
    rendered: int = 0  # pages the engine rendered itself
    filled: int = 0  # pages made from the engine's shells
    reused: int = 0  # pages unchanged since the previous build, left as they are


def document_path(url: str) -> str:
    """Site URL -> Markdown source path: "" -> index.md, "ho-so/x/" -> ho-so/x/index.md."""
    return f"{url}index.md" if url else "index.md"


def _check_unique(documents: list) -> None:
    seen: dict[str, str] = {}
    for doc in documents:
        if doc.url in seen:
            raise EngineError(_("two pages want the same address /{address}: '{first}' and '{second}'", address=doc.url,
                                first=seen[doc.url], second=doc.title))
        seen[doc.url] = doc.title


def write_documents(documents: list[Document], docs_dir: Path) -> None:
    for doc in documents:
        meta = {"title": _html_text(doc.title), "description": _html_text(doc.description)}
        meta["hide"] = ["toc"]  # a page's own headings are its contents; Material's side column stays empty
        if doc.head:
            meta["head_html"] = doc.head  # printed by theme/overrides/main.html
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=10_000)
        path = docs_dir / document_path(doc.url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}---\n\n{_compact(doc.body)}", encoding="utf-8")


# --- Shells ------------------------------------------------------------------
#
# Rendering a page through MkDocs and Material costs far more than rendering
# its content, and most pages (profiles, listings) are not in the navigation,
# so their chrome differs only by title, description, head tags, address and
# body. The engine therefore renders one "shell" page per URL depth, with
# tokens in place of those values, and the pipeline fills the shell for each
# such page. The result is the page the engine would have made, at a fraction
# of the cost: the engine's work no longer grows with the number of profiles.

_TOKEN = "dh-shell-7c1e"
_TITLE, _DESCRIPTION, _HEAD = f"@@{_TOKEN}-title@@", f"@@{_TOKEN}-description@@", f"@@{_TOKEN}-head@@"
_BODY_START, _BODY_END = f"<h1>@@{_TOKEN}-h1@@</h1>", f"@@{_TOKEN}-body@@</div>"


def _shell_key(url: str) -> int:
    """Pages at one depth share a shell: their chrome differs only in the values the shell fills."""
    return url.count("/")


def _shell_document(depth: int) -> Document:
    url = "/".join([f"{_TOKEN}-{depth}"] + ["x"] * (depth - 1)) + "/"
    return Document(url, _TITLE, _DESCRIPTION, f"{_BODY_START}\n<div>{_BODY_END}\n", head=_HEAD)


@dataclass(frozen=True)
class _Shell:
    url: str
    before: str  # the page up to the body, with tokens
    after: str  # the page after the body

    def fill(self, doc: Document) -> str:
        def values(text: str) -> str:
            return (text.replace(_TITLE, _html_text(doc.title))
                        .replace(_DESCRIPTION, _html_text(doc.description))
                        .replace(_HEAD, doc.head)
                        .replace(self.url, doc.url))
        return values(self.before) + doc.body + values(self.after)


def shell_for(shells: dict, url: str) -> _Shell:
    """The shell a page at `url` is filled into, from `EngineOutput.shells`."""
    return shells[_shell_key(url)]


def _take_shell(site_dir: Path, shell: Document) -> _Shell:
    """Read the engine's rendering of a shell page, then remove it from the site."""
    folder = site_dir / shell.url
    html = (folder / "index.html").read_text(encoding="utf-8")
    start, end = html.index(_BODY_START), html.index(_BODY_END) + len(_BODY_END)
    shutil.rmtree(site_dir / shell.url.split("/")[0])
    return _Shell(shell.url, html[:start], html[end:])


class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _source_date_epoch(date: dt.date):
    """Pin the engine's clock (sitemap dates, gzip headers) to the content's date."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(date.year, date.month, date.day,
                                                         tzinfo=dt.timezone.utc).timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _html_text(value):
    """Plain text -> HTML-escaped text, inside dicts and lists too.

    MkDocs' Jinja environment does not autoescape, and Material prints the
    site name, description, copyright, nav labels and `extra` values as HTML;
    everything that crosses into the engine is therefore escaped here, once.
    """
    if isinstance(value, str):
        return str(escape(value))
    if isinstance(value, dict):
        return {k: _html_text(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_html_text(v) for v in value]
    return value


@dataclass
class EngineOutput:
    """What the next build may reuse from this one's output folder."""

    engine_key: str = ""  # fingerprint of everything the engine itself rendered
    engine_tokens: dict[str, str] = field(default_factory=dict)  # each file the engine wrote -> digest of its bytes
    shells: dict = field(default_factory=dict)  # shell key -> _Shell
    pages: dict[str, str] = field(default_factory=dict)  # url of a pending page -> output key
    filled: dict[str, str] = field(default_factory=dict)  # url of a filled page -> digest of its bytes


def _engine_key(documents: list[Document], shells: dict, site: EngineSite, project_dir: Path) -> str:
    theme_dir = project_dir / "theme" / "overrides"
    parts = [repr(site).encode(), config_file(project_dir).read_bytes(), repr(sorted(shells)).encode(),
             ENGINE_NAME.encode(), str(_engine_module().__version__).encode()]
    parts += [p.read_bytes() for p in sorted(theme_dir.rglob("*")) if p.is_file()]
    # The content templates too: Material's stylesheets are trimmed to the words they can write.
    parts += [p.read_bytes() for p in sorted(_content_templates(project_dir))]
    parts += [p.read_bytes() for p in sorted(Path(__file__).parent.glob("css_trim.py"))]
    parts.append(Path(markup.__file__).read_bytes())  # the elements a story may bring (site_vocabulary)
    parts += [p.read_bytes() for p in sorted((Path(__file__).parent).glob("mkdocs_hooks.py"))]
    parts += [repr(d).encode() for d in documents]
    return digest_bytes(*parts)


def build(documents: list[Document], pending: list[PendingPage], render: Callable[[PendingPage], Document],
          site: EngineSite, project_dir: Path, docs_dir: Path, site_dir: Path,
          previous: EngineOutput | None = None) -> EngineResult:
    """Build the site's pages into `site_dir`, or with `previous` only those that changed.

    Pages in the navigation go through the engine; every other page is made
    by filling the engine's shell for its depth. With the previous build's
    output (`previous`), the engine is not run at all when nothing it renders
    has changed, and a pending page whose key and shell are unchanged is not
    written: the previous build's copy stays. `EngineResult.files` names
    every file either way, with a token that changes with its bytes.
    """
    _check_unique([*documents, *pending])
    rendered = [d for d in documents if d.in_nav]
    filled = [d for d in documents if not d.in_nav]
    shell_keys = sorted({_shell_key(d.url) for d in filled} | {_shell_key(p.url) for p in pending})
    shells = {key: _shell_document(key) for key in shell_keys}
    engine_key = _engine_key(rendered, shells, site, project_dir)
    result = EngineResult(output=EngineOutput(engine_key=engine_key))

    if previous is not None and previous.engine_key == engine_key:
        result.output.engine_tokens = dict(previous.engine_tokens)
        result.output.shells = previous.shells
    else:
        result.warnings.extend(_run_engine(rendered + list(shells.values()), site, project_dir, docs_dir, site_dir))
        trim_engine_stylesheets(site_dir, project_dir)
        result.output.shells = {key: _take_shell(site_dir, shell) for key, shell in shells.items()}
        before = previous.engine_tokens if previous is not None else {}
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            name = path.relative_to(site_dir).as_posix()
            token = result.output.engine_tokens[name] = f"engine:{digest_bytes(path.read_bytes())}"
            if before.get(name) == token:
                path.unlink()  # the same bytes as the output's copy (the theme's scripts, fonts…): it stays
            else:
                result.written.add(name)
        result.rendered = len(rendered)
    result.files.update(result.output.engine_tokens)

    shell_digests = {key: digest_bytes(s.before.encode(), s.after.encode()) for key, s in result.output.shells.items()}
    for doc in filled:  # pages made whole on every build (search, statistics, events…): written when changed
        html = result.output.shells[_shell_key(doc.url)].fill(doc)
        digest = digest_bytes(html.encode())
        result.output.filled[doc.url] = digest
        result.files[page_path(doc.url)] = f"filled:{digest}"
        if previous is not None and previous.filled.get(doc.url) == digest:
            result.reused += 1  # the previous build's copy has these very bytes
            continue
        _write_page(site_dir, doc.url, html)
        result.written.add(page_path(doc.url))
        result.filled += 1
    to_render = []
    for page in pending:
        key = _shell_key(page.url)
        output_key = digest_bytes(page.key.encode(), shell_digests[key].encode())
        result.output.pages[page.url] = output_key
        result.files[page_path(page.url)] = f"page:{output_key}"
        if previous is not None and previous.pages.get(page.url) == output_key:
            result.reused += 1
        else:
            to_render.append((page, result.output.shells[key]))
            result.written.add(page_path(page.url))
    _render_pages(to_render, render, site_dir)
    result.filled += len(to_render)
    return result


# --- Material's stylesheets, trimmed -------------------------------------------
#
# Material links its own stylesheets (assets/stylesheets/main.<hash>.min.css, 138 KB,
# and palette.<hash>.min.css) from every page's head, where they block the first paint;
# the site uses a small part of them. They are cut to the rules the site's pages can
# match (css_trim.py) and renamed by their new content, and every page the engine wrote
# (the shells too, so every filled page) links the trimmed copy; a stylesheet left empty
# is not linked at all. The site's own stylesheets (extra_css, not .min.css) are kept whole.

_ENGINE_STYLESHEETS = "assets/stylesheets"
_ENGINE_SCRIPTS = "assets/javascripts"
_MINIFIED = re.compile(r"^(?P<name>[a-z]+)\.[0-9a-f]{8}\.min\.css$")


def _content_templates(project_dir: Path) -> list[Path]:
    return [p for p in (project_dir / "theme" / "templates").rglob("*.html") if p.is_file()]


def site_vocabulary(site_dir: Path, project_dir: Path) -> Vocabulary:
    """The words the site's pages can hold: every page the engine wrote, every template
    (the pages filled later come from them), the site's own scripts, and the elements a
    story may contain.

    Material's script adds classes at run time to the components on the page
    (`md-header--shadow`, `md-nav__link--active`, `md-typeset__scrollwrap` around a
    table): of its `md-` words, those of a component the pages have (the part before
    `__` or `--` is a class of the pages) count as class names. The components it would
    make for features the site does not turn on (tooltips, code annotations and copy
    buttons, the version selector) do not. All its words count as attribute names and
    values (it sets `hidden`, `role`, `data-md-…`).
    """
    names: set[str] = set()
    for path in [*site_dir.rglob("*.html"), *_content_templates(project_dir),
                 *(project_dir / "theme" / "overrides").rglob("*.html"),
                 *(project_dir / "theme" / "overrides").rglob("*.js")]:
        names |= words(path.read_text(encoding="utf-8"))
    engine_words: set[str] = set()
    for path in (site_dir / _ENGINE_SCRIPTS).glob("*.min.js"):
        engine_words |= words(path.read_text(encoding="utf-8"))
    run_time = {w for w in engine_words if w.startswith("md-") and re.split("__|--", w)[0] in names}
    # A story's Markdown may bring any element and attribute its sanitiser allows (a table, a
    # quotation) into a profile page that no template and no page of the sample has.
    story_elements = markup.ALLOWED_TAGS | {"h1"}
    story_attributes = {name for allowed in markup.ALLOWED_ATTRIBUTES.values() for name in allowed}
    return Vocabulary(names=frozenset(names | run_time | story_elements),
                      attributes=frozenset(names | engine_words | story_attributes))


def trim_engine_stylesheets(site_dir: Path, project_dir: Path) -> dict[str, str]:
    """Trim Material's stylesheets in a freshly built `site_dir` and relink them from its pages;
    returns {old file name: new file name, or "" when it was left empty and unlinked}."""
    folder = site_dir / _ENGINE_STYLESHEETS
    engine_sheets = sorted(p for p in folder.glob("*.min.css") if _MINIFIED.match(p.name))
    own_css = "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.css")) if p not in engine_sheets)
    vocabulary = site_vocabulary(site_dir, project_dir)
    renamed: dict[str, str] = {}
    for sheet in engine_sheets:
        trimmed = trim_stylesheet(sheet.read_text(encoding="utf-8"), vocabulary, own_css)
        new_name = ""
        if trimmed:
            minified = _MINIFIED.match(sheet.name)
            assert minified is not None  # engine_sheets are the files _MINIFIED matched
            new_name = f"{minified['name']}.{digest_bytes(trimmed.encode())[:8]}.min.css"
            (folder / new_name).write_text(trimmed, encoding="utf-8")
        if new_name != sheet.name:
            sheet.unlink()
        sheet.with_name(sheet.name + ".map").unlink(missing_ok=True)  # maps the whole file, not the trimmed one
        renamed[sheet.name] = new_name
    # Relative on pages ("../../assets/…"), from the site's path on 404.html ("/assets/…").
    links = {old: re.compile(r'<link rel="stylesheet" href="((?:[^"]*/)?' + re.escape(f"{_ENGINE_STYLESHEETS}/{old}")
                             + r')">\n?') for old in renamed}
    for page in site_dir.rglob("*.html"):
        html = original = page.read_text(encoding="utf-8")
        for old, new in renamed.items():
            html = links[old].sub(
                (lambda m, new=new, old=old: m.group(0).replace(old, new)) if new else "", html)
        if html != original:
            page.write_text(html, encoding="utf-8")
    return renamed


# Below this many pages to render, a second process costs more than it saves.
PARALLEL_FROM = 300


def _render_pages(to_render: list, render: Callable[[PendingPage], Document], site_dir: Path) -> None:
    """Render and write pages, on every core when there are many (a first build, a template
    change); the workers write their pages themselves and send nothing back but errors."""
    def render_and_write(item: tuple[PendingPage, _Shell]) -> None:
        page, shell = item
        _write_page(site_dir, page.url, shell.fill(render(page)))

    map_on_cores(render_and_write, to_render, PARALLEL_FROM)


def page_path(url: str) -> str:
    """Site URL -> the page's file: "" -> index.html, "ho-so/x/" -> ho-so/x/index.html."""
    return f"{url}index.html"


def _write_page(site_dir: Path, url: str, html: str) -> None:
    os.makedirs(site_dir / url, exist_ok=True)
    (site_dir / page_path(url)).write_text(html, encoding="utf-8")


def _run_engine(documents: list[Document], site: EngineSite, project_dir: Path, docs_dir: Path,
                site_dir: Path) -> list[str]:
    """Run MkDocs over `documents`; returns its warnings."""
    write_documents(documents, docs_dir)
    nav = [{_html_text(label): document_path(url)} for label, url in site.nav]
    collector = _WarningCollector()
    logger = logging.getLogger(ENGINE_NAME)
    logger.addHandler(collector)
    try:
        with _source_date_epoch(site.date):
            config = _engine_module("config").load_config(
                config_file=str(config_file(project_dir)),
                docs_dir=str(docs_dir),
                site_dir=str(site_dir),
                site_name=_html_text(site.name),
                site_url=site.url,
                site_description=_html_text(site.description),
                copyright=_html_text(site.copyright),
                nav=nav,
                # Material's "Made with Material for MkDocs" footer line is not the council's to show.
                extra=_html_text({**site.extra, "generator": False}),
            )
            _engine_module("commands.build").build(config)
    except (_engine_module("exceptions").ConfigurationError, _engine_module("exceptions").Abort,
            jinja2.TemplateError) as exc:  # a template of theme/overrides that cannot render: the theme's fault
        raise EngineError(_("{engine} could not build the site: {reason}", engine=ENGINE_NAME, reason=exc)) from None
    finally:
        logger.removeHandler(collector)
    return collector.messages


def version() -> str:
    return f"{ENGINE_NAME} {_engine_module().__version__}"


def live_reload_server(rebuild, host: str, port: int, root: Path, problems_page: Callable[[], bytes | None],
                       notice: Callable[[], bytes | None] = lambda: None):
    """The engine's development server: serves `root`, calls `rebuild` on changes, reloads the page.
    While `problems_page()` gives a page (the content has errors), every page asked for is that
    page, which reloads by itself like the others once the content is fixed. While `notice()`
    gives HTML, every page is served with it at its foot (the rest of a rebuild is under way)."""
    livereload = _engine_module("livereload")

    # (The engine is chosen at run time, MkDocs or ProperDocs: its server class is not a static type.)
    class PreviewServer(livereload.LiveReloadServer):  # type: ignore[name-defined]
        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            html = super()._inject_js_into_html(content, epoch)
            shown = notice()
            if shown is None:
                return html
            end = html.rfind(b"</body>")
            end = len(html) if end < 0 else end
            return html[:end] + shown + html[end:]

        def _serve_request(self, environ, start_response):
            path = environ.get("PATH_INFO", "")
            page = problems_page() if not path.startswith("/livereload/") else None
            if page is not None and (path.endswith("/") or path.endswith(".html")):
                with self._epoch_cond:
                    epoch = self._visible_epoch
                body = self._inject_js_into_html(page, epoch)
                start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                          ("Content-Length", str(len(body)))])
                return [body]
            return super()._serve_request(environ, start_response)

        # The changed page first (pipeline/changed_first.py): the files the watcher saw change,
        # and a reload of the browsers in the middle of a rebuild, once that page is written.
        def record_changes(self, folder: Path) -> None:
            self._changed: set[str] = set()
            self._changed_lock = threading.Lock()

            def remember(event) -> None:
                with self._changed_lock:
                    self._changed.update(p for p in (event.src_path, getattr(event, "dest_path", "")) if p)
                if isinstance(event, watchdog.events.DirDeletedEvent):
                    # MkDocs rebuilds on a file's event only, and a folder moved out of the content
                    # (a profile sent to the trash by a file manager) is one event: the folder's.
                    with self._rebuild_cond:
                        self._want_rebuild = True
                        self._rebuild_cond.notify_all()

            handler = watchdog.events.FileSystemEventHandler()
            handler.on_any_event = remember  # type: ignore[method-assign]
            self.observer.schedule(handler, str(folder), recursive=True)

        def take_changes(self) -> set[Path]:
            with self._changed_lock:
                taken, self._changed = self._changed, set()
            return {Path(p) for p in taken}

        def show_now(self) -> None:
            """Browsers reload now and pages are served while the rebuild goes on."""
            with self._epoch_cond:
                self._visible_epoch = self._wanted_epoch  # type: ignore[has-type]  # MkDocs' own, untyped
                self._epoch_cond.notify_all()

        def reload_again(self) -> None:
            """After `show_now`: the end of the rebuild reloads the browsers once more."""
            with self._epoch_cond:
                self._wanted_epoch = max(livereload._timestamp(), self._visible_epoch + 1)

    server = PreviewServer(builder=rebuild, host=host, port=port, root=str(root))
    # MkDocs polls the watched folders every half second, and a poll lists and stats every file:
    # at 10,000 profiles that is a core kept busy and up to a second before a save is noticed.
    # The system's own notifications (inotify on Linux, FSEvents, ReadDirectoryChangesW) tell at
    # once; where the system has none, watchdog's Observer is the same polling observer.
    server.observer = _ChangesObserver()
    return server


# What a save, an addition, a deletion or a rename is made of. Not the openings and closings
# that reading makes: a build reads the content it watches (and lists 10,000 folders), and
# each read would start the next build, for ever.
CHANGE_EVENTS = [watchdog.events.FileCreatedEvent, watchdog.events.FileModifiedEvent,
                 watchdog.events.FileDeletedEvent, watchdog.events.FileMovedEvent, watchdog.events.FileClosedEvent,
                 watchdog.events.DirCreatedEvent, watchdog.events.DirDeletedEvent, watchdog.events.DirMovedEvent]


class _ChangesObserver(watchdog.observers.Observer):  # type: ignore[misc, valid-type]  # a platform alias
    def schedule(self, event_handler, path, *, recursive: bool = False, event_filter=None, follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=CHANGE_EVENTS,
                                follow_symlink=follow_symlink)
