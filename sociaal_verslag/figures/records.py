"""Figures and charts as records: made in a notebook cell, collected from the executed notebook.

A notebook records its figures by displaying them: each recording cell gets an output carrying a
machine-readable copy (``FIGURES_MIME``) beside a small table for the reviewer. The build then
reads the executed notebooks and knows, for every figure, its exact value, its printed form, the
registers it read, and the notebook and cell that computed it. Charts travel the same way, as SVG
outputs tagged with their chart id.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import nbformat
import numpy as np

from ..base.errors import ReportError
from ..base.sanitize import spreadsheet_cell
from ..language.phrases import DEFAULT_LANGUAGE
from ..language.styles import render
from ..language.translations import translate
from .catalogue import spec_for

FIGURES_MIME = "application/vnd.sociaal-verslag.figures+json"
CHART_METADATA_KEY = "sociaal_verslag_chart"
NARROW_SVG_MIME = "application/vnd.sociaal-verslag.narrow-svg+xml"
"""A chart's drawing for phones, beside its wide ``image/svg+xml`` in the same output."""


def svg_mime(language: str, narrow: bool = False) -> str:
    """The MIME type of a chart's drawing in an edition's language other than Dutch, beside the
    Dutch drawings in the same output: ``application/vnd.sociaal-verslag.fr.svg+xml`` (wide),
    ``...fr.narrow-svg+xml`` (for phones)."""
    return f"application/vnd.sociaal-verslag.{language}.{'narrow-' if narrow else ''}svg+xml"


@dataclass(frozen=True)
class Figure:
    """One number of the report: its exact value, how it is printed and where it came from."""

    id: str
    value: int | float
    unit: str
    printed: str
    source: str
    rule: str
    inputs: tuple[str, ...] = ()
    variants: dict[str, str] = field(default_factory=dict)
    notebook: str = ""
    cell_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready mapping."""
        data = asdict(self)
        data["inputs"] = list(self.inputs)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        """Inverse of ``to_dict``."""
        return cls(**{**data, "inputs": tuple(data.get("inputs", ()))})

    def in_language(self, language: str) -> Figure:
        """The figure as the edition in ``language`` prints it: the same value, printed (and in
        its named alternative forms) by its catalogue style in that language, its rule in that
        language's words. In Dutch, itself."""
        if language == DEFAULT_LANGUAGE:
            return self
        spec = spec_for(self.id)
        return replace(
            self,
            printed=printed_in(self.id, self.value, language),
            variants={
                name: render(self.value, style, language) for name, style in spec.variants.items()
            },
            rule=translate(self.rule, language),
        )


def printed_in(figure_id: str, value: float, language: str) -> str:
    """A value of the figure ``figure_id`` as an edition in ``language`` prints it: by the
    figure's catalogue style (in Dutch, the form ``record()`` gave it)."""
    return render(value, spec_for(figure_id).style, language)


class ChartLanguageError(ReportError):
    """A chart was asked for in a language it was not drawn in."""


@dataclass(frozen=True)
class Chart:
    """A rendered chart: its id, caption, SVG (wide, and narrow for phones), and the notebook
    cell that drew it."""

    id: str
    caption: str
    svg: str
    narrow_svg: str = ""
    figure_ids: tuple[str, ...] = ()
    notebook: str = ""
    cell_id: str = ""
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The chart in each other language the year's editions have: language -> its
    ``caption``, ``svg``, ``narrow_svg`` and ``data`` (its table, in that language's words)."""
    data: dict[str, list[Any]] = field(default_factory=dict)
    """What it draws, as a table (``columns``, ``rows``), for ``figures.xlsx``."""
    inputs: tuple[str, ...] = ()
    """The register files it drew from (paths from the project root)."""
    drawing: str = ""
    """The name of its drawing function in ``charts/drawings.py``."""

    def in_language(self, language: str) -> Chart:
        """The chart as the edition in ``language`` shows it (itself in Dutch)."""
        if language == DEFAULT_LANGUAGE:
            return self
        try:
            drawn = self.translations[language]
        except KeyError:
            raise ChartLanguageError(
                f"chart {self.id} was not drawn in {language!r}: the notebooks draw each chart"
                " in the languages of the year's parameters (languages:)"
            ) from None
        return replace(
            self,
            caption=drawn["caption"],
            svg=drawn["svg"],
            narrow_svg=drawn.get("narrow_svg", ""),
            data=drawn.get("data", self.data),
            translations={},
        )


def plain_number(value: Any) -> int | float:
    """A metric's value as a plain Python number (numpy scalars and integral floats made plain)."""
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"a figure is a number, not a truth value: {value!r}")
    if isinstance(value, np.integer | int):
        return int(value)
    if isinstance(value, np.floating | float):
        number = float(value)
        if not np.isfinite(number):
            raise ValueError(f"a figure must be a finite number, got {number}")
        return round(number, 6)
    raise TypeError(f"a figure is a number, got {type(value).__name__}: {value!r}")


def make_figures(
    values: dict[str, Any],
    inputs: tuple[str, ...] = (),
    inputs_by_figure: Mapping[str, tuple[str, ...]] | None = None,
) -> list[Figure]:
    """Turn a metric's ``{id: value}`` into figures, printed by the style their catalogue names,
    each with the files it was computed from: ``inputs``, or its own in ``inputs_by_figure``."""
    figures = []
    for figure_id, raw in values.items():
        spec = spec_for(figure_id)
        value = plain_number(raw)
        figures.append(
            Figure(
                id=figure_id,
                value=value,
                unit=spec.unit,
                printed=render(value, spec.style),
                source=spec.source,
                rule=spec.rule,
                inputs=tuple((inputs_by_figure or {}).get(figure_id, inputs)),
                variants={name: render(value, style) for name, style in spec.variants.items()},
            )
        )
    return figures


def collect(notebook_path: Path) -> tuple[list[Figure], list[Chart]]:
    """Read the figures and charts an executed notebook recorded, with the cell of each."""
    notebook = nbformat.read(notebook_path, as_version=4)
    name = notebook_path.stem
    figures: list[Figure] = []
    charts: list[Chart] = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            data = output.get("data", {})
            if FIGURES_MIME in data:
                payload = data[FIGURES_MIME]
                if isinstance(payload, str):
                    payload = json.loads(payload)
                for item in payload:
                    figure = Figure.from_dict(item)
                    figures.append(
                        Figure.from_dict(
                            {**figure.to_dict(), "notebook": name, "cell_id": cell.get("id", "")}
                        )
                    )
            chart_meta = output.get("metadata", {}).get(CHART_METADATA_KEY)
            if chart_meta and "image/svg+xml" in data:
                charts.append(
                    Chart(
                        id=chart_meta["id"],
                        caption=chart_meta["caption"],
                        svg=data["image/svg+xml"],
                        narrow_svg=data.get(NARROW_SVG_MIME, ""),
                        figure_ids=tuple(chart_meta.get("figures", ())),
                        notebook=name,
                        cell_id=cell.get("id", ""),
                        translations=_chart_translations(data, chart_meta),
                        data=chart_meta.get("data", {}),
                        inputs=tuple(chart_meta.get("inputs", ())),
                        drawing=chart_meta.get("drawing", ""),
                    )
                )
    return figures, charts


def _chart_translations(data: dict[str, Any], meta: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A chart output's drawings, captions and drawn tables in the languages other than Dutch."""
    return {
        language: {
            "caption": caption,
            "svg": data[svg_mime(language)],
            "narrow_svg": data.get(svg_mime(language, narrow=True), ""),
            "data": meta.get("tables", {}).get(language, meta.get("data", {})),
        }
        for language, caption in meta.get("captions", {}).items()
        if language != DEFAULT_LANGUAGE and svg_mime(language) in data
    }


def write_table(
    figures: list[Figure], directory: Path, languages: Sequence[str] = (DEFAULT_LANGUAGE,)
) -> None:
    """Write ``figures.json`` and ``figures.csv`` (id, value, unit, printed, notebook, cell...).

    Every edition's PDF attaches the same ``figures.csv``: beside the Dutch printed form and
    rule, each other language of the editions (``languages``) has its own columns
    (``printed_fr``, ``rule_fr``), so that each reader finds the figures as their edition
    prints them."""
    ordered = sorted(figures, key=lambda figure: figure.id)
    (directory / "figures.json").write_text(
        json.dumps([figure.to_dict() for figure in ordered], ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    others = [language for language in languages if language != DEFAULT_LANGUAGE]
    columns = [*CSV_COLUMNS, *(f"{name}_{lang}" for lang in others for name in LANGUAGE_COLUMNS)]
    with (directory / "figures.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for figure in ordered:
            row = figure.to_dict()
            row["inputs"] = " ".join(figure.inputs)
            for language in others:
                shown = figure.in_language(language)
                row.update({f"printed_{language}": shown.printed, f"rule_{language}": shown.rule})
            # Opened in a spreadsheet: no cell may start a formula.
            writer.writerow([spreadsheet_cell(row[column]) for column in columns])


CSV_COLUMNS = ("id", "value", "unit", "printed", "source", "notebook", "cell_id", "inputs", "rule")
"""The columns of ``figures.csv``, in Dutch where they are words."""

LANGUAGE_COLUMNS = ("printed", "rule")
"""The columns of ``figures.csv`` given again in each other language of the editions."""
