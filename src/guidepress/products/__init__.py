"""The products a guide becomes: handout, booklet, routine sheet, posters, card, contact sheet."""
