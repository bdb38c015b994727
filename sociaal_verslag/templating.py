"""The one Jinja environment of the project's own templates: Python passes data, templates hold
the words and the markup.

It renders the report's table of contents, headings, appendices, colophon and metadata
(``templates/bijzonder_verslag/*.j2`` beside the nbconvert template), the review index and the
checks' texts (``checks.yaml``). Not the narrative, which is rendered in a sandbox of its own
(``narrative.py``), nor the page itself, which nbconvert renders with its own environment.

Escaping follows where the output lands, by the template's name:

- ``*.html.j2`` is HTML, and ``*.md.j2`` is Markdown whose values sit in HTML (tables, links)
  that Markdown passes through as it is: every value is escaped for HTML (autoescape). A value
  in the Markdown text itself is written ``{{ value | markdown_text }}``: every Markdown mark
  backslashed, so that it shows as the same text and never as markup.
- ``*.txt.j2`` and templates from a string (``checks.yaml``) give plain text, which whoever
  places it escapes: the review index as HTML, the report as Markdown, nbconvert in attributes.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from .paths import TEMPLATES_DIR
from .sanitize import escape_markdown

ESCAPED_FOR_HTML = ("html.j2", "md.j2")
"""The endings of the templates whose values are escaped for HTML."""


def markdown_text(value: Any) -> Markup:
    """``value`` as literal text inside Markdown, safe from the HTML escaping around it."""
    return Markup(escape_markdown(str(value)))


@cache
def environment() -> jinja2.Environment:
    """The environment: templates below ``templates/``, an unknown name an error, escaping by
    the template's name (see above)."""
    made = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=ESCAPED_FOR_HTML, default_for_string=False, default=False
        ),
        undefined=jinja2.StrictUndefined,
    )
    made.filters["markdown_text"] = markdown_text
    return made


def render(name: str, **context: Any) -> str:
    """The template ``name`` (below ``templates/``) rendered with ``context``."""
    return environment().get_template(name).render(**context)


def macros(name: str) -> Any:
    """The macros of the template ``name``, to call from Python: ``macros(name).title(...)``."""
    return environment().get_template(name).module


def from_string(source: str) -> jinja2.Template:
    """A plain-text template from a string (a data file's text); a syntax error raises
    ``jinja2.TemplateSyntaxError``."""
    return environment().from_string(source)
