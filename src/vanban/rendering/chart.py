"""Charts as pictures for reports (matplotlib, Agg backend, PNG bytes).

matplotlib: the standard plotting library, renders headless and the same on
every machine, and ships DejaVu fonts that cover Vietnamese when Liberation
Serif is absent.

Bars are horizontal, one row per unit, so that long unit names stay readable
from a handful of units to a hundred; the legend sits under the plot, never
over a bar; the height grows with the number of units.
"""

from __future__ import annotations

import io

SERIF = ["Liberation Serif", "Times New Roman", "DejaVu Serif"]
WIDTH_IN = 7.0
ROW_IN = 0.28          # height per unit
MAX_HEIGHT_IN = 9.0    # about a page at 160 mm wide


def quota_bars(labels: list[str], quota: list[int], achieved: list[int], title: str,
               quota_label: str, achieved_label: str) -> bytes:
    """Target and achievement per label as pairs of horizontal bars; PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = max(len(labels), 1)
    height = min(MAX_HEIGHT_IN, 1.4 + ROW_IN * n)
    font = 9 if n <= 30 else 7 if n <= 60 else 5.5
    with plt.rc_context({"font.family": "serif", "font.serif": SERIF, "font.size": 10,
                         "svg.hashsalt": "vanban", "path.simplify": False}):
        fig, ax = plt.subplots(figsize=(WIDTH_IN, height), dpi=150)
        y = list(range(n))
        h = 0.4
        b1 = ax.barh([i - h / 2 for i in y[:len(labels)]], quota, h, label=quota_label, color="#9aa7b8")
        b2 = ax.barh([i + h / 2 for i in y[:len(labels)]], achieved, h, label=achieved_label, color="#b22222")
        if n <= 60:
            ax.bar_label(b1, fontsize=font, padding=2)
            ax.bar_label(b2, fontsize=font, padding=2)
        ax.set_yticks(y[:len(labels)], labels, fontsize=font)
        ax.invert_yaxis()  # the first unit on top, as in the table
        ax.set_title(title, fontsize=11)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlim(0, max([*quota, *achieved, 1]) * 1.15)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(frameon=False, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.06 if n > 8 else -0.12),
                  ncol=2)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", metadata={"Software": None})
        plt.close(fig)
    return out.getvalue()
