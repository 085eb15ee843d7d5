"""The one layout layer (docs/layout.md): units, sizes, measure, paginate and flow."""
