"""vanban's one face: the command line, the web page and scripts all call this.

    from vanban.office import Office

    office = Office.open("van-ban-xa")            # the organisation's kinds, read once
    year = office.year(2019)                     # the year's data, each file loaded and checked once
    year.build("ke-hoach", draft=True)           # → Result: what was built, what was written
    year.issue()                                 # → IssueResult: numbers, archive, register
    year.verify()                                # → the archive check
    office.upgrade()                             # → UpgradeResult: a folder of an earlier release, current

A run reads top-down as named steps over these objects (load → check → documents →
render → write → issue); each step lives in the layer below and never calls back up.
Every finding of a run is gathered before anything is written, and raised as one
VanbanError whose findings name file:line (or sheet!cell) and what to change.
"""

from __future__ import annotations

from .checkers import document_reports, page_reports
from .folder import Office
from .new_office import EXAMPLES, Answers, Created
from .results import Built, Result, State
from .upgrade import UpgradeResult
from .year import Year

__all__ = ["EXAMPLES", "Answers", "Built", "Created", "Office", "Result", "State", "UpgradeResult", "Year", "document_reports", "page_reports"]
