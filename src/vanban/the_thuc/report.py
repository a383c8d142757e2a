"""What the checker hands back: findings with a severity, and their JSON."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Finding, Location, TemplateProblem

ERROR, WARNING = "loi", "canh_bao"
SHOWN_PER_RULE = 5   # findings of one rule listed one by one; the rest are counted in one line


class NotAdministrative(TemplateProblem):
    """The file is a form or another kind of text: the thể thức rules do not apply to it."""

    title = "Không phải văn bản hành chính"

    def __init__(self, findings, reason: str):
        super().__init__(findings)
        self.reason = reason


def as_json(shown: str, code: str, issues: list[Finding]) -> dict:
    return {"tep": shown, "quy_tac": code, "hanh_chinh": True,
            "loi": sum(represented(i) for i in issues if i.severity == ERROR),
            "canh_bao": sum(represented(i) for i in issues if i.severity == WARNING),
            "ket_qua": [as_record(i) for i in issues]}


def as_record(f: Finding) -> dict:
    """One finding in the JSON of «kiem-tra-the-thuc» and «kiem-tra-trang»."""
    return {"rule": f.rule, "severity": f.severity, "section": f.section, "where": f.where,
            "message": f.message, "fix": f.fix}


@dataclass(frozen=True)
class Summary(Finding):
    """One line standing for *count* findings of the same rule elsewhere."""

    count: int = 0


def bounded(issues: list[Finding], keep: int = SHOWN_PER_RULE) -> list[Finding]:
    """The findings with at most *keep* of each rule and severity listed; the others of that rule
    become one line with their count and places, so a 10,000-page PDF reports a few lines."""
    seen: dict[tuple[str, str], list[Finding]] = {}
    out: list[Finding] = []
    for f in issues:
        group = seen.setdefault((f.rule, f.severity), [])
        group.append(f)
        if len(group) <= keep:
            out.append(f)
    for (rule, severity), group in seen.items():
        rest = group[keep:]
        if not rest:
            continue
        span = rest[0].where if len(rest) == 1 else f"{rest[0].where} … {rest[-1].where}"
        out.append(Summary(Location("", None, span), f"và {len(rest)} chỗ khác cùng lỗi này, ví dụ: {rest[0].message}",
                           rest[0].fix, severity, rule, rest[0].section, len(rest)))
    return out


def represented(f: Finding) -> int:
    """How many findings *f* stands for (a Summary stands for many)."""
    return f.count if isinstance(f, Summary) else 1
