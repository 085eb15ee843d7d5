"""The products a guide becomes: handout, booklet, routine sheet, posters, card, contact sheet."""

WATCHABLE = ("handout", "routine", "poster", "card")  # what guidepress watch renders again
