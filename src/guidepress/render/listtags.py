"""Lists in the structure tree as PDF/UA-1 wants them: L > LI > Lbl/LBody.

WeasyPrint tags a ``<dl>`` whose terms and definitions are grouped in ``<div>``s
(the sheet's header facts, the booklet's back cover) as L > Div > LI, and the
white space between list items laid out side by side as text of the list
itself (Span). This pass, run on WeasyPrint's objects before they are written,
makes each group one item whose term is its label (Lbl) and whose definitions
are its body (LBody), drops the white space from the tree (it then becomes an
artifact: see ``tagging``), and puts anything else found directly in a list
into an item of its own.
"""

from __future__ import annotations

import pydyf

LIST_PARTS = ("/LI", "/L", "/Caption")


def deref(pdf, value):
    """The object a reference points to (or the value itself)."""
    if isinstance(value, bytes) and value.endswith(b" 0 R"):
        return pdf.objects[int(value.split()[0])]
    return value


def fix_lists(pdf, root) -> None:
    """Rebuild the kids of every list below the structure tree's ``root``."""
    for element in [e for e in _elements(pdf, root) if e.get("S") == "/L"]:
        kids = (_as_item(pdf, element, ref) for ref in element["K"])
        element["K"] = pydyf.Array(kid for kid in kids if kid is not None)


def _elements(pdf, root):
    stack = list(root["K"])
    while stack:
        element = deref(pdf, stack.pop())
        if isinstance(element, pydyf.Dictionary) and "S" in element:
            yield element
            stack.extend(kid for kid in element.get("K", ()) if isinstance(kid, bytes))


def _as_item(pdf, owner, ref):
    """What stands in ``owner`` (a list) for its kid ``ref``: an item, or None."""
    kid = deref(pdf, ref)
    if not isinstance(kid, pydyf.Dictionary) or kid.get("S") in LIST_PARTS:
        return ref
    if kid.get("S") == "/Span" and all(isinstance(k, int) for k in kid["K"]):
        # Valid HTML puts only items in a list, so text directly in one is the
        # white space between items laid out inline: not content.
        return None
    items = [deref(pdf, k) for k in kid["K"]]
    if items and all(isinstance(i, pydyf.Dictionary) and i.get("S") == "/LI" for i in items):
        if len(items) == 1:
            items[0]["P"] = owner.reference
            return items[0].reference
        _join_group(pdf, kid, items)
        return ref
    return _wrap(pdf, owner, kid)


def _join_group(pdf, group, items) -> None:
    """A description list's group (a term and its definitions, each an LI > LBody)
    becomes one LI: the term's body turns into its label, the definitions share one body."""
    label, body = (deref(pdf, item["K"][0]) for item in items[:2])
    label["S"] = "/Lbl"
    for item in items[2:]:
        for part in item["K"]:
            for content in deref(pdf, part)["K"]:
                body["K"].append(content)
                if isinstance(content, bytes):
                    deref(pdf, content)["P"] = body.reference
    group["S"] = "/LI"
    group["K"] = pydyf.Array([label.reference, body.reference])
    label["P"] = body["P"] = group.reference


def _wrap(pdf, owner, kid):
    """A new LI > LBody around ``kid``, in ``owner``."""
    item = pydyf.Dictionary({"Type": "/StructElem", "S": "/LI", "P": owner.reference})
    body = pydyf.Dictionary({"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array([kid.reference])})
    for element in (item, body):
        if "Pg" in kid:
            element["Pg"] = kid["Pg"]
        pdf.add_object(element)
    item["K"] = pydyf.Array([body.reference])
    body["P"] = item.reference
    kid["P"] = body.reference
    return item.reference
