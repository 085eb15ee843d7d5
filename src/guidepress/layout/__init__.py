"""The one layout layer: units marked in templates (``units``), their sizes
(``sizes``), pages planned from sizes (``paginate``) and the driver that lays a
product out with them (``flow``)."""
