"""Charts as pictures for reports (matplotlib, Agg backend, PNG bytes).

matplotlib: the standard plotting library, renders headless and the same on
every machine, and ships DejaVu fonts that cover Vietnamese when Liberation
Serif is absent.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SERIF = ["Liberation Serif", "Times New Roman", "DejaVu Serif"]


def quota_bars(labels: list[str], quota: list[int], achieved: list[int], title: str,
               quota_label: str, achieved_label: str) -> bytes:
    """Side-by-side bars of quota and achievement per label; PNG bytes."""
    with plt.rc_context({"font.family": "serif", "font.serif": SERIF, "font.size": 10,
                         "svg.hashsalt": "vanban", "path.simplify": False}):
        fig, ax = plt.subplots(figsize=(7.0, 3.6), dpi=150)
        x = range(len(labels))
        w = 0.38
        b1 = ax.bar([i - w / 2 for i in x], quota, w, label=quota_label, color="#9aa7b8")
        b2 = ax.bar([i + w / 2 for i in x], achieved, w, label=achieved_label, color="#b22222")
        ax.bar_label(b1, fontsize=8, padding=1)
        ax.bar_label(b2, fontsize=8, padding=1)
        ax.set_xticks(list(x), labels, rotation=35, ha="right", fontsize=8)
        ax.set_title(title, fontsize=11)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylim(0, max([*quota, *achieved, 1]) * 1.25)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(frameon=False, fontsize=9)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", metadata={"Software": None})
        plt.close(fig)
    return out.getvalue()
