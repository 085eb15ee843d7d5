"""Imported once by the batch's fork server, before any worker is forked from it.

Importing this module is its whole purpose: WeasyPrint (about half a second)
and the routine sheet's modules are loaded here once, and every worker forked
afterwards starts with them in memory. The objects made by the imports are
then frozen, so the workers' garbage collections neither walk them nor touch
(and so copy) the memory pages they share with the server.
"""

import gc

from guidepress.versions import load_weasyprint

load_weasyprint()

import guidepress.batch.worker  # noqa: E402,F401
import guidepress.products.routine  # noqa: E402,F401
import guidepress.render.fetcher  # noqa: E402,F401

gc.collect()
gc.freeze()
