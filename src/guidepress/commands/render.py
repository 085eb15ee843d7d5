"""Commands that render one guide's products: build, handout, poster, card, exercises."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from guidepress.commands.options import (
    ConfigOpt,
    EditionOpt,
    GuideOpt,
    HtmlOpt,
    LangOpt,
    PartialOpt,
    PaperOpt,
    StylesOpt,
    TemplatesOpt,
    ThemeOpt,
    VariantOpt,
    err,
    out,
    report,
    reports_errors,
    settings_from,
)
from guidepress.owned import replacing

ReplaceOpt = Annotated[bool, typer.Option(
    "--force", help="Replace the output file even if guidepress did not write it.")]


@reports_errors
def build(
    guide: GuideOpt = None,
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Folder the PDFs are written to. [default: output]",
        file_okay=False)] = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    allow_partial: PartialOpt = False,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
    pdf_variant: VariantOpt = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Render even what is up to date, and replace files of the same names "
        "that guidepress did not write.")] = False,
) -> None:
    """Render every product of a guide into the output folder.

    The handout, each poster at its own size, and the pocket card. Products whose
    inputs (guide, exercises, templates, styles, options) have not changed since
    the last build are left as they are (see build-manifest.json).
    """
    from guidepress.products.build import build as build_all

    s = settings_from(config, guide, out_dir, paper, lang, theme, templates, styles, html, pdf_variant)
    with replacing(force, "choose another --out folder"):
        report(build_all(s.guide_dir, s.out_dir, paper=s.paper, resources=s.resources,
                          language=s.language, force=force, allow_partial=allow_partial))


@reports_errors
def handout(
    guide: GuideOpt = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="PDF file to write. Default: output/<guide>-handout.pdf.",
        dir_okay=False)] = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    allow_partial: PartialOpt = False,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
    pdf_variant: VariantOpt = None,
    booklet: Annotated[bool, typer.Option(
        "--booklet", help="Impose as a folded booklet: A5 pages on A4 sheets (half-letter on "
        "Letter), in page order for duplex printing. Default file: output/<guide>-booklet.pdf.")] = False,
    edition: EditionOpt = None,
    force: ReplaceOpt = False,
) -> None:
    """Render the guide as a patient handout (or, with --booklet, a folded booklet)."""
    from guidepress.content.loader import load_guide
    from guidepress.products.handout import handout_name, write_handout

    s = settings_from(config, guide, None, paper, lang, theme, templates, styles, html, pdf_variant)
    source = load_guide(s.guide_dir, s.language, edition, allow_partial)
    if booklet:
        from guidepress.products.handout import booklet_name, write_booklet

        target = output or s.out_dir / booklet_name(source)
        with replacing(force):
            report([write_booklet(source, target, paper=s.paper, resources=s.resources)])
        return
    target = output or s.out_dir / handout_name(source)
    with replacing(force):
        report([write_handout(source, target, paper=s.paper, resources=s.resources)])


@reports_errors
def poster(
    design: Annotated[Optional[str], typer.Option(
        "--design", "-d", help="Poster design (see --list). Default: the guide's first.",
        metavar="<name>")] = None,
    size: Annotated[Optional[str], typer.Option(
        "--size", "-s", help="a4, a3, a2, a1, letter or tabloid. Default: the design's own size.",
        metavar="<size>")] = None,
    landscape: Annotated[bool, typer.Option("--landscape", help="Lay the poster out sideways.")] = False,
    bleed: Annotated[Optional[str], typer.Option(
        "--bleed", help='Bleed for a print shop, e.g. "3mm": sets TrimBox and BleedBox.',
        metavar="<length>")] = None,
    marks: Annotated[bool, typer.Option(
        "--marks", help="Add crop marks in the bleed (3mm bleed if --bleed is not given).")] = False,
    list_designs: Annotated[bool, typer.Option("--list", help="List the guide's poster designs.")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="PDF file to write. Default: output/<guide>-poster-<design>-<size>.pdf.",
        dir_okay=False)] = None,
    guide: GuideOpt = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    allow_partial: PartialOpt = False,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
    pdf_variant: VariantOpt = None,
    edition: EditionOpt = None,
    force: ReplaceOpt = False,
) -> None:
    """Render one poster: a page of the guide for the clinic wall, at any size."""
    from guidepress.content.loader import load_guide, product_edition
    from guidepress.products.posters import (default_size, describe, find_design, poster_name,
                                             write_poster)

    s = settings_from(config, guide, None, paper, lang, theme, templates, styles, html, pdf_variant)
    source = load_guide(s.guide_dir, s.language, edition or product_edition(s.guide_dir),
                        allow_partial)
    if list_designs:
        for item in source.guide.posters:
            out.print(f"{item.id}: {describe(source, item)}", soft_wrap=True)
        return
    chosen = find_design(source, design)
    size = (size or default_size(chosen, s.paper)).lower()
    target = output or s.out_dir / poster_name(source, chosen.id, size, landscape)
    with replacing(force):
        report([write_poster(source, target, chosen.id, size=size, landscape=landscape,
                             bleed=bleed, marks=marks, resources=s.resources)])
    if (bleed or marks) and not s.resources.pdf_variant.startswith("pdf/x"):
        from guidepress.look.variants import PRINT_SHOP_NOTE

        err.print(f"[yellow]note:[/] {PRINT_SHOP_NOTE}", soft_wrap=True)


@reports_errors
def card(
    sheet: Annotated[bool, typer.Option(
        "--sheet", help="Four cards to a sheet with cut marks, fronts and backs aligned for duplex.")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="PDF file to write. Default: output/<guide>-card.pdf.",
        dir_okay=False)] = None,
    guide: GuideOpt = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    allow_partial: PartialOpt = False,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
    pdf_variant: VariantOpt = None,
    edition: EditionOpt = None,
    force: ReplaceOpt = False,
) -> None:
    """Render the two-sided pocket card (A6; a quarter of Letter with --paper letter)."""
    from guidepress.content.loader import load_guide, product_edition
    from guidepress.products.posters import card_name, write_card

    s = settings_from(config, guide, None, paper, lang, theme, templates, styles, html, pdf_variant)
    source = load_guide(s.guide_dir, s.language, edition or product_edition(s.guide_dir),
                        allow_partial)
    target = output or s.out_dir / card_name(source, sheet)
    with replacing(force):
        report([write_card(source, target, sheet=sheet, paper=s.paper, resources=s.resources)])


@reports_errors
def exercises(
    as_json: Annotated[bool, typer.Option("--json", help="Print the library as JSON.")] = False,
    sheet: Annotated[Optional[Path], typer.Option(
        "--sheet", help="Also render a contact sheet PDF: the library at a glance, a compact row per exercise.",
        dir_okay=False)] = None,
    figures: Annotated[Optional[Path], typer.Option(
        "--figures", help="Also write every exercise's frames as SVG files into this folder "
        "(<id>-start.svg, <id>-finish.svg), titled and described, for a clinic's own documents.",
        file_okay=False)] = None,
    png: Annotated[bool, typer.Option(
        "--png", help="With --figures: write PNG images too. With --preview: a PNG, not an SVG.")] = False,
    preview: Annotated[Optional[Path], typer.Option(
        "--preview", help="Draw this one exercise file: its frames side by side with what the pose "
        "rules find, as an SVG to open in a browser, and again on every save (Ctrl-C stops).",
        dir_okay=False, metavar="<file.yaml>")] = None,
    once: Annotated[bool, typer.Option(
        "--once", help="With --preview: draw once and exit (1 if the file breaks a rule).")] = False,
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="With --preview: the folder to draw into. \\[default: output]",
        file_okay=False)] = None,
    category: Annotated[Optional[str], typer.Option(
        "--category", help="List only this category: yoga, core, strength, balance, mobility, "
        "stretch or cardio.", metavar="<name>")] = None,
    region: Annotated[Optional[str], typer.Option(
        "--region", help="List only exercises for this body region, e.g. knee, hip, lower-back, "
        "shoulder, neck.", metavar="<name>")] = None,
    guide: GuideOpt = None,
    paper: PaperOpt = None,
    lang: LangOpt = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    pdf_variant: VariantOpt = None,
    force: ReplaceOpt = False,
) -> None:
    """List the exercise library (id, name, category, body regions, default dose, and
    where each comes from: the guide's own exercises/, the workspace's or the built-in library).

    With --preview FILE.yaml, draw that one exercise instead, and again on every save."""
    from guidepress.commands.preview import check_options, run_preview

    check_options(preview, once=once, out_dir=out_dir, others={
        "--json": as_json, "--sheet": sheet, "--figures": figures, "--category": category,
        "--region": region})
    if png and not (figures or preview):
        from guidepress.errors import UsageError

        raise UsageError("--png writes the figures as images: give --figures FOLDER too")
    from rich.table import Table

    from guidepress.content.labels import Labels
    from guidepress.content.loader import load_guide
    from guidepress.products.handout import write_library_sheet

    s = settings_from(config, guide, None, paper, lang, theme, pdf_variant=pdf_variant)
    if preview:
        return run_preview(preview, out_dir or s.out_dir, png=png, once=once, force=force)
    source = load_guide(s.guide_dir, language=s.language)
    words = Labels(source.guide.language)  # dose texts in the guide's language
    listed = filtered(source.library, category, region)
    if not listed:
        err.print("no exercise of the library matches; run guidepress exercises to see them all",
                  soft_wrap=True)
    if as_json:
        rows = [{"id": e.id, "name": e.name, "category": e.category, "regions": e.regions,
                 "aliases": e.aliases, "dose": e.dose.model_dump(exclude_none=True),
                 "dose_text": e.dose.summary(words), "from": source.library.origin(e.id),
                 "replaces_shared": e.id in source.library.overrides} for e in listed]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        table = Table("id", "name", "category", "regions", "default dose", "from", box=None,
                      pad_edge=False)
        for e in listed:
            table.add_row(e.id, e.name, e.category, ", ".join(e.regions), e.dose.summary(words),
                          source.library.mark(e.id))
        out.print(table)
    if sheet:
        with replacing(force, "give --sheet another file name"):
            report([write_library_sheet(source, sheet, paper=s.paper, resources=s.resources)])
    if figures:
        from guidepress.figures.export import export_figures

        with replacing(force, "give --figures another folder"):
            written = export_figures(source.library, figures, png=png)
        out.print(f"wrote {len(written)} figure files in {figures}", soft_wrap=True)


def filtered(library, category: str | None, region: str | None) -> list:
    """The library's exercises of ``category`` and for ``region`` (either may be None);
    a name that is neither is a usage error listing the names there are."""
    from guidepress.content.exercises import CATEGORIES, REGIONS
    from guidepress.errors import OptionError

    for option, value, names in (("category", category, CATEGORIES), ("region", region, REGIONS)):
        if value is not None and value not in names:
            raise OptionError(option, f'"{value}" is not a {option}; choose one of {", ".join(names)}')
    return [e for e in library if category in (None, e.category) and (region is None or region in e.regions)]
