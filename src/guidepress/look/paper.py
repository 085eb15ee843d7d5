"""The two paper sizes every product is laid out for."""

from __future__ import annotations

from enum import Enum


class Paper(str, Enum):
    """Paper sizes the products are laid out for."""

    a4 = "a4"
    letter = "letter"

    @property
    def css(self) -> str:
        return {"a4": "A4", "letter": "letter"}[self.value]

    @property
    def points(self) -> tuple[float, float]:
        """Width and height in PDF points (1/72 inch), portrait."""
        return {"a4": (595.276, 841.89), "letter": (612.0, 792.0)}[self.value]
