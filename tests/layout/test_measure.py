"""Reading sizes from a laid-out card: a figure's shape, its range of heights."""

from __future__ import annotations

from xml.etree.ElementTree import fromstring

import pytest

from guidepress.layout import measure


@pytest.mark.parametrize("ratio, least", [("2.000", 40.0), ("", 22.0)])
def test_a_narrow_figure_is_given_the_height_its_frames_need(ratio, least):
    """A standing figure is centred in a cell much wider than itself: the layout takes
    its shape from ``data-ratio``, not from the cell-wide box, so its frames keep
    ``FRAME_MM`` of width each (without the ratio, the box's shape is all it has)."""
    card = fromstring('<article><div class="figure-art"><img class="gp-figure" '
                      f'data-ratio="{ratio}"/></div></article>')
    image, art = card.find(".//img"), card.find("div")
    heights = {id(image): measure.Placed(0, image, 10.0, 30.0, 169.0),
               id(art): measure.Placed(0, art, 10.0, 32.0, 173.0)}
    rest = measure.rest_of(measure.Placed(0, card, 0.0, 120.0, 173.0), 8.0, heights, per_page=2)
    assert rest.low == pytest.approx(least, abs=0.1)
    assert (2 * measure.FRAME_MM + 10) / 2.0 == 40.0
    assert rest.high >= rest.low and rest.text == pytest.approx(120.0 - 8.0 - 30.0, abs=0.1)
