"""No import circle among the screens' modules (pyproject's import-linter contracts say the same
for packages; this also sees a package's __init__ and runs with the tests)."""

from __future__ import annotations

import grimp


def import_cycles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """The groups of modules of `package` that import each other round in a circle (the strongly
    connected components of more than one module), each sorted."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    imports = {
        m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i in modules)
        for m in modules
    }
    # Tarjan's algorithm, without recursion.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            module, next_edge = work.pop()
            if next_edge == 0:
                index[module] = low[module] = len(index)
                stack.append(module)
                on_stack.add(module)
            edges = imports[module]
            if next_edge < len(edges):
                work.append((module, next_edge + 1))
                target = edges[next_edge]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
    return sorted(cycles)


def test_no_import_cycle_among_the_screens() -> None:
    graph = grimp.build_graph("app", cache_dir=None)
    assert import_cycles(graph, "app.ui") == []


def test_the_cycle_finder_finds_a_circle_through_a_package() -> None:
    graph = grimp.ImportGraph()
    for module in ("p", "p.a", "p.b", "p.c", "p.d"):
        graph.add_module(module)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p")
    graph.add_import(importer="p", imported="p.a")
    graph.add_import(importer="p.c", imported="p.a")  # into the circle, not part of it
    graph.add_import(importer="p.d", imported="p.d")
    assert import_cycles(graph, "p") == [["p", "p.a", "p.b"]]
