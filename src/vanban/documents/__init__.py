"""Document builders: one module per kind of document.

A builder gets loaded, checked records and returns Document values; it
never opens a file. Which builder serves which kind is declared in
templates/loai-van-ban.yaml, not coded here.
"""

from __future__ import annotations

import re
from importlib import import_module

from ..rendering.content import Frame, Picture, Table
from .types import BUILD, DRAFT, Batch, Builder, Document, Issue, Job, Numbering

__all__ = ["BUILD", "DRAFT", "BUILDERS", "NEEDS", "Batch", "Builder", "Document", "Frame", "Issue", "Job", "Numbering",
           "Picture", "Table", "builder"]

# A builder is named in templates/loai-van-ban.yaml: a plain module name, never a path.
_BUILDER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
BUILDERS = ("ke_hoach", "thong_bao", "bao_cao", "so_chuyen_giao", "ke_hoach_nhiem_ky", "bao_cao_nhiem_ky")
# What a builder reads beside its own file: the builder of the kind it is based on (the first of its
# dua_tren) and the source of its figures (the first of its so_lieu); None when it reads none
NEEDS: dict[str, tuple[str | None, str | None]] = {
    "thong_bao": ("ke_hoach", None),
    "bao_cao": ("ke_hoach", "tien-do"),
    "bao_cao_nhiem_ky": ("ke_hoach_nhiem_ky", "tien-do-nhiem-ky"),
}


def builder(name: str) -> Builder:
    """The builder module named by a kind's declaration (documents/<name>.py)."""
    if not _BUILDER_NAME.match(name) or name not in BUILDERS:
        raise KeyError(name)
    return import_module(f"{__name__}.{name}")
