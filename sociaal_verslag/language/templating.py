"""The one Jinja environment of the project's own templates: Python passes data, templates hold
the words and the markup.

It renders the report's table of contents, headings, appendices, colophon and metadata
(``templates/bijzonder_verslag/*.j2`` beside the nbconvert template), the review index and the
checks' texts (``checks.yaml``). Not the narrative, which is rendered in a sandbox of its own
(``text/narrative.py``), nor the page itself, which nbconvert renders with its own environment.

Escaping follows where the output lands, by the template's name:

- ``*.html.j2`` is HTML, and ``*.md.j2`` is Markdown whose values sit in HTML (tables, links)
  that Markdown passes through as it is: every value is escaped for HTML (autoescape). A value
  in the Markdown text itself is written ``{{ value | markdown_text }}``: every Markdown mark
  backslashed, so that it shows as the same text and never as markup.
- ``*.txt.j2`` and templates from a string (``checks.yaml``) give plain text, which whoever
  places it escapes: the review index as HTML, the report as Markdown, nbconvert in attributes.

The words of the report's own templates are Dutch, marked for translation the gettext way
(``{% trans %}…{% endtrans %}``, ``_("…")``, Jinja's i18n extension): rendered for an edition in
another language (``language="fr"``), each is looked up in that language's catalogue
(``language/translations.py``), strictly.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from ..base.paths import TEMPLATES_DIR
from ..base.sanitize import escape_markdown
from . import translations
from .phrases import DEFAULT_LANGUAGE

ESCAPED_FOR_HTML = ("html.j2", "md.j2")
"""The endings of the templates whose values are escaped for HTML."""


def markdown_text(value: Any) -> Markup:
    """``value`` as literal text inside Markdown, safe from the HTML escaping around it."""
    return Markup(escape_markdown(str(value)))


@cache
def environment(language: str = DEFAULT_LANGUAGE) -> jinja2.Environment:
    """The environment of one language: templates below ``templates/``, an unknown name an
    error, escaping by the template's name (see above), the marked words in ``language``."""
    made = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=ESCAPED_FOR_HTML, default_for_string=False, default=False
        ),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    made.filters["markdown_text"] = markdown_text

    def plural(one: str, other: str, count: float) -> str:
        return translations.translate_plural(one, other, count, language)

    # New-style gettext: a message's %(name)s placeholders are filled in (and escaped) by Jinja.
    made.install_gettext_callables(  # type: ignore[attr-defined]
        translations.translator(language), plural, newstyle=True
    )
    return made


def render(name: str, language: str = DEFAULT_LANGUAGE, **context: Any) -> str:
    """The template ``name`` (below ``templates/``) rendered with ``context``, in ``language``."""
    return environment(language).get_template(name).render(**context)


def macros(name: str, language: str = DEFAULT_LANGUAGE) -> Any:
    """The macros of the template ``name``, to call from Python: ``macros(name).title(...)``."""
    return environment(language).get_template(name).module


def from_string(source: str, language: str = DEFAULT_LANGUAGE) -> jinja2.Template:
    """A plain-text template from a string (a data file's text); a syntax error raises
    ``jinja2.TemplateSyntaxError``."""
    return environment(language).from_string(source)


def compile_all(language: str) -> None:
    """Compile every template below ``templates/`` in ``language`` now, as the first build of a
    process would (for the preview's process that forks each build: then none compiles them
    again). The templates are the package's own files."""
    made = environment(language)
    for name in made.list_templates(extensions=["j2"]):
        if not _exporters_own(name):
            made.get_template(name)


def _exporters_own(name: str) -> bool:
    """Whether the template ``name`` is the page of an nbconvert template folder (one with a
    ``conf.json``), compiled by that exporter with its own filters, not here."""
    folder = (TEMPLATES_DIR / name).parent
    return name.endswith("/index.html.j2") and (folder / "conf.json").is_file()
