"""HTML to PDF: the WeasyPrint engine, the confined URL fetcher, template filling."""
