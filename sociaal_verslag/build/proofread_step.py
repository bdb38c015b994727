"""The proofreading pass over the year's chapters, in each language (``text/proofreading.py``),
and their links checked against the year's ``links.yaml`` (``text/web_pages.py``): warnings with
file and line for the terminal and the review index, kept in the cache by the
chapters', word lists' and preferred forms' content (loading the dictionaries takes longer than
the rest of a rebuild with nothing changed)."""

from __future__ import annotations

from pathlib import Path

from ..base.hashing import sha256
from ..base.paths import relative_to_root
from ..cache.identity import StepIdentity
from ..text import proofreading, web_pages
from ..text.narrative import read_chapter
from ..year import chapters
from .steps import Context


def _files(ctx: Context) -> dict[str, list[Path]]:
    return {
        language: chapters.narrative_files(
            ctx.inputs.chapters, ctx.params.narrative_path_in(language)
        )
        for language in ctx.params.languages
    }


def _links_file(ctx: Context) -> Path:
    return ctx.params.narrative_path / web_pages.LINKS_FILE


def _word_files() -> list[Path]:
    return sorted(path for path in proofreading.WORDS_DIR.glob("*") if path.is_file())


def warnings(ctx: Context) -> list[str]:
    """The findings in every language's chapters, as warning lines; from the cache when the
    chapters and word lists are unchanged."""
    files = _files(ctx)
    content = {
        "chapters": {
            language: [[relative_to_root(path), sha256(path)] for path in paths]
            for language, paths in files.items()
        },
        "words": [[path.name, sha256(path)] for path in _word_files()],
        "links": sha256(links) if (links := _links_file(ctx)).is_file() else None,
    }
    key = StepIdentity("proofread", content=content).key()
    found = ctx.run.store.find("proofread", key)
    if found is not None:
        ctx.run.steps.cached("proofread", key)
        return list(ctx.run.store.meta(found)["warnings"])
    with ctx.run.steps.step("proofread", key):
        pages = web_pages.read_pages(ctx.params.narrative_path)
        lines = [
            str(finding)
            for language, paths in files.items()
            for finding in proofreading.proofread(paths, language)
        ]
        lines += [
            f"{relative_to_root(path)}:{line}: {problem}"
            for language, paths in files.items()
            for path in paths
            for line, problem in web_pages.link_problems(read_chapter(path), pages, language)
        ]
    ctx.run.store.put("proofread", key, [], meta={"warnings": lines})
    return lines
