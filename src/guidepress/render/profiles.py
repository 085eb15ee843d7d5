"""Colour profiles (``@color-profile``) for a render: shared by its stylesheets,
completed where WeasyPrint needs more than CSS requires, and the print shop's
CMYK profile added for PDF/X.

WeasyPrint collects ``@color-profile`` rules into a table that must be shared by
every stylesheet of a document, like its ``@counter-style`` rules; a stylesheet
parsed on its own keeps its profiles to itself. It also needs each profile's
``components`` when writing the PDF (the number of channels), which CSS lets an
author leave out: the ICC header says how many there are.
"""

from __future__ import annotations

from pathlib import Path

from guidepress.errors import ResourceError

# ICC header colour spaces -> the component names a @color-profile would list
_COMPONENTS = {"GRAY": ("gray",), "RGB": ("r", "g", "b"), "CMY": ("c", "m", "y"),
               "CMYK": ("c", "m", "y", "k"), "Lab": ("l", "a", "b"), "XYZ": ("x", "y", "z")}


def complete(profiles: dict) -> None:
    """Give every profile without ``components`` those its ICC header names."""
    for name, profile in profiles.items():
        if profile.components:
            continue
        space = profile._profile.profile.xcolor_space.strip()
        if space not in _COMPONENTS:
            raise ResourceError(f"the colour profile {name} ({profile.src}) is for {space} "
                                "colour; name its channels in the @color-profile rule, e.g. "
                                "components: c, m, y, k")
        profile.components = list(_COMPONENTS[space])


def load_cmyk(path: Path):
    """The CMYK profile at ``path`` as WeasyPrint's ``device-cmyk`` profile."""
    from weasyprint.css import ColorProfile

    with open(path, "rb") as stream:
        return ColorProfile(stream, Path(path).resolve().as_uri(), "relative-colorimetric",
                            list(_COMPONENTS["CMYK"]))


def restated(profiles: dict) -> str:
    """A ``<style>`` that states each profile whole (source, intent, components), for
    HTML written to be rendered again by the ``weasyprint`` command: it then uses the
    same profiles, and does not stop at a rule that left its components out."""
    # no rendering-intent: WeasyPrint 70 reads that descriptor under another name,
    # so it warns about it and keeps its default (relative colorimetric) anyway
    rules = [f"@color-profile {name} {{ src: url({_css_string(p.src)}); "
             f"components: {', '.join(p.components)} }}"
             for name, p in profiles.items()
             if (name == "device-cmyk" or name.startswith("--")) and p.components]
    return f"<style>\n{chr(10).join(rules)}\n</style>" if rules else ""


def _css_string(text: str) -> str:
    """``text`` as a CSS string that cannot end the ``<style>`` element it is in."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "%3C")
    return f'"{text}"'
