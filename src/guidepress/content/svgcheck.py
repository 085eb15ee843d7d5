"""An SVG picture checked before it reaches the renderer: self-contained and of bounded work.

The file is parsed by expat with DOCTYPEs and entities refused (as defusedxml
does), so no entity expands and nothing outside is fetched. What it would cost
to draw is then measured the way the renderer meets it: every element, and
each element that another one draws again through a reference (``<use
href="#a">``, ``fill="url(#p)"``, a gradient's ``href``) counted once for every
time it is drawn, and a marker once for every vertex of each line it marks. A
small file of nested ``<use>``, or a marker of many shapes on a line of many
points, that would draw millions of shapes, or a reference chain that loops,
is refused in linear time. (A pattern is drawn once per shape it fills, not
once per tile: the tiling is the PDF viewer's.) A text of over ``MAX_TEXT``
characters in one element (a ``<text>`` of 19 million made the text library abort
the process) is refused too.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree
from xml.parsers import expat

MAX_ELEMENTS = 50_000  # elements in the file; an exported logo has a few hundred
MAX_DEPTH = 64  # elements inside elements, references followed included
MAX_DRAWN = 100_000  # elements drawn once every reference is followed
MAX_TEXT = 100_000  # characters of text in one element (or after it); a label has a few

_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)[^)\s]", re.I)  # url(...) not to "#id"
_LOCAL_URL = re.compile(r"url\(\s*['\"]?\s*#([^)'\"\s]+)", re.I)
# what a <style> element's url(#id) may paint: shapes and text, each drawing the target again
_SHAPES = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan"}
# markers are drawn at each vertex; the properties are inherited, so a group's apply inside it
_MARKER_PROPS = {"marker", "marker-start", "marker-mid", "marker-end"}
_MARKER_DECL = re.compile(r"marker(?:-start|-mid|-end)?\s*:\s*url\(\s*['\"]?\s*#([^)'\"\s]+)", re.I)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


class _Refused(Exception):
    """Stops the parse at a DOCTYPE or entity declaration."""


def svg_problem(data: bytes) -> str:
    """What is wrong with an SVG file's bytes, as a phrase after its name; "" if nothing."""
    try:
        root = _parse(data)
    except _Refused:
        return "declares a DOCTYPE or entities, which pictures may not use; remove them"
    except (expat.ExpatError, ValueError) as exc:
        return f"is not a valid SVG image ({exc})"
    if not root.tag.endswith("svg"):
        return "is not an SVG image (its first element is not <svg>)"
    elements = list(root.iter())
    if len(elements) > MAX_ELEMENTS:
        return (f"has {len(elements):,} elements, over {MAX_ELEMENTS:,}; simplify it or save it "
                "as a PNG")
    return _external(elements) or _long_text(elements) or _cost(root, elements)


def _long_text(elements: list[ElementTree.Element]) -> str:
    """A phrase for the longest text over ``MAX_TEXT`` characters, or ""."""
    longest = max((len(text) for e in elements for text in (e.text, e.tail) if text), default=0)
    if longest > MAX_TEXT:
        return (f"holds a text of {longest:,} characters, over {MAX_TEXT:,}; shorten it or save "
                "the picture as a PNG")
    return ""


def _parse(data: bytes) -> ElementTree.Element:
    """The element tree of ``data``, by expat with every declaration refused."""
    builder = ElementTree.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse(*_args):
        raise _Refused

    def start(tag, attrib):
        builder.start(_qualified(tag), {_qualified(k): v for k, v in attrib.items()})

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_qualified(tag))
    parser.CharacterDataHandler = builder.data
    parser.Parse(data, True)
    return builder.close()


def _qualified(name: str) -> str:
    """expat's "namespace}name" as ElementTree writes it, "{namespace}name"."""
    return "{" + name if "}" in name else name


def _external(elements: list[ElementTree.Element]) -> str:
    """A reference to another file or address, which a picture may not make."""
    for element in elements:
        for name, value in element.attrib.items():
            if _local(name) == "href" and not value.strip().startswith(("#", "data:")):
                return (f'refers to another file or address ("{value[:80]}"); pictures must be '
                        "self-contained: embed what it shows")
            if _EXTERNAL_URL.search(value):
                return f'refers to another file or address in {name}="{value[:80]}"'
        if _local(element.tag) == "style" and element.text and (
                "@import" in element.text or _EXTERNAL_URL.search(element.text)):
            return "loads a stylesheet or file from elsewhere in a <style> element"
    return ""


def _cost(root: ElementTree.Element, elements: list[ElementTree.Element]) -> str:
    """How many elements drawing the picture meets, references followed; "" if within bounds."""
    by_id = {e.get("id"): e for e in elements if e.get("id")}
    styled = [by_id[i] for e in elements if _local(e.tag) == "style" and e.text
              for i in _LOCAL_URL.findall(e.text) if i in by_id]  # may apply to any shape
    marked = _marked(root, by_id)  # id() of a shape -> the markers it names or inherits
    # a <style> rule or a <use> may hand a marker to any shape: as with ``styled``, not to
    # the shapes of the marker being drawn
    anywhere = [by_id[n] for n in sorted(_markers_anywhere(elements)) if n in by_id]
    drawn: dict[int, int] = {}  # id() of an element -> what drawing it costs

    def cost(element: ElementTree.Element, depth: int) -> int:
        key = id(element)
        if drawn.get(key, 0) < 0:
            raise _Loop
        if key in drawn:
            return drawn[key]
        if depth > MAX_DEPTH:
            raise _TooDeep
        drawn[key] = -1
        total = 1
        # a <style> rule may paint a shape inside the pattern it names: that one is not
        # followed again (a rule cannot say which shapes it meant), every other is
        shape = _local(element.tag) in _SHAPES
        also = [t for t in styled if drawn.get(id(t), 0) >= 0] if shape else []
        for target in (*element, *_targets(element, by_id), *also):
            total += cost(target, depth + 1)
            if total > MAX_DRAWN:
                raise _TooMuch
        markers = marked.get(key, []) + (
            [t for t in anywhere if drawn.get(id(t), 0) >= 0] if shape else [])
        for marker in markers:  # once at every vertex of the line
            total += _vertices(element) * cost(marker, depth + 1)
            if total > MAX_DRAWN:
                raise _TooMuch
        drawn[key] = total
        return total

    try:
        cost(root, 0)
    except _Loop:
        return "has a reference (<use>, url(#...) or href) that leads back to itself; remove it"
    except _TooDeep:
        return (f"nests elements and references over {MAX_DEPTH} levels deep; simplify it or "
                "save it as a PNG")
    except _TooMuch:
        return (f"draws over {MAX_DRAWN:,} shapes once its <use> references and markers "
                "are followed; "
                "simplify it or save it as a PNG")
    return ""


def _marked(root: ElementTree.Element, by_id: dict) -> dict[int, list[ElementTree.Element]]:
    """The markers each shape names, itself or through an element around it."""
    found: dict[int, list[ElementTree.Element]] = {}
    stack: list[tuple[ElementTree.Element, frozenset]] = [(root, frozenset())]
    while stack:  # a loop, not recursion: a file nested thousands deep is refused later
        element, inherited = stack.pop()
        names = inherited | _marker_names(element)
        if names and _local(element.tag) in _SHAPES:
            found[id(element)] = [by_id[n] for n in sorted(names) if n in by_id]
        stack += [(child, names) for child in element]
    return found


def _markers_anywhere(elements: list[ElementTree.Element]) -> set[str]:
    """The markers a <style> element or a <use> names, which may reach any shape."""
    names = {n for e in elements if _local(e.tag) == "style" and e.text
             for n in _MARKER_DECL.findall(e.text)}
    return names | {n for e in elements if _local(e.tag) == "use" for n in _marker_names(e)}


def _marker_names(element: ElementTree.Element) -> set[str]:
    """The ids of the markers ``element`` names in marker attributes or its style."""
    names = set(_MARKER_DECL.findall(element.get("style", "")))
    for name, value in element.attrib.items():
        if _local(name) in _MARKER_PROPS:
            names.update(_LOCAL_URL.findall(value))
    return names


def _vertices(element: ElementTree.Element) -> int:
    """About how many vertices a shape has (at least as many as the renderer puts markers
    on): a pair of numbers or a path command each."""
    spec = element.get("points", "") + element.get("d", "")
    letters = sum(c.isalpha() and c not in "eE" for c in element.get("d", ""))
    return len(_NUMBER.findall(spec)) // 2 + letters + 2


class _Loop(Exception):
    pass


class _TooDeep(Exception):
    pass


class _TooMuch(Exception):
    pass


def _targets(element: ElementTree.Element, by_id: dict) -> list[ElementTree.Element]:
    """The elements ``element`` draws again: its ``href="#id"`` and ``url(#id)`` values."""
    found = []
    for name, value in element.attrib.items():
        names = _LOCAL_URL.findall(value)
        if _local(name) == "href" and value.strip().startswith("#"):
            names.append(value.strip()[1:])
        found += [by_id[n] for n in names if n in by_id]
    return found


def _local(name: str) -> str:
    """A tag or attribute name without its namespace."""
    return name.rsplit("}", 1)[-1]
