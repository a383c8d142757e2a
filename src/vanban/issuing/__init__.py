"""Issuing (phát hành) and the archive copy (Lưu VT).

An issuing run is one transaction: under the register's lock it finishes or
drops what an interrupted run left, verifies the whole archive against its
manifest and the register (and refuses to go on if anything was altered,
removed or added), numbers what is new, stages documents, PDFs (each checked
complete), the outgoing register, the register and a new manifest section
outside the archive, then publishes them.

Modules: run.py (the run's steps), register.py (numbers), archive.py (manifest
and checks), transaction.py (stage, journal, publish, recover), content.py
(what produced a document), outgoing.py (the outgoing register, the zip),
legacy.py (archives and registers of earlier releases: verified by their rules,
upgraded without rewriting anything issued), rebuild.py (the register rebuilt
from the manifests).
"""

from __future__ import annotations

from . import archive, legacy, rebuild, register, transaction  # office.py's upgrade reaches into these by name
from .archive import MANIFEST, Check
from .content import content, differences, fingerprint
from .register import REGISTER, Register, header_format, issued_number, load_register, locked, number_conflicts
from .run import IssueResult, IssueRun, Waiting, known_fingerprints, verify

__all__ = ["archive", "rebuild", "register", "transaction",
           "IssueResult", "IssueRun", "Waiting", "verify", "Check", "Register", "REGISTER", "MANIFEST", "content",
           "differences", "fingerprint", "header_format", "issued_number", "known_fingerprints", "legacy",
           "load_register", "locked", "number_conflicts"]
