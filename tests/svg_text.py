"""The text sizes and words of a chart's SVG, as the tests of the page, the PDF and the charts
measure and read them.

Matplotlib draws text as glyph paths in a group scaled by (size / FONT_SCALE, -same), after a
comment that holds the text's line (``<!-- janv. -->``); other SVGs write ``<text>`` with a font
size. Sizes are in the units of the SVG's viewBox (points, for Matplotlib's drawings).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

FONT_SIZE = re.compile(r"(?:^|[\s;])font(?:-size)?\s*:[^;]*?([\d.]+)px")
TEXT_AS_PATHS = re.compile(r"scale\(\s*([\d.eE+-]+)[\s,]+-\s*([\d.eE+-]+)\s*\)")
"""The scale of a group of glyph paths: the minus flips the glyphs' y axis, which no other group
of a chart does."""
DRAWN_LINE = re.compile(r"<!-- (.*?) -->", re.DOTALL)
"""The comment Matplotlib writes before the glyphs of each line of text it draws as paths."""


def svg_text_sizes(svg: str) -> list[float]:
    """The font size of every text of an SVG chart, in the units of its viewBox."""
    from matplotlib.textpath import TextToPath

    sizes: list[float] = []
    for element in ET.fromstring(svg).iter():
        tag = element.tag.rpartition("}")[2]
        if tag == "text":
            styled = FONT_SIZE.search(element.get("style", ""))
            declared = styled.group(1) if styled else element.get("font-size", "")
            sizes.append(float(declared.removesuffix("px")))
        elif tag == "g" and (scaled := TEXT_AS_PATHS.search(element.get("transform", ""))):
            x_scale, y_scale = (float(value) for value in scaled.groups())
            if x_scale == y_scale:
                sizes.append(x_scale * TextToPath.FONT_SCALE)
    return sizes


def view_box(svg: str) -> tuple[float, float]:
    """The width and height of an SVG's viewBox."""
    values = [float(value) for value in ET.fromstring(svg).get("viewBox", "").split()]
    return values[2], values[3]


def svg_lines(svg: str) -> list[str]:
    """The lines of text a Matplotlib SVG draws as glyph paths, in drawing order (a text of two
    lines gives two)."""
    return [html.unescape(line) for line in DRAWN_LINE.findall(svg)]
