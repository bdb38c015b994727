"""The text sizes of a chart's SVG, as the tests of the page, the PDF and the charts measure them.

Matplotlib draws text as glyph paths in a group scaled by (size / FONT_SCALE, -same); other SVGs
write ``<text>`` with a font size. Sizes are in the units of the SVG's viewBox (points, for
Matplotlib's drawings).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

FONT_SIZE = re.compile(r"(?:^|[\s;])font(?:-size)?\s*:[^;]*?([\d.]+)px")
TEXT_AS_PATHS = re.compile(r"scale\(\s*([\d.eE+-]+)[\s,]+-\s*([\d.eE+-]+)\s*\)")
"""The scale of a group of glyph paths: the minus flips the glyphs' y axis, which no other group
of a chart does."""


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
