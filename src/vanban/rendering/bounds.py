"""Bounds on what a template may build: every way Jinja can make a long string or a huge
number is held to the same limits as text, whatever the data.

An expression may make at most MAX_TEXT characters: the operators (`*`, `+`, `%`, `~`),
the string methods (`ljust`, `rjust`, `center`, `zfill`, `expandtabs`, `replace`, `join`,
`format`), and the filters (`center`, `indent`, `wordwrap`, `format`, `join`, `replace`,
`batch`, `slice`, `string`, `pprint`…) are checked before they run where their arguments
say how long the result will be, and after. Integers stay printable (MAX_INT_BITS); a
whole part of a document stops at MAX_DOCUMENT_BYTES characters as it is made; a tag
prints data, never Jinja's own objects (`{{ self }}`, `{{ loop }}`). `beyond_bounds()`
finds in the tags themselves what goes past the limits whatever the data, for
`vanban mau kiem-tra`.
"""

from __future__ import annotations

import re
import types

from jinja2 import Template
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context, LoopContext, Macro, TemplateReference
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

MAX_TEXT = 1_000_000        # characters one expression may produce ('x' * 10**9 stops here)
MAX_EXPONENT = 64           # 10**5000 stops here
MAX_INT_BITS = 13_000       # an integer Python can still print (4.000 digits)
MAX_ITEMS = 100_000         # items a filter may pad a list with (as range(…) in the sandbox)
MAX_DOCUMENT_BYTES = 50_000_000


def _too_long() -> SecurityError:
    return SecurityError(f"biểu thức tạo ra quá {MAX_TEXT:,} ký tự".replace(",", "."))


def _length(value, budget: int = MAX_TEXT, depth: int = 0) -> int:
    """About how many characters *value* prints as, counted no further than past *budget*."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        if depth > 50:
            return budget + 1
        total = 2
        items = value.items() if isinstance(value, dict) else value
        for item in items:
            total += _length(item, budget - total, depth + 1) + 2
            if total > budget:
                return total
        return total
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3 + 1
    return 24


def _grew(result, *inputs) -> None:
    """Refuse a string or list longer than the limit that an operation made longer than any
    of what it was given (vanban's own blocks, longer than the limit, pass through)."""
    if isinstance(result, (str, list, tuple)) and len(result) > MAX_TEXT:
        if len(result) > max((len(i) for i in inputs if isinstance(i, (str, list, tuple))), default=0):
            raise _too_long()


_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_FORMAT_NUMBERS = re.compile(r"(\d+)")


def _printf_widths(fmt: str) -> None:
    """'%400000000s' % x and its kind: a width or precision past the limit is refused."""
    for m in _PRINTF.finditer(fmt):
        for n in (m.group(1), m.group(2)):
            if n == "*":
                raise SecurityError("độ rộng «*» trong chuỗi định dạng % không dùng được trong mẫu")
            if n and int(n) > MAX_TEXT:
                raise _too_long()


def _format_widths(fmt: str) -> None:
    """'{0:>400000000}'.format(x): a width or precision past the limit is refused."""
    from string import Formatter

    try:
        fields = list(Formatter().parse(fmt))
    except ValueError:
        return
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise SecurityError("định dạng lồng «{…{…}}» không dùng được trong mẫu")
        if any(int(n) > MAX_TEXT for n in _FORMAT_NUMBERS.findall(spec)):
            raise _too_long()


def _int_bits(result) -> None:
    if isinstance(result, int) and not isinstance(result, bool) and result.bit_length() > MAX_INT_BITS:
        raise SecurityError("số quá lớn (quá 4.000 chữ số)")


def _arg(args, kwargs, index: int, name: str, default=None):
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def _str_method(owner: str, name: str, args, kwargs) -> None:
    """Before a string method runs: would its result pass the limit?"""
    if name in ("ljust", "rjust", "center", "zfill"):
        width = _arg(args, kwargs, 0, "width", 0)
        if isinstance(width, int) and width > MAX_TEXT:
            raise _too_long()
    elif name == "expandtabs":
        size = _arg(args, kwargs, 0, "tabsize", 8)
        if isinstance(size, int) and len(owner) + owner.count("\t") * size > MAX_TEXT:
            raise _too_long()
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        _replace_size(owner, args[0], args[1], args[2] if len(args) > 2 else -1)


def _replace_size(text: str, old: str, new: str, count=-1) -> None:
    times = text.count(old)  # an empty *old* counts len(text) + 1: every gap, as replace fills them
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    if len(new) > len(old) and len(text) + times * (len(new) - len(old)) > max(MAX_TEXT, len(text)):
        raise _too_long()


def _join_size(sep: str, items) -> list:
    items = list(items)
    total = len(sep) * max(len(items) - 1, 0)
    for item in items:
        total += _length(item, MAX_TEXT - total)
        if total > MAX_TEXT:
            raise _too_long()
    return items


def bounded_filter(name: str, f):
    """A Jinja filter that cannot make a string past the limit (checked before it runs where
    its arguments say how long the result will be, and after)."""
    from functools import wraps

    passes = getattr(f, "jinja_pass_arg", None)
    skip = 1 if passes is not None else 0  # the environment or context Jinja passes first

    @wraps(f)
    def bounded(*args, **kwargs):
        own = args[skip:]
        value = own[0] if own else None
        rest = own[1:]
        if name == "center":
            width = _arg(rest, kwargs, 0, "width", 80)
            if isinstance(width, int) and width > MAX_TEXT:
                raise _too_long()
        elif name == "indent":
            width = _arg(rest, kwargs, 0, "width", 4)
            pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
            text = str(value)
            if len(text) + (text.count("\n") + 1) * pad > MAX_TEXT:
                raise _too_long()
        elif name == "wordwrap":
            width = _arg(rest, kwargs, 0, "width", 79)
            wrap = _arg(rest, kwargs, 2, "wrapstring", None) or "\n"
            text = str(value)
            lines = len(text) // max(width, 1) + 1 if isinstance(width, int) else len(text)
            if len(text) + lines * len(wrap) > MAX_TEXT:
                raise _too_long()
        elif name == "format" and isinstance(value, str):
            _printf_widths(value)
        elif name == "join" and value is not None:
            items = _join_size(str(_arg(rest, kwargs, 0, "d", "")), value)
            args = args[:skip] + (items,) + tuple(rest)
        elif name == "replace" and len(rest) >= 2:
            _replace_size(str(value), str(rest[0]), str(rest[1]), rest[2] if len(rest) > 2 else -1)
        elif name in ("batch", "slice"):
            count = _arg(rest, kwargs, 0, "linecount" if name == "batch" else "slices", 0)
            if isinstance(count, int) and count > MAX_ITEMS:
                raise SecurityError(f"bộ lọc «{name}» với {count} phần tử quá lớn (tối đa {MAX_ITEMS:,})"
                                    .replace(",", "."))
        elif name in ("string", "pprint", "tojson", "list", "urlize", "striptags", "escape", "e", "forceescape"):
            if _length(value) > MAX_TEXT:
                raise _too_long()
        result = f(*args, **kwargs)
        _grew(result, value, *rest)
        return result

    return bounded


_INTERNALS = (TemplateReference, Context, LoopContext, Macro, Cycler, Joiner, Namespace, type, types.FunctionType,
              types.BuiltinFunctionType, types.MethodType, types.BuiltinMethodType, types.ModuleType)


def _printable(value):
    """What a tag prints: data within the limit, never Jinja's own objects ({{ self }},
    {{ loop }}, {{ range }}…)."""
    cls = type(value)
    if cls is str:
        if len(value) > MAX_TEXT:
            raise _too_long()
        return value
    if cls is Markup or cls is int or cls is float:
        return value  # vanban's blocks and tables, or a result already bounded
    if isinstance(value, _INTERNALS):
        raise SecurityError("thẻ in ra một phần bên trong của Jinja (như «self», «loop»), không phải dữ liệu")
    if not isinstance(value, Markup) and _length(value) > MAX_TEXT:
        raise _too_long()
    return value


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the `~` operator's result held to the limit."""

    def visit_Concat(self, node, frame):
        self.write("environment.bounded_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


def _bounded_concat(value):
    """What `a ~ b` makes, held to the limit."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise _too_long()
    return value


class _BoundedTemplate(Template):
    """A template whose whole output is held to MAX_DOCUMENT_BYTES characters while it is
    made (a loop printing a long text many times stops there, not when memory runs out)."""

    def render(self, *args, **kwargs) -> str:
        ctx = self.new_context(dict(*args, **kwargs))
        out, total = [], 0
        try:
            for piece in self.root_render_func(ctx):
                total += len(piece)
                if total > MAX_DOCUMENT_BYTES:
                    exc = SecurityError(f"văn bản dựng ra quá {MAX_DOCUMENT_BYTES:,} ký tự".replace(",", "."))
                    exc.output_line = sum(p.count("\n") for p in out) + 1  # where the source's lines had got to
                    raise exc
                out.append(piece)
        except Exception:
            self.environment.handle_exception()
        return "".join(out)


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with bounds on what one expression may build: every operator, string
    method and filter that can make a long string or a huge number is held to MAX_TEXT
    characters (MAX_INT_BITS for numbers); lists and dicts of the data cannot be changed
    (no `append` growing one in a loop); what a tag prints is data, never Jinja's own
    objects."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator
    template_class = _BoundedTemplate
    bounded_concat = staticmethod(_bounded_concat)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("finalize", _printable)
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)
        self.filters = {name: bounded_filter(name, f) for name, f in self.filters.items()}

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"số mũ {right} quá lớn (tối đa {MAX_EXPONENT})")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 \
                and max(left.bit_length(), 1) * right > MAX_INT_BITS:
            raise SecurityError("số quá lớn (quá 4.000 chữ số)")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > max(MAX_TEXT, len(seq)):
                    raise _too_long()
            if isinstance(left, int) and isinstance(right, int) \
                    and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise SecurityError("số quá lớn (quá 4.000 chữ số)")
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            if len(left) + len(right) > max(MAX_TEXT, len(left), len(right)):
                raise _too_long()
        if operator == "%" and isinstance(left, str):
            _printf_widths(left)
        result = super().call_binop(context, operator, left, right)
        if operator == "%":
            _grew(result, left, right)
        _int_bits(result)
        return result

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - the sandbox's own signature
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            _str_method(owner, name, args, kwargs)
            if name == "join" and args:
                args = (_join_size(owner, args[0]), *args[1:])
        result = super().call(__context, __obj, *args, **kwargs)
        _grew(result, owner, *args)
        return result

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = value.__self__

        def bounded(*args, **kwargs):
            _format_widths(fmt)
            result = wrapped(*args, **kwargs)
            _grew(result, fmt, *args)
            return result

        bounded.__self__ = fmt  # call() counts the format string among the inputs, as for a str method
        return bounded

    def beyond_bounds(self, ast) -> list[tuple[int, str]]:
        """Expressions of a parsed template that go past the bounds whatever the data: found
        when the template is checked, before any render. (line, message) each."""
        from jinja2 import nodes

        out = []

        def const(node):
            if isinstance(node, nodes.Const):
                return node.value
            if isinstance(node, nodes.Neg):
                v = const(node.node)
                return -v if isinstance(v, (int, float)) else None
            if isinstance(node, nodes.Pow):
                a, b = const(node.left), const(node.right)
                if isinstance(a, int) and isinstance(b, int) and 0 <= b <= MAX_EXPONENT \
                        and max(a.bit_length(), 1) * b <= MAX_INT_BITS:
                    return a ** b
            if isinstance(node, nodes.Mul):
                a, b = const(node.left), const(node.right)
                if isinstance(a, int) and isinstance(b, int) and a.bit_length() + b.bit_length() <= MAX_INT_BITS:
                    return a * b
            return None

        def check(fn, lineno):
            try:
                fn()
            except SecurityError as exc:
                out.append((lineno, str(exc)))

        for node in ast.find_all((nodes.Pow, nodes.Mul, nodes.Mod, nodes.Call, nodes.Filter)):
            line = node.lineno
            if isinstance(node, nodes.Pow):
                b = const(node.right)
                if isinstance(b, (int, float)) and abs(b) > MAX_EXPONENT:
                    out.append((line, f"số mũ {b} quá lớn (tối đa {MAX_EXPONENT})"))
            elif isinstance(node, nodes.Mul):
                a, b = const(node.left), const(node.right)
                for seq, times in ((a, b), (b, a)):
                    if isinstance(seq, str) and isinstance(times, int) and len(seq) * times > MAX_TEXT:
                        out.append((line, str(_too_long())))
            elif isinstance(node, nodes.Mod):
                a = const(node.left)
                if isinstance(a, str):
                    check(lambda: _printf_widths(a), line)
            elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
                attr, owner = node.node.attr, const(node.node.node)
                values = [const(a) for a in node.args]
                if attr in ("ljust", "rjust", "center", "zfill") and values and isinstance(values[0], int) \
                        and values[0] > MAX_TEXT:
                    out.append((line, str(_too_long())))
                elif attr in ("format", "format_map") and isinstance(owner, str):
                    check(lambda: _format_widths(owner), line)
            elif isinstance(node, nodes.Filter):
                values = [const(a) for a in node.args]
                first = values[0] if values else None
                if node.name in ("center", "indent") and isinstance(first, int) and first > MAX_TEXT:
                    out.append((line, str(_too_long())))
                elif node.name in ("batch", "slice") and isinstance(first, int) and first > MAX_ITEMS:
                    out.append((line, f"bộ lọc «{node.name}» với {first} phần tử quá lớn"))
                elif node.name == "format" and node.node is not None and isinstance(const(node.node), str):
                    check(lambda: _printf_widths(const(node.node)), line)
        return out
