"""The thể thức rules, each a function of the checking context, in the order
their findings are listed."""

from __future__ import annotations

from . import body, fonts, header, leftovers, page, page_numbers, recipients, text

RULES = (
    page.check,              # TT01, TT02
    fonts.check,             # TT03
    header.check,            # TT04–TT08
    body.type_and_summary,   # TT09, TT10
    body.signature,          # TT11
    recipients.check,        # TT12
    text.dates,              # TT08
    text.encoding,           # TT13
    text.tone,               # TT14
    text.citations,          # TT15
    page_numbers.check,      # TT17
    body.body_size,          # TT18
    leftovers.check,         # TT19
)
