"""A clinic's brand colours and details, made safe for the theme they print in.

A brand colour replaces a theme's variable, so it is checked first: a colour
that text is printed in (or on) is darkened until it reaches the theme's
contrast (4.5:1, 7:1 in high-contrast) against the paper, the tinted boxes and
the white text of title bands, and a tint too dark for text on it is lightened.
A darker tone keeps the colour's hue and saturation (only its lightness drops),
so a pale yellow prints as a deep gold, not a grey olive; and the clinic's own
colour stays on the rules, and on title bands behind dark text when it is pale,
where contrast does not depend on it. Each change is reported with the setting
to fix. The greyscale ink-saver theme
prints no brand colour at all. The placeholder name of a fresh workspace is
never printed.
"""

from __future__ import annotations

import colorsys

PLACEHOLDER_NAMES = {"your clinic name"}
WHITE = (255, 255, 255)
THEME_DEFAULTS = {"--color-accent-soft": (232, 241, 248)}
STRICT_THEMES = {"high-contrast": 7.0}
NO_COLOUR_THEMES = {"ink-saver"}
TEXT_VARIABLES = ("--color-accent", "--color-text", "--color-alert")  # printed as text, or under white text
SETTING = {"--color-accent": "accent", "--color-accent-soft": "accent_soft",
           "--color-text": "text", "--color-alert": "alert"}
ALERT = (164, 22, 26)


def parse(value: str) -> tuple[int, int, int]:
    """A CSS colour as 0-255 RGB channels (transparency ignored)."""
    import tinycss2.color3

    colour = tinycss2.color3.parse_color(value)
    return tuple(round(c * 255) for c in colour[:3])


def hex_colour(rgb: tuple[int, int, int]) -> str:
    """RGB channels as a ``#rrggbb`` colour."""
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _contrast(a, b) -> float:
    from guidepress.figures.palette import contrast

    return contrast(hex_colour(a), hex_colour(b))


def _scaled(rgb, factor: float) -> tuple[int, int, int]:
    """The same hue, darker (factor < 1: lower lightness, same hue and saturation)
    or mixed toward white (factor > 1)."""
    if factor <= 1:
        hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
        return tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, lightness * factor,
                                                                  saturation))
    mix = factor - 1
    return tuple(round(c + (255 - c) * mix) for c in rgb)


def fit_colours(colours: dict[str, str], theme: str) -> tuple[dict[str, str], list[str]]:
    """The brand colours to print in ``theme``, and a warning for each one changed."""
    if theme in NO_COLOUR_THEMES:
        return {}, []
    need = STRICT_THEMES.get(theme, 4.5)
    fitted = {name: parse(value) for name, value in colours.items()}
    warnings = []
    soft = fitted.get("--color-accent-soft", WHITE if theme in STRICT_THEMES else
                      THEME_DEFAULTS["--color-accent-soft"])
    for name in TEXT_VARIABLES:
        if name not in fitted:
            continue
        rgb = fitted[name]
        while min(_contrast(rgb, WHITE), _contrast(rgb, soft)) < need and max(rgb) > 0:
            rgb = _scaled(rgb, 0.93)
        if rgb != fitted[name]:
            warnings.append(_changed(name, colours[name], rgb, need, "darkened"))
            fitted[name] = rgb
    warnings += _keep_brand(fitted, colours, theme)
    if "--color-accent-soft" in fitted:
        darkest = [fitted.get(n) for n in TEXT_VARIABLES if n in fitted] or [(26, 26, 26)]
        rgb = fitted["--color-accent-soft"]
        while min(_contrast(t, rgb) for t in darkest) < need and min(rgb) < 255:
            rgb = _scaled(rgb, 1.15)
        if rgb != fitted["--color-accent-soft"]:
            warnings.append(_changed("--color-accent-soft", colours["--color-accent-soft"], rgb,
                                     need, "lightened"))
            fitted["--color-accent-soft"] = rgb
    warnings += _near_alert(fitted, colours)
    return {name: hex_colour(rgb) for name, rgb in fitted.items()}, warnings


def _changed(name: str, given: str, rgb, need: float, how: str) -> str:
    tone = " (a darker tone of the same hue)" if how == "darkened" else ""
    return (f"guidepress.toml, colors.{SETTING[name]}: {given} does not reach {need:g}:1 contrast "
            f"in this theme; its text is printed {how} as {hex_colour(rgb)}{tone} (set "
            f"colors.{SETTING[name]} to it, or to another colour that reaches the contrast, to "
            "silence this)")


def _keep_brand(fitted: dict, given: dict, theme: str) -> list[str]:
    """The clinic's own accent where contrast does not depend on it: rules always, and
    the title bands when the colour is pale enough for dark text on it (their white
    text turns dark). Not in high-contrast, whose rules and bands stay dark."""
    if "--color-accent" not in given or theme in STRICT_THEMES:
        return []
    own = parse(given["--color-accent"])
    if own == fitted["--color-accent"]:
        return []
    fitted["--color-brand"] = own
    kept = "rules"
    dark = fitted.get("--color-text", (26, 26, 26))
    if _contrast(dark, own) >= 4.5:
        fitted.update({"--band-fill": own, "--band-text": dark, "--band-muted": dark})
        kept = "rules and title bands (with dark text on them)"
    return [f"guidepress.toml, colors.accent: {given['--color-accent']} is kept as it is on the "
            f"{kept}, where contrast does not depend on it"]


def _near_alert(fitted: dict, given: dict) -> list[str]:
    """A note when the accent's hue sits close to the safety red: the Stop box still
    stands apart by its heavy rule, tint and warning symbol."""
    accent = fitted.get("--color-accent")
    alert = fitted.get("--color-alert", ALERT)
    if accent is None:
        return []
    h1, _, s1 = colorsys.rgb_to_hls(*(c / 255 for c in accent))
    h2, _, s2 = colorsys.rgb_to_hls(*(c / 255 for c in alert))
    apart = min(abs(h1 - h2), 1 - abs(h1 - h2)) * 360
    if apart < 40 and s1 > 0.35 and s2 > 0.35:
        return [f"guidepress.toml, colors.accent: {given['--color-accent']} is close to the "
                f"alert colour {hex_colour(alert)}; the safety box keeps its heavy rule and warning "
                "symbol so it still stands out, but a bluer or greener accent would help"]
    return []


def clinic_name(name: str) -> tuple[str, list[str]]:
    """The clinic's name to print: empty, with a warning, while it is the placeholder."""
    if name.strip().casefold() in PLACEHOLDER_NAMES:
        return "", [f'guidepress.toml, clinic.name: "{name}" is the placeholder of a new workspace '
                    "and is left out of the printout; write your clinic's name there"]
    return name, []
