"""What the print style sheet keeps together at a page turn: a line that introduces what follows,
a short list with the line that introduces it, and a list's short last item with the one before.

A paragraph that ends with a colon ("Meer info hier:"), or a short one right before a list ("En
2025…"), is a ``p.lead-in``: print.css keeps it on the page of what it introduces. A list that
such a line introduces and that is short (:data:`SHORT_LIST_LONGEST`) is a ``.kept`` list: its
items are not parted over two pages. (A list in a tight list's item, after text of the item
that ends with a colon, is not kept: the nine lines it took along from the committee's item
left two pages a third empty.) A list's last item of a line or two is a ``li.short-last``: it
never begins a page alone. A longer one may: held to the item before it, an eight-line item
moved the page's break up into the list before it, and left six lines empty.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

LEAD_IN_LONGEST = 200
"""A paragraph this short (in characters) right before a list introduces it ("En 2025…")."""
SHORT_LIST_LONGEST = 400
"""A list introduced by a lead-in and this short (in characters, about six lines of the page)
is read as one sentence: it stays whole. A longer one may break between its items."""
SHORT_ITEM_LONGEST = 160
"""A list's last item this short (in characters, two lines of the page) goes with the one before."""


def mark_lead_ins(soup: BeautifulSoup) -> None:
    """Mark as a lead-in a paragraph ending with a colon that something follows, and a short
    one (:data:`LEAD_IN_LONGEST`) that a list follows; a short list after a lead-in is kept
    whole."""
    for paragraph in soup.find_all("p"):
        follows = paragraph.find_next_sibling()
        if follows is None:
            continue
        text = paragraph.get_text().rstrip()
        is_list = follows.name in ("ul", "ol")
        if text.endswith(":") or (is_list and len(text) <= LEAD_IN_LONGEST):
            _add_class(paragraph, "lead-in")
            if is_list:
                _keep_if_short(follows)
    for listed in soup.find_all(("ul", "ol")):
        items = listed.find_all("li", recursive=False)
        if len(items) > 1 and len(items[-1].get_text().strip()) <= SHORT_ITEM_LONGEST:
            _add_class(items[-1], "short-last")


def _keep_if_short(listed: Tag) -> None:
    if len(listed.get_text().strip()) <= SHORT_LIST_LONGEST:
        _add_class(listed, "kept")


def _add_class(element: Tag, name: str) -> None:
    element["class"] = [*(element.get("class") or []), name]
