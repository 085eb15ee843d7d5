"""Finish what a PDF variant claims: what WeasyPrint leaves for the file to be what it says.

Run as part of WeasyPrint's ``finisher``, on its PDF objects just before writing:

- a gradient is built from RGB colours, but WeasyPrint names the document's
  default colour space for its shading, which is CMYK once a CMYK profile is in
  use (PDF/X): its colour function then returns three values where four are
  read, and viewers stop drawing the page. Such a shading gets sRGB as its
  colour space, so the gradient prints as it looks on screen;
- with a CMYK output intent, colours set as RGB get sRGB as their default
  space (``DefaultRGB``), so they are characterised, not device RGB, as PDF/X asks;
- variants that also meet PDF/UA-1 (see ``look.variants``) say so in their XMP
  metadata, with the extension schema PDF/A asks for a property it does not define.
"""

from __future__ import annotations

from importlib.resources import files
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

import pydyf

from guidepress.look.variants import also_claims_ua
from guidepress.render.tagging import _deref

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
_EXTENSION = {"pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
              "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
              "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#"}
for _prefix, _uri in {"rdf": RDF, "pdfuaid": PDFUAID, **_EXTENSION}.items():
    register_namespace(_prefix, _uri)  # readable prefixes in the XMP, not ns0, ns1...
_DEVICE_COMPONENTS = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}


def finish_variant(pdf, variant: str, tagged: bool) -> None:
    """Correct the colour spaces and complete the identification of ``variant``'s PDF
    (only a tagged file can claim PDF/UA)."""
    spaces = _colour_spaces(pdf)
    srgb = _Srgb(pdf, spaces)
    for shading in (o for o in pdf.objects if isinstance(o, pydyf.Dictionary)):
        if "ShadingType" in shading and _outputs(pdf, shading["Function"]) == 3 \
                and _components(pdf, shading["ColorSpace"]) != 3:
            shading["ColorSpace"] = srgb.space()
    if _intent_components(pdf) == 4 and spaces is not None:
        spaces["DefaultRGB"] = srgb.space()
    if tagged and variant and also_claims_ua(variant):
        _claim_ua(pdf, pdfa=variant.startswith("pdf/a"))


class _Srgb:
    """The sRGB ICC colour space, added to the PDF the first time it is needed."""

    def __init__(self, pdf, spaces):
        self.pdf, self._space = pdf, (spaces or {}).get("srgb")  # PDF/A writes one already

    def space(self):
        if self._space is None:
            data = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
            profile = pydyf.Stream([data], pydyf.Dictionary({"N": 3}), compress=True)
            self.pdf.add_object(profile)
            self._space = pydyf.Array(("/ICCBased", profile.reference))
        return self._space


def _colour_spaces(pdf):
    """The colour-space resources every page, form and pattern shares (None: no pages)."""
    kids = pdf.pages["Kids"]
    if not kids:
        return None
    resources = _deref(pdf, pdf.objects[kids[0]]["Resources"])
    return _deref(pdf, resources["ColorSpace"])


def _outputs(pdf, function) -> int | None:
    """How many values a (stitching or exponential) colour function returns."""
    function = _deref(pdf, function)
    if "C0" in function:
        return len(function["C0"])
    if function.get("Functions"):
        return _outputs(pdf, function["Functions"][0])
    return len(function["Range"]) // 2 if "Range" in function else None


def _components(pdf, space) -> int | None:
    """How many components a colour space has: a device space, or ICC-based."""
    if isinstance(space, str):
        return _DEVICE_COMPONENTS.get(space)
    if isinstance(space, (list, tuple)) and len(space) == 2 and space[0] == "/ICCBased":
        return _deref(pdf, space[1]).extra.get("N")
    return None


def _intent_components(pdf) -> int | None:
    """How many components the output intent's profile has (4: a CMYK print condition)."""
    for intent in pdf.catalog.get("OutputIntents", ()):
        profile = _deref(pdf, intent).get("DestOutputProfile")
        if profile is not None:
            return _deref(pdf, profile).extra.get("N")
    return None


def _claim_ua(pdf, pdfa: bool) -> None:
    """Add ``pdfuaid:part = 1`` to the XMP metadata (and declare it, for PDF/A)."""
    if "Metadata" not in pdf.catalog:
        return
    stream = _deref(pdf, pdf.catalog["Metadata"])
    xmp = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in stream.stream)
    added = [_ua_description()] + ([_ua_extension_schema()] if pdfa else [])
    text = b"".join(tostring(element, encoding="utf-8", xml_declaration=False) for element in added)
    stream.stream[:] = [xmp.replace(b"</rdf:RDF>", text + b"</rdf:RDF>", 1)]


def _description() -> Element:
    return Element(f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})


def _ua_description() -> Element:
    element = _description()
    SubElement(element, f"{{{PDFUAID}}}part").text = "1"
    return element


def _ua_extension_schema() -> Element:
    """PDF/A allows XMP properties outside its own schemas only when declared like this."""
    ext, schema, prop = (_EXTENSION[k] for k in ("pdfaExtension", "pdfaSchema", "pdfaProperty"))
    element = _description()
    bag = SubElement(SubElement(element, f"{{{ext}}}schemas"), f"{{{RDF}}}Bag")
    entry = SubElement(bag, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    for key, value in (("schema", "PDF/UA Universal Accessibility Schema"),
                       ("namespaceURI", PDFUAID), ("prefix", "pdfuaid")):
        SubElement(entry, f"{{{schema}}}{key}").text = value
    seq = SubElement(SubElement(entry, f"{{{schema}}}property"), f"{{{RDF}}}Seq")
    part = SubElement(seq, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    for key, value in (("name", "part"), ("valueType", "Integer"), ("category", "internal"),
                       ("description", "The part of ISO 14289 (PDF/UA) the file conforms to")):
        SubElement(part, f"{{{prop}}}{key}").text = value
    return element
