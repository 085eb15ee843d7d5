"""Quality checks: PDFs (tags, type sizes, contrast) and guides."""
