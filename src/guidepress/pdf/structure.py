"""Structure trees (PDF tags) with pikepdf: read a document's parent tree, and
join several tagged documents' trees into one, so merged and imposed files stay
readable with a screen reader.

A tagged page has ``/StructParents N``: entry N of the catalog's parent tree
lists the structure element of each marked-content id on that page. Annotations
(links, form fields) have ``/StructParent M`` in the same number tree. Joining
documents shifts each document's numbers past the previous ones and puts its
tree under one ``/Document`` element as a ``/Part``.
"""

from __future__ import annotations

from collections.abc import Iterator


def number_tree(node) -> Iterator[tuple[int, object]]:
    """The (key, value) pairs of a PDF number tree, in order."""
    import pikepdf

    nums = node.get("/Nums")
    if nums is not None:
        for index in range(0, len(nums) - 1, 2):
            yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", pikepdf.Array()):
        yield from number_tree(kid)


def elements(tree) -> Iterator[object]:
    """Every structure element below ``tree`` (a StructTreeRoot or element), depth first."""
    import pikepdf

    stack, seen = [tree], set()
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen and node.objgen != (0, 0):
            continue
        seen.add(node.objgen)
        if "/S" in node:
            yield node
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(reversed(list(kids)))
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)


class TreeJoiner:
    """Collects tagged documents' structure into one output document's tree."""

    def __init__(self, out):
        import pikepdf

        self.out = out
        self.document = out.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=pikepdf.Array()))
        self.parents: list[tuple[int, object]] = []
        self.ids: dict[str, object] = {}
        self.next_key = 0

    def add(self, source, pages, *, title: str = "", id_prefix: str = "") -> None:
        """Join ``source``'s tree; ``pages`` are its pages as copied into the output."""
        import pikepdf

        tree = source.Root.get("/StructTreeRoot")
        if tree is None:
            return
        shift = self.next_key
        entries = list(number_tree(tree.ParentTree))
        # Copied in one call with the pages already copied: qpdf maps each object
        # once per source, so the elements' /Pg point at the output's pages.
        bundle = source.make_indirect(pikepdf.Array([
            pikepdf.Array([value for _, value in entries]),
            tree.K if isinstance(tree.K, pikepdf.Array) else pikepdf.Array([tree.K])]))
        copied, kids = self.out.copy_foreign(bundle)
        self.parents += [(key + shift, value) for (key, _), value in zip(entries, copied)]
        self.next_key = max([key + shift + 1 for key, _ in entries] + [shift])
        for page in pages:
            _shift(page.obj, "/StructParents", shift)
            for annotation in page.obj.get("/Annots", pikepdf.Array()):
                _shift(annotation, "/StructParent", shift)
        part = _as_part(self.out, kids, self.document)
        if title:
            part.T = pikepdf.String(title)
        self.document.K.append(part)
        self._collect_ids(part, id_prefix)

    def _collect_ids(self, part, prefix: str) -> None:
        """Keep element ids unique across documents (table headers point at them)."""
        import pikepdf

        for element in elements(part):
            if prefix and "/ID" in element:
                element.ID = pikepdf.String(f"{prefix}-{element.ID}")
            for attributes in _attribute_dicts(element):
                if prefix and "/Headers" in attributes:
                    attributes.Headers = pikepdf.Array(
                        pikepdf.String(f"{prefix}-{h}") for h in attributes.Headers)
            if "/ID" in element:
                self.ids[str(element.ID)] = element

    def install(self) -> None:
        """Put the joined tree in the output's catalog, with what a tagged file needs."""
        import pikepdf

        out = self.out
        root = out.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([self.document])))
        self.document.P = root
        flat = pikepdf.Array()
        for key, value in sorted(self.parents, key=lambda pair: pair[0]):
            flat.extend([key, value])
        root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=flat))
        root.ParentTreeNextKey = self.next_key
        if self.ids:
            names = pikepdf.Array()
            for key in sorted(self.ids):
                names.extend([pikepdf.String(key), self.ids[key]])
            root.IDTree = out.make_indirect(pikepdf.Dictionary(Names=names))
        out.Root.StructTreeRoot = root
        out.Root.MarkInfo = pikepdf.Dictionary(Marked=True)


def _shift(dictionary, key: str, shift: int) -> None:
    if key in dictionary:
        dictionary[key] = int(dictionary[key]) + shift


def _attribute_dicts(element) -> list:
    import pikepdf

    attributes = element.get("/A")
    if isinstance(attributes, pikepdf.Dictionary):
        return [attributes]
    if isinstance(attributes, pikepdf.Array):
        return [a for a in attributes if isinstance(a, pikepdf.Dictionary)]
    return []


def _as_part(out, kids, document):
    """One ``/Part`` holding a document's top elements (its ``/Document`` becomes the Part)."""
    import pikepdf

    if len(kids) == 1 and kids[0].get("/S") == pikepdf.Name.Document:
        part = kids[0]
        part.S = pikepdf.Name.Part
    else:
        part = out.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Part, K=kids))
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                kid.P = part
    part.P = document
    return part
