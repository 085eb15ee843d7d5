"""Draw a tagged document's pages onto printing sheets, keeping its structure tree.

Each page becomes a form XObject drawn on a sheet. The first drawing of a page
carries its tags: the XObject takes over the page's ``/StructParents``, and the
structure elements that pointed at marked content on the page point at the
same content inside the XObject on its sheet (marked-content references with
``/Stm``), so the tree still reads the document in its own order whatever the
order of the sheets. That drawing is wrapped in marked content of its own
(``/PlacedPage``, without an id), so no painting operator on a sheet stands
outside marked content: it cannot be an artifact, which would make the tagged
content inside it an artifact too, nor a structure content item with an id,
since content items may not nest (ISO 32000-1, 14.7.4.2) and the page's own
items are inside. Further copies of a page (four cards to a sheet) are drawn
as artifacts, read once. Links and outlines, meaningless on a sheet to be
cut and folded, are dropped.
"""

from __future__ import annotations

from guidepress.pdf.structure import elements, number_tree

PLACED = "PlacedPage"  # the tag of the marked content around a page's tagged drawing


class SheetMaker:
    """Builds printing sheets inside the rendered document, then drops its pages."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.pages = list(pdf.pages)
        self.placed: dict[int, tuple[object, object]] = {}  # page index -> (XObject, sheet)
        self.count = 0

    def sheet(self, width: float, height: float):
        """A new blank sheet at the end of the document."""
        import pikepdf

        page = self.pdf.add_blank_page(page_size=(width, height))
        page.obj.Contents = self.pdf.make_stream(b"")
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary())
        return page

    def place(self, sheet, index: int, x: float, y: float) -> None:
        """Draw page ``index`` with its lower-left corner at (x, y) on ``sheet``."""
        page = self.pages[index]
        box = page.mediabox
        shift = f"1 0 0 1 {x - float(box[0]):.3f} {y - float(box[1]):.3f} cm"
        if index in self.placed:  # a further copy: the same drawing, as an artifact
            xobject = self._artifact_copy(index)
            self._draw(sheet, xobject, f"/Artifact BMC q {shift} /{{name}} Do Q EMC")
            return
        xobject = page.as_form_xobject()
        if "/StructParents" in page.obj:
            xobject.StructParents = page.obj.StructParents
        self.placed[index] = (xobject, sheet)
        self._draw(sheet, xobject, f"/{PLACED} BMC q {shift} /{{name}} Do Q EMC")

    def artifact(self, sheet, operators: str) -> None:
        """Add drawing that is not content (cut marks) to ``sheet``."""
        self._append(sheet, f"/Artifact BMC q {operators} Q EMC")

    def _draw(self, sheet, xobject, template: str) -> None:
        import pikepdf

        name = sheet.add_resource(xobject, pikepdf.Name.XObject, prefix="Pg")
        self._append(sheet, template.format(name=str(name)[1:]))

    def _append(self, sheet, operators: str) -> None:
        contents = sheet.obj.Contents
        contents.write(contents.read_bytes() + operators.encode("ascii") + b"\n")

    def _artifact_copy(self, index: int):
        """The page's drawing without marked-content ids, for copies read as artifacts."""
        import pikepdf

        original = self.placed[index][0]
        if "/Untagged" not in original.stream_dict:
            ops = []
            for operands, operator in pikepdf.parse_content_stream(original):
                if str(operator) == "BDC":  # keep the tag, drop the id that would tie it to the tree
                    operands, operator = [operands[0]], pikepdf.Operator("BMC")
                ops.append((operands, operator))
            copy = self.pdf.make_stream(pikepdf.unparse_content_stream(ops))
            for key, value in original.stream_dict.items():
                if key not in ("/Length", "/Filter", "/DecodeParms", "/StructParents"):
                    copy[key] = value
            original.stream_dict.Untagged = copy
        return original.stream_dict.Untagged

    def finish(self) -> None:
        """Point the structure tree at the sheets, then remove the original pages."""
        import pikepdf

        pdf = self.pdf
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is not None:
            self._retarget(tree)
        for xobject, _ in self.placed.values():
            if "/Untagged" in xobject.stream_dict:
                del xobject.stream_dict.Untagged
        for key in ("/Outlines", "/Names", "/AcroForm"):
            if key in pdf.Root:
                del pdf.Root[key]
        for _ in self.pages:
            del pdf.pages[0]
        pdf.Root.PageMode = pikepdf.Name.UseNone

    def _retarget(self, tree) -> None:
        import pikepdf

        where = {self.pages[i].obj.objgen: placed for i, placed in self.placed.items()}
        annotations = set()
        for element in list(elements(tree)):
            page = element.get("/Pg")
            target = where.get(page.objgen) if page is not None else None
            kids = element.get("/K")
            items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            kept = []
            for kid in items:
                if isinstance(kid, int) and target is not None:
                    kid = pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=kid,
                                             Pg=target[1].obj, Stm=target[0])
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR:
                    annotations.add(kid.Obj.objgen)
                    continue
                elif isinstance(kid, int):
                    continue  # content of a page that is on no sheet
                kept.append(kid)
            element.K = pikepdf.Array(kept)
            if target is not None:
                element.Pg = target[1].obj
            elif page is not None:
                del element.Pg
        self._drop_annotation_parents(tree, annotations)

    def _drop_annotation_parents(self, tree, annotations: set) -> None:
        import pikepdf

        keep = [k for page in self.pages if "/StructParents" in page.obj
                for k in [int(page.obj.StructParents)]]
        nums = pikepdf.Array()
        for key, value in number_tree(tree.ParentTree):
            if key in keep:
                nums.extend([key, value])
        tree.ParentTree = self.pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
        tree.ParentTreeNextKey = max(keep, default=-1) + 1
