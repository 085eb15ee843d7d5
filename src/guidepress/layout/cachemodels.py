"""What a layout cache file may hold: strict models, so that a file someone edited
can only say what a page can hold.

Every number is finite and within a page (``MAX_MM``); keys are known; lists and
maps are bounded; the only strings are the cache's own hashes, exercise ids and
the paths of the files a layout read (which are compared, never printed).
Values reach the templates as the numbers parsed here, never as text from the file.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

MAX_MM = 300.0     # taller than the content of any page guidepress prints (A4, Letter)
MAX_FIGURE_MM = 150.0  # the largest figure a card is given (flow.FIGURE_RANGE)
MAX_CARDS = 500    # cards in one product, or kept under one scope
MAX_CUT = 200      # units of a card's text in its left column
MAX_FILES = 2000   # files one layout read (fonts, pictures, stylesheets)

Mm = Annotated[float, Field(ge=0.0, le=MAX_MM, allow_inf_nan=False)]
FigureMm = Annotated[float, Field(ge=0.0, le=MAX_FIGURE_MM, allow_inf_nan=False)]
Cut = Annotated[int, Field(ge=0, le=MAX_CUT)]
Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Strict(BaseModel):
    """Known keys only, no coercion of text into numbers."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Digest = tuple[Annotated[str, StringConstraints(max_length=4096)],
               Annotated[str, StringConstraints(pattern=r"^(?:[0-9a-f]{64})?$")]]


class Room(Strict):
    """What precedes the cards leaves ``first`` on their first page; a page holds ``page``."""

    first: Mm
    page: Mm


class Rest(Strict):
    """A card less its head: its height without its figure, the figure's range and
    where its text is cut into two columns."""

    text: Mm
    low: FigureMm
    high: FigureMm
    cut: Cut
    widest: FigureMm = 0.0  # the tallest the figure may be alone on its page

    @model_validator(mode="after")
    def _ordered(self):
        if self.low > self.high or (self.widest and self.widest < self.high):
            raise ValueError("a figure's least height is above its largest")
        return self


def _table(value):
    return Annotated[dict[Hash, value], Field(max_length=MAX_CARDS)]


class SizeFile(Strict):
    """The sizes kept under one scope (``layout.sizes``), with the digests of the
    files its layouts read."""

    key: Hash
    files: Annotated[list[Digest], Field(max_length=MAX_FILES)]
    rooms: _table(Room)
    rests: _table(Rest)
    heads: _table(Mm)
    parts: _table(Mm)
