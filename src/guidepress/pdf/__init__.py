"""PDF post-processing with pypdf: imposition on printing sheets and merging sheets into one file."""
