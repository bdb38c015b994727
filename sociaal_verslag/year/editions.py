"""An edition of the year's report: the report in one language, from the same figures.

The year's parameters list the languages (``languages: [nl, fr]``); each gives an edition with
its own file names (``phrases.yaml``: ``bijzonder-verslag-2025.html``, ``rapport-special-2025.html``
beside it in the year's folder), its own review edition in ``review/`` (``verslag.html``,
``rapport.html``), the language tag of its page and PDF (``nl-BE``, ``fr-BE``) and its text
(``notebooks/narrative/YEAR/`` for Dutch, the sub-folder ``fr/`` for French).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import ReportError
from ..base.paths import relative_to_root
from ..language.phrases import DEFAULT_LANGUAGE, languages, locale, phrases


class EditionError(ReportError):
    """A language was asked for that the year does not have."""


@dataclass(frozen=True)
class Edition:
    """The year's report in one language."""

    year: int
    language: str = DEFAULT_LANGUAGE

    @property
    def basename(self) -> str:
        """The report's file name without extension: 'rapport-special-2025'."""
        return f"{phrases(self.language).report_name}-{self.year}"

    @property
    def report_file(self) -> str:
        """The page's file name, in the year's folder."""
        return f"{self.basename}.html"

    @property
    def pdf_file(self) -> str:
        """The PDF's file name, in the year's folder."""
        return f"{self.basename}.pdf"

    @property
    def review_file(self) -> str:
        """The review edition's file name, in the year's review folder."""
        return f"{phrases(self.language).review_name}.html"

    @property
    def record_file(self) -> str:
        """The review record's file name (a PDF), in the year's review folder."""
        return f"{phrases(self.language).record_name}-{self.year}.pdf"

    @property
    def tag(self) -> str:
        """The language tag of the page and the PDF: 'nl-BE', 'fr-BE'."""
        return locale(self.language).replace("_", "-")

    @property
    def principal(self) -> bool:
        """Whether this is the Dutch edition, the report as published."""
        return self.language == DEFAULT_LANGUAGE


def chosen(
    year: int, year_languages: Sequence[str], asked: Sequence[str] | None, params_path: Path
) -> list[Edition]:
    """The editions a build writes: the ``asked`` languages (``--lang nl,fr``), else all the
    year's; a language the year's parameters (``params_path``) do not list is refused (its
    charts were not drawn in it)."""
    if not asked:
        return [Edition(year, language) for language in year_languages]
    missing = [language for language in asked if language not in year_languages]
    if missing:
        known = languages()
        hint = (
            f"add it to languages: in {relative_to_root(params_path)}"
            if all(language in known for language in missing)
            else f"the report is written in {', '.join(known)}"
        )
        raise EditionError(
            f"--lang {','.join(asked)}: the parameters of {year} have no {', '.join(missing)}"
            f" (languages: {', '.join(year_languages)}); {hint}"
        )
    return [Edition(year, language) for language in dict.fromkeys(asked)]
