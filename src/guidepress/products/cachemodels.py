"""What a layout cache file may hold: strict models, so that a file someone edited
can only say what a page can hold.

Every number is finite and within a page (``MAX_MM``); keys are known; lists and
maps are bounded; the only strings are the cache's own hashes, exercise ids and
the paths of the files a layout read (which are compared, never printed).
Values reach the templates as the numbers parsed here, never as text from the file.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

MAX_MM = 300.0     # taller than the content of any page guidepress prints (A4, Letter)
MAX_FIGURE_MM = 150.0  # the largest figure a card is given (pages.FIGURE_RANGE)
MAX_CARDS = 500    # cards in one product, or kept under one scope
MAX_PAGES = MAX_CARDS + 1  # a page for each card, and one before them for notes
MAX_CUT = 200      # units of a card's text in its left column
MAX_FILES = 2000   # files one layout read (fonts, pictures, stylesheets)

Mm = Annotated[float, Field(ge=0.0, le=MAX_MM, allow_inf_nan=False)]
FigureMm = Annotated[float, Field(ge=0.0, le=MAX_FIGURE_MM, allow_inf_nan=False)]
Index = Annotated[int, Field(ge=0, lt=MAX_CARDS)]
Cut = Annotated[int, Field(ge=0, le=MAX_CUT)]
Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Key = Annotated[str, StringConstraints(pattern=r"^(?:cards-)?[0-9a-f]{64}$")]
ExerciseId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]*$", max_length=100)]  # a card's id
Stamp = tuple[Annotated[str, StringConstraints(max_length=4096)],
              Annotated[int, Field(ge=-1)], Annotated[int, Field(ge=-1)]]


class Strict(BaseModel):
    """Known keys only, no coercion of text into numbers."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Kept(Strict):
    """What every cache file holds: its key and the stamps of the files its layout read."""

    key: Key
    files: Annotated[list[Stamp], Field(max_length=MAX_FILES)]


CardEntry = tuple[Literal["card"], Index, FigureMm]  # a card and its figure's height
SpaceEntry = tuple[Literal["space"], Mm]              # lines for notes
Page = Annotated[list[Union[CardEntry, SpaceEntry]], Field(min_length=1, max_length=8)]


class Plan(Kept):
    """A handout's exercise pages as planned (``cardflow``)."""

    cuts: Annotated[dict[ExerciseId, Cut], Field(max_length=MAX_CARDS)]
    lead_space: Mm
    planned: Annotated[list[Page], Field(min_length=1, max_length=MAX_PAGES)]


class CardSize(Strict):
    """One card's size (``cardsizes.Size``)."""

    text: Mm
    low: FigureMm
    high: FigureMm
    cut: Cut
    laid: Mm

    @model_validator(mode="after")
    def _ordered(self):
        if self.low > self.high:
            raise ValueError("a figure's least height is above its largest")
        return self


class CardSizes(Kept):
    """The sizes of single cards under one scope (``cardsizes``)."""

    cards: Annotated[dict[Hash, CardSize], Field(max_length=MAX_CARDS)]
