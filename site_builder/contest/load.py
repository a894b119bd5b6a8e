"""content/contests/<slug>/ -> Contest, with every problem named by file and line.

A contest is a folder: contest.md (the fields in front matter, the rules as its Markdown body)
and entries/, one Markdown file per entry named by its code (entries/GNT-0001.md: the record in
front matter, the article's text or the media's description as its body), with its media and
photos beside it. One file per entry, because an organiser checks, corrects and moves one entry
at a time (valid, invalid, into the final round, awarded), a change to one entry is one file in
the history, and the text sits under the record it belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from pathlib import Path

from ..common.messages import _
from ..content.captions import CAPTION_SUFFIXES, read_captions
from ..content.diagnostics import Problems
from ..content.model import Content, Taxonomies
from ..content.read import YamlList, YamlMap, display_path, read_front_matter_document
from ..content.schema import INVALID, Where, name_key
from ..content.text import format_date
from .model import Contest, Criterion, Entry, EntryPhoto, Exemplar, Genre, Juror, Prize, Round
from .privacy import phone_numbers
from .recordings import kind_of
from .schema import contest_schema, entry_schema

CONTESTS_DIR = "contests"
CONTEST_FILE = "contest.md"
ENTRIES_DIR = "entries"
_WORD = re.compile(r"\w+")
_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)$")


def count_words(text: str) -> int:
    """Words as Vietnamese rules count them: each syllable between spaces ("Gương người tốt" is 3)."""
    return len(_WORD.findall(text))


def check_contests(content: Content, problems: Problems, today: dt.date) -> list[Contest]:
    """The contests of a loaded content folder, their entries checked against its profiles, and
    what is published of them on `today` against what publishing it needs."""
    return load_contests(content.root, content.taxonomies, {p.slug for p in content.profiles}, problems, today)


def load_contests(root: Path, tax: Taxonomies, profile_slugs: set[str] | None, problems: Problems,
                  today: dt.date | None = None) -> list[Contest]:
    """Every contest under content/contests/, sorted by slug; a contest with errors is left out.
    `profile_slugs` are the profiles an entry may name (None: not checked, for the contest's own
    commands, which do not read the profiles); with `today` (check and build), the winning entries
    published that day must have what publishing them needs (_check_published_media)."""
    folder = Path(root) / CONTESTS_DIR
    if not folder.is_dir():
        return []
    contests = []
    for path in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        contest = load_contest(path, tax, profile_slugs, problems, today)
        if contest is not None:
            contests.append(contest)
    return contests


def load_contest(folder: Path, tax: Taxonomies, profile_slugs: set[str] | None, problems: Problems,
                 today: dt.date | None = None) -> Contest | None:
    own = Problems()
    contest = _read_contest(folder, tax, own)
    if contest is not None:
        entries = [e for e in (read_entry(p, contest, tax, own)
                               for p in sorted((folder / ENTRIES_DIR).glob("*.md"))) if e is not None]
        _check_across(contest, entries, profile_slugs, own)
        if today is not None:
            for entry in entries:
                _check_published_media(entry, contest, today, own)
        contest = Contest(**{**contest.__dict__, "entries": tuple(entries)})
    problems.extend(own.items)
    return None if own.errors or contest is None else contest


def _read_contest(folder: Path, tax: Taxonomies, problems: Problems) -> Contest | None:
    path = folder / CONTEST_FILE
    display = display_path(path)
    if not path.is_file():
        problems.error(display_path(folder), 0, _("a contest folder needs its {file}", file=CONTEST_FILE))
        return None
    doc = read_front_matter_document(path, display, problems)
    if doc is None or doc.meta is None:
        return None
    data = contest_schema(tax).check_mapping(doc.meta, Where(display, doc.meta.line, ""), problems)
    if data is INVALID:
        return None
    timeline = data["timeline"]
    genres = {g["code"]: Genre(g["code"], g["name"], g["min_words"], g["max_words"], g["max_minutes"],
                               g["max_photos"]) for g in data["genres"]}
    contest = Contest(
        slug=folder.name, folder=display_path(folder), display=display, name=data["name"],
        code_prefix=data["code_prefix"], organisers=data["organisers"], rules=doc.body.strip(),
        opens=timeline["opens"], closes=timeline["closes"], results_on=timeline["results"],
        rounds=tuple(Round(r["number"], r["name"], r["date"]) for r in timeline["rounds"]),
        genres=genres, criteria=tuple(Criterion(c["code"], c["name"], c["weight"], c["max"]) for c in data["criteria"]),
        prizes={p["code"]: Prize(p["code"], p["name"], p["count"]) for p in data["prizes"]},
        jury=tuple(Juror(j["code"], j["name"], j["role"]) for j in data["jury"]),
        ranking=data["ranking"], disagreement=data["disagreement"], score_step=Fraction(data["score_step"]),
        nominate_stage=(data["nominate"] or {}).get("stage", ""),
        nominate_movements=tuple((data["nominate"] or {}).get("movements") or ()),
        committee=tuple(data["committee"] or ()))
    meta = doc.meta
    if [r.number for r in contest.rounds] != list(range(1, len(contest.rounds) + 1)):
        problems.error(display, meta["timeline"].line_of("rounds"),
                       _("'timeline.rounds': number the rounds 1, 2, … in order"))
    if not contest.opens <= contest.closes <= contest.results_on:
        problems.error(display, meta["timeline"].line, _("'timeline': the contest must open, then close, then "
                                                         "announce its results, in that order"))
    if contest.ranking == "trimmed-mean" and len(contest.jury) < 3:
        problems.error(display, meta.line_of("ranking"), _("a trimmed mean drops the highest and the lowest "
                                                           "score: it needs a jury of at least 3"))
    for key in ("genres", "criteria", "prizes", "jury"):
        codes = [x["code"] for x in data[key]]
        for code in {c for c in codes if codes.count(c) > 1}:
            problems.error(display, meta.line_of(key), _("'{field}': the code '{code}' is used twice",
                                                         field=key, code=code))
    public = [(meta.line_of("name"), contest.name), (meta.line_of("organisers"), " ".join(contest.organisers)),
              (doc.body_line, doc.body)]
    # What the contest's page shows of its lists: the rounds', genres' and prizes' names, and from
    # the results on the jurors' names and roles.
    lists = ((meta["timeline"], "rounds", ("name",)), (meta, "genres", ("name",)), (meta, "prizes", ("name",)),
             (meta, "jury", ("name", "role")))
    for parent, key, keys in lists:
        for item in parent.get(key) or ():
            public += [(item.line_of(k), str(item.get(k) or "")) for k in keys if isinstance(item, YamlMap)]
    _refuse_phones(display, public, problems)
    return contest


def read_entry(path: Path, contest: Contest, tax: Taxonomies, problems: Problems) -> Entry | None:
    display = display_path(path)
    doc = read_front_matter_document(path, display, problems)
    if doc is None or doc.meta is None:
        return None
    meta: YamlMap = doc.meta
    data = entry_schema(tax, list(contest.genres), list(contest.prizes)).check_mapping(
        meta, Where(display, meta.line, ""), problems)
    if data is INVALID:
        return None
    failed = len(problems.errors)

    def error(key: str, message: str) -> None:
        problems.error(display, meta.line_of(key), message)

    if data["code"] != path.stem:
        error("code", _("'code': the entry's code is '{code}' but its file is named {file}; name the file "
                        "{code}.md", code=data["code"], file=path.name))
    if not re.fullmatch(re.escape(contest.code_prefix) + r"-\d{4}", data["code"]):
        error("code", _("'code': '{code}' is not a code of this contest; write it as {prefix}-0001",
                        code=data["code"], prefix=contest.code_prefix))
    if not isinstance(data["private"], YamlMap):
        error("private", _("'private': must be a block of 'name: value' lines (contact, address, phone)"))
    exemplar = data["exemplar"]
    verification = data["verification"] or {}
    text = doc.body.strip()
    listed = meta.get("photos")
    photos = tuple(EntryPhoto(p["file"], p["alt"], p["caption"],
                              listed.line_of(i) if isinstance(listed, YamlList) else meta.line_of("photos"))
                   for i, p in enumerate(data["photos"] or ()))
    captions = None
    if data["captions"]:
        named = path.parent / data["captions"]
        if Path(data["captions"]).suffix.lower() not in CAPTION_SUFFIXES:
            error("captions", _("'captions': '{name}' is not a captions file; give the piece's .vtt (or .srt) file",
                                name=data["captions"]))
        elif Path(data["captions"]).name == data["captions"] and named.is_file():
            # A missing one, or one elsewhere, is named with the entry's other files (_check_genre).
            captions = read_captions(named, display_path(named), problems)
    entry = Entry(
        code=data["code"], display=display, title=data["title"], genre=data["genre"], author=data["author"],
        received=data["received"],
        exemplar=Exemplar(exemplar["name"], exemplar["locality"], exemplar["profile"] or "", exemplar["kind"] or "",
                          tuple(exemplar["fields"] or ())),
        consent=data["consent"], state=data["state"], text=text, text_line=doc.body_line, words=count_words(text),
        file=data["file"], duration=data["duration"], photos=photos, captions=captions,
        verified_by=verification.get("by", ""), verified_on=verification.get("date"), reason=data["reason"],
        round=data["round"] or 0, prize=data["prize"] or "", private=dict(data["private"] or {}), source=path,
        lines=dict(meta.key_lines))
    _check_state(entry, contest, meta, problems)
    _check_genre(entry, contest, path.parent, meta, problems)
    public = [(meta.line_of("title"), entry.title), (meta.line_of("author"), entry.author),
              (meta.line_of("exemplar"), entry.exemplar.name), (meta.line_of("verification"), entry.verified_by),
              (meta.line_of("reason"), entry.reason), (doc.body_line, doc.body)]
    public += [(photo.line, f"{photo.alt}\n{photo.caption}") for photo in entry.photos]
    _refuse_phones(display, public, problems)
    return None if len(problems.errors) > failed else entry


def _check_state(entry: Entry, contest: Contest, meta: YamlMap, problems: Problems) -> None:
    def error(key: str, message: str) -> None:
        problems.error(entry.display, meta.line_of(key), message)

    if entry.state == "invalid" and not entry.reason:
        error("state", _("'reason': an invalid entry needs the reason it is invalid"))
    if entry.state == "round" and not 1 <= entry.round <= contest.last_round:
        error("state", _("'round': an entry 'in round' needs the round's number, 1 to {last}", last=contest.last_round))
    if (entry.state == "awarded") != bool(entry.prize):
        error("prize", _("'prize': an awarded entry has its prize, and only an awarded entry has one"))
    final = entry.state == "awarded" or (entry.state == "round" and entry.round == contest.last_round)
    if final and not entry.verified:
        error("state", _("'verification': the locality must confirm that the exemplar is real (by whom, on which "
                         "date) before the entry goes into the final round"))


def _check_genre(entry: Entry, contest: Contest, folder: Path, meta: YamlMap, problems: Problems) -> None:
    genre = contest.genres[entry.genre]
    judged = entry.state not in ("received", "invalid")  # an entry over a limit is made invalid, with the reason

    def over(key: str, message: str) -> None:
        if judged:
            problems.error(entry.display, meta.line_of(key), message + " " + _(
                "(set 'state: invalid' with the reason, or correct the entry)"))

    if genre.max_words and entry.words > genre.max_words:
        over("genre", _("the text has {words} words, over the genre's limit of {limit}",
                        words=entry.words, limit=genre.max_words))
    if genre.min_words and judged and entry.words < genre.min_words:
        problems.warning(entry.display, entry.text_line, _("the text has {words} words, under the genre's {limit}",
                                                           words=entry.words, limit=genre.min_words))
    if genre.max_photos and len(entry.photos) > genre.max_photos:
        over("photos", _("{count} photos, over the genre's limit of {limit}", count=len(entry.photos),
                         limit=genre.max_photos))
    if genre.max_minutes:
        match = _DURATION.match(entry.duration)
        if not match:
            problems.error(entry.display, meta.line_of("duration") if "duration" in meta else meta.line,
                           _("'duration': write the length of the piece as minutes:seconds, like 6:45"))
        elif int(match[1]) * 60 + int(match[2]) > genre.max_minutes * 60:
            over("duration", _("the piece lasts {duration}, over the genre's limit of {limit} minutes",
                               duration=entry.duration, limit=genre.max_minutes))
    named = [(meta.line_of(key), name) for key, name in (("file", entry.file), ("captions", meta.get("captions")))
             if name]
    named += [(photo.line, photo.file) for photo in entry.photos]
    for line, name in named:
        # A file beside the entry, itself: a path elsewhere or a link could publish a file that is no entry's.
        if Path(name).name != name or name.startswith(".") or (folder / name).is_symlink():
            problems.error(entry.display, line, _("'{name}' is not a file of its own beside the entry; copy the "
                                                  "file into {folder} and give its name only", name=name,
                                                  folder=display_path(folder)))
        elif not (folder / name).is_file():
            problems.error(entry.display, line, _("the file '{name}' is not in {folder}", name=name,
                                                  folder=display_path(folder)))


def published(entry: Entry, contest: Contest, today: dt.date) -> bool:
    """Whether the site shows the entry itself (its text, photos or recording) on `today`: a winner
    whose author consented, from the day of the results (contest/public.py shows no other)."""
    return entry.state == "awarded" and entry.consent and today >= contest.results_on


def _check_published_media(entry: Entry, contest: Contest, today: dt.date, problems: Problems) -> None:
    """A winning entry published with its author's consent is published with its photos, each with
    its text alternative, or its recording, with its captions, as a profile's photos and a film are:
    refused from the day of the results without them, said as a warning before."""
    if not (entry.state == "awarded" and entry.consent):
        return
    shown = published(entry, contest, today)
    report = problems.error if shown else problems.warning
    after = "" if shown else " " + _(
        "(needed from {date}, when the results are published)", date=format_date(contest.results_on))
    for number, photo in enumerate(entry.photos, start=1):
        if not photo.alt:
            report(entry.display, photo.line, _(
                "'photos[{number}].alt': a winning entry is published with its photos, and each needs its text "
                "alternative for readers who cannot see it; write the photo as '- file: {file}' with 'alt: ' (what "
                "it shows) and, if you like, 'caption: ' on the lines under it", number=number, file=photo.file) + after)
    if entry.file and kind_of(entry.file) is None:
        report(entry.display, entry.line_of("file"), _(
            "'file': '{name}' is neither a sound nor a film, and a winning entry is published with its recording; "
            "give the piece's MP3 or MP4 file", name=entry.file) + after)
    elif entry.file and entry.captions is None:
        report(entry.display, entry.line_of("file"), _(
            "'captions': a winning radio, TV or video piece is published with its captions, which deaf readers need; "
            "put its .vtt (or .srt) file beside the entry and name it in 'captions:'") + after)


def _check_across(contest: Contest, entries: list[Entry], profile_slugs: set[str] | None, problems: Problems) -> None:
    insiders = {name_key(n): n for n in contest.insiders}
    seen: dict[tuple[str, str], Entry] = {}
    awarded: dict[str, list[Entry]] = {}
    for entry in entries:
        if name_key(entry.author) in insiders and entry.state != "invalid":
            problems.error(entry.display, 0, _("'author': {name} organises or judges the contest and may not enter it",
                                               name=entry.author))
        key = (name_key(entry.title), name_key(entry.author))
        if key in seen:
            problems.error(entry.display, 0, _("the same title by the same author as {other}; keep one entry",
                                               other=seen[key].code))
        seen.setdefault(key, entry)
        if entry.exemplar.profile and profile_slugs is not None and entry.exemplar.profile not in profile_slugs:
            problems.error(entry.display, 0, _("'exemplar.profile': no profile has the slug '{slug}'",
                                               slug=entry.exemplar.profile))
        if entry.prize:
            awarded.setdefault(entry.prize, []).append(entry)
    for code, winners in awarded.items():
        prize = contest.prizes[code]
        if len(winners) > prize.count:
            problems.error(contest.display, 0, _("{count} entries have the prize '{prize}', which the contest gives "
                                                 "{limit} time(s): {codes}", count=len(winners), prize=prize.name,
                                                 limit=prize.count, codes=", ".join(e.code for e in winners)))


def _refuse_phones(display: str, fields: list[tuple[int, str]], problems: Problems) -> None:
    for first, text in fields:
        for offset, line_text in enumerate((text or "").split("\n")):
            for number in phone_numbers(line_text):
                problems.error(display, first + offset, _("'{number}' looks like a phone number and would be published; "
                                                      "move it under 'private:'", number=number))
