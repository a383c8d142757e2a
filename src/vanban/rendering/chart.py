"""Charts as pictures for reports (matplotlib, Agg backend, PNG bytes).

matplotlib: the standard plotting library, renders headless and the same on
every machine, and ships DejaVu fonts that cover Vietnamese when Liberation
Serif is absent.

Bars are horizontal, one row per unit, so that long unit names stay readable.
The picture is drawn at the size it is printed (WIDTH_MM), so its type sizes
are the printed ones: unit names at 9 pt, figures at 8 pt, whatever the number
of units. A figure of more units than a page holds at that size is drawn in
panels of at most PANEL_UNITS units and half a page each, one under another, on
one scale; a panel breaks across pages like a line of text. The caption under the picture
(in the template) names it: the picture has no title of its own, only «Phần
1/4» over each panel when there are several.
"""

from __future__ import annotations

import io
import math
import textwrap

from ..ooxml.measure import width_mm

SERIF = ["Liberation Serif", "Times New Roman", "DejaVu Serif"]
WIDTH_MM = 160          # the printed width (the report places it at this width)
LABEL_PT = 9            # unit names, legend
VALUE_PT = 8            # the figure at the end of each bar
PANEL_UNITS = 40        # at most this many units in one panel
PANEL_MAX_MM = 125      # two panels a page (257 mm of text): a panel that does not fit under the text
# before it and goes on to the next page leaves at most half a page empty
WHOLE_MAX_MM = 160      # a figure up to this high is not split at all
LABEL_CHARS = 40        # a unit name wraps at this many characters, on at most two lines
ROW_PT = {1: 15.0, 2: 23.0}   # the height of a unit's row, by the lines of its name
FRAME_PT = 62.0         # above and below the bars: a panel's title, the axis, the legend
MM_PER_PT = 25.4 / 72


def label_lines(label: str) -> list[str]:
    """A unit's name as the chart prints it: at most two lines of LABEL_CHARS, an ellipsis
    when even two lines do not hold it (the table beside the chart has the full name)."""
    lines = textwrap.wrap(label, LABEL_CHARS, break_long_words=False) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_CHARS, placeholder=" …")]
    return lines


def _pitch(label: str) -> float:
    return ROW_PT[len(label_lines(label))]


def panels(labels: list[str]) -> list[range]:
    """The units of each panel: as few panels as the page height and PANEL_UNITS allow,
    of even sizes (by height: a name on two lines takes a taller row)."""
    n = len(labels)
    if n == 0:
        return [range(0)]
    rows = [_pitch(label) for label in labels]
    if n <= PANEL_UNITS and sum(rows) <= WHOLE_MAX_MM / MM_PER_PT - FRAME_PT:
        return [range(n)]
    room = PANEL_MAX_MM / MM_PER_PT - FRAME_PT
    count = max(math.ceil(n / PANEL_UNITS), math.ceil(sum(rows) / room))
    while True:
        # cut where the running height passes each even share; one more panel if a part is too tall
        share, out, start, height = sum(rows) / count, [], 0, 0.0
        for j, pitch in enumerate(rows):
            height += pitch
            if len(out) < count - 1 and (height >= share * (len(out) + 1) or n - j - 1 == count - 1 - len(out)):
                out.append(range(start, j + 1))
                start = j + 1
        out.append(range(start, n))
        if all(len(p) <= PANEL_UNITS and sum(rows[j] for j in p) <= room for p in out) or count >= n:
            return out
        count += 1


def quota_figure(labels: list[str], quota: list[int], achieved: list[int], quota_label: str,
                 achieved_label: str, numbers: list[int] | None = None) -> list[bytes]:
    """Target and achievement per unit, as PNG panels (one when the units fit one). With
    several panels each unit's name starts with its number in the table (*numbers*)."""
    parts = panels(labels)
    if len(parts) > 1 and numbers:  # the names as the panels print them, numbered
        labels = [f"{number}. {label}" for number, label in zip(numbers, labels)]
        parts = panels(labels)
    top = max([*quota, *achieved, 1]) * 1.15
    out = []
    for i, part in enumerate(parts, 1):
        names = [labels[j] for j in part]
        out.append(quota_bars(names, [quota[j] for j in part], [achieved[j] for j in part], title="",
                              quota_label=quota_label, achieved_label=achieved_label, x_max=top,
                              part=f"Phần {i}/{len(parts)}" if len(parts) > 1 else ""))
    return out


def quota_bars(labels: list[str], quota: list[int], achieved: list[int], title: str,
               quota_label: str, achieved_label: str, x_max: float | None = None, part: str = "") -> bytes:
    """Target and achievement per label as pairs of horizontal bars; PNG bytes. *title*, if
    any, is printed over the bars (a report's caption names the chart: it passes none);
    *part*: «Phần 1/3» over one panel of several."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    wrapped = ["\n".join(label_lines(label)) for label in labels]
    rows = [ROW_PT[label.count("\n") + 1] for label in wrapped] or [ROW_PT[1]]
    centres = [sum(rows[:i]) + rows[i] / 2 for i in range(len(labels))]  # in points, top down
    head = " — ".join(t for t in (part, title) if t)
    height_pt = FRAME_PT + sum(rows) - (0 if head else 12)
    width_in, height_in = WIDTH_MM / 25.4, height_pt / 72
    with plt.rc_context({"font.family": "serif", "font.serif": SERIF, "font.size": LABEL_PT,
                         "svg.hashsalt": "vanban", "path.simplify": False}):
        fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=150)
        y = centres
        h = 0.38 * ROW_PT[1]
        b1 = ax.barh([i - h / 2 for i in y], quota, h, label=quota_label, color="#9aa7b8")
        b2 = ax.barh([i + h / 2 for i in y], achieved, h, label=achieved_label, color="#b22222")
        ax.bar_label(b1, fontsize=VALUE_PT, padding=2)
        ax.bar_label(b2, fontsize=VALUE_PT, padding=2)
        ax.set_yticks(y, wrapped, fontsize=LABEL_PT, linespacing=1.0, multialignment="right")
        ax.set_ylim(sum(rows), 0)  # the first unit on top, as in the table
        if head:
            ax.set_title(head, fontsize=LABEL_PT, loc="left")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(axis="x", labelsize=VALUE_PT)
        ax.set_xlim(0, x_max or max([*quota, *achieved, 1]) * 1.15)
        ax.spines[["top", "right"]].set_visible(False)
        fig.legend(handles=[b1, b2], frameon=False, fontsize=LABEL_PT, loc="lower center", ncol=2,
                   bbox_to_anchor=(0.5, 0))
        # the margins from the names' widths (the same font metrics as the page's), not from a trial
        # drawing (tight_layout draws the figure twice)
        names_pt = max((width_mm(line, LABEL_PT) for label in wrapped for line in label.split("\n")), default=0) / MM_PER_PT
        left_pt, right_pt = names_pt * 1.04 + 14, 14  # the names, the ticks and their gap, some slack
        top_pt, bottom_pt = (16 if head else 4), 40   # the panel's title; the figures of the axis, the legend
        fig.subplots_adjust(left=left_pt / 72 / width_in, right=1 - right_pt / 72 / width_in,
                            top=1 - top_pt / 72 / height_in, bottom=bottom_pt / 72 / height_in)
        out = io.BytesIO()
        fig.savefig(out, format="png", metadata={"Software": None})
        plt.close(fig)
    return out.getvalue()
