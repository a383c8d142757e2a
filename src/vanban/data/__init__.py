"""The data side of vanban: typed records (model), reading YAML and XLSX with
the file:line or sheet!cell of every value (load, progress), and the rules
that span records (checks), the format of every file and the upgrade of data and
templates written for an earlier release (formats, upgrade). Nothing here knows about DOCX."""
