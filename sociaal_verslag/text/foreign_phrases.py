"""The phrases a chapter quotes in another language than its own (a French group's name in the
Dutch text, an English title), listed in ``notebooks/narrative/words/foreign.yaml``: the page
marks each with its language (``lang``), so that a screen reader speaks it in that language and
a browser hyphenates it by that language's rules. The text itself is never changed.
"""

from __future__ import annotations

from functools import cache

from ..base.errors import ReportError
from ..base.paths import relative_to_root
from ..base.yamlfiles import read_mapping
from .proofreading import WORDS_DIR

FOREIGN_FILE = WORDS_DIR / "foreign.yaml"
"""Per language of the chapters, per language of the phrase (a BCP 47 tag), the phrases."""


class ForeignPhrasesError(ReportError):
    """The list of foreign phrases cannot be read."""


def _stamp() -> tuple[int, int] | None:
    """The file's time and size: a long-lived process (the preview) reads it again when edited."""
    try:
        stat = FOREIGN_FILE.stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


@cache
def _all(stamp: tuple[int, int] | None) -> dict[str, dict[str, tuple[str, ...]]]:
    if stamp is None:
        return {}
    raw = read_mapping(FOREIGN_FILE, ForeignPhrasesError)
    where = relative_to_root(FOREIGN_FILE)
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for chapters, by_language in raw.items():
        if not isinstance(by_language, dict):
            raise ForeignPhrasesError(f"{where}: {chapters}: expected a language -> [phrases]")
        found[str(chapters)] = {}
        for language, phrases in by_language.items():
            if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
                raise ForeignPhrasesError(
                    f"{where}: {chapters}.{language}: expected a list of phrases"
                )
            found[str(chapters)][str(language)] = tuple(phrases)
    return found


def foreign_phrases(language: str) -> dict[str, tuple[str, ...]]:
    """The phrases the chapters in ``language`` quote in another language, by that language."""
    return _all(_stamp()).get(language, {})
