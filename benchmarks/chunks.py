"""Does rendering a chunk of routine sheets as one document pay off?

Renders N sheets one by one and then the same N as one document (page breaks
between patients), in one process with one warmed renderer, and prints the time
per sheet of each. Splitting the joined PDF back into patients with pypdf (and
per-patient "Page X of Y", which would need page groups) would only add to the
joined side, so this measures its best case.

Run: python benchmarks/chunks.py [--sheets 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import time

from weasyprint import HTML

from guidepress.content.loader import load_guide
from guidepress.content.prescription import PrescriptionFile, resolve
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.products.routine import STYLESHEETS, TEMPLATE, routine_context
from guidepress.render.engine import PdfRenderer
from guidepress.render.product import fill_template


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sheets", type=int, default=10)
    args = parser.parse_args()
    source, resources = load_guide(), Resources()
    renderer = PdfRenderer([source.folder, *resources.roots])
    ids = source.library.ids
    pages = []
    for i in range(args.sheets):
        rx = resolve(PrescriptionFile(patient=f"Patient {i}", weeks=4,
                                      exercises=ids[i % 9:i % 9 + 6]), source.library, "{i}")
        pages.append(fill_template(resources, TEMPLATE, routine_context(
            source, rx, Paper.a4, 2, False, dt.date.today())))
    sheets = renderer.stylesheets(resources.stylesheets(STYLESHEETS), pages[0])

    def render(html: str) -> int:
        document = HTML(string=html, base_url=source.folder.as_uri() + "/",
                        url_fetcher=renderer.fetcher).render(
            stylesheets=sheets, font_config=renderer.font_config, cache=renderer._images)
        document.write_pdf(io.BytesIO())
        return len(document.pages)

    render(pages[0])  # warm fonts, stylesheets and images
    start = time.perf_counter()
    for html in pages:
        render(html)
    separate = time.perf_counter() - start
    bodies = [re.search(r"<body[^>]*>(.*)</body>", html, re.S).group(1) for html in pages]
    joined_html = (pages[0].split("<body")[0] + '<body class="routine per-page-2">'
                   + "".join(f'<div style="break-before: page">{b}</div>' for b in bodies)
                   + "</body></html>")
    start = time.perf_counter()
    joined_pages = render(joined_html)
    joined = time.perf_counter() - start
    n = args.sheets
    print(f"{n} sheets rendered one by one: {separate / n * 1000:.0f} ms a sheet")
    print(f"{n} sheets as one document ({joined_pages} pages): {joined / n * 1000:.0f} ms a sheet "
          f"({separate / joined:.2f}x), before splitting it with pypdf")


if __name__ == "__main__":
    main()
