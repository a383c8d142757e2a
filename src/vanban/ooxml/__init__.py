"""Raw Office Open XML, in one layer: opening packages within bounds (package.py);
the thể thức of a document — page setup, styles, the header and closing blocks,
tables with their page rules, lines drawn under titles — written in schema order
(layout.py, with paragraphs, runs and tables as text in wml.py); templates prepared
once and rendered many times (template.py); paragraphs and runs as Word stores
them, and merging a span into one run (story.py); a template's tags as docxtpl
reads them, paragraph by paragraph (tags.py); what Word leaves in a template
and must not reach a document (clean.py); direct formatting reset to the rule
set (direct.py); no-break spaces over the runs of a paragraph (typography.py);
reading back the formatting Word shows (format.py); measuring text on the page
(measure.py)."""
