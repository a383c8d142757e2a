"""Raw Office Open XML, in one layer: opening packages within bounds (package.py),
the thể thức of a document — page setup, styles, the header and closing blocks,
tables with their page rules, lines drawn under titles — written in schema order
(layout.py), reading back the formatting Word shows (format.py), and measuring
text on the page (measure.py)."""
