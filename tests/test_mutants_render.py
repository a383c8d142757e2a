"""Mutants of rendering/bounds.py and ooxml/layout.py (tools/mutation.py, issue 27), killed by
fast direct tests: a template made of one expression, rendered by a fresh BoundedEnvironment,
and the layout writer called on a small document read back as XML.

The limits are the ones the module's docstring and README give a template writer: one
expression makes at most 1.000.000 characters, an integer at most 13.000 bits (4.000 digits),
an exponent at most 64, a filter pads at most 100.000 items, a document stops at 50.000.000
characters. Each boundary is checked on both sides, and a data text longer than the limit (a
block vanban made itself) passes through every operation that does not make it longer."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from vanban.rendering import bounds

LIMIT = 1_000_000
TOO_LONG = "biểu thức tạo ra quá 1.000.000 ký tự"
TOO_BIG = "số quá lớn (quá 4.000 chữ số)"
BIG = "y" * (LIMIT + 5)  # a block of vanban's own, longer than one expression may make


@pytest.fixture
def env():
    # a fresh environment each test: its filters are wrapped when it is made
    return bounds.BoundedEnvironment()


def render(env, source, **data):
    return env.from_string(source).render(**data)


def refused(env, source, message=TOO_LONG, **data):
    with pytest.raises(SecurityError) as caught:
        render(env, source, **data)
    assert str(caught.value) == message
    return caught.value


# --------------------------------------------------------------------------
# rendering/bounds.py: the helpers


def test_the_message_of_a_too_long_expression_uses_dots_for_thousands():
    assert str(bounds._too_long()) == TOO_LONG


def test_the_printed_length_of_data():
    length = bounds._length
    assert length("abc") == 3
    assert length([]) == 2
    # «['ab', 'c']»: brackets, then each item and its separator counted as two
    assert length(["ab", "c"]) == 2 + (2 + 2) + (1 + 2)
    assert length(("ab",)) == 6 and length({"ab"}) == 6 and length(frozenset({"ab"})) == 6
    # a dict counts its (key, value) pairs: 2 + (2 + 1 + 2 + 1 + 2) + 2
    assert length({"a": "b"}) == 12
    # an integer by its digits: 1000 has 10 bits → 4, a million 20 bits → 7, zero → 1
    assert length(1000) == 4 and length(10**6) == 7 and length(0) == 1
    assert length(7) == 2 and length(8) == 2
    # anything else, True included, is counted as 24
    assert length(True) == 24 and length(1.5) == 24 and length(None) == 24


def test_the_printed_length_stops_just_past_its_budget():
    length = bounds._length
    # 2, 9, 16: stops at 16 once past 9, not at 9 itself, and not at the whole 23
    assert length(["xxxxx"] * 3, 9) == 16
    # the inner list gets what is left of the budget (8): 5, 8, 11 → stops at 11; 2 + 11 + 2
    assert length([["x"] * 10], 10) == 15
    # past 50 levels a container counts as just past its budget, whatever it holds
    assert length([], 10, 51) == 11
    assert length([], 10, 50) == 2


def test_a_result_longer_than_the_limit_is_refused_only_when_it_grew():
    grew = bounds._grew
    long_text = "x" * (LIMIT + 1)
    grew("x" * LIMIT, "")  # at the limit
    grew(long_text, long_text)  # a long block passes through
    grew(long_text, ["y"] * (LIMIT + 1))  # as long as a list it was made from
    grew(long_text, 5, long_text)  # any input counts
    grew({i: i for i in range(3)}, "")  # not a sequence
    for result in (long_text, ["x"] * (LIMIT + 1), ("x",) * (LIMIT + 1)):
        with pytest.raises(SecurityError, match=TOO_LONG):
            grew(result, "ab", 5)
        with pytest.raises(SecurityError, match=TOO_LONG):
            grew(result)
    with pytest.raises(SecurityError, match=TOO_LONG):
        grew("x" * (LIMIT + 2), long_text)  # one character longer than its longest input


def test_printf_widths_and_precisions_past_the_limit_are_refused():
    ok = ["%1000000s", "%.1000000f", "%5.2f", "%%", "%(a)1000000s", "plain", "%-10d%s"]
    for fmt in ok:
        bounds._printf_widths(fmt)
    for fmt in ["%1000001s", "%.1000001f", "%(a)1000001s", "%-1000001d", "%s%1000001s", "%5.1000001f",
                "%#01000001x", "%1000001ls"]:
        with pytest.raises(SecurityError) as caught:
            bounds._printf_widths(fmt)
        assert str(caught.value) == TOO_LONG, fmt
    for fmt in ["%*s", "%.*f", "%5.*f"]:
        with pytest.raises(SecurityError) as caught:
            bounds._printf_widths(fmt)
        assert str(caught.value) == "độ rộng «*» trong chuỗi định dạng % không dùng được trong mẫu"


def test_format_widths_past_the_limit_and_nested_fields_are_refused():
    for fmt in ["{0:>1000000}", "{0}", "{0:}", "text {0:5} and {1}", "{", "{0:.1000000}"]:
        bounds._format_widths(fmt)  # within the limit, or not a format Python can read
    for fmt in ["{0:>1000001}", "{0:.1000001}", "{0}{1:>1000001}", "{0:1000001.2f}", "{0:2.1000001f}",
                "x{a:1000001}"]:
        with pytest.raises(SecurityError) as caught:
            bounds._format_widths(fmt)
        assert str(caught.value) == TOO_LONG, fmt
    with pytest.raises(SecurityError) as caught:
        bounds._format_widths("{0:{1}}")
    assert str(caught.value) == "định dạng lồng «{…{…}}» không dùng được trong mẫu"


def test_integers_stop_at_thirteen_thousand_bits():
    bounds._int_bits(2**12999)  # 13.000 bits
    bounds._int_bits("not a number")
    bounds._int_bits(True)
    with pytest.raises(SecurityError) as caught:
        bounds._int_bits(2**13000)  # 13.001 bits
    assert str(caught.value) == TOO_BIG


def test_an_argument_is_read_by_position_then_by_name_then_its_default():
    assert bounds._arg((1, 2), {"w": 9}, 1, "w") == 2
    assert bounds._arg((1,), {"w": 5}, 1, "w") == 5
    assert bounds._arg((1,), {}, 1, "w", 7) == 7
    assert bounds._arg((), {}, 0, "w") is None


@pytest.mark.parametrize("method", ["ljust", "rjust", "center", "zfill"])
def test_padding_methods_are_refused_before_they_pad_past_the_limit(method):
    bounds._str_method("x", method, (LIMIT,), {})
    bounds._str_method("x", method, (), {})
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._str_method("x", method, (LIMIT + 1,), {})
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._str_method("x", method, (), {"width": LIMIT + 1})
    bounds._str_method("x", method, ("wide",), {})  # not a number: Python says so itself


def test_tabs_are_counted_at_their_size_before_they_are_expanded():
    # eight columns a tab by default: a text and its tabs up to the limit
    bounds._str_method("a" * (LIMIT - 9) + "\t", "expandtabs", (), {})
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._str_method("a" * (LIMIT - 8) + "\t", "expandtabs", (), {})
    tabs = "\t" * 1000
    bounds._str_method(tabs, "expandtabs", (999,), {})  # 1000 + 1000 × 999 = 1.000.000
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._str_method(tabs, "expandtabs", (1000,), {})
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._str_method(tabs, "expandtabs", (), {"tabsize": 1000})
    bounds._str_method(tabs, "expandtabs", ("8",), {})  # not a number: Python says so itself


def test_replace_is_measured_before_it_runs():
    text = "x" * (LIMIT - 1)
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._str_method(text, "replace", ("x", "yy"), {})
    bounds._str_method(text, "replace", ("x", "yy", 1), {})  # one more character: at the limit
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._str_method(text, "replace", ("x", "yy", 2), {})
    bounds._str_method(text, "replace", ("x",), {})  # too few arguments: Python says so itself
    bounds._str_method(text, "replace", ("x", 5), {})
    bounds._str_method(text, "replace", (5, "yy"), {})
    bounds._str_method(text, "ljust", ("x", "yy"), {})  # a width that is not a number: Python's error


def test_replace_counts_every_gap_for_an_empty_old_text():
    # "abc".replace("", "-") is "-a-b-c-": a text of n characters gets n + 1 insertions
    bounds._replace_size("x" * 499_999, "", "y")  # 499.999 + 500.000
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._replace_size("x" * 500_000, "", "y")  # 500.000 + 500.001
    # 9.900 characters and 9.901 gaps of 100: exactly 1.000.000, one character more is too long
    bounds._replace_size("x" * 9_900, "", "y" * 100)
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._replace_size("x" * 9_901, "", "y" * 100)


def test_replace_counts_only_where_the_old_text_is():
    bounds._replace_size("x" * 600_000, "y", "zz")  # no «y»: nothing replaced
    bounds._replace_size("x" * 600_000 + "y", "y", "zz")
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._replace_size("x" * 600_000, "x", "zz")


def test_replace_with_a_count_replaces_at_most_that_many():
    text = "x" * LIMIT
    bounds._replace_size(text, "x", "yy", 0)  # none replaced
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._replace_size(text, "x", "yy", 1)
    bounds._replace_size("x" * (LIMIT - 3), "x", "yyy", 1)  # 2 more: 999.999
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._replace_size("x" * (LIMIT - 3), "x", "yyy", 2)  # 4 more
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._replace_size("x" * (LIMIT - 3), "x", "yyy", None)  # all of them
    with pytest.raises(SecurityError, match=TOO_LONG):  # -1: all 499.998 pairs, one more each
        bounds._replace_size("x" * (LIMIT - 3), "xx", "yyy", -1)
    # a replacement that does not lengthen the text never counts; nor does a short one
    bounds._replace_size(BIG, "y", "z")
    bounds._replace_size(BIG, "yy", "z")
    bounds._replace_size("ab", "a", "aa")
    # a long block made one character longer is refused
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._replace_size(BIG, "yyyyy", "yyyyyy", 1)


def test_a_join_is_measured_before_it_runs_and_keeps_its_items():
    assert bounds._join_size(",", iter(["a", "b"])) == ["a", "b"]
    assert bounds._join_size(",", []) == []
    half = "x" * (LIMIT // 2 - 1)
    bounds._join_size(",,", [half, half])  # 499.999 × 2 + 2 = 1.000.000
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._join_size(",,,", [half, half])
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._join_size(",", [half, half, "xx"])  # 999.998 + 2 + 2 separators
    bounds._join_size(",", [half, half, ""])
    bounds._join_size(",", ["x" * LIMIT])  # one item: no separator
    bounds._join_size("," * 10, [])
    # items that are lists are counted as they print, within what is left
    bounds._join_size("", [["x" * (LIMIT - 4)]])
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._join_size("", [["x" * (LIMIT - 3)]])
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._join_size("", ["x", ["x" * (LIMIT - 4)]])


# --------------------------------------------------------------------------
# rendering/bounds.py: what a template may print


def test_a_tag_prints_text_numbers_and_blocks_as_they_are(env):
    assert render(env, "{{ 5 }}|{{ 1.5 }}|{{ 'abc' }}|{{ m }}|{{ xs }}", m=Markup("<b>x</b>"), xs=[1, 2]) == \
        "5|1.5|abc|<b>x</b>|[1, 2]"
    assert render(env, "{{ t }}", t=True) == "True"
    text = "x" * LIMIT
    assert render(env, "{{ t }}", t=text) == text  # exactly the limit
    refused(env, "{{ t }}", t=text + "x")
    long_block = Markup(BIG)
    assert render(env, "{{ b }}", b=long_block) == BIG  # vanban's own blocks pass

    class Block(Markup):  # a kind of block
        pass

    assert render(env, "{{ b }}", b=Block(BIG)) == BIG
    assert len(render(env, "{{ n }}", n=2**12000)) == len(str(2**12000))


def test_a_list_is_printed_up_to_the_limit_as_it_prints(env):
    # «['…']»: 2 + the item + 2 = exactly 1.000.000 counted
    assert len(render(env, "{{ xs }}", xs=["x" * (LIMIT - 4)])) == LIMIT  # two brackets, two quotes
    refused(env, "{{ xs }}", xs=["x" * (LIMIT - 3)])
    refused(env, "{{ xs }}", xs=[True] * 40_000)  # 2 + 26 × 40.000 counted


def test_a_list_nested_past_fifty_levels_is_refused(env):
    deep = []
    for _ in range(50):  # 51 lists: the innermost at level 50
        deep = [deep]
    assert render(env, "{{ d }}", d=deep) == "[" * 51 + "]" * 51
    refused(env, "{{ d }}", d=[deep])


def test_jinjas_own_objects_are_never_printed(env):
    message = "thẻ in ra một phần bên trong của Jinja (như «self», «loop»), không phải dữ liệu"
    refused(env, "{{ self }}", message)
    refused(env, "{{ range }}", message)
    refused(env, "{% for x in xs %}{{ loop }}{% endfor %}", message, xs=[1])
    refused(env, "{% macro m() %}{% endmacro %}{{ m }}", message)


def test_an_environment_keeps_a_finalize_it_is_given_and_has_no_lipsum():
    assert "lipsum" not in bounds.BoundedEnvironment().globals
    assert "range" in bounds.BoundedEnvironment().globals
    given = bounds.BoundedEnvironment(finalize=lambda value: "F")
    # Jinja's own settings, given by position, are kept: here the block and variable marks
    marked = bounds.BoundedEnvironment("<%", "%>", "<<", ">>")
    assert marked.from_string("<% if true %><< 1 + 1 >><% endif %>{{ x }}").render() == "2{{ x }}"
    assert given.from_string("{{ 1 }}{{ self }}").render() == "FF"


# --------------------------------------------------------------------------
# rendering/bounds.py: operators


def test_exponents_stop_at_sixty_four(env):
    assert render(env, "{{ 2 ** 64 }}") == str(2**64)
    assert render(env, "{{ 2 ** -64 }}") == str(2**-64)
    refused(env, "{{ 2 ** 65 }}", "số mũ 65 quá lớn (tối đa 64)")
    refused(env, "{{ 2 ** -65 }}", "số mũ -65 quá lớn (tối đa 64)")
    refused(env, "{{ 2 ** 64.5 }}", "số mũ 64.5 quá lớn (tối đa 64)")
    assert render(env, "{{ 2.0 ** 64 }}") == str(2.0**64)
    assert render(env, "{{ 'ab' + 'c' }}|{{ 7 % 4 }}|{{ 3 * 4 }}") == "abc|3|12"


def test_a_power_that_would_pass_thirteen_thousand_bits_is_refused_before(env):
    # 250 bits × 52 = 13.000: allowed (the result has 12.949 bits); 251 bits × 52: refused
    assert render(env, "{{ (x ** 52)|string|length }}", x=2**249) == str(len(str(2**(249 * 52))))
    refused(env, "{{ x ** 52 }}", TOO_BIG, x=2**250)
    # 204 bits × 64 = 13.056: refused before, though the power itself (2**12992) would have 12.993 bits
    refused(env, "{{ x ** 64 }}", TOO_BIG, x=2**203)
    assert render(env, "{{ 0 ** 64 }}|{{ 1 ** 64 }}|{{ x ** 0 }}", x=2**250) == "0|1|1"
    # a big number times a small one is not a power
    assert render(env, "{{ x * 60 }}|{{ x + 60 }}", x=2**300) == f"{2**300 * 60}|{2**300 + 60}"


def test_a_product_of_integers_stops_at_thirteen_thousand_bits_counted_before(env):
    # 6.500 + 6.500 bits: allowed; 6.501 + 6.500 bits is refused before it is made, though
    # the product itself (2**12999) would have 13.000 bits
    assert render(env, "{{ (a * b)|string|length }}", a=2**6499, b=2**6499) == str(len(str(2**12998)))
    refused(env, "{{ a * b }}", TOO_BIG, a=2**6500, b=2**6499)
    refused(env, "{{ b * a }}", TOO_BIG, a=2**6500, b=2**6499)
    # a sum that passes the bits is refused after
    refused(env, "{{ a + 1 }}", TOO_BIG, a=2**13000 - 1)


def test_repeating_a_text_or_a_list_stops_at_the_limit(env):
    assert render(env, "{{ ('x' * 1000000)|length }}|{{ (1000000 * 'x')|length }}") == "1000000|1000000"
    refused(env, "{{ 'x' * 1000001 }}")
    refused(env, "{{ 1000001 * 'x' }}")
    refused(env, "{{ [1] * 1000001 }}")
    refused(env, "{{ (1, 2) * 500001 }}")
    refused(env, "{{ 500001 * (1, 2) }}")
    assert render(env, "{{ ([1, 2] * 500000)|length }}") == "1000000"
    # a long block once, or no times, is not made longer
    assert render(env, "{{ (b * 1)|length }}|{{ (1 * b)|length }}|{{ (b * 0)|length }}", b=BIG) == \
        f"{LIMIT + 5}|{LIMIT + 5}|0"


def test_adding_texts_or_lists_stops_at_the_limit(env):
    half = "x" * (LIMIT // 2)
    assert render(env, "{{ (a + b)|length }}", a=half, b=half) == "1000000"
    refused(env, "{{ a + b }}", a=half, b=half + "x")
    refused(env, "{{ a + b }}", a=[1] * 500_000, b=[1] * 500_001)
    refused(env, "{{ a + b }}", a=(1,) * 500_000, b=[1] * 500_001)
    # a long block with nothing added passes, on either side
    assert render(env, "{{ (b + '')|length }}|{{ ('' + b)|length }}", b=BIG) == f"{LIMIT + 5}|{LIMIT + 5}"
    refused(env, "{{ b + 'x' }}", b=BIG)


def test_percent_formatting_is_bounded_before_and_after(env):
    assert render(env, "{{ '%5s|' % 'ab' }}{{ '%s-%s' % (1, 2) }}") == "   ab|1-2"
    refused(env, "{{ '%1000001s' % 'x' }}")
    refused(env, "{{ '%*s' % (3, 'x') }}", "độ rộng «*» trong chuỗi định dạng % không dùng được trong mẫu")
    half = "x" * 600_000
    refused(env, "{% set r = '%s%s' % (a, a) %}{{ r|length }}", a=half)
    # a long block put in, or formatted with nothing, is not made longer
    assert render(env, "{% set r = '%s' % b %}{{ r|length }}", b=BIG) == str(LIMIT + 5)
    assert render(env, "{% set r = b % () %}{{ r|length }}", b=BIG) == str(LIMIT + 5)
    assert render(env, "{{ 17 % 5 }}") == "2"


def test_concatenation_with_a_tilde_stops_at_the_limit(env):
    assert render(env, "{{ 'a' ~ 'b' ~ 1 }}") == "ab1"
    half = "x" * (LIMIT // 2)
    assert render(env, "{% set r = a ~ b %}{{ r|length }}", a=half, b=half) == "1000000"
    refused(env, "{% set r = a ~ b %}{{ r|length }}", a=half, b=half + "x")
    refused(env, "{% set r = b ~ '' %}{{ r|length }}", b=BIG)


def test_concatenation_holds_only_text_to_the_limit():
    assert bounds._bounded_concat("ab") == "ab"
    assert bounds._bounded_concat(["x"] * (LIMIT + 1)) == ["x"] * (LIMIT + 1)
    assert bounds._bounded_concat("x" * LIMIT) == "x" * LIMIT
    with pytest.raises(SecurityError, match=TOO_LONG):
        bounds._bounded_concat("x" * (LIMIT + 1))


# --------------------------------------------------------------------------
# rendering/bounds.py: string methods called in a template


def test_string_methods_are_refused_before_they_pad_past_the_limit(env):
    assert render(env, "{{ 'ab'.ljust(4) }}|{{ 'ab'.rjust(4) }}|{{ '7'.zfill(3) }}") == "ab  |  ab|007"
    assert render(env, "{{ 'x'.ljust(1000000)|length }}") == "1000000"
    refused(env, "{{ 'x'.ljust(1000001) }}")
    # before: a long block padded to a width it already passes would not grow, and is refused still
    refused(env, "{% set r = b.center(1000001) %}{{ r|length }}", b=BIG)
    refused(env, "{% set r = b.replace('y', 'y', 0) ~ b.replace('yyyyy', 'yyyyyy', 1) %}{{ r|length }}", b=BIG)
    # after: a long block made no longer passes; a method that makes it longer does not
    assert render(env, "{% set r = b.upper() %}{{ r|length }}", b=BIG) == str(LIMIT + 5)
    assert render(env, "{% set r = 'y'.replace('y', b, 0) %}{{ r }}", b=BIG) == "y"
    assert render(env, "{% set r = 'x'.join([b]) %}{{ r|length }}", b="y" * (LIMIT - 1)) == str(LIMIT - 1)
    refused(env, "{% set r = b.expandtabs() %}{{ r|length }}", b="\t" * 125_001)
    # a method with no check of its own, made longer: «ß» upper-cased is «SS»
    refused(env, "{% set r = t.upper() %}{{ r|length }}", t="ß" * 500_001)
    assert render(env, "{{ t.upper()|length }}", t="ß" * 500_000) == "1000000"


def test_a_string_join_is_measured_first_and_takes_any_iterable(env):
    assert render(env, "{{ ','.join(xs|map('string')) }}", xs=[1, 2, 3]) == "1,2,3"
    assert render(env, "{{ ','.join(xs) }}", xs=iter(["a", "b"])) == "a,b"
    refused(env, "{% set r = ''.join([b]) %}{{ r|length }}", b=BIG)
    refused(env, "{% set r = '-'.join(xs) %}{{ r|length }}", xs=["x" * 500_000, "x" * 500_000])
    # separators alone past the limit: the result is no longer than the list it joins, refused still
    refused(env, "{% set r = 'x'.join(xs) %}{{ r|length }}", xs=[""] * (LIMIT + 2))
    assert render(env, "{{ 'x'.join(xs)|length }}", xs=[""] * (LIMIT + 1)) == "1000000"
    with pytest.raises(TypeError):  # Python's own error for a join given two things
        render(env, "{{ ''.join(['a'], 'b') }}")


def test_str_format_is_bounded_by_its_widths_and_its_result(env):
    assert render(env, "{{ '{0:>4}|{a}'.format('x', a=1) }}") == "   x|1"
    assert render(env, "{{ '{a}'.format_map({'a': 2}) }}") == "2"
    refused(env, "{{ '{0:>1000001}'.format('x') }}")
    refused(env, "{{ '{0:{1}}'.format('x', 5) }}", "định dạng lồng «{…{…}}» không dùng được trong mẫu")
    half = "x" * 600_000
    refused(env, "{% set r = '{0}{0}'.format(a) %}{{ r|length }}", a=half)
    # a long block put in, or a long format, is not made longer
    assert render(env, "{% set r = '{0}'.format(b) %}{{ r|length }}", b=BIG) == str(LIMIT + 5)
    assert render(env, "{% set r = b.format() %}{{ r|length }}", b=BIG) == str(LIMIT + 5)
    # a format longer than the limit that makes a short text is no long result
    assert render(env, "{{ f.format('')|length }}", f="{0:.0}" * 166_667) == "0"
    assert render(env, "{{ 'ab'.upper() }}") == "AB"


# --------------------------------------------------------------------------
# rendering/bounds.py: filters


def test_the_center_filter_is_refused_before_it_pads_past_the_limit(env):
    assert render(env, "{{ 'ab'|center(6) }}|{{ 'ab'|center }}|") == "  ab  |" + "ab".center(80) + "|"
    assert render(env, "{{ ('x'|center(1000000))|length }}") == "1000000"
    refused(env, "{{ 'x'|center(1000001) }}")
    refused(env, "{% set r = b|center(1000001) %}{{ r|length }}", b=BIG)
    refused(env, "{% set r = b|center(width=1000001) %}{{ r|length }}", b=BIG)


def test_the_indent_filter_counts_every_line_at_its_width(env):
    # four spaces by default, on each of the two lines: 999.992 + 8
    assert len(render(env, "{{ t|indent }}", t="x" * (LIMIT - 9) + "\n")) == LIMIT - 8
    refused(env, "{% set r = t|indent %}{{ r|length }}", t="x" * (LIMIT - 8) + "\n")
    assert render(env, "{{ 'a\nb'|indent(2) }}") == "a\n  b"
    # a width given as text counts its characters
    assert len(render(env, "{{ t|indent('--') }}", t="x" * (LIMIT - 2))) == LIMIT - 2
    refused(env, "{% set r = t|indent('--') %}{{ r|length }}", t="x" * (LIMIT - 1))
    refused(env, "{% set r = t|indent(width=2) %}{{ r|length }}", t="x" * (LIMIT - 1))
    refused(env, "{% set r = b|indent(1) %}{{ r|length }}", b=BIG)
    with pytest.raises(TypeError):  # a width that is neither: Jinja's own error, not a bound
        render(env, "{{ t|indent(2.5) }}", t="x" * LIMIT)


def test_the_wordwrap_filter_counts_a_break_for_every_width(env):
    words = "abcd " * 197_499 + "abcd"  # 987.499 characters: + 12.500 breaks of 79 = 999.999
    wrapped = render(env, "{{ t|wordwrap }}", t=words)
    assert len(wrapped) == len(words) and wrapped.split("\n")[0] == " ".join(["abcd"] * 16)
    refused(env, "{{ t|wordwrap }}", t=words + "x")  # 987.500: 12.501 breaks
    assert len(render(env, "{{ t|wordwrap(1000000) }}", t="x" * (LIMIT - 1))) == LIMIT - 1
    refused(env, "{{ t|wordwrap(1000000) }}", t="x" * LIMIT)
    # a break text given by position or by name, at every width of one
    refused(env, "{{ 'a'|wordwrap(1, true, w) }}", w="y" * 500_000)
    refused(env, "{{ 'a'|wordwrap(1, wrapstring=w) }}", w="y" * 500_000)
    refused(env, "{{ 'a'|wordwrap(width=1, wrapstring=w) }}", w="y" * 500_000)
    refused(env, "{{ 'a'|wordwrap(0, wrapstring=w) }}", w="y" * 500_000)
    assert render(env, "{{ t|wordwrap(1, wrapstring=w) }}", t="x" * 999, w="y" * 999) == ("y" * 999).join("x" * 999)
    refused(env, "{{ t|wordwrap(1, wrapstring=w) }}", t="x" * 999, w="y" * 1000)


def test_the_format_filter_refuses_a_star_width(env):
    assert render(env, "{{ '%s-%s'|format(1, 2) }}") == "1-2"
    refused(env, "{{ '%*s'|format(3, 'x') }}", "độ rộng «*» trong chuỗi định dạng % không dùng được trong mẫu")
    refused(env, "{{ '%1000001s'|format('x') }}")


def test_the_join_filter_is_measured_first_and_takes_any_iterable(env):
    assert render(env, "{{ xs|map('string')|join(',') }}", xs=[1, 2]) == "1,2"
    assert render(env, "{{ xs|join }}|{{ xs|join(d='-') }}", xs=["a", "b"]) == "ab|a-b"
    refused(env, "{% set r = [b]|join %}{{ r|length }}", b=BIG)
    # True is counted as 24 characters: 41.667 of them pass the limit before they are joined
    refused(env, "{% set r = xs|join %}{{ r|length }}", xs=[True] * 41_667)
    half = "x" * (LIMIT // 2)
    assert render(env, "{% set r = [a, a]|join %}{{ r|length }}", a=half) == "1000000"
    refused(env, "{% set r = [a, a]|join(',') %}{{ r|length }}", a=half)
    refused(env, "{% set r = [a, a]|join(d=',') %}{{ r|length }}", a=half)


def test_the_replace_filter_is_measured_first(env):
    assert render(env, "{{ 'aXa'|replace('a', 'bb') }}|{{ 'aaa'|replace('a', 'b', 2) }}") == "bbXbb|bba"
    refused(env, "{% set r = 'x'|replace('x', b) %}{{ r|length }}", b=BIG)
    text = "x" * (LIMIT - 1)
    assert render(env, "{% set r = t|replace('x', 'yy', 1) %}{{ r|length }}", t=text) == str(LIMIT)
    refused(env, "{% set r = t|replace('x', 'yy', 2) %}{{ r|length }}", t=text)


@pytest.mark.parametrize("name, key", [("batch", "linecount"), ("slice", "slices")])
def test_batch_and_slice_stop_at_a_hundred_thousand_items(env, name, key):
    assert render(env, f"{{{{ [1]|{name}(100000)|list|length }}}}") in ("1", "100000")
    message = f"bộ lọc «{name}» với 100001 phần tử quá lớn (tối đa 100.000)"
    refused(env, f"{{{{ [1]|{name}(100001)|list }}}}", message)
    refused(env, f"{{{{ [1]|{name}({key}=100001)|list }}}}", message)


@pytest.mark.parametrize("name", ["string", "pprint", "list", "urlize", "striptags", "escape", "e", "forceescape"])
def test_filters_that_print_their_value_are_refused_for_a_long_one(env, name):
    refused(env, f"{{% set r = b|{name} %}}{{{{ r|length }}}}", b=BIG)
    assert render(env, f"{{{{ 'ab'|{name}|length }}}}") == ("4" if name == "pprint" else "2")  # pprint: «'ab'»


def test_tojson_is_refused_for_a_value_that_prints_past_the_limit(env):
    refused(env, "{% set r = xs|tojson %}{{ r|length }}", xs=[True] * 40_000)
    assert render(env, "{{ [1, 'a']|tojson }}") == '[1, "a"]'


def test_a_filter_that_makes_its_value_longer_is_refused_after(env):
    refused(env, "{% set r = t|urlencode %}{{ r|length }}", t="é" * 200_000)  # 6 characters each
    # a long block passed through a filter, as its value or as an argument, is not made longer
    assert render(env, "{% set r = b|lower %}{{ r|length }}", b=BIG) == str(LIMIT + 5)
    assert render(env, "{% set r = none|default(b, true) %}{{ r|length }}", b=BIG) == str(LIMIT + 5)
    assert render(env, "{{ 'Ab'|lower }}") == "ab"


# --------------------------------------------------------------------------
# rendering/bounds.py: the whole document


def test_a_document_stops_at_fifty_million_characters_and_says_where(env):
    template = "a\nb\n{% for i in range(49) %}{{ s }}{% endfor %}{{ t }}"
    s = "x" * LIMIT
    # 4 + 49 × 1.000.000 + 999.996 = 50.000.000 exactly
    assert len(env.from_string(template).render(s=s, t="x" * (LIMIT - 4))) == 50 * LIMIT
    exc = refused(env, template, "văn bản dựng ra quá 50.000.000 ký tự", s=s, t="x" * (LIMIT - 3))
    assert exc.output_line == 3  # two lines printed before the text that passed the limit
    exc = refused(env, "{% for i in range(n) %}{{ s }}\n{% endfor %}", "văn bản dựng ra quá 50.000.000 ký tự",
                  n=51, s="x" * (LIMIT - 1))
    assert exc.output_line == 51  # fifty lines of 999.999 + «\n» printed: the 51st passed the limit


def test_a_document_is_rendered_from_a_dict_and_names(env):
    assert env.from_string("{{ a }}{{ b }}").render({"a": 1}, b=2) == "12"
    assert env.from_string("{{ a }}").render() == ""


# --------------------------------------------------------------------------
# rendering/bounds.py: what a template is found to do whatever its data


def found(env, source):
    return env.beyond_bounds(env.parse(source))


def test_exponents_past_sixty_four_are_found_in_the_tags(env):
    assert found(env, "{{ x ** 65 }}") == [(1, "số mũ 65 quá lớn (tối đa 64)")]
    assert found(env, "\n{{ x ** -65 }}") == [(2, "số mũ -65 quá lớn (tối đa 64)")]
    assert found(env, "{{ x ** 64.5 }}") == [(1, "số mũ 64.5 quá lớn (tối đa 64)")]
    assert found(env, "{{ x ** (5 * 13) }}") == [(1, "số mũ 65 quá lớn (tối đa 64)")]
    assert found(env, "{{ x ** (2 ** 7) }}") == [(1, "số mũ 128 quá lớn (tối đa 64)")]
    assert found(env, "{{ x ** 64 }}{{ x ** -64 }}{{ x ** -'a' }}{{ x ** y }}") == []
    assert found(env, "{{ x ** (2 ** -7) }}{{ x ** (w ** 7) }}{{ x ** (8 * 8) }}") == []


def test_powers_and_products_of_constants_are_worked_out_within_the_bits(env):
    # (2 ** 6) ** 3 = 262.144 > 64; a power past 13.000 bits is not worked out
    assert found(env, "{{ x ** (4 ** 4) }}") == [(1, "số mũ 256 quá lớn (tối đa 64)")]
    assert found(env, f"{{{{ x ** ({2**250} ** 52) }}}}") == []  # 251 × 52 > 13.000: not worked out
    assert found(env, f"{{{{ x ** ({2**249} ** 52) }}}}") == [(1, f"số mũ {(2**249)**52} quá lớn (tối đa 64)")]
    assert found(env, "{{ x ** (2 ** 65) }}") == [(1, "số mũ 65 quá lớn (tối đa 64)")]  # the inner power only
    assert found(env, "{{ x ** (0 ** 64) }}{{ x ** (1 ** 64) }}") == []
    assert found(env, "{{ x ** (3 ** 0 * 65) }}") == [(1, "số mũ 65 quá lớn (tối đa 64)")]
    assert found(env, "{{ 'x' * (1000 * 1001) }}") == [(1, TOO_LONG)]
    # an exponent of 64 is still worked out: 2 ** 64 repetitions are found
    assert found(env, "{{ 'x' * (2 ** 64) }}") == [(1, TOO_LONG)]
    big_a, big_b = 2**6499, 2**6500
    assert found(env, f"{{{{ x ** ({big_a} * {big_a}) }}}}") == [(1, f"số mũ {big_a * big_a} quá lớn (tối đa 64)")]
    assert found(env, f"{{{{ x ** ({big_b} * {big_a}) }}}}") == []  # 13.001 bits: not worked out


def test_repeated_texts_past_the_limit_are_found_in_the_tags(env):
    assert found(env, "{{ 'x' * 1000001 }}") == [(1, TOO_LONG)]
    assert found(env, "{{ 1000001 * 'x' }}") == [(1, TOO_LONG)]
    assert found(env, "{{ 'ab' * 500001 }}") == [(1, TOO_LONG)]
    assert found(env, "{{ 'ab' * 500000 }}{{ 'x' * 1000000 }}{{ x * 1000001 }}{{ 'x' * y }}{{ 2 * 3 }}") == []
    assert found(env, "{{ 'x' * 'y' }}{{ [1] * 1000001 }}") == []


def test_printf_and_format_widths_are_found_in_the_tags(env):
    star = "độ rộng «*» trong chuỗi định dạng % không dùng được trong mẫu"
    assert found(env, "{{ '%1000001s' % x }}") == [(1, TOO_LONG)]
    assert found(env, "\n\n{{ '%*s' % x }}") == [(3, star)]
    assert found(env, "{{ '%5s' % x }}{{ x % 5 }}{{ y % x }}") == []
    assert found(env, "{{ '%1000001s'|format(x) }}") == [(1, TOO_LONG)]
    assert found(env, "{{ '%*s'|format(x) }}") == [(1, star)]
    assert found(env, "{{ '%5s'|format(x) }}{{ y|format(x) }}{{ '%*s'|upper }}") == []
    assert found(env, "{{ '{0:>1000001}'.format(x) }}") == [(1, TOO_LONG)]
    assert found(env, "{{ '{a:>1000001}'.format_map(x) }}") == [(1, TOO_LONG)]
    assert found(env, "{{ '{0:{1}}'.format(x, 5) }}") == [(1, "định dạng lồng «{…{…}}» không dùng được trong mẫu")]
    assert found(env, "{{ '{0:>5}'.format(x) }}{{ y.format(x) }}{{ '{0:>1000001}'.upper() }}") == []


@pytest.mark.parametrize("method", ["ljust", "rjust", "center", "zfill"])
def test_padding_methods_past_the_limit_are_found_in_the_tags(env, method):
    assert found(env, f"{{{{ x.{method}(1000001) }}}}") == [(1, TOO_LONG)]
    assert found(env, f"{{{{ x.{method}(1000000) }}}}{{{{ x.{method}() }}}}{{{{ x.{method}(y) }}}}") == []
    assert found(env, f"{{{{ x.{method}('1000001') }}}}{{{{ f(1000001) }}}}") == []


def test_filters_past_the_limits_are_found_in_the_tags(env):
    assert found(env, "{{ x|center(1000001) }}") == [(1, TOO_LONG)]
    assert found(env, "{{ x|indent(1000001) }}") == [(1, TOO_LONG)]
    assert found(env, "{{ x|center(1000000) }}{{ x|indent(1000000) }}{{ x|center }}{{ x|wordwrap(1000001) }}") == []
    assert found(env, "{{ x|batch(100001) }}") == [(1, "bộ lọc «batch» với 100001 phần tử quá lớn")]
    assert found(env, "{{ x|slice(100001) }}") == [(1, "bộ lọc «slice» với 100001 phần tử quá lớn")]
    assert found(env, "{{ x|batch(100000) }}{{ x|slice(y) }}{{ x|center('1000001') }}") == []
    # a filter block has no value of its own to look at
    assert found(env, "{% filter format(x) %}%*s{% endfilter %}") == []


def test_every_finding_is_reported_with_its_line(env):
    source = "{{ x ** 65 }}\n{{ 'x' * 1000001 }}\n{{ x|batch(100001) }}"
    assert found(env, source) == [(1, "số mũ 65 quá lớn (tối đa 64)"), (2, TOO_LONG),
                                  (3, "bộ lọc «batch» với 100001 phần tử quá lớn")]


# --------------------------------------------------------------------------
# ooxml/layout.py: a paragraph's properties where the schema puts them


from vanban.ooxml import layout  # noqa: E402


def test_keep_next_goes_after_the_style_and_before_everything_else():
    keep = layout._keep_next
    assert keep('<w:p><w:pPr><w:keepNext/></w:pPr></w:p>') == '<w:p><w:pPr><w:keepNext/></w:pPr></w:p>'
    assert keep('<w:p><w:pPr><w:pStyle w:val="A"/><w:jc w:val="both"/></w:pPr></w:p>') == \
        '<w:p><w:pPr><w:pStyle w:val="A"/><w:keepNext/><w:jc w:val="both"/></w:pPr></w:p>'
    assert keep('<w:p w:rsidR="01"><w:pPr><w:jc w:val="both"/></w:pPr></w:p>') == \
        '<w:p w:rsidR="01"><w:pPr><w:keepNext/><w:jc w:val="both"/></w:pPr></w:p>'
    assert keep('<w:p><w:r><w:t>a</w:t></w:r></w:p>') == \
        '<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>'


CLOSING_TABLE = '<w:tbl><w:tblPr><w:tblCaption w:val="vanban-phan-cuoi"/></w:tblPr><w:tr/></w:tbl>'


def para(text: str = "") -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" if text else "<w:p></w:p>"


def kept(text: str = "") -> str:
    inner = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    return f"<w:p><w:pPr><w:keepNext/></w:pPr>{inner}</w:p>"


def test_the_last_text_and_the_empty_paragraphs_after_it_keep_with_the_signature():
    # the closing block's own paragraph (kept already), an empty one, the last text; not the one before
    own = layout.wml.Para(keep_next=True).xml()
    xml = para("Trước") + para("Cuối") + para() + own + CLOSING_TABLE
    assert layout.keep_closing_with_body(xml) == para("Trước") + kept("Cuối") + kept() + own + CLOSING_TABLE
    # a text of spaces is empty: the paragraph before it is kept as well
    xml = para("Trước") + para("Cuối") + para("  ") + CLOSING_TABLE
    assert layout.keep_closing_with_body(xml) == para("Trước") + kept("Cuối") + kept("  ") + CLOSING_TABLE
    xml = para("Một") + para("Hai") + CLOSING_TABLE
    assert layout.keep_closing_with_body(xml) == para("Một") + kept("Hai") + CLOSING_TABLE


def test_nothing_keeps_with_a_signature_that_is_not_there_or_follows_no_paragraph():
    xml = para("Một") + para("Hai")
    assert layout.keep_closing_with_body(xml) == xml
    xml = para("Một") + "<w:tbl><w:tr/></w:tbl>" + CLOSING_TABLE
    assert layout.keep_closing_with_body(xml) == xml
    assert layout.keep_closing_with_body(CLOSING_TABLE) == CLOSING_TABLE
    # a paragraph holding a text box (a paragraph inside it) is left as it is
    box = "<w:p><w:r><w:txbxContent><w:p><w:r><w:t>x</w:t></w:r></w:p></w:txbxContent></w:r></w:p>"
    assert layout.keep_closing_with_body(para("Một") + box + CLOSING_TABLE) == para("Một") + box + CLOSING_TABLE


def test_properties_are_set_on_or_off_in_the_schemas_order():
    props = layout.with_properties
    assert props("<w:p/>", keepNext=True) == "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>"
    assert props("<w:p><w:r/></w:p>", widowControl=False) == \
        '<w:p><w:pPr><w:widowControl w:val="0"/></w:pPr><w:r/></w:p>'
    paragraph = ('<w:p><w:pPr><w:pStyle w:val="A"/><w:keepNext/><w:spacing w:after="0"/><w:jc w:val="both"/>'
                 '</w:pPr><w:r/></w:p>')
    assert props(paragraph, widowControl=False, keepLines=True, keepNext=False) == (
        '<w:p><w:pPr><w:pStyle w:val="A"/><w:keepNext w:val="0"/><w:keepLines/><w:widowControl w:val="0"/>'
        '<w:spacing w:after="0"/><w:jc w:val="both"/></w:pPr><w:r/></w:p>')
    # before a property that comes later, after one that comes earlier
    assert props('<w:p><w:pPr><w:widowControl/></w:pPr></w:p>', keepLines=True, pageBreakBefore=False) == \
        '<w:p><w:pPr><w:keepLines/><w:pageBreakBefore w:val="0"/><w:widowControl/></w:pPr></w:p>'
    assert props('<w:p><w:pPr><w:keepNext/><w:ind w:left="0"/></w:pPr></w:p>', keepLines=True) == \
        '<w:p><w:pPr><w:keepNext/><w:keepLines/><w:ind w:left="0"/></w:pPr></w:p>'
    # a paragraph whose properties carry attributes keeps them
    assert props('<w:p w:rsidR="1"><w:pPr w:rsidR="2"><w:jc w:val="left"/></w:pPr></w:p>', keepNext=True) == \
        '<w:p w:rsidR="1"><w:pPr w:rsidR="2"><w:keepNext/><w:jc w:val="left"/></w:pPr></w:p>'


def test_the_date_is_joined_by_no_break_spaces_after_the_place():
    nb = "\u00a0"
    assert layout._whole_date(("ngay_thang", "Thị xã Long Mỹ, ngày 05 tháng 7 năm 2024")) == \
        ("ngay_thang", f"Thị xã Long Mỹ, ngày{nb}05{nb}tháng{nb}7{nb}năm{nb}2024")
    assert layout._whole_date(("ngay_thang", "A, B, ngày 5")) == ("ngay_thang", f"A, B, ngày{nb}5")
    assert layout._whole_date(("ngay_thang", "ngày 05 tháng 7")) == ("ngay_thang", "ngày 05 tháng 7")


def test_a_heading_a_kept_paragraph_or_an_empty_one_holds_no_page_alone():
    assert layout._heading_or_empty('<w:p><w:pPr><w:pStyle w:val="VBMuc"/></w:pPr>' + para("I.")[5:])
    assert layout._heading_or_empty('<w:p><w:pPr><w:pStyle w:val="VBMucNho"/></w:pPr><w:r><w:t>1.</w:t></w:r></w:p>')
    assert layout._heading_or_empty('<w:p><w:pPr><w:pStyle w:val="VBTieuDeBang"/></w:pPr><w:r><w:t>B</w:t></w:r></w:p>')
    assert layout._heading_or_empty(kept("Văn bản"))
    assert layout._heading_or_empty(para("   ")) and layout._heading_or_empty("<w:p/>")
    assert not layout._heading_or_empty(para("Văn bản"))
    assert not layout._heading_or_empty('<w:p><w:pPr><w:pStyle w:val="VBNoiDung"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>')


def test_the_turned_page_swaps_its_sides_and_drops_the_first_page_header():
    sect = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134"/><w:titlePg/></w:sectPr>'
    assert layout._turned(sect) == \
        '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134"/></w:sectPr>'
    # sides in any order, or none given (A4)
    assert layout._turned('<w:pgSz w:h="12000" w:w="11000"/>') == \
        '<w:pgSz w:w="12000" w:h="11000" w:orient="landscape"/>'
    assert layout._turned('<w:pgSz/><w:titlePg w:val="1"/>') == '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'


SECT = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:titlePg/></w:sectPr>'
TURNED = '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr>'
PORTRAIT = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
WIDE = "<w:tbl><w:tr/></w:tbl>" + layout.LANDSCAPE_END.join(["<w:p><w:pPr>", "</w:pPr></w:p>"])


def test_a_wide_table_gets_a_landscape_section_between_two_portrait_ones():
    xml = para("Trước") + layout.LANDSCAPE_START + WIDE + para("Sau") + SECT
    assert layout.landscape_sections(xml) == (
        "<w:p><w:pPr>" + SECT + "</w:pPr><w:r><w:t>Trước</w:t></w:r></w:p>" + "<w:tbl><w:tr/></w:tbl>"
        + "<w:p><w:pPr>" + TURNED + "</w:pPr></w:p>" + para("Sau") + PORTRAIT)


def test_a_section_ends_on_an_empty_paragraph_or_on_a_paragraph_of_its_own():
    # a self-closed paragraph before the table takes the section's end
    xml = "<w:p/>" + layout.LANDSCAPE_START + WIDE + SECT
    assert layout.landscape_sections(xml).startswith("<w:p><w:pPr>" + SECT + "</w:pPr></w:p><w:tbl>")
    # a paragraph whose properties are being tracked: the end goes before the change
    tracked = '<w:p><w:pPr><w:jc w:val="both"/><w:pPrChange w:id="1"/></w:pPr></w:p>'
    out = layout.landscape_sections(tracked + layout.LANDSCAPE_START + WIDE + SECT)
    assert out.startswith('<w:p><w:pPr><w:jc w:val="both"/>' + SECT + '<w:pPrChange w:id="1"/></w:pPr></w:p>')
    # after a table, or a picture, a small paragraph of its own ends the section
    out = layout.landscape_sections("<w:tbl><w:tr/></w:tbl>" + layout.LANDSCAPE_START + WIDE + SECT)
    assert out.startswith("<w:tbl><w:tr/></w:tbl>" + layout._BREAK_PARAGRAPH.format(SECT) + "<w:tbl>")
    picture = "<w:p><w:r><w:drawing/></w:r></w:p>"
    out = layout.landscape_sections(picture + layout.LANDSCAPE_START + WIDE + SECT)
    assert out.startswith(picture + layout._BREAK_PARAGRAPH.format(SECT) + "<w:tbl>")
    # at the very start of the body
    out = layout.landscape_sections(layout.LANDSCAPE_START + WIDE + SECT)
    assert out.startswith(layout._BREAK_PARAGRAPH.format(SECT) + "<w:tbl>")


def test_a_tables_title_goes_with_it_onto_the_landscape_page():
    title = '<w:p><w:pPr><w:pStyle w:val="VBTieuDeBang"/></w:pPr><w:r><w:t>Kết quả</w:t></w:r></w:p>'
    out = layout.landscape_sections(para("Trước") + title + layout.LANDSCAPE_START + WIDE + SECT)
    assert out.startswith("<w:p><w:pPr>" + SECT + "</w:pPr><w:r><w:t>Trước</w:t></w:r></w:p>" + title)
    # or a title that says «Bảng 2» in any style
    title = para("Bảng\u00a02. Kết quả")
    out = layout.landscape_sections(para("Trước") + title + layout.LANDSCAPE_START + WIDE + SECT)
    assert out.startswith("<w:p><w:pPr>" + SECT + "</w:pPr><w:r><w:t>Trước</w:t></w:r></w:p>" + title)
    # text that is not a title ends the portrait page itself
    out = layout.landscape_sections(para("Trước") + para("Bảng kê") + layout.LANDSCAPE_START + WIDE + SECT)
    assert out.startswith(para("Trước") + "<w:p><w:pPr>" + SECT + "</w:pPr><w:r><w:t>Bảng kê</w:t></w:r></w:p>")


def test_two_wide_tables_with_only_headings_between_share_one_landscape_page():
    heading = '<w:p><w:pPr><w:pStyle w:val="VBMuc"/></w:pPr><w:r><w:t>II.</w:t></w:r></w:p>'
    xml = para("Trước") + layout.LANDSCAPE_START + WIDE + heading + layout.LANDSCAPE_START + WIDE + SECT
    out = layout.landscape_sections(xml)
    assert out.count("<w:sectPr>") == 3  # the portrait text, one landscape page, the body's own
    assert out.count(TURNED) == 1 and out.index(TURNED) > out.index("II.")
    # with text between, each has its own
    xml = para("Trước") + layout.LANDSCAPE_START + WIDE + para("Giữa") + layout.LANDSCAPE_START + WIDE + SECT
    out = layout.landscape_sections(xml)
    assert out.count(TURNED) == 2 and out.count("<w:sectPr>") == 5


def test_landscape_marks_without_a_body_section_are_dropped():
    xml = para("a") + layout.LANDSCAPE_START + WIDE
    assert layout.landscape_sections(xml) == para("a") + "<w:tbl><w:tr/></w:tbl><w:p><w:pPr></w:pPr></w:p>"
    assert layout.landscape_sections(para("a") + SECT) == para("a") + SECT
    assert layout.page_flow(para("a") + SECT) == para("a") + SECT
    # a body whose last section is already the landscape end: the marks go, nothing is turned
    xml = para("a") + layout.LANDSCAPE_START + "<w:tbl><w:tr/></w:tbl>" + layout.LANDSCAPE_END
    assert layout.landscape_sections(xml) == para("a") + "<w:tbl><w:tr/></w:tbl>"


# --------------------------------------------------------------------------
# ooxml/layout.py: pictures and their captions


PIC = '<w:p><w:r><w:drawing/></w:r></w:p>'


def cap(n: int = 1) -> str:
    return f"<w:p><w:r><w:t>Hình {n}. Kết quả</w:t></w:r></w:p>"


def test_a_picture_without_a_caption_or_a_body_without_pictures_is_left_alone():
    for xml in [para("Hình 1. Kết quả") + para("x"), PIC + para("Kết quả"), PIC + "<w:tbl/>" + cap(),
                PIC + para("Hình ảnh"), PIC + para("Sơ đồ tổ chức")]:
        assert layout.keep_figures_with_captions(xml) == xml
    # a text box is not a picture
    box = '<w:p><w:r><w:drawing/><w:txbxContent/></w:r></w:p>'
    assert layout.keep_figures_with_captions(box + cap()) == box + cap()


def test_a_caption_under_a_picture_keeps_it_whatever_its_word():
    for caption in [cap(1), para("Biểu đồ 2: tỷ lệ"), para("Sơ đồ\u00a03"), para("  Hình 4")]:
        out = layout.keep_figures_with_captions(PIC + caption + para("Sau"))
        assert out == (layout.with_properties(PIC, keepNext=True, widowControl=False)
                       + layout.with_properties(caption, keepNext=False, keepLines=True) + para("Sau")), caption


def test_captions_over_their_pictures_keep_with_them():
    out = layout.keep_figures_with_captions(para("Trước") + cap(1) + PIC + cap(2) + PIC)
    assert out == (para("Trước") + layout.with_properties(cap(1), keepNext=True, keepLines=True)
                   + layout.with_properties(PIC, widowControl=False)
                   + layout.with_properties(cap(2), keepNext=True, keepLines=True)
                   + layout.with_properties(PIC, widowControl=False))
    # under, as the last picture shows: the caption after each picture is its own
    out = layout.keep_figures_with_captions(PIC + cap(1) + PIC + cap(2))
    assert out == "".join(
        layout.with_properties(PIC, keepNext=True, widowControl=False)
        + layout.with_properties(cap(n), keepNext=False, keepLines=True) for n in (1, 2))


def test_a_caption_apart_from_its_picture_is_not_its_caption():
    xml = PIC + "<w:bookmarkStart/>" + cap(1)
    assert layout.keep_figures_with_captions(xml) == xml
    xml = cap(1) + "<w:bookmarkEnd/>" + PIC
    assert layout.keep_figures_with_captions(xml) == xml
    # whitespace between is no gap
    out = layout.keep_figures_with_captions(PIC + "\n  " + cap(1))
    assert out == (layout.with_properties(PIC, keepNext=True, widowControl=False) + "\n  "
                   + layout.with_properties(cap(1), keepNext=False, keepLines=True))


def test_panels_are_split_only_where_marked_and_keep_their_properties():
    run = "<w:r><w:drawing/></w:r>"
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>'
    panels = f"<w:p>{ppr}{run}{layout.PANEL_BREAK}{run}</w:p>"
    out = layout._panels_apart(para("a") + panels + para("b"))
    assert out == (para("a") + layout.with_properties(f"<w:p>{ppr}{run}</w:p>", keepNext=False, widowControl=False)
                   + f"<w:p>{ppr}{run}</w:p>" + para("b"))
    # without properties of its own
    out = layout._panels_apart(f"<w:p>{run}{layout.PANEL_BREAK}{run}</w:p>")
    assert out == layout.with_properties(f"<w:p>{run}</w:p>", keepNext=False, widowControl=False) + f"<w:p>{run}</w:p>"
    assert layout._panels_apart(para("a")) == para("a")
    # a picture of panels keeps only its last with the caption
    out = layout.keep_figures_with_captions(f"<w:p>{run}{layout.PANEL_BREAK}{run}</w:p>" + cap(1))
    assert out == (layout.with_properties(f"<w:p>{run}</w:p>", keepNext=False, widowControl=False)
                   + layout.with_properties(f"<w:p>{run}</w:p>", keepNext=True, widowControl=False)
                   + layout.with_properties(cap(1), keepNext=False, keepLines=True))


# --------------------------------------------------------------------------
# ooxml/layout.py: tables of figures, the closing block, the header's rules


from docx.oxml.ns import nsdecls  # noqa: E402
from lxml import etree  # noqa: E402

from vanban.data.profiles import load_profile  # noqa: E402
from vanban.ooxml import wml  # noqa: E402
from vanban.ooxml.measure import width_mm  # noqa: E402
from vanban.rendering.content import Frame, Table  # noqa: E402
from vanban.rendering.look import look_of  # noqa: E402

DANG = look_of(load_profile("dang"))  # A4, margins 20/20/30/15 mm, body 14 pt, tables 12 pt, after 6 pt
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def tree(xml: str):
    root = etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')
    assert root.text is None and all(c.tail is None for c in root)  # blocks and nothing between them
    return root


def val(el, path: str, attr: str = "val"):
    found = el.find(path.replace("w:", f"{{{W}}}"))
    if found is None:
        return None
    return found.get(w(attr), "on" if attr == "val" else None)  # an on/off element without w:val is on


SMALL = Table(headers=("STT", "Đơn vị", "Số"), rows=(("1", "Chi bộ A", "2"), ("2", "Chi bộ B", "3")),
              total=("", "Tổng cộng", "5"))


def test_a_table_of_figures_repeats_its_heading_and_never_splits_a_row():
    body = tree(layout.data_table(SMALL, DANG))
    table = body.find(w("tbl"))
    rows = table.findall(w("tr"))
    assert len(rows) == 4
    assert [val(r, "w:trPr/w:cantSplit") for r in rows] == ["on"] * 4
    assert [val(r, "w:trPr/w:tblHeader") for r in rows] == ["on", None, None, None]
    assert [val(r, "w:trPr/w:trHeight") for r in rows] == [None] * 4
    # the heading and the total bold, the rest not; all at the table size (12 pt), no szCs
    assert [[val(c, "w:p/w:r/w:rPr/w:b") for c in r.findall(w("tc"))] for r in rows] == \
        [["on"] * 3, ["0"] * 3, ["0"] * 3, ["on"] * 3]
    assert {val(r, "w:rPr/w:sz") for r in table.iter(w("r"))} == {"24"}
    assert not list(table.iter(w("szCs")))
    # the heading centred; then the number and the figures centred, the name on the left
    assert [[val(c, "w:p/w:pPr/w:jc") for c in r.findall(w("tc"))] for r in rows] == \
        [["center"] * 3] + [["center", "left", "center"]] * 3
    # the heading keeps with the first row, the total with the text after; the rows between flow
    assert [val(r, "w:tc/w:p/w:pPr/w:keepNext") for r in rows] == ["on", "0", "0", "on"]
    assert {val(c, "w:tcPr/w:vAlign") for c in table.iter(w("tc"))} == {"center"}
    assert [m.get(w("w")) for m in table.find(w("tblPr")).find(w("tblCellMar"))] == [str(wml.twips_mm(1))] * 2
    assert val(table, "w:tblPr/w:tblBorders/w:top") == "single"
    # the paragraph after: 6 pt from the border, kept with the table's last row
    after = body.findall(w("p"))
    assert len(after) == 1
    assert val(after[0], "w:pPr/w:keepNext") == "on" and val(after[0], "w:pPr/w:spacing", "before") == "120"
    widths = [int(c.get(w("w"))) for c in table.find(w("tblGrid"))]
    assert sum(widths) == pytest.approx(wml.twips_mm(165), abs=3)  # the text width: 210 − 30 − 15 mm


def test_a_tables_rows_of_one_group_keep_together_and_rows_to_sign_are_high():
    table = Table(headers=SMALL.headers, rows=SMALL.rows + (("3", "Chi bộ C", "4"),), groups=(1, 1, 2),
                  row_height_mm=10)
    body = tree(layout.data_table(table, DANG))
    rows = body.find(w("tbl")).findall(w("tr"))
    # the last row keeps with the text after; the first two, one group, together
    assert [val(r, "w:tc/w:p/w:pPr/w:keepNext") for r in rows] == ["on", "on", "0", "on"]
    assert [val(r, "w:trPr/w:trHeight") for r in rows] == [None, str(wml.twips_mm(10))] * 1 + [str(wml.twips_mm(10))] * 2
    assert [val(r, "w:trPr/w:trHeight", "hRule") for r in rows][1:] == ["atLeast"] * 3
    # a total row is not a row to sign
    table = Table(headers=SMALL.headers, rows=SMALL.rows, total=SMALL.total, row_height_mm=10)
    rows = tree(layout.data_table(table, DANG)).find(w("tbl")).findall(w("tr"))
    assert [val(r, "w:trPr/w:trHeight") is not None for r in rows] == [False, True, True, False]


def test_a_note_under_a_table_is_italic_body_text_and_the_last_row_keeps_with_it():
    table = Table(headers=SMALL.headers, rows=SMALL.rows, note="(*) Số liệu tạm tính.")
    body = tree(layout.data_table(table, DANG))
    rows = body.find(w("tbl")).findall(w("tr"))
    assert [val(r, "w:tc/w:p/w:pPr/w:keepNext") for r in rows] == ["on", "0", "on"]
    note, after = body.findall(w("p"))
    assert "".join(note.itertext()) == "(*) Số liệu tạm tính."
    assert val(note, "w:r/w:rPr/w:i") == "on" and val(note, "w:r/w:rPr/w:sz") == "28"
    assert val(note, "w:pPr/w:jc") == "both" and val(note, "w:pPr/w:spacing", "before") == "60"
    assert val(after, "w:pPr/w:keepNext") == "0"


def test_a_landscape_table_ends_its_section_in_the_paragraph_after_it():
    xml = layout._table_xml(SMALL, DANG, 12, [15, 130, 20], section_end=True)
    assert xml.count(layout.LANDSCAPE_END) == 1
    body = tree(xml.replace(layout.LANDSCAPE_END, "<w:sectPr/>"))
    after = body.findall(w("p"))[-1]
    assert after.find(f"{w('pPr')}/{w('sectPr')}") is not None
    assert val(after, "w:pPr/w:keepNext") == "0"
    rows = body.find(w("tbl")).findall(w("tr"))
    assert val(rows[-1], "w:tc/w:p/w:pPr/w:keepNext") == "0"  # the page ends with the table
    assert [int(c.get(w("w"))) for c in body.find(w("tbl")).find(w("tblGrid"))] == \
        [wml.twips_mm(15), wml.twips_mm(130), wml.twips_mm(20)]


def test_a_table_marked_landscape_is_laid_on_a_turned_page_by_its_document():
    # a table that asks for a landscape page is in a landscape document: no section of its own
    table = Table(headers=SMALL.headers, rows=SMALL.rows, landscape=True)
    xml = layout.data_table(table, DANG)
    assert layout.LANDSCAPE_START not in xml and layout.LANDSCAPE_END not in xml
    widths = [int(c.get(w("w"))) for c in tree(xml).find(w("tbl")).find(w("tblGrid"))]
    assert sum(widths) == pytest.approx(wml.twips_mm(297 - 30 - 15), abs=3)


def test_columns_take_what_their_figures_and_heading_words_need_and_the_name_the_rest():
    widths = layout.table_widths(SMALL, 165, 12)
    pad = 2 * 1.0 + 0.8
    assert widths[0] == pytest.approx(max(width_mm("STT", 12, True), width_mm("2", 12)) + pad)
    assert widths[2] == pytest.approx(max(width_mm("Số", 12, True), width_mm("5", 12)) + pad)
    assert widths[1] == pytest.approx(165 - widths[0] - widths[2])
    # a column's least width counts; a name column that cannot have its least is no fit
    wider = Table(headers=SMALL.headers, rows=SMALL.rows, min_widths=(20, 0, 0))
    assert layout.table_widths(wider, 165, 12)[0] == 20
    # the name column needs no more than its longest name («Tổng cộng»), if that is under 38 mm
    short = max(width_mm(n, 12) for n in ("Chi bộ A", "Chi bộ B", "Tổng cộng")) + pad
    assert short < 38
    assert layout.table_widths(SMALL, widths[0] + widths[2] + short + 0.01, 12) is not None
    assert layout.table_widths(SMALL, widths[0] + widths[2] + short - 0.01, 12) is None


def test_a_name_wraps_word_by_word_into_its_column():
    size = 12
    a, b, space = width_mm("Chi", size), width_mm("bộ", size), width_mm(" ", size)
    assert layout._name_lines("Chi bộ", a + space + b, size) == 1  # exactly fits
    assert layout._name_lines("Chi bộ", a + space + b - 0.01, size) == 2
    assert layout._name_lines("Chi bộ Chi bộ", a + space + b, size) == 2
    assert layout._name_lines("Chi", 1, size) == 1  # a word longer than the column is one line
    assert layout._name_lines("Chi bộ", 1, size) == 2


def test_a_tables_columns_can_be_picked_keeping_what_each_is():
    table = Table(headers=("STT", "Đơn vị", "A", "B", "C"), rows=(("1", "X", "1", "2", "3"),),
                  total=("", "Tổng", "1", "2", "3"), centred=(1, 4), min_widths=(10, 0, 0, 0, 7))
    part = layout._columns(table, [0, 1, 4])
    assert part.headers == ("STT", "Đơn vị", "C") and part.rows == (("1", "X", "3"),)
    assert part.total == ("", "Tổng", "3") and part.figures_from == 2 and part.name_column == 1
    assert part.centred == (1, 2) and part.min_widths == (10, 0, 7)
    assert layout._columns(table, [0, 1]).figures_from == 2  # no figure column left
    bare = layout._columns(Table(headers=("A", "B", "C"), rows=(), figures_from=1, name_column=2), [0, 2])
    assert bare.total is None and bare.min_widths == () and bare.figures_from == 1 and bare.name_column == 1
    assert layout._columns(Table(headers=("A", "B"), rows=()), [0]).name_column == 0


def test_the_closing_block_keeps_recipients_and_signature_level_on_one_page():
    frame = Frame(left=[], right=[], number=("so_ky_hieu", "Số 1"), date=("ngay_thang", "A, ngày 1"), title=[],
                  subject_under_number=None,
                  signature=[("quyen_han_ky", "T/M ĐẢNG ỦY"), ("chuc_vu", "BÍ THƯ"), ("ho_ten", "Nguyễn Văn A")],
                  recipients_label=("noi_nhan_nhan", "Nơi nhận:"),
                  recipients=[("noi_nhan_dong", "- Như trên,"), ("noi_nhan_dong", "Lưu.")], blank_lines=3)
    xml = layout.closing_block(frame, DANG)
    assert xml.startswith(wml.Para(keep_next=True).xml() + "<w:tbl>")
    body = tree(xml)
    table = body.find(w("tbl"))
    assert val(table, "w:tblPr/w:tblCaption") == "vanban-phan-cuoi"
    assert val(table, "w:tblPr/w:tblBorders/w:top") == "nil"
    (row,) = table.findall(w("tr"))
    assert val(row, "w:trPr/w:cantSplit") == "on"
    left, right = row.findall(w("tc"))
    assert [int(c.get(w("w"))) for c in table.find(w("tblGrid"))] == [wml.twips_mm(80), wml.twips_mm(85)]
    assert ["".join(p.itertext()) for p in left.findall(w("p"))] == ["Nơi nhận:", "- Như trên,", "Lưu."]
    # a line that starts with a dash hangs clear of it (0,6 × 12 pt), others do not
    hang = str(wml.twips_pt(12 * 0.6))
    assert [val(p, "w:pPr/w:ind", "hanging") for p in left.findall(w("p"))] == [None, hang, None]
    assert [val(p, "w:pPr/w:ind", "left") for p in left.findall(w("p"))] == ["0", hang, "0"]
    # the authority and the position, three empty lines to sign in, the name
    assert ["".join(p.itertext()) for p in right.findall(w("p"))] == \
        ["T/M ĐẢNG ỦY", "BÍ THƯ", "", "", "", "Nguyễn Văn A"]
    assert val(left, "w:p/w:r/w:rPr/w:u") == "single"
    assert [int(val(c, "w:tcPr/w:tcW", "w")) for c in (left, right)] == [wml.twips_mm(80), wml.twips_mm(85)]
    # the signature is made once per look: another rule set's document gets its own widths
    other = tree(layout.closing_block(frame, STATE)).find(w("tbl")).find(w("tr")).findall(w("tc"))
    assert [int(val(c, "w:tcPr/w:tcW", "w")) for c in other] == [wml.twips_mm(64), wml.twips_mm(101)]


def test_the_rule_under_a_line_is_a_border_centred_in_its_column():
    indent = str(wml.twips_mm(20))
    assert layout.rule_paragraph(20, 60) == (
        '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'
        f'<w:spacing w:before="0" w:after="0" w:line="100" w:lineRule="exact"/>'
        f'<w:ind w:left="{indent}" w:firstLine="0" w:right="{indent}"/><w:jc w:val="center"/></w:pPr></w:p>')
    assert 'w:left="0" w:firstLine="0" w:right="0"' in layout.rule_paragraph(70, 60)


def test_a_rule_is_the_longest_line_times_its_fraction():
    from vanban.ooxml.look import ElementLook

    element = ElementLook(size=15, bold=True, rule_fraction=0.5)
    assert layout._rule_length(element, ["ĐẢNG", "ĐẢNG CỘNG SẢN"]) == \
        pytest.approx(width_mm("ĐẢNG CỘNG SẢN", 15, True) / 2)
    assert layout._rule_length(element, ["ĐẢNG"], 13) == pytest.approx(width_mm("ĐẢNG", 13, True) / 2)
    assert layout._rule_length(element, []) == 0
    assert layout._rule_length(ElementLook(size=15), ["ĐẢNG"]) == 0
    italic = ElementLook(size=14, italic=True, rule_fraction=1)  # «WWW» is narrower in italic
    assert layout._rule_length(italic, ["WWW"]) == pytest.approx(width_mm("WWW", 14, False, True))


def test_the_title_lines_under_the_header():
    frame = Frame(left=[("co_quan", "ĐẢNG ỦY XÃ A"), ("phan_cach", "*")], right=[("tieu_de", "ĐẢNG CỘNG SẢN VIỆT NAM")],
                  number=("so_ky_hieu", "Số 1-KH/ĐU"), date=("ngay_thang", "A, ngày 05 tháng 7 năm 2024"),
                  title=[("ten_loai", "KẾ HOẠCH"), ("trich_yeu", "về việc X"), ("gach_trich_yeu", "")],
                  subject_under_number=None, signature=[], recipients_label=("noi_nhan_nhan", "Nơi nhận:"),
                  recipients=[])
    body = tree(layout.header_block(frame, DANG))
    paragraphs = body.findall(w("p"))
    assert ["".join(p.itertext()) for p in paragraphs] == ["KẾ HOẠCH", "về việc X", "", ""]
    # the first title line 14 pt (the body size) under the header, the next none
    assert [val(p, "w:pPr/w:spacing", "before") for p in paragraphs[:2]] == ["280", "0"]
    assert val(paragraphs[0], "w:r/w:rPr/w:sz") == "32" and val(paragraphs[0], "w:r/w:rPr/w:b") == "on"
    # a 30 mm rule on a line of its own, centred in the 165 mm of text
    assert val(paragraphs[2], "w:pPr/w:ind", "left") == str(wml.twips_mm(67.5))
    assert val(paragraphs[2], "w:pPr/w:pBdr/w:bottom") == "single"
    assert val(paragraphs[3], "w:pPr/w:pBdr/w:bottom") is None
    rows = body.find(w("tbl")).findall(w("tr"))
    assert len(rows) == 3  # two issuer lines, then Số and the date
    assert "".join(rows[-1].itertext()) == "Số 1-KH/ĐU" + "A, ngày\u00a005\u00a0tháng\u00a07\u00a0năm\u00a02024"
    # the rule under ĐẢNG CỘNG SẢN VIỆT NAM: as long as it (fraction 1), centred in its cell
    first_right = rows[0].findall(w("tc"))[1]
    rule = first_right.findall(w("p"))[1]
    assert val(rule, "w:pPr/w:pBdr/w:bottom") == "single"
    left = int(val(rule, "w:pPr/w:ind", "left"))
    cell_text = 165 - layout.fit_header(frame, DANG).left_mm - layout.CELL_PADDING_MM + 2
    line = width_mm("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True)
    assert left == wml.twips_mm((cell_text - line) / 2)
    assert val(rule, "w:pPr/w:ind", "right") == str(left)


# --------------------------------------------------------------------------
# ooxml/layout.py: fonts, sizes and the page set on a document


from docx import Document  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING  # noqa: E402
from docx.shared import Cm, Mm, Pt  # noqa: E402

SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def twips(*lengths) -> list[int]:
    return [length.twips for length in lengths]


def test_a_font_is_named_for_every_script_and_no_theme_is_left():
    doc = Document()
    r = doc.add_paragraph().add_run("x")
    fonts = r._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(w("asciiTheme"), "minorHAnsi")
    fonts.set(w("cstheme"), "minorBidi")
    fonts.set(w("hint"), "eastAsia")
    layout.set_fonts(r._r, "Times New Roman")
    (only,) = r._r.rPr.findall(w("rFonts"))
    assert [only.get(w(s)) for s in SLOTS] == ["Times New Roman"] * 4
    assert only.get(w("asciiTheme")) is None and only.get(w("cstheme")) is None and only.get(w("hint")) == "eastAsia"
    # a run without fonts gets them first in its properties
    r2 = doc.add_paragraph().add_run("y")
    r2.bold = True
    layout.set_fonts(r2._r, "Arial")
    assert etree.QName(r2._r.rPr[0]).localname == "rFonts" and r2._r.rPr[0].get(w("eastAsia")) == "Arial"
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        f = doc.add_paragraph().add_run("z")
        f._r.get_or_add_rPr().get_or_add_rFonts().set(w(theme), "minorHAnsi")
        layout.set_fonts(f._r, "Arial")
        assert f._r.rPr.rFonts.get(w(theme)) is None


def test_the_complex_script_size_is_set_in_half_points_where_the_schema_puts_it():
    doc = Document()
    r = doc.add_paragraph().add_run("x")
    r.font.size = Pt(13)
    r.font.underline = True
    layout._size_cs(r._r, 13.25)  # 26,5 half points: rounded to 26
    names = [etree.QName(c).localname for c in r._r.rPr]
    assert names.index("sz") < names.index("szCs") < names.index("u")
    assert r._r.rPr.find(w("szCs")).get(w("val")) == "26"
    layout._size_cs(r._r, 13.5)
    assert [c.get(w("val")) for c in r._r.rPr.findall(w("szCs"))] == ["27"]
    plain = doc.add_paragraph().add_run("y")
    layout._size_cs(plain._r, 14)
    assert [etree.QName(c).localname for c in plain._r.rPr] == ["szCs"] and plain._r.rPr[0].get(w("val")) == "28"


def test_a_property_goes_before_the_first_that_follows_it_in_the_schema():
    rpr = etree.fromstring(f'<w:rPr xmlns:w="{W}"><w:sz/><w:shd/><w:lang/></w:rPr>')
    layout.insert_in_order(rpr, etree.Element(w("szCs")))
    assert [etree.QName(c).localname for c in rpr] == ["sz", "szCs", "shd", "lang"]
    rpr = etree.fromstring(f'<w:rPr xmlns:w="{W}"><w:sz/><w:lang/><w:highlight/></w:rPr>')
    layout.insert_in_order(rpr, etree.Element(w("szCs")))  # before the first in the schema's order found
    assert [etree.QName(c).localname for c in rpr] == ["sz", "lang", "szCs", "highlight"]
    rpr = etree.fromstring(f'<w:rPr xmlns:w="{W}"><w:sz/></w:rPr>')
    layout.insert_in_order(rpr, etree.Element(w("szCs")))
    assert [etree.QName(c).localname for c in rpr] == ["sz", "szCs"]


def test_a_block_is_made_once_per_look_and_the_store_is_emptied_when_full():
    layout._made.clear()
    calls = []

    def make():
        calls.append(1)
        return f"made {len(calls)}"

    assert layout._once(("k",), DANG, make) == "made 1"
    assert layout._once(("k",), DANG, make) == "made 1" and len(calls) == 1
    other = look_of(load_profile("dang"))  # another run's look: made again
    assert layout._once(("k",), other, make) == "made 2"
    assert layout._once(("j",), DANG, make) == "made 3"
    layout._made.clear()
    for i in range(1024):
        layout._once((i,), DANG, lambda: "x")
    assert len(layout._made) == 1024
    layout._once(("last",), DANG, lambda: "y")
    assert len(layout._made) == 1
    layout._made.clear()


def test_the_page_the_margins_and_the_page_number_come_from_the_look():
    doc = Document()
    layout.apply_look(doc, DANG)
    (section,) = doc.sections
    assert section.orientation == WD_ORIENT.PORTRAIT
    # lengths as Word stores them, in twips
    assert twips(section.page_width, section.page_height) == twips(Mm(210), Mm(297))
    assert twips(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == \
        twips(Mm(20), Mm(20), Mm(30), Mm(15))
    assert twips(section.header_distance) == twips(Mm(10))
    # the number from page 2: page 1 has a header of its own, empty
    assert section.different_first_page_header_footer
    assert not section.first_page_header.is_linked_to_previous
    assert not section.first_page_header.paragraphs[0].text
    header = section.header
    assert not header.is_linked_to_previous
    p = header.paragraphs[0]
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    kinds = [c.get(w("fldCharType")) for c in p._p.iter(w("fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert [t.text for t in p._p.iter(w("instrText"))] == [" PAGE "]
    assert p._p.find(f".//{w('instrText')}").get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert [r.text for r in p.runs] == ["", "", "", "2", ""]
    assert {r.font.size for r in p.runs} == {Pt(14)}
    assert {r._r.rPr.rFonts.get(w("cs")) for r in p.runs} == {"Times New Roman"}


def test_a_landscape_document_turns_its_page_and_a_second_look_replaces_the_number():
    doc = Document()
    layout.apply_look(doc, DANG, landscape=True)
    layout.apply_look(doc, DANG, landscape=True)
    (section,) = doc.sections
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert twips(section.page_width, section.page_height) == twips(Mm(297), Mm(210))
    assert len(list(section.header.paragraphs[0]._p.iter(w("instrText")))) == 1
    # a rule set that numbers page 1 too: one header for every page
    doc = Document()
    layout.apply_look(doc, replace(DANG, page_number_from=1))
    assert not doc.sections[0].different_first_page_header_footer


def test_the_normal_style_and_every_named_font_follow_the_look():
    doc = Document()
    themed = doc.add_paragraph().add_run("x")
    themed._r.get_or_add_rPr().get_or_add_rFonts().set(w("asciiTheme"), "minorHAnsi")
    themed._r.rPr.rFonts.set(w("ascii"), "Calibri")
    layout.apply_look(doc, DANG)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    assert [fonts.get(w(s)) for s in SLOTS] == ["Times New Roman"] * 4
    assert normal.element.rPr.find(w("szCs")).get(w("val")) == "28"
    pf = normal.paragraph_format
    assert (pf.space_before, pf.space_after, pf.first_line_indent) == (Pt(0), Pt(0), Pt(0))
    assert pf.line_spacing_rule == WD_LINE_SPACING.SINGLE
    # direct formatting in the body and every style's fonts: the look's font, no theme
    for part in (doc.element, doc.styles.element):
        for f in part.iter(w("rFonts")):
            assert [f.get(w(s)) for s in SLOTS] == ["Times New Roman"] * 4
            assert not any(f.get(w(t)) for t in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))


def test_the_prose_styles_are_set_from_the_look():
    doc = Document()
    layout.apply_look(doc, DANG)
    styles = {s.name: s for s in doc.styles if s.type == 1}
    body, heading, sub = styles["VB Nội dung"], styles["VB Mục"], styles["VB Mục nhỏ"]
    title, table, head = styles["VB Tiêu đề bảng"], styles["VB Bảng"], styles["VB Đầu bảng"]
    assert [s.style_id for s in (body, heading, sub, title, table, head)] == \
        ["VBNoiDung", "VBMuc", "VBMucNho", "VBTieuDeBang", "VBBang", "VBDauBang"]
    assert all(s.base_style.name == "Normal" and s.quick_style for s in (body, heading, title, table))
    assert [(s.font.bold, s.font.italic) for s in (body, heading, sub, title, table, head)] == \
        [(False, False), (True, False), (True, False), (True, False), (False, False), (True, False)]
    for s in (body, heading, sub, title, table, head):
        assert s.font.name == "Times New Roman" and s.paragraph_format.space_before == Pt(0)
        assert [s.element.rPr.rFonts.get(w(x)) for x in SLOTS] == ["Times New Roman"] * 4
    # prose: 14 pt, justified, 1 cm first line, 6 pt after, lines exactly 18 pt; a heading keeps with the next
    for s in (body, heading, sub):
        pf = s.paragraph_format
        assert s.font.size == Pt(14) and pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert twips(pf.first_line_indent) == twips(Cm(1)) and pf.space_after == Pt(6) and pf.widow_control is True
        assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and pf.line_spacing == Pt(18)
    assert [s.paragraph_format.keep_with_next for s in (body, heading, sub)] == [False, True, True]
    # tables: their title at the body size, centred, 6 pt after, kept with its table; cells at 12 pt
    assert [s.font.size for s in (title, table, head)] == [Pt(14), Pt(12), Pt(12)]
    assert [s.paragraph_format.alignment for s in (title, table, head)] == \
        [WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER]
    assert [s.paragraph_format.space_after for s in (title, table, head)] == [Pt(6), Pt(0), Pt(0)]
    assert [s.paragraph_format.keep_with_next for s in (title, table, head)] == [True, False, False]
    for s in (title, table, head):
        assert s.paragraph_format.first_line_indent == Pt(0)
        assert s.paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE
    # a template that has the styles already keeps one of each
    layout.apply_look(doc, DANG)
    assert sum(1 for s in doc.styles if s.name == "VB Nội dung") == 1


# --------------------------------------------------------------------------
# ooxml/layout.py: a template's own tables, names on two lines, tables split across pages


def test_a_templates_table_gets_its_widths_in_the_grid_and_every_cell():
    doc = Document()
    table = doc.add_table(rows=2, cols=3)
    layout.column_widths(table, [Mm(20), Mm(30), Mm(40)])
    assert table.autofit is False
    assert [int(c.get(w("w"))) for c in table._tbl.tblGrid.findall(w("gridCol"))] == \
        [Mm(20).twips, Mm(30).twips, Mm(40).twips]
    for row in table.rows:
        assert [c.width.twips for c in row.cells] == [Mm(20).twips, Mm(30).twips, Mm(40).twips]
    # fewer widths than columns: the others are left as they are
    other = doc.add_table(rows=1, cols=2)
    before = other._tbl.tblGrid.findall(w("gridCol"))[1].get(w("w"))
    layout.column_widths(other, [Mm(25)])
    assert other._tbl.tblGrid.findall(w("gridCol"))[1].get(w("w")) == before
    assert other.rows[0].cells[0].width.twips == Mm(25).twips


def test_the_longest_line_of_a_name_is_that_of_its_most_even_break():
    wide = lambda t, size=14: width_mm(t, size, True)  # noqa: E731 - co_quan: 14 pt bold
    text = "ĐẢNG ỦY XÃ HÒA LỘC"
    words = text.split(" ")
    breaks = [max(wide(" ".join(words[:i])), wide(" ".join(words[i:]))) for i in range(1, 5)]
    assert layout._longest_line(text, "co_quan", DANG) == pytest.approx(min(breaks))
    assert layout._longest_line("ĐẢNG", "co_quan", DANG) == pytest.approx(wide("ĐẢNG"))
    assert layout._longest_line("ĐẢNG ỦY", "co_quan", DANG, 12) == pytest.approx(wide("ĐẢNG", 12))
    # the date line is italic: «WWW» is narrower in italic
    assert layout._longest_line("WWW", "ngay_thang", DANG) == pytest.approx(width_mm("WWW", 14, False, True))
    assert layout._longest_line("WWW WWW", "ngay_thang", DANG) == pytest.approx(width_mm("WWW", 14, False, True))


def test_a_name_that_fits_stays_on_one_line_and_a_single_word_is_never_broken():
    text = "ĐẢNG ỦY XÃ HÒA LỘC"
    full = width_mm(text, 14, True)
    assert layout.two_lines(text, full, "co_quan", DANG) == [text]
    assert len(layout.two_lines(text, full - 0.01, "co_quan", DANG)) == 2
    assert layout.two_lines("ĐẢNGỦYXÃ", 5, "co_quan", DANG) == ["ĐẢNGỦYXÃ"]
    # at a smaller size the name fits where it did not at its own
    assert layout.two_lines(text, full - 0.01, "co_quan", DANG, 13) == [text]
    # parting no compound, nor the place's name, whatever the case it is written in
    assert layout.two_lines("Đảng ủy xã Hòa Lộc", width_mm("Đảng ủy xã Hòa Lộc", 14, True) - 1, "co_quan", DANG) \
        in (["Đảng ủy", "xã Hòa Lộc"], ["Đảng ủy xã", "Hòa Lộc"])
    assert layout.two_lines(text, full - 1, "co_quan", DANG) in (["ĐẢNG ỦY", "XÃ HÒA LỘC"], ["ĐẢNG ỦY XÃ", "HÒA LỘC"])


def test_a_place_name_is_parted_only_when_no_other_break_fits():
    # «BAN THƯỜNG VỤ / THÀNH PHỐ HỒ CHÍ MINH»: after «PHỐ» comes the place, whole
    text = "BAN THƯỜNG VỤ THÀNH PHỐ HỒ CHÍ MINH"
    lines = layout.two_lines(text, 70, "co_quan", DANG)
    assert lines == ["BAN THƯỜNG VỤ", "THÀNH PHỐ HỒ CHÍ MINH"]
    # too narrow for any whole break: the most even that fits, torn or not
    narrow = layout.two_lines("ĐẢNG BỘ HUYỆN HÒA LỘC ĐÔNG", 45, "co_quan", DANG)
    assert all(width_mm(line, 14, True) <= 45 for line in narrow)
    # «THỊ XÃ» is one compound: the break is the more even of the two that part neither it nor «LONG MỸ»
    whole = [["ĐẢNG ỦY", "THỊ XÃ LONG MỸ"], ["ĐẢNG ỦY THỊ XÃ", "LONG MỸ"]]
    even = min(whole, key=lambda lines: max(width_mm(t, 14, True) for t in lines))
    assert layout.two_lines("ĐẢNG ỦY THỊ XÃ LONG MỸ", 50, "co_quan", DANG) == even
    # written in lower case, the same
    assert layout.two_lines("Đảng ủy thị xã Long Mỹ", 50, "co_quan", DANG) in (
        ["Đảng ủy", "thị xã Long Mỹ"], ["Đảng ủy thị xã", "Long Mỹ"])


def test_a_table_too_wide_for_landscape_is_split_into_the_fewest_parts_that_fit():
    heads = ("STT", "Đơn vị", *[f"Giai đoạn thứ {i} trong năm" for i in range(24)])
    rows = tuple((str(i), f"Đảng bộ xã Phước Long {i}", *["3"] * 24) for i in range(1, 4))
    table = Table(headers=heads, rows=rows)
    parts = layout._split(table, DANG)
    assert len(parts) >= 2
    assert all(p.headers[:2] == ("STT", "Đơn vị") for p in parts)
    assert [h for p in parts for h in p.headers[2:]] == list(heads[2:])  # every figure column once, in order
    for i, part in enumerate(parts):
        assert layout._fit(replace(part, landscape=True), DANG) is not None
        if i + 1 < len(parts):  # one more column and it would not fit
            more = layout._columns(table, [0, 1] + [heads.index(h) for h in part.headers[2:]]
                                   + [heads.index(parts[i + 1].headers[2])])
            assert layout._fit(replace(more, landscape=True), DANG) is None
    # the split table: each part on the landscape page, one section, the note under the last
    xml = layout.data_table(replace(table, note="(*) tạm tính"), DANG)
    assert xml.startswith(layout.LANDSCAPE_START) and xml.count(layout.LANDSCAPE_END) == 1
    assert xml.count("<w:tbl>") == len(parts) and xml.count("(*) tạm tính") == 1
    assert xml.index("(*) tạm tính") > xml.rindex("<w:tbl>")
    # a table set on a landscape page by its document: split, with no section of its own
    xml = layout.data_table(replace(table, landscape=True), DANG)
    assert layout.LANDSCAPE_START not in xml and layout.LANDSCAPE_END not in xml


# --------------------------------------------------------------------------
# ooxml/layout.py: the lines of a header or closing cell


def test_an_element_is_a_paragraph_in_its_own_typography():
    date = DANG.elements["ngay_thang"]  # 14 pt italic, centred
    assert layout.element_paragraph(date, "Hà Nội", DANG) == \
        wml.Para(align="giua").xml(wml.run("Hà Nội", "Times New Roman", 14, False, True, False))
    assert layout.element_paragraph(date, "Hà Nội", DANG, 13, before_pt=3) == \
        wml.Para(align="giua", before_pt=3).xml(wml.run("Hà Nội", "Times New Roman", 13, False, True, False))
    label = DANG.elements["noi_nhan_nhan"]  # underlined, on the left
    assert layout.element_paragraph(label, "Nơi nhận:", DANG) == \
        wml.Para(align="trai").xml(wml.run("Nơi nhận:", "Times New Roman", 14, False, False, True))


def test_a_cells_lines_each_a_paragraph_with_the_rule_under_the_last_of_an_element():
    look = DANG
    a, b = (layout.element_paragraph(look.elements["co_quan"], t, look) for t in ("A", "B"))
    rule = layout.rule_paragraph(20, 60)
    assert layout._cell_lines([("co_quan", "A"), ("co_quan", "B")], look, width_mm=60, rules={"co_quan": 20}) == \
        [a, b, rule]
    assert layout._cell_lines([("co_quan", "A\nB")], look, width_mm=60, rules={"co_quan": 20}) == [a, b, rule]
    # no rule without the cell's width, or for an element that has none
    assert layout._cell_lines([("co_quan", "A")], look, rules={"co_quan": 20}) == [a]
    assert layout._cell_lines([("co_quan", "A")], look, width_mm=60, rules={"cap_tren": 20}) == [a]
    # an empty line is an empty paragraph; a size given for an element is used
    assert layout._cell_lines([("co_quan", ""), ("co_quan", "A")], look) == [wml.Para().xml(), a]
    assert layout._cell_lines([("co_quan", "A"), ("cap_tren", "C")], look, {"co_quan": 13}) == [
        layout.element_paragraph(look.elements["co_quan"], "A", look, 13),
        layout.element_paragraph(look.elements["cap_tren"], "C", look)]
    # the rule goes under the element's last line even when another element follows
    c = layout.element_paragraph(look.elements["cap_tren"], "C", look)
    assert layout._cell_lines([("co_quan", "A"), ("cap_tren", "C")], look, width_mm=60,
                              rules={"co_quan": 20}) == [a, rule, c]
    # a rule under an element's last line, not under its first when another element came before
    assert layout._cell_lines([("cap_tren", "C"), ("co_quan", "A"), ("co_quan", "B")], look, width_mm=60,
                              rules={"co_quan": 20}) == [c, a, b, rule]
    # a recipient line that starts without a dash does not hang
    assert layout._cell_lines([("noi_nhan_dong", "-Lưu")], look) == [
        layout.element_paragraph(look.elements["noi_nhan_dong"], "-Lưu", look)]


def test_the_widest_piece_of_a_text_is_what_no_space_breaks():
    assert layout._word_mm("ab cd\u00a0ef", 12, False) == pytest.approx(
        max(width_mm("ab", 12), width_mm("cd\u00a0ef", 12)))
    assert layout._word_mm("ab\tcdef\nx", 12, True) == pytest.approx(width_mm("cdef", 12, True))
    assert layout._word_mm("", 12, False) == 0.0
    assert layout._word_mm(2024, 12, False) == pytest.approx(width_mm("2024", 12))


def test_a_tables_height_counts_each_rows_lines_of_its_name():
    table = Table(headers=("STT", "Tên"), rows=(("1", "A"), ("2", "A"), ("3", "B B")), name_column=1)
    b = width_mm("B", 12)
    # a column as wide as «B B»: one line each, 1,16 × 12 pt a line and 2 pt a row
    wide = [10, 2 * b + width_mm(" ", 12) + 2 * 1.0 + 0.8]
    assert layout._height(table, 12, wide) == pytest.approx(3 * (12 * 1.16 + 2))
    narrow = [10, b + 0.01 + 2.8]  # «B B» on two lines
    assert layout._height(table, 12, narrow) == pytest.approx(2 * (12 * 1.16 + 2) + (2 * 12 * 1.16 + 2))
    # one column: the name is the first
    single = Table(headers=("Tên",), rows=(("A",), ("B B",)))
    assert layout._height(single, 12, [narrow[1]]) == pytest.approx((12 * 1.16 + 2) + (2 * 12 * 1.16 + 2))


# --------------------------------------------------------------------------
# ooxml/layout.py: how the header's columns share the width (fit_header)

STATE = look_of(load_profile("nha_nuoc"))  # left column 64 mm (60 to 85); names 13 pt, down to 12
NAME_PAD = 2 * 1.91 + 0.5  # a name's cell margins and room for rounding
CELL_PAD = 2 * 1.91 + 2
PARTY = [("tieu_de", "ĐẢNG CỘNG SẢN VIỆT NAM")]  # 15 pt bold: the widest of the right side below
SHORT_DATE = "A, ngày 05 tháng 7 năm 2024"


def header_frame(left, right, date, number="Số 1-KH/ĐU"):
    return Frame(left=left, right=right, number=("so_ky_hieu", number), date=("ngay_thang", date), title=[],
                 subject_under_number=None, signature=[], recipients_label=("noi_nhan_nhan", "Nơi nhận:"),
                 recipients=[])


def party_room():
    # the left column may take what the right side leaves it, up to 95 mm
    return 165 - max(width_mm(SHORT_DATE, 14, False, True), width_mm(PARTY[0][1], 15, True)) - CELL_PAD


def test_short_names_take_the_left_columns_set_width():
    left = [("co_quan", "ĐẢNG ỦY XÃ A"), ("phan_cach", "*")]
    assert layout.fit_header(header_frame(left, PARTY, SHORT_DATE), DANG) == \
        layout.HeaderFit(80.0, None, left, {})


def test_a_name_wider_than_the_set_width_takes_what_it_needs_on_one_line():
    name = "ĐẢNG ỦY KHỐI CƠ QUAN TỈNH X"
    need = width_mm(name, 14, True) + NAME_PAD
    assert 80 < need <= party_room()
    assert layout.fit_header(header_frame([("co_quan", name)], PARTY, SHORT_DATE), DANG) == \
        layout.HeaderFit(pytest.approx(need), None, [("co_quan", name)], {})
    # so does a long number
    number = "Số 1234567890123456789012-KH/ĐU"
    need = width_mm(number, 14) + NAME_PAD
    assert 80 < need <= party_room()
    assert layout.fit_header(header_frame([("co_quan", "ĐẢNG ỦY")], PARTY, SHORT_DATE, number), DANG).left_mm == \
        pytest.approx(need)


def test_a_name_too_wide_for_the_room_goes_onto_two_lines_in_the_set_width():
    name = "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    assert width_mm(name, 14, True) + NAME_PAD > party_room()
    fitted = layout.fit_header(header_frame([("co_quan", name)], PARTY, SHORT_DATE), DANG)
    assert fitted == layout.HeaderFit(80.0, None, [("co_quan", "ĐẢNG ỦY KHỐI\nCÁC CƠ QUAN TỈNH")], {})


def test_a_name_too_wide_even_on_two_lines_widens_its_column_past_the_room():
    name = "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH BÌNH THUẬN"
    two = layout._longest_line(name, "co_quan", DANG) + NAME_PAD
    assert two > party_room()
    fitted = layout.fit_header(header_frame([("co_quan", name)], PARTY, SHORT_DATE), DANG)
    assert fitted.left_mm == pytest.approx(two) and fitted.date_size is None and fitted.sizes == {}
    (key, text), = fitted.left
    assert key == "co_quan" and text.replace("\n", " ") == name and text.count("\n") == 1
    assert all(width_mm(line, 14, True) <= two - NAME_PAD + 1e-9 for line in text.split("\n"))


def test_names_go_down_to_their_least_size_before_the_date_does():
    right = [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]
    room = 165 - width_mm(right[0][1], 13, True) - CELL_PAD
    name = "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG CÔNG TRÌNH"
    assert layout._longest_line(name, "co_quan", STATE) + NAME_PAD > room
    assert layout._longest_line(name, "co_quan", STATE, 12) + NAME_PAD <= room
    fitted = layout.fit_header(header_frame([("co_quan", name)], right, "A, ngày 5 tháng 7 năm 2024"), STATE)
    assert fitted.left_mm == 64.0 and fitted.date_size is None and fitted.sizes == {"co_quan": 12.0}
    (_, text), = fitted.left
    assert text.count("\n") == 1 and all(width_mm(t, 12, True) <= 64 - NAME_PAD for t in text.split("\n"))
    # a name that fits at its own size keeps it
    short = "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG KHU VỰC"
    fitted = layout.fit_header(header_frame([("co_quan", short)], right, "A, ngày 5 tháng 7 năm 2024"), STATE)
    assert fitted.left_mm == 64.0 and fitted.sizes == {}


def test_a_long_date_shrinks_within_its_sizes_once_the_names_have_given_way():
    right = [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("tieu_de", "Độc lập - Tự do - Hạnh phúc")]
    left = [("cap_tren", "ỦY BAN NHÂN DÂN TỈNH X"), ("co_quan", "SỞ Y TẾ")]
    date = "Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2024"
    # at 14 pt the date leaves the names less than the narrowest column (60 mm); at 13 pt it fits beside 60
    assert 165 - (width_mm(date, 14, False, True) + CELL_PAD) < 60
    assert width_mm(date, 13, False, True) + CELL_PAD <= 165 - 60
    assert width_mm(date, 13.5, False, True) + CELL_PAD > 165 - 60
    assert layout.fit_header(header_frame(left, right, date), STATE) == \
        layout.HeaderFit(60.0, 13.0, left, {"cap_tren": 12.0, "co_quan": 12.0})
    # a date that fits at its own size: the names keep theirs, the column its set width
    assert layout.fit_header(header_frame(left, right, "A, ngày 5 tháng 7 năm 2024"), STATE) == \
        layout.HeaderFit(64.0, None, left, {})


def test_a_date_too_long_at_any_size_wraps_and_the_names_keep_their_own_size():
    right = [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]
    left = [("co_quan", "SỞ Y TẾ")]
    date = "Thị trấn Long Giả Đông Bắc Xa Xôi Miền Tây Nam Bộ, ngày 05 tháng 7 năm 2024"
    assert width_mm(date, 13, False, True) + CELL_PAD > 165 - 60
    fitted = layout.fit_header(header_frame(left, right, date), STATE)
    # the left column as the right side's widest line leaves it, at least its set width
    room = 165 - width_mm(right[0][1], 13, True) - CELL_PAD
    assert fitted == layout.HeaderFit(pytest.approx(min(max(64, 60), room)), None, left, {})


def rule_indent(row_cell):
    """The left and right indents of the rule paragraph in a cell, in twips (None: no rule)."""
    for p in row_cell.findall(w("p")):
        if p.find(f"{w('pPr')}/{w('pBdr')}") is not None:
            return int(val(p, "w:pPr/w:ind", "left")), int(val(p, "w:pPr/w:ind", "right"))
    return None


def test_the_headers_upper_rows_put_each_element_level_with_its_rule_under_its_last_line():
    left = [("cap_tren", "ỦY BAN NHÂN DÂN TỈNH X"), ("co_quan", "SỞ Y TẾ"), ("co_quan", "VĂN PHÒNG")]
    right = [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("tieu_de", "Độc lập - Tự do - Hạnh phúc")]
    frame = header_frame(left, right, SHORT_DATE)
    widths = [wml.twips_mm(70), wml.twips_mm(95)]
    rows = tree(layout._upper_rows(frame, STATE, 70, widths, {"co_quan": 12})).findall(w("tr"))
    assert len(rows) == 3  # the longer side's lines
    cells = [r.findall(w("tc")) for r in rows]
    assert [[int(val(c, "w:tcPr/w:tcW", "w")) for c in row] for row in cells] == [widths] * 3
    assert [["".join(c.itertext()) for c in row] for row in cells] == [
        ["ỦY BAN NHÂN DÂN TỈNH X", right[0][1]], ["SỞ Y TẾ", right[1][1]], ["VĂN PHÒNG", ""]]
    # the rule under co_quan: 0,4 of its longest line at the size given (12 pt), under its last line only
    left_text = 70 - CELL_PAD + 2
    length = 0.4 * max(width_mm("SỞ Y TẾ", 12, True), width_mm("VĂN PHÒNG", 12, True))
    indent = wml.twips_mm((left_text - length) / 2)
    assert [rule_indent(row[0]) for row in cells] == [None, None, (indent, indent)]
    # under «Độc lập - Tự do - Hạnh phúc»: its whole length (14 pt), the right side's size as its own
    right_text = 165 - 70 - CELL_PAD + 2
    indent = wml.twips_mm((right_text - width_mm(right[1][1], 14, True)) / 2)
    assert [rule_indent(row[1]) for row in cells] == [None, (indent, indent), None]
    # the size given is the left side's: the names at 12 pt, the right side at its own
    assert val(cells[1][0], "w:p/w:r/w:rPr/w:sz") == "24" and val(cells[0][0], "w:p/w:r/w:rPr/w:sz") == "26"
    assert val(cells[0][1], "w:p/w:r/w:rPr/w:sz") == "26" and val(cells[1][1], "w:p/w:r/w:rPr/w:sz") == "28"


def test_a_header_with_more_lines_on_the_right_fills_the_left_and_its_name_on_two_lines_has_one_rule():
    left = [("co_quan", "SỞ Y TẾ\nTỈNH X")]
    right = [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("tieu_de", "Độc lập - Tự do - Hạnh phúc")]
    widths = [wml.twips_mm(64), wml.twips_mm(101)]
    rows = tree(layout._upper_rows(header_frame(left, right, SHORT_DATE), STATE, 64, widths)).findall(w("tr"))
    cells = [r.findall(w("tc")) for r in rows]
    assert [["".join(p.itertext()) for p in row[0].findall(w("p"))] for row in cells] == [["SỞ Y TẾ", "TỈNH X", ""], [""]]
    length = 0.4 * max(width_mm("SỞ Y TẾ", 13, True), width_mm("TỈNH X", 13, True))
    indent = wml.twips_mm((64 - CELL_PAD + 2 - length) / 2)
    assert rule_indent(cells[0][0]) == (indent, indent) and rule_indent(cells[1][0]) is None


def test_the_header_block_puts_the_number_and_the_date_level_in_its_last_row():
    left = [("co_quan", "SỞ Y TẾ")]
    right = [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("tieu_de", "Độc lập - Tự do - Hạnh phúc")]
    frame = replace(header_frame(left, right, "Hà Nội, ngày 5 tháng 7 năm 2024", "Số: 12/QĐ-UBND"),
                    subject_under_number=("trich_yeu_cong_van", "V/v báo cáo"))
    body = tree(layout.header_block(frame, STATE))
    table = body.find(w("tbl"))
    assert val(table, "w:tblPr/w:tblBorders/w:top") == "nil"
    rows = table.findall(w("tr"))
    assert len(rows) == 3
    number, date = rows[-1].findall(w("tc"))
    assert ["".join(p.itertext()) for p in number.findall(w("p"))] == ["Số: 12/QĐ-UBND", "V/v báo cáo"]
    assert ["".join(p.itertext()) for p in date.findall(w("p"))] == ["Hà Nội, ngày\u00a05\u00a0tháng\u00a07\u00a0năm\u00a02024"]
    assert [int(val(c, "w:tcPr/w:tcW", "w")) for c in (number, date)] == \
        [wml.twips_mm(64), wml.twips_mm(165 - 64)]
    fitted = layout.fit_header(frame, STATE)
    grid = [int(c.get(w("w"))) for c in table.find(w("tblGrid"))]
    assert grid == [wml.twips_mm(fitted.left_mm), wml.twips_mm(165 - fitted.left_mm)]
    # the date at its own size (14 pt, italic); the title block is only the empty paragraph after
    assert val(date, "w:p/w:r/w:rPr/w:sz") == "28" and val(date, "w:p/w:r/w:rPr/w:i") == "on"
    assert [("".join(p.itertext())) for p in body.findall(w("p"))] == [""]


def test_a_date_set_smaller_to_fit_is_written_at_that_size():
    right = [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("tieu_de", "Độc lập - Tự do - Hạnh phúc")]
    left = [("cap_tren", "ỦY BAN NHÂN DÂN TỈNH X"), ("co_quan", "SỞ Y TẾ")]
    frame = header_frame(left, right, "Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2024")
    table = tree(layout.header_block(frame, STATE)).find(w("tbl"))
    rows = table.findall(w("tr"))
    number, date = rows[-1].findall(w("tc"))
    assert val(date, "w:p/w:r/w:rPr/w:sz") == "26" and val(number, "w:p/w:r/w:rPr/w:sz") == "26"
    # the left column narrowed to 60 mm (not its set 64): the grid and every cell say so
    assert [int(c.get(w("w"))) for c in table.find(w("tblGrid"))] == [wml.twips_mm(60), wml.twips_mm(105)]
    assert {int(val(r.findall(w("tc"))[0], "w:tcPr/w:tcW", "w")) for r in rows} == {wml.twips_mm(60)}
    assert [val(r.findall(w("tc"))[0], "w:p/w:r/w:rPr/w:sz") for r in rows[:2]] == ["24", "24"]  # names at 12


# --------------------------------------------------------------------------
# ooxml/layout.py: which page and which size a table of figures takes (_fit)


def stage_table(stages: int, units: int = 30) -> Table:
    heads = ("STT", "Đơn vị", "Chỉ tiêu kết nạp", "Chỉ tiêu tạo nguồn",
             *[f"Giai đoạn thứ {i} trong năm" for i in range(stages)], "Tỷ lệ kết nạp", "Tỷ lệ tạo nguồn")
    rows = tuple((str(i), f"Đảng bộ xã Phước Long Hòa Thạnh {i}", "2-3", "4", *["3"] * stages, "100,0%", "125,0%")
                 for i in range(1, units + 1))
    return Table(headers=heads, rows=rows)


def fit_of(table):
    found = layout._fit(table, DANG)
    return found and found[:2]


@pytest.mark.parametrize("stages, units, landscape, expected", [
    (4, 30, False, (False, 12)),   # fits at 12 pt; at 11 only 8 % shorter: the table size
    (3, 30, False, (False, 11)),   # fits at 12 pt, but at 11 its names take one line: half as tall
    (3, 1, False, (False, 12)),    # one row: never smaller to be shorter
    (5, 30, False, (False, 11)),   # fits its page only at a point less
    (10, 30, False, (True, 11)),   # not on its page: landscape, where 11 pt is half as tall as 12
    (11, 30, False, (True, 10)),   # landscape: 10 pt more than a fifth shorter than 12, 11 pt not
    (4, 30, True, (True, 12)),     # a landscape document's table: its own landscape page
])
def test_a_table_takes_its_page_and_the_largest_size_that_is_worth_it(stages, units, landscape, expected):
    table = replace(stage_table(stages, units), landscape=landscape)
    assert fit_of(table) == expected
    turned, size, widths = layout._fit(table, DANG)
    assert widths == layout.table_widths(table, 252 if turned else 165, size)


def test_a_table_that_fits_no_page_at_any_allowed_size_has_no_fit():
    table = stage_table(26, units=5)
    assert all(layout.table_widths(table, 252, s) is None for s in (12, 11, 10))
    assert layout._fit(table, DANG) is None
    # nor even at the smallest size a landscape page allows: the split parts are laid out all the same
    xml = layout.data_table(table, DANG)
    assert xml.count("<w:tbl>") >= 2


def test_a_table_on_its_own_landscape_page_is_marked_for_page_flow():
    xml = layout.data_table(stage_table(10), DANG)
    assert xml.startswith(layout.LANDSCAPE_START) and xml.count(layout.LANDSCAPE_END) == 1
    assert xml.index(layout.LANDSCAPE_END) > xml.rindex("</w:tbl>")
    xml = layout.data_table(stage_table(4), DANG)
    assert layout.LANDSCAPE_START not in xml and layout.LANDSCAPE_END not in xml
    assert {m for m in re.findall(r'<w:sz w:val="(\d+)"/>', xml)} == {"24"}
    xml = layout.data_table(stage_table(5), DANG)
    assert {m for m in re.findall(r'<w:sz w:val="(\d+)"/>', xml)} == {"22"}


def test_a_no_break_space_joins_the_words_of_a_name_in_its_longest_line():
    joined = "ĐẢNG\u00a0ỦY XÃ"
    assert layout._longest_line(joined, "co_quan", DANG) == pytest.approx(
        max(width_mm("ĐẢNG\u00a0ỦY", 14, True), width_mm("XÃ", 14, True)))
    assert layout._longest_line("ĐẢNG\u00a0ỦY", "co_quan", DANG) == pytest.approx(width_mm("ĐẢNG\u00a0ỦY", 14, True))


def test_picked_columns_skip_what_a_short_row_lacks_and_renumber_the_figures():
    table = Table(headers=("STT", "Đơn vị", "Ghi chú", "A", "B"), rows=(("1", "X", "g", "5", "6"), ("2", "Y")),
                  figures_from=3)
    part = layout._columns(table, [0, 1, 3, 4])
    assert part.rows == (("1", "X", "5", "6"), ("2", "Y")) and part.figures_from == 2
    assert layout._columns(table, [0, 1, 2]).figures_from == 3  # no figure column kept
    assert layout._columns(table, [0, 1, 3]).figures_from == 2  # the first figure column itself


def test_a_split_part_holds_a_single_figure_column_when_two_do_not_fit():
    word = "Trăm" * 17  # one unbreakable heading word (142 mm at 10 pt): two never share a landscape page
    heads = ("STT", "Đơn vị", f"{word}A", f"{word}B", f"{word}C")
    table = Table(headers=heads, rows=(("1", "Chi bộ A", "1", "2", "3"),))
    assert layout._fit(replace(layout._columns(table, [0, 1, 2]), landscape=True), DANG) is not None
    assert layout._fit(replace(layout._columns(table, [0, 1, 2, 3]), landscape=True), DANG) is None
    parts = layout._split(table, DANG)
    assert [p.headers for p in parts] == [("STT", "Đơn vị", h) for h in heads[2:]]


def test_every_panel_is_its_own_paragraph_in_order_in_every_picture():
    runs = [f"<w:r><w:drawing>{n}</w:drawing></w:r>" for n in "abc"]
    picture = "<w:p>" + layout.PANEL_BREAK.join(runs) + "</w:p>"
    out = layout._panels_apart(picture + para("giữa") + picture)
    flowing = [layout.with_properties(f"<w:p>{r}</w:p>", keepNext=False, widowControl=False) for r in runs[:2]]
    one = "".join(flowing) + f"<w:p>{runs[2]}</w:p>"
    assert out == one + para("giữa") + one


def test_a_text_box_inside_a_paragraph_keeps_its_own_properties():
    box = "<w:r><w:txbxContent><w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>x</w:t></w:r></w:p></w:txbxContent></w:r>"
    paragraph = f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{box}</w:p>'
    assert layout.with_properties(paragraph, keepNext=False) == \
        f'<w:p><w:pPr><w:keepNext w:val="0"/><w:jc w:val="center"/></w:pPr>{box}</w:p>'


def test_a_caption_split_into_runs_is_read_as_one_text():
    caption = '<w:p><w:r><w:t>Hình</w:t></w:r><w:r><w:t xml:space="preserve"> 2. Kết quả</w:t></w:r></w:p>'
    assert layout._plain_text(caption) == "Hình 2. Kết quả"
    out = layout.keep_figures_with_captions(PIC + caption)
    assert out == (layout.with_properties(PIC, keepNext=True, widowControl=False)
                   + layout.with_properties(caption, keepNext=False, keepLines=True))


def test_a_name_set_on_two_lines_is_two_paragraphs_of_its_cell_and_each_look_has_its_own_rows():
    frame = header_frame([("co_quan", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH")], PARTY, SHORT_DATE)
    rows = tree(layout.header_block(frame, DANG)).find(w("tbl")).findall(w("tr"))
    assert ["".join(p.itertext()) for p in rows[0].findall(w("tc"))[0].findall(w("p"))] == \
        ["ĐẢNG ỦY KHỐI", "CÁC CƠ QUAN TỈNH"]
    # the same header under another look of the same sizes (another font): rows made anew
    arial = replace(DANG, font="Arial")
    rows = tree(layout.header_block(frame, arial)).find(w("tbl")).findall(w("tr"))
    fonts = {f.get(w("ascii")) for f in rows[0].iter(w("rFonts"))}
    assert fonts == {"Arial"}


def test_title_lines_after_a_rule_are_written_too():
    frame = replace(header_frame([("co_quan", "ĐẢNG ỦY XÃ A")], PARTY, SHORT_DATE),
                    title=[("ten_loai", "KẾ HOẠCH"), ("gach_trich_yeu", ""), ("trich_yeu", "về việc X")])
    paragraphs = tree(layout.header_block(frame, DANG)).findall(w("p"))
    assert ["".join(p.itertext()) for p in paragraphs] == ["KẾ HOẠCH", "", "về việc X", ""]
    assert [val(p, "w:pPr/w:pBdr/w:bottom") for p in paragraphs] == [None, "single", None, None]


def test_the_sizes_given_to_the_upper_rows_are_the_left_columns_only():
    # the same element on both sides: the left one at the size given, the right one at its own
    frame = header_frame([("co_quan", "SỞ Y TẾ")], [("co_quan", "BỘ Y TẾ")], SHORT_DATE)
    widths = [wml.twips_mm(64), wml.twips_mm(101)]
    (row,) = tree(layout._upper_rows(frame, STATE, 64, widths, {"co_quan": 12})).findall(w("tr"))
    left, right = row.findall(w("tc"))
    assert val(left, "w:p/w:r/w:rPr/w:sz") == "24" and val(right, "w:p/w:r/w:rPr/w:sz") == "26"


# --------------------------------------------------------------------------
# ooxml/layout.py: fit_header at the edges of its rules

LONG_RIGHT = [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("tieu_de", "Độc lập - Tự do - Hạnh phúc")]
TWO_NAMES = [("cap_tren", "ỦY BAN NHÂN DÂN TỈNH X"), ("co_quan", "SỞ Y TẾ")]


def test_a_date_shrinks_only_as_far_as_it_must():
    date = "Thành phố Đông Hà Xa, ngày 05 tháng 7 năm 2024"
    assert width_mm(date, 14, False, True) + CELL_PAD > 105 >= width_mm(date, 13.5, False, True) + CELL_PAD
    assert layout.fit_header(header_frame(TWO_NAMES, LONG_RIGHT, date), STATE) == \
        layout.HeaderFit(60.0, 13.5, TWO_NAMES, {"cap_tren": 12.0, "co_quan": 12.0})


def test_a_date_never_shrinks_below_its_least_size():
    date = "Thành phố Hồ Chí Minh Xa, ngày 05 tháng 7 năm 2024"
    assert width_mm(date, 13, False, True) + CELL_PAD > 105 >= width_mm(date, 12.5, False, True) + CELL_PAD
    # it wraps instead, the names at their own size in the column the right side leaves (64 mm, the set width)
    assert layout.fit_header(header_frame(TWO_NAMES, LONG_RIGHT, date), STATE) == \
        layout.HeaderFit(64.0, None, TWO_NAMES, {})


def test_names_already_at_their_least_size_have_none_smaller():
    elements = dict(STATE.elements)
    for key in ("cap_tren", "co_quan"):
        elements[key] = replace(elements[key], size=12.0)  # sizes (12, 13): at the least already
    look = replace(STATE, elements=elements)
    date = "Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2024"
    assert layout.fit_header(header_frame(TWO_NAMES, LONG_RIGHT, date), look) == \
        layout.HeaderFit(60.0, 13.0, TWO_NAMES, {})


def test_a_left_column_held_to_one_width_takes_it_when_all_fits():
    page = replace(STATE.page, narrowest_left_column_mm=64, widest_left_column_mm=64)
    look = replace(STATE, page=page)
    assert layout.fit_header(header_frame(TWO_NAMES, LONG_RIGHT, "A, ngày 5 tháng 7 năm 2024"), look) == \
        layout.HeaderFit(64.0, None, TWO_NAMES, {})


def test_a_number_is_measured_on_one_line_when_the_names_take_two():
    name = "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    number = "Số 1234567890123456789012-KH/ĐU"
    need = width_mm(number, 14) + NAME_PAD
    assert width_mm(name, 14, True) + NAME_PAD > party_room() >= need > 80
    fitted = layout.fit_header(header_frame([("co_quan", name)], PARTY, SHORT_DATE, number), DANG)
    assert fitted.left_mm == pytest.approx(need) and fitted.left == [("co_quan", "ĐẢNG ỦY KHỐI\nCÁC CƠ QUAN TỈNH")]


def test_an_italic_name_is_measured_in_italic():
    elements = dict(DANG.elements)
    elements["co_quan"] = replace(elements["co_quan"], italic=True)
    look = replace(DANG, elements=elements)
    name = "WWW WWW WWW WWW WWW WW"
    need = width_mm(name, 14, True, True) + NAME_PAD
    assert 80 < need <= party_room() < width_mm(name, 14, True) + NAME_PAD
    fitted = layout.fit_header(header_frame([("co_quan", name)], PARTY, SHORT_DATE), look)
    assert fitted.left_mm == pytest.approx(need) and fitted.left == [("co_quan", name)]


def test_the_date_is_measured_in_italic_as_it_prints():
    date = "WWWWWWW Hà Nội, ngày 05 tháng 7 năm 2024"  # «W» is narrower in italic
    assert width_mm(date, 13.5, False, True) + CELL_PAD <= 105 < width_mm(date, 13.5, False, False) + CELL_PAD
    assert layout.fit_header(header_frame(TWO_NAMES, LONG_RIGHT, date), STATE) == \
        layout.HeaderFit(60.0, 13.5, TWO_NAMES, {"cap_tren": 12.0, "co_quan": 12.0})


def test_a_property_goes_before_the_one_the_schema_has_right_after_it():
    assert layout.with_properties("<w:p><w:pPr><w:keepLines/></w:pPr></w:p>", keepNext=True) == \
        "<w:p><w:pPr><w:keepNext/><w:keepLines/></w:pPr></w:p>"
    assert layout.with_properties("<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>", keepLines=False) == \
        '<w:p><w:pPr><w:keepLines w:val="0"/><w:pageBreakBefore/></w:pPr></w:p>'


def test_the_right_side_must_fit_beside_the_names_for_the_date_to_be_set_smaller():
    # a name that needs 66,4 mm even at 12 pt leaves the national title (100,8 mm) too little room:
    # the date is not shrunk for it, the names go back to their own size on two lines
    name = "BAN QUẢN LÝ CÁC KHU CHẾ XUẤT VÀ CÔNG NGHIỆP TỈNH"
    right = [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]
    left_small = layout._longest_line(name, "co_quan", STATE, 12) + NAME_PAD
    assert width_mm(right[0][1], 13, True) + CELL_PAD > 165 - left_small
    fitted = layout.fit_header(header_frame([("co_quan", name)], right, "A, ngày 5 tháng 7 năm 2024"), STATE)
    two = layout._longest_line(name, "co_quan", STATE) + NAME_PAD
    assert fitted.left_mm == pytest.approx(two) and fitted.sizes == {} and fitted.date_size is None


def test_names_that_gave_way_leave_the_date_at_its_own_size_when_it_fits():
    name = "BAN QUẢN LÝ CÁC KHU CHẾ XUẤT VÀ CÔNG NGHIỆP THÀNH PHỐ HỒ CHÍ MINH"
    right = [("tieu_de", "Độc lập - Tự do - Hạnh phúc")]
    left = layout._longest_line(name, "co_quan", STATE, 12) + NAME_PAD
    assert left > 85  # wider than the widest column even at 12 pt, on two lines
    fitted = layout.fit_header(header_frame([("co_quan", name)], right, "A, ngày 5 tháng 7 năm 2024"), STATE)
    assert fitted.left_mm == pytest.approx(left) and fitted.sizes == {"co_quan": 12.0}
    assert fitted.date_size is None  # 14 pt, its own


def test_a_wrapped_date_leaves_the_names_the_room_the_right_side_leaves():
    # the date fits at no size: the left column is what the national title leaves (64,2 mm), so a name
    # that would need 77,7 mm on one line goes onto two
    name = "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH"
    right = [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]
    date = "Thị trấn Long Giả Đông Bắc Xa Xôi Miền Tây Nam Bộ, ngày 05 tháng 7 năm 2024"
    room = 165 - width_mm(right[0][1], 13, True) - CELL_PAD
    assert room < width_mm(name, 13, True) + NAME_PAD <= 85
    fitted = layout.fit_header(header_frame([("co_quan", name)], right, date), STATE)
    assert fitted.left_mm == 64.0 and fitted.date_size is None and fitted.sizes == {}
    assert fitted.left[0][1].count("\n") == 1


def test_a_place_name_of_several_words_stays_whole_where_a_whole_break_fits():
    text = "ỦY BAN XÃ HÒA LỘC ĐÔNG BẮC"
    full = width_mm(text, 14, True)
    # the most even break («ỦY BAN XÃ HÒA / LỘC ĐÔNG BẮC») would part the place's name
    assert layout.two_lines(text, full - 1, "co_quan", DANG) == ["ỦY BAN XÃ", "HÒA LỘC ĐÔNG BẮC"]


def test_two_words_that_do_not_fit_are_parted_and_joined_words_never():
    assert layout.two_lines("HÒA LỘC", 10, "co_quan", DANG) == ["HÒA", "LỘC"]
    joined = "ĐẢNG\u00a0ỦY\u00a0XÃ\u00a0HÒA"
    assert layout.two_lines(joined, 20, "co_quan", DANG) == [joined]


def test_a_wrapped_date_never_makes_the_names_smaller():
    name = "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG CÔNG TRÌNH"  # two lines: 67,9 mm at 13 pt, 63,0 at 12
    right = [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]
    date = "Thị trấn Long Giả Đông Bắc Xa Xôi Miền Tây Nam Bộ, ngày 05 tháng 7 năm 2024"
    two = layout._longest_line(name, "co_quan", STATE) + NAME_PAD
    assert two > 165 - width_mm(right[0][1], 13, True) - CELL_PAD
    fitted = layout.fit_header(header_frame([("co_quan", name)], right, date), STATE)
    assert fitted.left_mm == pytest.approx(two) and fitted.sizes == {} and fitted.date_size is None


def test_a_break_whose_longest_line_is_exactly_the_width_fits():
    text = "ỦY BAN XÃ HÒA LỘC ĐÔNG BẮC"
    width = width_mm("HÒA LỘC ĐÔNG BẮC", 14, True)  # the longer line of the whole break, to the last bit
    assert layout.two_lines(text, width, "co_quan", DANG) == ["ỦY BAN XÃ", "HÒA LỘC ĐÔNG BẮC"]


def test_a_name_too_wide_for_any_break_still_has_a_first_line():
    assert layout.two_lines("ĐẢNG ỦY", 10, "co_quan", DANG) == ["ĐẢNG", "ỦY"]


def test_what_keeps_with_the_signature_is_found_before_the_closing_table_not_after_the_last():
    xml = para("Một") + para("Hai") + CLOSING_TABLE + para("Sau") + "<w:tbl><w:tr/></w:tbl>"
    assert layout.keep_closing_with_body(xml) == \
        para("Một") + kept("Hai") + CLOSING_TABLE + para("Sau") + "<w:tbl><w:tr/></w:tbl>"


# --------------------------------------------------------------------------
# ooxml/layout.py: the edges of the header's fit, of a table's widths and size, and of its layout


def test_a_date_or_a_right_line_exactly_as_wide_as_the_room_beside_the_names_fits_as_it_is():
    # names wider than the widest column (85 mm) even at 12 pt on two lines: 91 mm
    name = "BAN QUẢN LÝ CÁC KHU CHẾ XUẤT VÀ CÔNG NGHIỆP THÀNH PHỐ HỒ CHÍ MINH"
    left = layout._longest_line(name, "co_quan", STATE, 12) + NAME_PAD
    assert left > 85
    right = [("tieu_de", "Độc lập - Tự do - Hạnh phúc")]  # 14 pt bold
    for line, date in (((width_mm("Hà Nội, ngày 05 tháng 7 năm 2024", 14, False, True)),
                        "Hà Nội, ngày 05 tháng 7 năm 2024"),
                       (width_mm(right[0][1], 14, True), "A, ngày 05 tháng 7 năm 2024")):
        need = line + CELL_PAD
        # a page just so wide that the date, or the right side's line, fills what the names leave, to the last bit
        page = replace(STATE.page, width_mm=need + left + 45)
        assert page.width_mm - page.left_mm - page.right_mm - left == need
        fitted = layout.fit_header(header_frame([("co_quan", name)], right, date), replace(STATE, page=page))
        assert fitted.left_mm == pytest.approx(left) and fitted.sizes == {"co_quan": 12.0}
        assert fitted.date_size is None, date  # the date at its own size


def test_a_table_of_one_or_two_columns_gives_its_name_column_the_rest():
    single = Table(headers=("Đơn vị",), rows=(("Chi bộ A",), ("Chi bộ B",)))
    assert layout.table_widths(single, 165, 12) == [165]
    pair = Table(headers=("STT", "Đơn vị"), rows=(("1", "Chi bộ A"), ("2", "Chi bộ B")))
    number = max(width_mm("STT", 12, True), width_mm("2", 12)) + 2 * 1.0 + 0.8
    assert layout.table_widths(pair, 165, 12) == [pytest.approx(number), pytest.approx(165 - number)]


def test_a_row_without_a_name_adds_no_height():
    table = Table(headers=("STT", "Tên"), rows=(("1", "A"), ("2",)), name_column=1)
    assert layout._height(table, 12, [10, 30]) == pytest.approx(12 * 1.16 + 2)


def test_a_table_of_two_rows_is_set_smaller_when_that_makes_it_shorter():
    # as with thirty rows: at 11 pt its names take one line, half as tall as at 12
    assert fit_of(stage_table(3, units=2)) == (False, 11)


def test_a_smaller_size_exactly_a_fifth_shorter_is_worth_it():
    short, long_, longer = ("Chi bộ Phước Long", "Đảng bộ xã Phước Long Hòa Thạnh Đông Bắc",
                            "Đảng bộ xã Phước Long Hòa Thạnh Đông Bắc Tây Nam Bộ")
    names = [short] * 18 + [longer] * 5 + [long_] * 6
    heads = ("STT", "Đơn vị", "Chỉ tiêu kết nạp", "Chỉ tiêu tạo nguồn",
             *[f"Giai đoạn thứ {i} trong năm" for i in range(3)], "Tỷ lệ kết nạp")
    table = Table(headers=heads, rows=tuple((str(i), n, "2-3", "4", "3", "3", "3", "100,0%")
                                            for i, n in enumerate(names, 1)))
    at12, at11 = layout.table_widths(table, 165, 12), layout.table_widths(table, 165, 11)
    # lines of each name at 12 and at 11 pt: one and one, two and two, two and one
    assert [(layout._name_lines(n, at12[1] - 2.8, 12), layout._name_lines(n, at11[1] - 2.8, 11))
            for n in (short, longer, long_)] == [(1, 1), (2, 2), (2, 1)]
    # 491,84 pt is 0,8 × 614,8 pt to the last bit
    assert layout._height(table, 11, at11) == layout.SHORTER * layout._height(table, 12, at12)
    assert fit_of(table) == (False, 11)


def blocks(body) -> list[str]:
    return [etree.QName(c).localname for c in body if c.tag is not etree.Comment]


def test_each_part_of_a_split_table_takes_the_landscape_page_at_its_own_fit():
    heads = ("STT", "Đơn vị", *[f"Giai đoạn thứ {i} trong năm" for i in range(24)])
    rows = tuple((str(i), f"Đảng bộ xã Phước Long {i}", *["3"] * 24) for i in range(1, 4))
    table = Table(headers=heads, rows=rows, note="(*) tạm tính")
    parts = layout._split(table, DANG)
    fits = [layout._fit(replace(p, landscape=True), DANG) for p in parts]
    # the second part would fit a portrait page: it is laid out across the landscape one all the same
    assert len(parts) == 2 and layout._fit(parts[1], DANG)[0] is False
    assert [f[:2] for f in fits] == [(True, 10), (True, 12)]
    body = tree(layout.data_table(table, DANG))
    # the parts one after the other, each with its paragraph after; the note under the last only
    assert blocks(body) == ["tbl", "p", "tbl", "p", "p"]
    tables, paragraphs = body.findall(w("tbl")), body.findall(w("p"))
    for tbl, (_, size, widths) in zip(tables, fits):
        assert [int(c.get(w("w"))) for c in tbl.find(w("tblGrid"))] == [wml.twips_mm(x) for x in widths]
        assert {val(r, "w:rPr/w:sz") for r in tbl.iter(w("r"))} == {str(round(size * 2))}
        # the last row keeps with what follows: the next part, or the note
        assert val(tbl.findall(w("tr"))[-1], "w:tc/w:p/w:pPr/w:keepNext") == "on"
    assert "".join(paragraphs[1].itertext()) == "(*) tạm tính"
    assert [p.find(f"{w('pPr')}/{w('sectPr')}") is not None for p in paragraphs] == [False, False, True]
    # in a landscape document: the same parts, nothing between them
    body = tree(layout.data_table(replace(table, landscape=True), DANG))
    assert blocks(body) == ["tbl", "p", "tbl", "p", "p"]


def test_a_column_too_wide_for_any_page_is_laid_out_at_the_least_size_in_even_columns():
    word = "Trăm" * 32  # one unbreakable heading word, wider than a landscape page even at 10 pt
    table = Table(headers=("STT", "Đơn vị", word), rows=(("1", "Chi bộ A", "3"),))
    assert layout._fit(replace(table, landscape=True), DANG) is None
    body = tree(layout.data_table(table, DANG))
    (tbl,) = body.findall(w("tbl"))
    assert [int(c.get(w("w"))) for c in tbl.find(w("tblGrid"))] == [wml.twips_mm(252 / 3)] * 3
    assert {val(r, "w:rPr/w:sz") for r in tbl.iter(w("r"))} == {"20"}


def test_a_tables_cells_and_note_carry_the_font_every_cell_its_width_and_the_total_its_group_end():
    table = Table(headers=SMALL.headers, rows=SMALL.rows + (("3", "Chi bộ C", "4"),), total=SMALL.total,
                  groups=(1, 1, 2), note="(*) Số liệu tạm tính.")
    xml = layout._table_xml(table, DANG, 12, [15, 130, 20], section_end=True)
    assert xml.endswith(layout.LANDSCAPE_END + "</w:pPr></w:p>")  # the section ends in the paragraph after
    body = tree(xml.replace(layout.LANDSCAPE_END, "<w:sectPr/>"))
    rows = body.find(w("tbl")).findall(w("tr"))
    # a group's rows keep together, the last group's row not with the total; the total with the note
    assert [val(r, "w:tc/w:p/w:pPr/w:keepNext") for r in rows] == ["on", "on", "0", "0", "on"]
    assert [[int(val(c, "w:tcPr/w:tcW", "w")) for c in r.findall(w("tc"))] for r in rows] == \
        [[wml.twips_mm(15), wml.twips_mm(130), wml.twips_mm(20)]] * 5
    assert {val(r, "w:rPr/w:rFonts", "ascii") for r in body.iter(w("r"))} == {"Times New Roman"}
    assert [val(p, "w:r/w:rPr/w:rFonts", "cs") for p in body.findall(w("p"))] == ["Times New Roman", None]


def test_the_first_paragraph_of_a_body_and_one_of_spaces_keep_with_the_signature():
    assert layout.keep_closing_with_body(para("Hai") + CLOSING_TABLE) == kept("Hai") + CLOSING_TABLE
    assert layout.keep_closing_with_body(para() + para("Hai") + CLOSING_TABLE) == \
        para() + kept("Hai") + CLOSING_TABLE
    # a paragraph of runs of spaces has no text: the one before it keeps with the signature as well
    spaces = '<w:r><w:t xml:space="preserve"> </w:t></w:r>' * 2
    xml = para("Một") + para("Hai") + f"<w:p>{spaces}</w:p>" + CLOSING_TABLE
    assert layout.keep_closing_with_body(xml) == \
        para("Một") + kept("Hai") + f"<w:p><w:pPr><w:keepNext/></w:pPr>{spaces}</w:p>" + CLOSING_TABLE


def test_a_picture_whose_caption_is_on_the_other_side_than_the_others_is_left_as_it_is():
    props = layout.with_properties
    # captions under their pictures, as the last shows: the caption over the first is not its own
    out = layout.keep_figures_with_captions(cap(1) + PIC + para("Giữa") + PIC + cap(2))
    assert out == (cap(1) + PIC + para("Giữa") + props(PIC, keepNext=True, widowControl=False)
                   + props(cap(2), keepNext=False, keepLines=True))
    # captions over them: the caption under the first is not its own
    out = layout.keep_figures_with_captions(PIC + cap(1) + para("Giữa") + cap(2) + PIC)
    assert out == (PIC + cap(1) + para("Giữa") + props(cap(2), keepNext=True, keepLines=True)
                   + props(PIC, widowControl=False))


def test_landscape_marks_in_a_body_without_any_section_are_dropped():
    xml = para("a") + layout.LANDSCAPE_START + "<w:tbl><w:tr/></w:tbl>" + para("b")
    assert layout.landscape_sections(xml) == para("a") + "<w:tbl><w:tr/></w:tbl>" + para("b")


HEADING = '<w:p><w:pPr><w:pStyle w:val="VBMuc"/></w:pPr><w:r><w:t>II.</w:t></w:r></w:p>'
TURNED_END = "<w:tbl><w:tr/></w:tbl><w:p><w:pPr>" + TURNED + "</w:pPr></w:p>"


def test_a_landscape_page_goes_on_over_headings_as_far_as_the_text_after_it():
    start = layout.LANDSCAPE_START
    xml = para("Trước") + start + WIDE + HEADING + start + WIDE + para("Sau") + SECT
    assert layout.landscape_sections(xml) == (
        "<w:p><w:pPr>" + SECT + "</w:pPr><w:r><w:t>Trước</w:t></w:r></w:p>"
        + "<w:tbl><w:tr/></w:tbl><w:p><w:pPr></w:pPr></w:p>" + HEADING + TURNED_END + para("Sau") + PORTRAIT)
    # and every mark after is still seen to: a third table after text has its own page
    xml = para("Trước") + start + WIDE + HEADING + start + WIDE + para("Giữa") + start + WIDE + SECT
    out = layout.landscape_sections(xml)
    assert start not in out and out.count(TURNED) == 2 and out.index(TURNED) > out.index("II.")


def test_a_table_on_its_portrait_page_between_two_wide_ones_keeps_them_on_pages_of_their_own():
    # a one-row table: every paragraph of it keeps with the next, as a heading does
    small = layout.data_table(Table(headers=SMALL.headers, rows=SMALL.rows[:1]), DANG)
    assert all(layout._heading_or_empty(m.group(0)) for m in layout._PARAGRAPH.finditer(small))
    start = layout.LANDSCAPE_START
    out = layout.landscape_sections(para("Trước") + start + WIDE + HEADING + small + start + WIDE + SECT)
    assert out.count(TURNED) == 2 and out.index(TURNED) < out.index("Chi bộ A") < out.rindex(TURNED)


def test_a_paragraph_that_ends_a_section_already_gets_no_second_one():
    # a section of default settings, self-closed
    ends = "<w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>z</w:t></w:r></w:p>"
    out = layout.landscape_sections(para("a") + ends + layout.LANDSCAPE_START + WIDE + SECT)
    # the section it ends is the document's second: its first page is numbered
    assert out.startswith(para("a") + ends + layout._BREAK_PARAGRAPH.format(NUMBERED) + "<w:tbl>")


NUMBERED = SECT.replace("<w:titlePg/>", "")   # the body's section without a first page of its own


def test_only_the_first_portrait_section_has_a_first_page_without_number():
    # text, a wide table, text, a wide table, text: three portrait sections, of which only the
    # first begins the document (its first page carries no number); the others go on numbered
    start = layout.LANDSCAPE_START
    out = layout.landscape_sections(para("Mở đầu") + start + WIDE + para("Giữa") + start + WIDE + para("Cuối") + SECT)
    ends = re.findall(r"<w:sectPr>.*?</w:sectPr>", out)
    assert ends == [SECT, TURNED, NUMBERED, TURNED, NUMBERED]
    for text, section in (("Mở đầu", SECT), ("Giữa", NUMBERED)):   # each ends in the paragraph before its table
        assert f"<w:p><w:pPr>{section}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p><w:tbl>" in out


def test_a_landscape_template_with_only_a_heading_before_its_wide_table_keeps_every_part():
    # the template's own page is landscape and no section ends before the table: there is no
    # earlier landscape page to go on, only the heading and the table, each once, in order
    out = layout.landscape_sections(HEADING + layout.LANDSCAPE_START + WIDE + TURNED)
    body = etree.fromstring(f'<w:body {nsdecls("w")}>{out}</w:body>')
    assert [etree.QName(el).localname for el in body] == ["p", "tbl", "p", "sectPr"]
    assert out.count("II.") == 1 and out.endswith(TURNED)


def test_a_section_the_template_ends_itself_before_headings_and_a_wide_table_stays():
    # the template's own section break (a page of its own before part II), then a heading and the
    # wide table: the break is the template's, not a landscape page's, and is kept where it was
    own = "<w:p><w:pPr>" + SECT + "</w:pPr><w:r><w:t>Phần I</w:t></w:r></w:p>"
    out = layout.landscape_sections(own + HEADING + layout.LANDSCAPE_START + WIDE + SECT)
    assert out.startswith(own)
    assert re.findall(r"<w:sectPr>.*?</w:sectPr>", out) == [SECT, NUMBERED, TURNED, NUMBERED]
    assert out.index("Phần I") < out.index(NUMBERED) < out.index("II.") < out.index("<w:tbl>")


def test_a_section_ends_in_paragraph_properties_that_carry_attributes():
    paragraph = '<w:p><w:pPr w:rsidR="00A1"><w:jc w:val="both"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>'
    out = layout.landscape_sections(paragraph + layout.LANDSCAPE_START + WIDE + SECT)
    assert out.startswith('<w:p><w:pPr w:rsidR="00A1"><w:jc w:val="both"/>' + SECT
                          + "</w:pPr><w:r><w:t>x</w:t></w:r></w:p><w:tbl>")


def test_figures_are_measured_on_one_line_and_text_word_by_word_whatever_the_column():
    pad = 2 * 1.0 + 0.8
    # a note column before the name, a centred code, a figure that reads «từ 22» (at least 22)
    table = Table(headers=("STT", "Ghi chú", "Đơn vị", "Mã", "Số"),
                  rows=(("1", "đã xong việc", "Chi bộ A", "ĐB 01", "từ 22"),), figures_from=4, centred=(3,),
                  name_column=2)
    widths = layout.table_widths(table, 165, 12)
    expected = [max(width_mm("STT", 12, True), width_mm("1", 12)) + pad,
                max(width_mm("Ghi", 12, True), width_mm("chú", 12, True), width_mm("xong", 12)) + pad,
                None,
                max(width_mm("Mã", 12, True), width_mm("ĐB 01", 12)) + pad,
                max(width_mm("Số", 12, True), width_mm("từ 22", 12)) + pad]
    expected[2] = 165 - sum(x for x in expected if x is not None)
    assert widths == [pytest.approx(x) for x in expected]
    # the figure and the code are wider than their headings and than their longest word
    assert width_mm("từ 22", 12) > max(width_mm("Số", 12, True), width_mm("từ", 12), width_mm("22", 12))
    assert width_mm("ĐB 01", 12) > max(width_mm("Mã", 12, True), width_mm("ĐB", 12), width_mm("01", 12))
    assert width_mm("đã xong việc", 12) > width_mm("xong", 12) > width_mm("chú", 12, True)


def test_a_table_without_rows_or_with_short_ones_has_its_headings_widths():
    pad = 2 * 1.0 + 0.8
    heads = ("STT", "Đơn vị", "Số")
    number, figure = width_mm("STT", 12, True) + pad, width_mm("Số", 12, True) + pad
    assert layout.table_widths(Table(headers=heads, rows=()), 165, 12) == \
        [pytest.approx(number), pytest.approx(165 - number - figure), pytest.approx(figure)]
    # a row of a number only: no name, no figure to measure
    short = Table(headers=heads, rows=(("1", "Chi bộ A", "2"), ("2",)))
    assert layout.table_widths(short, 165, 12) == layout.table_widths(replace(short, rows=short.rows[:1]), 165, 12)


def test_a_name_column_left_exactly_its_longest_name_fits():
    widths = layout.table_widths(SMALL, 165, 12)
    short = max(width_mm(n, 12) for n in ("Chi bộ A", "Chi bộ B", "Tổng cộng")) + 2 * 1.0 + 0.8
    text_width = widths[0] + widths[2] + short
    assert text_width - (widths[0] + widths[2]) == short  # to the last bit
    assert layout.table_widths(SMALL, text_width, 12) == [widths[0], short, widths[2]]


def test_every_section_gets_its_own_header_with_the_page_number():
    doc = Document()
    doc.add_section()
    layout.apply_look(doc, DANG)
    for section in doc.sections:
        assert not section.header.is_linked_to_previous and not section.first_page_header.is_linked_to_previous
        assert [t.text for t in section.header.paragraphs[0]._p.iter(w("instrText"))] == [" PAGE "]
    # numbered from page 1: no header of its own for the first page
    doc = Document()
    layout.apply_look(doc, replace(DANG, page_number_from=1))
    assert doc.sections[0].first_page_header.is_linked_to_previous


def test_only_font_elements_are_given_the_font():
    doc = Document()
    doc.add_paragraph().add_run("x").font.name = "Arial"  # a font named in the body, as pasted text has
    layout.apply_look(doc, DANG)
    for part in (doc.element, doc.styles.element):
        named = {etree.QName(e).localname for e in part.iter() if e.get(w("ascii")) is not None}
        assert named == {"rFonts"}
