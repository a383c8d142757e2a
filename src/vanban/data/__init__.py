"""The data side of vanban: typed records (model), reading YAML and XLSX with
the file:line or sheet!cell of every value (load, progress), and the rules
that span records (checks). Nothing here knows about DOCX."""
