"""Body outlines as path data WeasyPrint draws cheaply: no arc commands, curves that stay
on the true circles, the same turning direction as ever, and limbs whose joints are
rounded once without changing the picture."""

from __future__ import annotations

import math
import re

import pytest

from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.figures import draw, shapes
from guidepress.figures.shapes import arc, capsule, chain_ends, circle, oval

TOKEN = re.compile(r"([MLCSZ])([^MLCSZ]*)")


def outline(d: str, steps: int = 12) -> tuple[list[tuple[float, float]], int]:
    """Points along path data of M, L, C, S and Z commands (page coordinates), and its curve count
    (a closing Z adds no points: it follows no line in these outlines)."""
    points, here, last_c2, curves = [], (0.0, 0.0), None, 0
    for letter, args in TOKEN.findall(d):
        nums = [float(n) for n in args.split()]
        pairs = list(zip(nums[::2], nums[1::2]))
        if letter == "M":
            here, last_c2 = pairs[0], None
            points.append(here)
        elif letter == "L":
            end = pairs[0]
            points += [(here[0] + (end[0] - here[0]) * i / steps, here[1] + (end[1] - here[1]) * i / steps)
                       for i in range(1, steps + 1)]
            here, last_c2 = end, None
        elif letter in "CS":
            c1 = pairs[0] if letter == "C" else (2 * here[0] - last_c2[0], 2 * here[1] - last_c2[1])
            c2, end = pairs[-2], pairs[-1]
            for i in range(1, steps + 1):
                t = i / steps
                w = ((1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3)
                points.append(tuple(sum(k * p[j] for k, p in zip(w, (here, c1, c2, end))) for j in (0, 1)))
            here, last_c2, curves = end, c2, curves + 1
    return points, curves


def area(points) -> float:
    """Signed area in page coordinates: positive when drawn clockwise on the page."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1])) / 2


@pytest.fixture(scope="module")
def library():
    return load_library(builtin_library_dir())


def test_figures_have_no_arc_commands(library):
    """WeasyPrint turns each arc into curves in Python, matrix by matrix: the figures
    give it the curves instead."""
    for exercise in library:
        paths = re.findall(r' d="([^"]*)"', draw.figure_svg(exercise))
        assert paths and not [d for d in paths if re.search("[Aa]", d)], exercise.id


@pytest.mark.parametrize("start, sweep", [(0.0, math.pi / 2), (1.0, -2.9), (-0.4, 3.5),
                                          (math.pi, 2 * math.pi), (2.0, -5.9), (0.3, 0.05)])
def test_arc_curves_stay_on_the_circle(start, sweep):
    c, r = (12.5, -30.0), 4.0
    first = (c[0] + r * math.cos(start), -(c[1] + r * math.sin(start)))
    points, curves = outline(f"M{first[0]:.2f} {first[1]:.2f}" + arc(c, r, start, sweep), steps=24)
    assert curves == max(1, math.ceil(abs(sweep) / (math.pi / 2) - 1e-9))  # a quarter turn at most
    # off the circle by the approximation (0.03 % of the radius) and the two decimals written
    assert max(abs(math.dist(p, (c[0], -c[1])) - r) for p in points) < 0.0003 * r + 0.01
    end = start + sweep
    assert math.dist(points[-1], (c[0] + r * math.cos(end), -(c[1] + r * math.sin(end)))) < 0.01
    turned = [math.atan2(-(y + c[1]), x - c[0]) for x, y in points]
    steps = [(b - a + math.pi) % (2 * math.pi) - math.pi for a, b in zip(turned, turned[1:])]
    assert abs(sum(steps) - sweep) < 1e-2  # the way round that was asked for


@pytest.mark.parametrize("axis", [(0.0, 1.0), (-0.6, 0.8), (1.0, 0.2)])
def test_oval_stays_on_its_ellipse_long_way_along_the_axis(axis):
    """The head seen from the front: an ellipse drawn as smooth curves, turning the same
    way as a circle, its long half-axis along the given direction."""
    c, long, short = (3.0, 40.0), 6.2, 5.2
    points, curves = outline(oval(c, axis, long, short), steps=24)
    assert curves == 16
    n = math.hypot(*axis)
    u = (axis[0] / n, -axis[1] / n)  # on the page, y down
    for x, y in points:
        a = (x - c[0]) * u[0] + (y + c[1]) * u[1]
        b = (x - c[0]) * -u[1] + (y + c[1]) * u[0]
        assert abs((a / long) ** 2 + (b / short) ** 2 - 1) < 0.01
    tip = max(points, key=lambda p: (p[0] - c[0]) * u[0] + (p[1] + c[1]) * u[1])
    assert math.dist(tip, (c[0] + long * u[0], -c[1] + long * u[1])) < 0.02
    assert area(points) * area(outline(circle(c, long))[0]) > 0


def test_capsule_is_the_hull_of_its_two_circles_drawn_clockwise():
    p1, r1, p2, r2 = (0.0, 0.0), 3.0, (10.0, 4.0), 2.0
    points, curves = outline(capsule(p1, r1, p2, r2), steps=16)

    def gap(p):
        """Distance to the nearer of the two circles, or to a tangent line between them."""
        q = (p[0], -p[1])
        ends = min(abs(math.dist(q, p1) - r1), abs(math.dist(q, p2) - r2))
        d = math.dist(p1, p2)
        u = ((p2[0] - p1[0]) / d, (p2[1] - p1[1]) / d)
        t = ((q[0] - p1[0]) * u[0] + (q[1] - p1[1]) * u[1]) / d
        side = abs((q[0] - p1[0]) * u[1] - (q[1] - p1[1]) * u[0]) - (r1 + (r2 - r1) * t)
        return min(ends, abs(side) * 1.1 if 0 <= t <= 1 else ends)

    assert max(gap(p) for p in points) < 0.02
    assert curves == 5 and area(points) > 0  # clockwise on the page, as with the arcs before
    far = (p2[0] + r2 * 0.928, -(p2[1] + r2 * 0.371))  # the end at p2 rounds its far side
    assert min(math.dist(p, far) for p in points) < 0.05
    assert area(outline(circle((1.0, 2.0), 3.0))[0]) < 0  # and circles counter-clockwise


def test_cut_ends_leave_out_only_what_the_next_segment_covers():
    """A joint is rounded by the first segment that reaches it; a later one is cut
    straight across, leaving out only part of the joint's circle, which the first covers."""
    assert chain_ends(shapes.LIMBS["leg"]) == [(True, True), (False, True), (False, True),
                                                (False, True), (False, True), (False, False),
                                                (False, True)]
    p1, r1, p2, r2 = (0.0, 0.0), 3.0, (10.0, 4.0), 2.0
    whole, _ = outline(capsule(p1, r1, p2, r2))
    cut, curves = outline(capsule(p1, r1, p2, r2, (True, False)))
    assert curves == 3 and area(cut) > 0

    def near(p, points):
        return min(math.dist(p, q) for q in points) < 0.3

    left_out = [p for p in whole if not near(p, cut)]
    added = [p for p in cut if not near(p, whole)]
    assert left_out and added
    assert all(math.dist((x, -y), p2) < r2 + 0.02 for x, y in left_out + added)


def _ink(svgs: list[str]):
    """The figures drawn by WeasyPrint, as a greyscale image averaged over cells of 4 x 4 pixels."""
    pdfium = pytest.importorskip("pypdfium2")
    weasyprint = pytest.importorskip("weasyprint")
    from guidepress.look.filters import svg_data_uri

    body = "".join(f'<img src="{svg_data_uri(svg)}" style="width: 12cm">' for svg in svgs)
    style = "@page { size: 12cm 60cm; margin: 0 } img { display: block }"
    pdf = weasyprint.HTML(string=f"<style>{style}</style>{body}").write_pdf()
    images = [page.render(scale=200 / 72).to_pil().convert("L") for page in pdfium.PdfDocument(pdf)]
    return [i.resize((i.width // 4, i.height // 4), resample=1) for i in images]  # 1: box filter


def test_cut_joints_draw_the_same_picture(library, monkeypatch):
    """With every segment rounded at both ends, WeasyPrint draws the same figures: at most
    antialiasing differs along edges (under 30 in cells of 4 x 4 pixels at 200 dpi); no
    hole or seam shows (one differs by over 150)."""
    from PIL import ImageChops

    drawn = _ink([draw.figure_svg(e) for e in library])
    monkeypatch.setattr(draw, "_DRAWN", {})
    monkeypatch.setattr(shapes, "capsule", lambda p1, r1, p2, r2, ends=None: capsule(p1, r1, p2, r2))
    rounded = _ink([draw.figure_svg(e) for e in library])
    assert len(drawn) == len(rounded) > 0
    for ours, theirs in zip(drawn, rounded):
        histogram = ImageChops.difference(ours, theirs).histogram()
        assert max(i for i, n in enumerate(histogram) if n) < 48


def test_smooth_outline_is_the_catmull_rom_curve():
    """The trunk's outline mirrors each curve's first control point from the one before
    (``S``); that is exact for a Catmull-Rom curve, which has the same tangent on both
    sides of each point: sampled, it matches the curves written out in full."""
    points = [(10 * math.cos(a / 3) + a % 2, 6 * math.sin(a / 3)) for a in range(19)]
    d = shapes.smooth(points)
    full = f"M{points[0][0]:.2f} {-points[0][1]:.2f}"
    n = len(points)
    for i in range(n):
        p0, p1, p2, p3 = (points[(i + k) % n] for k in (-1, 0, 1, 2))
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, -(p1[1] + (p2[1] - p0[1]) / 6))
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, -(p2[1] - (p3[1] - p1[1]) / 6))
        full += f"C{c1[0]} {c1[1]} {c2[0]} {c2[1]} {p2[0]} {-p2[1]}"
    sampled, curves = outline(d)
    expected, _ = outline(full)
    assert curves == n and d.count("C") == 1
    assert max(math.dist(a, b) for a, b in zip(sampled, expected, strict=True)) < 0.02



def test_the_head_casts_no_lone_shadow_on_the_mat():
    # On hands and knees the head's shadow would be a grey disc alone on the mat: the
    # shadow is the limbs' segments and the trunk's, nothing more.
    from guidepress.content.camera import camera
    from guidepress.content.solver import place

    bird_dog = load_library(builtin_library_dir()).get("bird-dog")
    cam = camera(bird_dog.figure)
    for skeleton in place(bird_dog.figure):
        pieces = shapes.shadow_path(skeleton, cam).count("M")
        limbs = 2 * (len(shapes.LIMBS["arm"]) + len(shapes.LIMBS["leg"]))
        assert pieces == limbs + len(skeleton.sections) - 1
