"""The look of every product: paper sizes, themes, template and style lookup, Jinja filters."""
