"""Quality checks: PDFs (tags, type sizes, contrast) and guides.

``check_guide(source)`` runs the reading checks on a loaded guide and returns a
list of :class:`Finding` (level, code, message, file, line, where); error-level
findings fail a check. ``score(text, language)`` gives the reading scores of any
text. The PDF checks live in :mod:`guidepress.check.pdf`.
"""

from guidepress.check.findings import Finding, errors
from guidepress.check.guide import check_guide, guide_score, part_scores, target_grade
from guidepress.check.readability import Score, score, syllables

__all__ = ["Finding", "Score", "check_guide", "errors", "guide_score", "part_scores", "score",
           "syllables", "target_grade"]
