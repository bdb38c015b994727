"""A proofreading pass over each language's chapters: words that neither the language's
dictionary (pyspellchecker's word lists) nor the project's word list know, and forms the project
writes one way that a chapter writes another (``notebooks/narrative/words/``).

Its findings are warnings, each naming the file and the line: the build prints them and the
review index lists them. It never changes a text: the chapters are the client's wording, and a
word it does not know may be right (a name, a legal term: add it to the word list) or a mistake
to correct in the chapter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..base import textfiles
from ..base.errors import ReportError
from ..base.paths import PROJECT_ROOT, relative_to_root
from ..base.yamlfiles import read_mapping
from .narrative import read_chapter

WORDS_DIR = PROJECT_ROOT / "notebooks" / "narrative" / "words"
"""The project's word lists (``nl.txt``, ``fr.txt``: one word a line, ``#`` a comment) and its
preferred forms (``consistency.yaml``)."""

# What is not prose: a placeholder, a web address, code, an HTML comment.
NOT_PROSE = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|<https?://[^>]*>|\]\([^)]*\)|https?://\S+|`[^`]*`|<!--.*?-->"
)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
ELIDED = re.compile(r"^(?:l|d|qu|n|s|c|j|m|t|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)


class ProofreadingError(ReportError):
    """A word list or the preferred forms cannot be read."""


@dataclass(frozen=True)
class Finding:
    """One thing to look at in a chapter."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{relative_to_root(self.path)}:{self.line}: {self.message}"


QUOTED_LANGUAGES = ("nl", "fr", "en")
"""The languages whose words a chapter quotes as they are (a French name in a Dutch text, an
English title): a word of any of them is not flagged. A typo that happens to be a word of
another of them is missed; the word lists stay short enough to read."""


@cache
def _dictionary(language: str) -> frozenset[str]:
    # pyspellchecker's word frequency list of the language, lower case (0,1-0,5 s to load).
    from spellchecker import SpellChecker  # only when a text is proofread

    return frozenset(SpellChecker(language=language, case_sensitive=False).word_frequency.keys())


def known_words(language: str) -> frozenset[str]:
    """Every word a chapter in ``language`` may write: the dictionaries and the word list."""
    languages = dict.fromkeys((language, *QUOTED_LANGUAGES))
    return frozenset().union(*(_dictionary(name) for name in languages), project_words(language))


def project_words(language: str) -> frozenset[str]:
    """The project's word list for ``language``, lower case (no file: none)."""
    path = WORDS_DIR / f"{language}.txt"
    if not path.is_file():
        return frozenset()
    try:
        lines = textfiles.decode(path.read_bytes()).splitlines()
    except (OSError, textfiles.TextEncodingError) as error:
        raise ProofreadingError(f"{relative_to_root(path)}: cannot be read: {error}") from None
    return frozenset(line.split("#", 1)[0].strip().lower() for line in lines) - {""}


def preferred_forms(language: str) -> dict[str, list[str]]:
    """Preferred form -> the variants a chapter in ``language`` should not write."""
    path = WORDS_DIR / "consistency.yaml"
    if not path.is_file():
        return {}
    forms = read_mapping(path, ProofreadingError).get(language) or {}
    if not isinstance(forms, dict) or not all(isinstance(v, list) for v in forms.values()):
        where = relative_to_root(path)
        raise ProofreadingError(f"{where}: {language}: expected a preferred form -> [variants]")
    return {str(form): [str(variant) for variant in variants] for form, variants in forms.items()}


def prose(line: str) -> str:
    """``line`` without what is not prose, each left out part as spaces (columns stay)."""
    return NOT_PROSE.sub(lambda match: " " * len(match.group()), line)


def _checked_parts(word: str) -> Iterable[str]:
    # "l’agrément" is checked as "agrément"; "advocacy-activiteiten" part by part.
    word = ELIDED.sub("", word)
    return [part for part in re.split(r"-", word) if part]


def unknown_words(line: str, known: frozenset[str]) -> list[str]:
    """The words of ``line`` (prose only) that ``known`` lacks, in order, each once."""
    found: list[str] = []
    for match in WORD.finditer(prose(line)):
        word = match.group().replace("’", "'")
        if word.lower() in known or len(word) < 3 or word.isupper():  # an acronym: CEASE, WVV
            continue
        parts = _checked_parts(word)
        unknown = any(part.lower() not in known and len(part) > 1 for part in parts)
        if unknown and word not in found:
            found.append(word)
    return found


def variants_in(line: str, forms: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(variant, preferred form) for each variant ``line`` writes."""
    text = prose(line)
    return [
        (variant, form)
        for form, variants in forms.items()
        for variant in variants
        if re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", text)
    ]


def proofread(files: Sequence[Path], language: str) -> list[Finding]:
    """The findings in the chapters ``files``, written in ``language``."""
    known = known_words(language)
    forms = preferred_forms(language)
    findings = []
    for path in files:
        # An HTML comment (a note to the editor) is not proofread; its lines stay lines.
        text = COMMENT.sub(lambda found: re.sub(r"[^\n]", " ", found.group()), read_chapter(path))
        for number, line in enumerate(text.splitlines(), 1):
            findings += [
                Finding(path, number, _unknown_message(word, language))
                for word in unknown_words(line, known)
            ]
            findings += [
                Finding(path, number, f"'{variant}': the report writes '{form}'")
                for variant, form in variants_in(line, forms)
            ]
    return findings


def _unknown_message(word: str, language: str) -> str:
    where = relative_to_root(WORDS_DIR / f"{language}.txt")
    return f"spelling? '{word}' is in no {language} dictionary nor in {where}: correct it or add it"
