"""Paper: the two sheet sizes products are laid out for, and named sizes for posters, cards, booklets."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from guidepress.errors import OptionError

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class PageSize:
    """A page size; ``css`` is what goes into ``@page { size: ... }``."""

    name: str
    width_mm: float
    height_mm: float

    @property
    def css(self) -> str:
        return f"{self.width_mm:g}mm {self.height_mm:g}mm"

    @property
    def points(self) -> tuple[float, float]:
        return self.width_mm * PT_PER_MM, self.height_mm * PT_PER_MM

    @property
    def landscape(self) -> bool:
        return self.width_mm > self.height_mm

    def turned(self, landscape: bool) -> "PageSize":
        """This size in portrait or landscape orientation."""
        if landscape == self.landscape:
            return self
        return PageSize(self.name, self.height_mm, self.width_mm)


class Paper(str, Enum):
    """The sheet sizes products are laid out for."""

    a4 = "a4"
    letter = "letter"

    @property
    def css(self) -> str:
        """The size as CSS ``@page { size }`` names it."""
        return {"a4": "A4", "letter": "letter"}[self.value]

    @property
    def sheet(self) -> PageSize:
        return POSTER_SIZES[self.value]


POSTER_SIZES = {size.name: size for size in (
    PageSize("a4", 210, 297), PageSize("a3", 297, 420), PageSize("a2", 420, 594),
    PageSize("a1", 594, 841), PageSize("letter", 215.9, 279.4), PageSize("tabloid", 279.4, 431.8),
)}
# The nearest US size, for "guidepress build --paper letter".
US_SIZES = {"a4": "letter", "a3": "tabloid"}

SHEETS = {paper: paper.sheet for paper in Paper}
# A pocket card is a quarter of the sheet it is printed on (A6 on A4).
CARD_SIZES = {Paper.a4: PageSize("a6", 105, 148), Paper.letter: PageSize("quarter-letter", 107.95, 139.7)}
# A booklet page is half of the sheet it is folded from (A5 on A4).
BOOKLET_SIZES = {Paper.a4: PageSize("a5", 148, 210), Paper.letter: PageSize("half-letter", 139.7, 215.9)}


def poster_size(name: str) -> PageSize:
    """The poster size called ``name`` (a4, a3, a2, a1, letter, tabloid)."""
    try:
        return POSTER_SIZES[name.lower()]
    except KeyError:
        raise OptionError("size", f'unknown poster size "{name}"; choose {", ".join(POSTER_SIZES)}') from None


def parse_bleed(value: str | float | None) -> float:
    """Bleed in millimetres from '3', '3mm' or 3.0; 0 to 10 mm."""
    if value in (None, ""):
        return 0.0
    text = str(value).strip().lower().removesuffix("mm").strip()
    try:
        mm = float(text)
    except ValueError:
        raise OptionError("bleed", f'"{value}" is not a length; give millimetres, e.g. 3mm') from None
    if not 0 <= mm <= 10:
        raise OptionError("bleed", f"{value}: give 0 to 10 mm (print shops usually ask for 3 mm)")
    return mm
