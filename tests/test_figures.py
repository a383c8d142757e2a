"""How a target and a total are written (text/figures.py), case by case: the one way every
document writes a figure, and its reading back."""

from __future__ import annotations

import pytest

from vanban.data.model import Target
from vanban.text import figures as fg


def exact(n):
    return Target(toi_thieu=n, toi_da=n)


def at_least(n, word=""):
    return Target(toi_thieu=n, toi_da=None, tu=word)


def between(lo, hi):
    return Target(toi_thieu=lo, toi_da=hi)


@pytest.mark.parametrize("target, text", [
    (exact(2), "02"), (exact(0), "00"), (exact(9), "09"), (exact(10), "10"), (exact(123), "123"),
    (at_least(2), "ít nhất 02"), (at_least(6, "từ"), "từ 06"), (at_least(12, "tối thiểu"), "tối thiểu 12"),
    (between(1, 2), "01-02"), (between(9, 10), "09-10"), (between(12, 15), "12-15"),
])
def test_a_target_is_written_as_counts_are(target, text):
    assert fg.target_text(target) == text


@pytest.mark.parametrize("target, text", [
    (None, "—"), (exact(0), "—"), (between(0, 0), "—"), (at_least(0), "—"),
    (between(0, 2), "00-02"), (exact(1), "01"), (at_least(1), "ít nhất 01"),
])
def test_a_table_cell_shows_a_dash_for_no_target(target, text):
    assert fg.cell_text(target) == text
    assert fg.is_zero(target) == (text == "—")


@pytest.mark.parametrize("low, high, form, word, text", [
    (17, 17, "dung", "", "17"),
    (1905, 1905, "dung", "", "1.905"),
    (255, 321, "khoang", "", "255-321"),
    (1000, 1200, "khoang", "", "1.000-1.200"),
    (22, None, "dung", "", "ít nhất 22"),
    (22, None, "it_nhat", "từ", "từ 22"),
    (22, 22, "it_nhat", "từ", "từ 22"),   # an open form wins over an equal maximum
    (2000, None, "it_nhat", "", "ít nhất 2.000"),
])
def test_a_total_is_written_as_numbers_not_counts(low, high, form, word, text):
    assert fg.amount_text(low, high, form, word) == text


@pytest.mark.parametrize("target, text", [
    (exact(17), "17"), (exact(5), "5"), (between(17, 20), "17-20"), (between(255, 321), "255-321"),
    (at_least(22), "ít nhất 22"), (at_least(22, "từ"), "từ 22"), (at_least(1500), "ít nhất 1.500"),
])
def test_a_stated_total_keeps_its_form(target, text):
    assert fg.total_text(target) == text


@pytest.mark.parametrize("targets, text", [
    ([exact(2), exact(3), None], "5"),
    ([exact(2), between(1, 2)], "3-4"),
    ([between(1, 2), between(3, 5)], "4-7"),
    ([exact(2), at_least(1)], "ít nhất 3"),
    ([at_least(1, "từ"), at_least(2, "từ"), exact(1)], "từ 4"),
    ([at_least(1, "từ"), at_least(2)], "ít nhất 3"),   # open targets written with different words
    ([], "0"),
    ([exact(1000), exact(905)], "1.905"),
])
def test_a_sum_of_targets_takes_the_form_they_add_up_to(targets, text):
    assert fg.sum_text(targets) == text


@pytest.mark.parametrize("text, figure", [
    ("—", (0, 0)), ("", (0, 0)), ("  ", (0, 0)), ("02", (2, 2)), ("17", (17, 17)), ("1.905", (1905, 1905)),
    ("01-02", (1, 2)), ("255-321", (255, 321)), ("1.000-1.200", (1000, 1200)), ("ít nhất 02", (2, None)),
    ("từ 22", (22, None)), ("tối thiểu 3", (3, None)), ("trên 4", (4, None)), ("ít nhất 01*", (1, None)),
    (" 17 ", (17, 17)), ("94,1%", None), ("abc", None), ("từ x", None), ("1-x", None), ("x-2", None),
    ("12a", None), ("2X", None), ("2**", (2, 2)),
])
def test_a_printed_figure_reads_back(text, figure):
    assert fg.parse_figure(text) == figure


@pytest.mark.parametrize("target", [exact(0), exact(7), exact(1234), between(1, 2), between(250, 1321),
                                    at_least(3), at_least(40, "từ")])
def test_what_is_printed_reads_back_as_the_same_figure(target):
    expected = (target.toi_thieu, target.toi_da)
    assert fg.parse_figure(fg.total_text(target)) == expected
    if target.toi_thieu:
        assert fg.parse_figure(fg.target_text(target)) == expected
