"""CPU per profile of checking one profile's file, as `load_content` checks each.

    python bench/content_check.py [--profiles 400] [--work /tmp/content-check]

Generates N synthetic profiles (bench/synthetic.py, 600-word stories) once into `--work`, reads
the content's taxonomies and settings, then checks every profile's file
(`content.load.check_profile_file`: YAML with line marks, the schema, the story's Markdown and
structure) three times and prints the best run's CPU milliseconds per profile. With
markdown-it-py installed (not a dependency of the project) it also times the stories' Markdown
alone with Python-Markdown and with markdown-it-py, and counts the stories whose HTML differs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.synthetic import generate  # noqa: E402
from site_builder.content.load import check_profile_file, load_content  # noqa: E402


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profiles", type=int, default=400)
    ap.add_argument("--work", type=Path, default=Path("/tmp/content-check"))
    args = ap.parse_args()
    root = args.work / f"content-{args.profiles}"
    if not (root / "profiles").is_dir():
        generate(args.profiles, root, photos="shared", words=600)
    content, problems = load_content(root)
    if content is None:
        raise SystemExit(f"the synthetic content does not load: {problems.items[:3]}")
    files = sorted(root.glob("profiles/*/index.md"))
    seconds = best_of(3, lambda: [check_profile_file(path, content) for path in files])
    print(f"{len(files)} profiles: {seconds / len(files) * 1000:.2f} CPU-ms per profile checked")

    try:
        from markdown_it import MarkdownIt
    except ImportError:
        print("markdown-it-py is not installed: Markdown alone not compared")
        return
    import markdown

    stories = [path.read_text(encoding="utf-8").split("\n---\n", 1)[1] for path in files]
    python_markdown = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    markdown_it = MarkdownIt("commonmark").enable("table")

    def with_python_markdown() -> list[str]:
        return [python_markdown.reset().convert(story) for story in stories]

    slow = best_of(3, with_python_markdown)
    quick = best_of(3, lambda: [markdown_it.render(story) for story in stories])
    differ = sum(a.strip() != b.strip() for a, b in zip(with_python_markdown(), map(markdown_it.render, stories)))
    print(f"Markdown alone: Python-Markdown {slow / len(stories) * 1000:.2f} ms, markdown-it-py "
          f"{quick / len(stories) * 1000:.2f} ms a story ({slow / quick:.1f}x); HTML differs for {differ} of {len(stories)}")


if __name__ == "__main__":
    main()
