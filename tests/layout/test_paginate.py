"""The paginator is arithmetic: tested on sizes alone, with nothing rendered.

Properties, for any sizes Hypothesis finds: every card is printed once, in order;
no page holds more than it has room for; a part is never split, and never left
out unless it is optional and would have had a page to itself; no page holds only lines to write on; and the cards take the fewest pages
their sizes allow (computed here another way, by dynamic programming)."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import example, given, settings
from hypothesis import strategies as st

from guidepress.layout.paginate import (FLOOR_MM, FRAGMENT, FILL_GAIN, LEAST_MM, NOTES_MM, SLACK_MM,
                                        STACK_GAIN, Card, CardSize, Part, Policy, Sizes, Space, plan)

PAGE = 250.0
TAIL = ("tracker", "safety", "notes")


@st.composite
def card_sizes(draw):
    low = draw(st.floats(0, 60))
    high = low + draw(st.floats(0, 60))
    frames = draw(st.integers(1, 3))
    stack = draw(st.floats(0, 150)) if frames > 1 else 0.0
    return CardSize(draw(st.floats(20, 150)), low, high, high + draw(st.floats(0, 40)), stack, frames)


@st.composite
def products(draw):
    cards = tuple(draw(st.lists(card_sizes(), min_size=1, max_size=12)))
    names = draw(st.lists(st.sampled_from(TAIL), unique=True))
    parts = {n: draw(st.floats(10, PAGE - 2 * SLACK_MM - 1)) for n in names}
    first = draw(st.floats(20, PAGE))
    policy = Policy(draw(st.sampled_from([1, 2, 6])), tuple(n for n in TAIL if n in parts),
                    last=draw(st.booleans()),
                    early=draw(st.sampled_from([(), ("safety",)])),
                    optional=draw(st.sampled_from([(), ("notes",)])))
    return Sizes(first, PAGE, cards, parts), policy


def used(sizes: Sizes, page) -> float:
    """What a page's entries take, as planned."""
    total = 0.0
    for entry in page:
        if isinstance(entry, Card):
            total += sizes.cards[entry.index].text + entry.figure
        elif isinstance(entry, Part):
            total += sizes.parts[entry.name]
        else:
            total += entry.mm
    return total


def fits_alone(sizes: Sizes, card: CardSize, room: float) -> bool:
    """A lone card fits with its figure at FLOOR_MM, or at LEAST_MM on a page it
    would otherwise leave nearly empty."""
    least = LEAST_MM if room >= FRAGMENT * sizes.page else FLOOR_MM
    return card.text + min(card.low, least) + SLACK_MM <= room


@settings(max_examples=400, deadline=None)
@given(products())
def test_every_card_once_in_order_and_every_part_whole_once(product):
    sizes, policy = product
    pages = plan(sizes, policy)
    cards = [e.index for page in pages for e in page if isinstance(e, Card)]
    parts = [e.name for page in pages for e in page if isinstance(e, Part)]
    assert cards == list(range(len(sizes.cards)))
    assert len(parts) == len(set(parts))
    assert set(sizes.parts) - set(parts) <= set(policy.optional)


@settings(max_examples=400, deadline=None)
@given(products())
@example((Sizes(first=55.0, page=250.0, cards=(CardSize(text=20.0),),
                parts={"tracker": 98.0, "safety": 53.0, "notes": 98.0}),
          Policy(1, ("tracker", "safety", "notes"), early=("safety",), optional=("notes",))))
def test_an_optional_part_is_left_out_only_when_it_would_print_alone(product):
    sizes, policy = product
    pages = plan(sizes, policy)
    for page in pages[1:]:  # never a page of optional parts alone (the first holds the header)
        assert not all(isinstance(e, Part) and e.name in policy.optional or isinstance(e, Space)
                       for e in page), page
    if set(sizes.parts) - {e.name for page in pages for e in page if isinstance(e, Part)}:
        # what the same sizes plan with the part required: it had a page to itself
        required = plan(sizes, Policy(policy.per_page, policy.tail, policy.last, policy.early))
        assert len(required) == len(pages) + 1


@settings(max_examples=400, deadline=None)
@given(products())
def test_no_page_holds_more_than_its_room(product):
    sizes, policy = product
    for n, page in enumerate(plan(sizes, policy)):
        room = sizes.first if n == 0 else sizes.page
        cards = [e for e in page if isinstance(e, Card)]
        if len(cards) == 1 and not fits_alone(sizes, sizes.cards[cards[0].index], room):
            continue  # a card taller than a page: it gets the page, and runs on
        assert used(sizes, page) <= room + 1e-6, (n, page)
        assert len(cards) <= policy.per_page


@settings(max_examples=400, deadline=None)
@given(products())
def test_lines_to_write_on_are_never_padding(product):
    """No page holds only lines; lines follow cards only on the last page of cards
    of a product they end, and otherwise only grow the notes box on a page of parts."""
    sizes, policy = product
    pages = plan(sizes, policy)
    last_cards = max(n for n, page in enumerate(pages) if any(isinstance(e, Card) for e in page))
    for n, page in enumerate(pages):
        spaces = [e for e in page if isinstance(e, Space)]
        assert len(spaces) <= 1 and (not spaces or len(page) > 1), page
        if spaces and any(isinstance(e, Card) for e in page):
            assert policy.last and n == last_cards, (n, page)
        elif spaces:
            assert Part("notes") in page, page


@settings(max_examples=400, deadline=None)
@given(products())
def test_figures_stay_in_their_range_and_grow_into_room(product):
    sizes, policy = product
    for page in plan(sizes, policy):
        cards = [e for e in page if isinstance(e, Card)]
        for e in cards:
            size = sizes.cards[e.index]
            lone = len(cards) == 1
            least = min(size.low, LEAST_MM) if lone else size.low
            top = max(size.high, size.widest) if lone else size.high
            if e.stacked:  # only a lone card's frames stack, and only to be taller each
                assert lone and size.frames > 1 and e.figure <= size.stack + 1e-6
                assert e.figure / size.frames >= STACK_GAIN * least - 0.5
                continue
            assert least - 0.5 <= e.figure <= max(top, least) + 1e-6


@settings(max_examples=400, deadline=None)
@given(products())
def test_parts_beside_cards_come_after_the_last_card_but_the_early_ones(product):
    """The exercises read in one run: a page holding a card and a part that is not
    early (the tracker, the notes) holds the last card; only the Stop box comes before."""
    sizes, policy = product
    pages = plan(sizes, policy)
    last = len(sizes.cards) - 1
    for page in pages:
        cards = [e.index for e in page if isinstance(e, Card)]
        late = [e.name for e in page if isinstance(e, Part) and e.name not in policy.early]
        if cards and late:
            assert last in cards, page


@settings(max_examples=400, deadline=None)
@given(products())
def test_an_early_part_prints_on_the_first_or_second_page(product):
    sizes, policy = product
    pages = plan(sizes, policy)
    for name in policy.early:
        if name in sizes.parts:
            page = next(n for n, p in enumerate(pages) if Part(name) in p)
            assert page <= 1, pages


def fewest_card_pages(sizes: Sizes, per_page: int) -> int:
    """The fewest pages the cards can take in order, each page at its smallest figures,
    found by trying every way of cutting the sequence (the first page has less room)."""
    n = len(sizes.cards)

    def group_fits(i: int, j: int, room: float) -> bool:
        group = sizes.cards[i:j]
        if len(group) == 1:  # a lone card fits, or has a whole page to run on from
            return room >= sizes.page or fits_alone(sizes, group[0], room)
        return len(group) <= per_page and sum(c.text + c.low for c in group) + SLACK_MM <= room

    @lru_cache(maxsize=None)
    def best(i: int, first: bool) -> int:
        if i == n:
            return 0
        room = sizes.first if first else sizes.page
        options = [1 + best(j, False) for j in range(i + 1, n + 1) if group_fits(i, j, room)]
        if first and sizes.first < sizes.page and not fits_alone(sizes, sizes.cards[i], room):
            options.append(1 + best(i, False))  # the header's page holds no card
        return min(options)

    return best(0, True)


@settings(max_examples=400, deadline=None)
@given(products())
def test_the_cards_take_the_fewest_pages_their_sizes_allow(product):
    sizes, policy = product
    pages = plan(sizes, Policy(policy.per_page))  # no parts: pages of cards only
    assert len(pages) == fewest_card_pages(sizes, policy.per_page)


def test_parts_fill_the_last_page_of_cards_before_pages_of_their_own():
    sizes = Sizes(200.0, 250.0, (CardSize(100.0, 20.0, 40.0),),
                  {"tracker": 120.0, "safety": 60.0, "notes": 40.0})
    pages = plan(sizes, Policy(2, TAIL))
    assert pages[0][0] == Card(0, 37.5) and Part("safety") in pages[0]  # 200 - 60 - 100 - 2
    assert [e for e in pages[1] if isinstance(e, Part)] == [Part("tracker"), Part("notes")]


def test_a_lone_card_s_frames_stack_when_that_makes_them_taller():
    """Figures grow into the room: a wide figure held 25 mm tall by the card's width
    has its two frames one above the other on a page of its own, each far taller."""
    wide = CardSize(120.0, 20.0, 25.0, 25.0, stack=100.0, frames=2)
    assert plan(Sizes(250.0, 250.0, (wide,)), Policy(1)) == [(Card(0, 100.0, True),)]
    tight = Sizes(160.0, 160.0, (wide,))  # 38 mm of room: 19 mm a frame is no gain
    [(card,)] = plan(tight, Policy(1))
    assert not card.stacked and 24.0 <= card.figure <= 25.0
    short = CardSize(90.0, 20.0, 25.0, 25.0, stack=100.0, frames=2)
    [pair] = plan(Sizes(250.0, 250.0, (short, short)), Policy(2))
    assert len(pair) == 2 and not any(e.stacked for e in pair)  # two to a page: side by side


def test_of_the_fewest_pages_the_cards_take_the_one_least_empty():
    """Three cards, two pages either way: taken two then one, the third sits alone with
    its figure at 40 mm over a page 108 mm empty; taken one then two, the first stacks
    its frames into its page (140 mm) and the other two share theirs. The handout and
    the contact sheet, whose cards have no parts after them, take the second."""
    card = CardSize(100.0, 22.0, 40.0, 40.0, stack=140.0, frames=2)
    pages = plan(Sizes(250.0, 250.0, (card, card, card)), Policy(2))
    assert [[e.index for e in page] for page in pages] == [[0], [1, 2]]
    assert pages[0][0].stacked and pages[0][0].figure == 140.0


def test_large_print_stacks_frames_for_a_smaller_gain():
    """Large print's text leaves a card's figure less room: its frames stack when each
    is then FILL_GAIN taller than side by side, where another sheet keeps them so."""
    wide = CardSize(184.0, 28.0, 28.0, 28.0, stack=110.0, frames=2)
    sizes = Sizes(250.0, 250.0, (wide,))  # 64 mm of room: 32 mm a frame, 14% taller
    [(side,)] = plan(sizes, Policy(1))
    assert not side.stacked and 27.5 <= side.figure <= 28.0
    [(card,)] = plan(sizes, Policy(1, stack_gain=FILL_GAIN))
    assert card.stacked and card.figure / 2 >= FILL_GAIN * 28.0 and card.figure <= 64.0


def test_stacked_frames_take_the_room_of_the_labels_row_they_do_without():
    """Frames side by side have their labels in a row under them; stacked, each frame
    carries its own label, so the row's height is room for the stacked frames. Large
    print's 184 mm of text, 8 mm of it that row: 32 mm a frame is no gain over 31 mm
    side by side, 36 mm is."""
    plain = CardSize(184.0, 31.0, 31.0, 31.0, stack=110.0, frames=2)
    labelled = CardSize(184.0, 31.0, 31.0, 31.0, stack=110.0, frames=2, caption=8.0)
    sizes = lambda card: Sizes(250.0, 250.0, (card,))  # noqa: E731
    [(side,)] = plan(sizes(plain), Policy(1, stack_gain=FILL_GAIN))
    assert not side.stacked
    [(card,)] = plan(sizes(labelled), Policy(1, stack_gain=FILL_GAIN))
    assert card.stacked and card.figure / 2 >= FILL_GAIN * 31.0 and card.figure <= 250.0 - 176.0


def test_the_stop_box_comes_first_rather_than_alone_on_the_second_page():
    """Large print: a first card that fits under the header would leave the Stop box
    alone on the second page (beside an optional notes box at most); the Stop box takes
    the first page instead, in as many pages. A Stop box that shares its page with the
    tracker stays after the cards."""
    card = CardSize(180.0, 28.0, 28.0, 28.0, stack=110.0, frames=2)
    sizes = Sizes(215.0, 250.0, (card,) * 3, {"tracker": 249.0, "safety": 177.0, "notes": 63.0})
    pages = plan(sizes, Policy(1, TAIL, early=("safety",), optional=("notes",)))
    assert pages[0] == (Part("safety"),) and len(pages) == 5, pages
    small = Sizes(233.0, 265.0, (CardSize(95.0, 28.0, 35.0, 35.0),), {"tracker": 131.0, "safety": 123.0})
    pages = plan(small, Policy(2, TAIL, early=("safety",)))
    assert isinstance(pages[0][0], Card) and pages[1] == (Part("safety"), Part("tracker")), pages


def test_one_to_a_page_every_card_that_can_stacks_its_frames():
    """One card to a page, a part beside a card never costs it its stacked frames:
    the sheet shows its figures at one size, the parts on a page of their own (the
    Stop box on the second page, first on it)."""
    wide = CardSize(95.0, 28.0, 35.0, 35.0, stack=110.0, frames=2)
    sizes = Sizes(233.0, 265.0, (wide,) * 6, {"tracker": 131.0, "safety": 123.0})
    pages = plan(sizes, Policy(1, TAIL, early=("safety",)))
    cards = [e for page in pages for e in page if isinstance(e, Card)]
    assert len(cards) == 6 and all(card.stacked for card in cards), pages
    assert pages[1] == (Part("safety"), Part("tracker"))


def test_an_optional_notes_box_is_left_out_rather_than_printed_alone():
    sizes = Sizes(250.0, 250.0, (CardSize(200.0, 20.0, 40.0),), {"notes": 50.0})
    assert plan(sizes, Policy(1, ("notes",), optional=("notes",))) == [(Card(0, 39.5),)]
    roomy = Sizes(250.0, 250.0, (CardSize(150.0, 20.0, 40.0),), {"notes": 50.0})
    assert Part("notes") in plan(roomy, Policy(1, ("notes",), optional=("notes",)))[0]


def test_a_notes_box_on_a_page_of_parts_grows_for_writing_not_to_fill_the_page():
    """The notes box grows into a page of parts by NOTES_MM at most (a branded sheet's
    notes took the half page its tracker left); a smaller band, it takes whole."""
    sizes = Sizes(250.0, 250.0, (CardSize(200.0, 20.0, 40.0),), {"notes": 50.0})
    pages = plan(sizes, Policy(1, ("notes",)))
    assert pages[1] == (Part("notes"), Space(NOTES_MM))
    tracker = Sizes(250.0, 250.0, (CardSize(200.0, 20.0, 40.0),), {"tracker": 170.0, "notes": 50.0})
    pages = plan(tracker, Policy(1, ("tracker", "notes")))
    assert pages[1] == (Part("tracker"), Part("notes"), Space(250.0 - 220.0 - 2 * SLACK_MM))
