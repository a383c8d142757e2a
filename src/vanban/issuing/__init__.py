"""Issuing (phát hành) and the archive copy (Lưu VT).

An issuing run is one transaction: under the register's lock it finishes or
drops what an interrupted run left, verifies the whole archive against its
manifest and the register (and refuses to go on if anything was altered,
removed or added), numbers what is new, stages documents, PDFs (each checked
complete), the outgoing register, the register and a new manifest section
outside the archive, then publishes them.

Modules: run.py (the run's steps), register.py (numbers), archive.py (manifest
and checks), transaction.py (stage, journal, publish, recover), content.py
(what produced a document), outgoing.py (the outgoing register, the zip).
"""

from __future__ import annotations

from .archive import MANIFEST, Check
from .content import content, differences, fingerprint
from .register import REGISTER, Register, issued_number, load_register, number_conflicts
from .run import IssueResult, IssueRun, Waiting, verify

__all__ = ["IssueResult", "IssueRun", "Waiting", "verify", "Check", "Register", "REGISTER", "MANIFEST", "content",
           "differences", "fingerprint", "issued_number", "load_register", "number_conflicts"]
