"""The sources the year's parameters name, in each language of the year's editions.

A source is written in Dutch (``source``, ``fte_hours_per_year_source``) with its words in the
other languages beside it (``source_translations``, ``fte_hours_per_year_source_translations``):
the French appendix and the French review record name it in French. Every source of the
parameters needs every language of the year's editions; :func:`missing` says which do not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..language.phrases import DEFAULT_LANGUAGE

TOP_LEVEL = ("fte_hours_per_year_source", "dividend_cap_source", "vote_cap_source")
"""The parameters that are a source of their own, each with ``<name>_translations`` beside it."""


class Worded(str):
    """A source in Dutch that knows its words in the other languages: it prints as Dutch,
    and :meth:`in_language` gives another edition's words."""

    translations: Mapping[str, str]

    def __new__(cls, text: str, translations: Mapping[str, str]) -> Worded:
        worded = super().__new__(cls, text)
        worded.translations = dict(translations)
        return worded

    def __reduce__(self) -> tuple[type[Worded], tuple[str, dict[str, str]]]:
        return Worded, (str(self), dict(self.translations))  # pickled with its translations

    def in_language(self, language: str) -> str:
        if language == DEFAULT_LANGUAGE:
            return str(self)
        return self.translations[language]


def in_language(values: Mapping[str, object], language: str) -> dict[str, object]:
    """``values`` with each source among them in ``language``'s words."""
    return {
        key: value.in_language(language) if isinstance(value, Worded) else value
        for key, value in values.items()
    }


def missing(
    sources: Iterable[tuple[str, Mapping[str, str]]], languages: Iterable[str], known: list[str]
) -> list[str]:
    """What is wrong with the translations of ``sources`` (each: the key of its translations,
    e.g. ``facts.x.source_translations``, and the translations): a language of the year's
    editions missing, or a language that is no other edition's."""
    others = [language for language in known if language != DEFAULT_LANGUAGE]
    problems = []
    for key, translations in sources:
        problems += [
            f"{key}: missing {language!r}, the source as the {language} report names it"
            f" (languages: {', '.join(languages)})"
            for language in languages
            if language in others and language not in translations
        ]
        problems += [
            f"{key}.{language}: not a language of another report (known: {', '.join(others)})"
            for language in translations
            if language not in others
        ]
    return problems
