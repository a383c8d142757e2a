"""The house shows the flow: layers that only point down, no circle between files, a small
package root, and function-local imports only where start-up time needs them.

Read from the source (module level and inside functions), not from what happens to be
imported at run time."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "src" / "vanban"

# Lower number, lower layer: a module may import its own layer or any below it, never above.
LAYERS = {
    "__init__": 0, "errors": 0, "project": 0, "output": 0, "text": 0,  # the root __init__ holds the version
    "ooxml": 1,
    "data": 2,
    "rendering": 3,
    "documents": 4, "issuing": 4, "template_tools": 4, "the_thuc": 4,
    "office": 5,
    "cli": 6, "web": 6, "bench": 6, "__main__": 6,
}
ROOT_ALLOWED = 8  # modules at the package root besides __init__, __main__ and cli


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _exists(name: str, known: dict[str, Path]) -> bool:
    return name in known


def imports(known: dict[str, Path]) -> list[tuple[str, str, int, bool, str]]:
    """(importer, imported vanban module, line, inside a function, the source lines around it)."""
    out = []
    for name, path in known.items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        local: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                local |= {id(n) for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))}
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("vanban")]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                if not source.startswith("vanban"):
                    continue
                for alias in node.names:  # `from . import x` imports the module x when there is one
                    full = f"{source}.{alias.name}"
                    targets.append(full if _exists(full, known) else source)
            else:
                continue
            context = "\n".join(lines[max(0, node.lineno - 3):node.end_lineno])
            for target in targets:
                while target not in known and "." in target:
                    target = target.rsplit(".", 1)[0]
                out.append((name, target, node.lineno, id(node) in local, context))
    return out


def layer(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return LAYERS[top]


def test_every_module_has_a_layer():
    unknown = {m.split(".")[1] for m in modules() if "." in m and m.split(".")[1] not in LAYERS}
    assert not unknown, f"modules outside the declared layers: {unknown}"


def test_layers_only_point_down():
    known = modules()
    wrong = [f"{a} (layer {layer(a)}) imports {b} (layer {layer(b)}) at line {line}"
             for a, b, line, _, _ in imports(known) if layer(b) > layer(a)]
    assert not wrong, "\n".join(wrong)


def test_the_raw_xml_layer_knows_nothing_above_it():
    known = modules()
    wrong = [f"{a} imports {b}" for a, b, _, _, _ in imports(known)
             if a.startswith("vanban.ooxml") and b.split(".")[1] not in ("ooxml", "text", "errors")]
    assert not wrong, "\n".join(wrong)


def test_the_data_layer_imports_no_builder_renderer_issuing_checker_or_interface():
    known = modules()
    above = ("documents", "rendering", "issuing", "the_thuc", "template_tools", "office", "cli", "web", "bench")
    wrong = [f"{a} imports {b}" for a, b, _, _, _ in imports(known)
             if a.startswith("vanban.data") and b.split(".")[1] in above]
    assert not wrong, "\n".join(wrong)


def test_the_web_page_calls_only_the_office():
    """The page is a face like the command line: every action is a call of vanban.office (its face,
    not its rooms), with the same checks and messages; nothing below it is reached past the Office,
    and nothing below the page knows of it."""
    known = modules()
    allowed = {"vanban", "vanban.office", "vanban.errors"}
    wrong = [f"{a} imports {b}" for a, b, _, _, _ in imports(known)
             if a.startswith("vanban.web") and not b.startswith("vanban.web") and b not in allowed]
    wrong += [f"{a} imports {b}" for a, b, _, inside, _ in imports(known)
              if b.startswith("vanban.web") and not a.startswith("vanban.web") and not (a == "vanban.cli.web" and inside)]
    assert not wrong, "\n".join(wrong)


def test_no_circle_between_files():
    known = modules()
    graph: dict[str, set[str]] = {m: set() for m in known}
    for a, b, _, _, _ in imports(known):
        if a != b:
            graph[a].add(b)
    # Tarjan's strongly connected components: any with more than one module is a circle
    index, low, stack, on, circles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                circles.append(sorted(part))

    for v in graph:
        if v not in index:
            visit(v)
    assert not circles, f"circles: {circles}"


def test_the_package_root_is_small():
    loose = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__", "cli"))
    assert len(loose) <= ROOT_ALLOWED, loose


def test_a_function_local_import_of_vanban_says_it_is_for_start_up_time():
    known = modules()
    unsaid = [f"{a}:{line} imports {b} inside a function without saying why"
              for a, b, line, inside, context in imports(known) if inside and "start-up" not in context]
    assert not unsaid, "\n".join(unsaid)


def test_a_package_face_is_not_its_body():
    """A package's __init__.py re-exports and explains; the work lives in modules with names."""
    heavy = []
    for init in PACKAGE.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
        if len(init.read_text(encoding="utf-8").splitlines()) > 200 or len(defs) > 12:
            heavy.append(f"{init.relative_to(PACKAGE)}: {len(defs)} definitions")
    assert not heavy, heavy
