"""What each code cell of a chapter needs from the cells before it, so that a reader can copy
the cell with exactly that set-up and run it in a fresh Python.

A cell's *set-up* is the earlier cells whose code must run before it, in page order: for each
name the cell reads and does not bind first itself, the last earlier cell that binds it, and
every cell between the two that may change the object in place; then, in turn, those cells'
own set-up. A function a cell calls reads its names when called, so its free names count as
read by the calling cell. Read with :mod:`ast`, without running anything.

A cell may change the object a name holds, rather than bind the name anew, when it

* stores into or deletes an item or attribute of it, or augments it (``x[i] = …``,
  ``x.a = …``, ``x += …``);
* calls one of its in-place methods (:data:`IN_PLACE`: ``append``, ``update``, ``sort``, …);
* uses it at all, when it holds an object that changes as it is used: a
  random generator (each draw advances it), an iterator (each ``next`` consumes it) or a
  matplotlib object (every call draws on it), known by the call that made it
  (:data:`STATEFUL_CALLS`, :data:`STATEFUL_MODULES`);
* passes it to a function the chapter defines, or to a NumPy function as ``out=``.

Any other use counts as a read: gdbook's values are immutable (frozen dataclasses and named
tuples) and its functions change no argument, NumPy's change none but ``out=``, and a method
not in :data:`IN_PLACE`, of an object not in :data:`STATEFUL_CALLS`' kinds, is taken to read
its object. The test that runs every cell's copy in a fresh interpreter
(tests/book/test_copied_cells.py) checks this on the chapters: what a set-up misses shows as a
print that differs from the page, or an error.

A plain module (not a hook); hooks/chapter_markup.py calls it.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

BUILTINS = frozenset(dir(builtins))
IN_PLACE = frozenset(
    "append extend insert pop remove clear sort reverse update setdefault popitem add discard "
    "fill put resize partition itemset setfield".split()
)
# Calls whose result changes as it is used: by the called function's (or method's) name, or by
# the module it is called from.
STATEFUL_CALLS = frozenset({"default_rng", "Generator", "RandomState", "iter", "batches", "sampler"})
STATEFUL_MODULES = frozenset({"matplotlib", "gdbook.plot"})


class CellSetupError(ValueError):
    """Code whose names cannot be read statically (a star import hides what it binds)."""


@dataclass
class CellNames:
    """What one cell does with names, at module level."""

    reads: set = field(default_factory=set)      # names read before the cell binds them
    binds: set = field(default_factory=set)      # names (re)bound
    changes: set = field(default_factory=set)    # names whose object may be changed in place
    stateful: set = field(default_factory=set)   # names bound to objects that change as used
    functions: dict = field(default_factory=dict)  # name of a function defined -> its free names


def _root(node) -> str | None:
    """The name an item or attribute chain starts from (``x`` of ``x.a[0].b``), if any."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _free_names(scope) -> set:
    """Names a function, lambda or comprehension reads from outside itself."""
    local = set()
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        a = scope.args
        local |= {x.arg for x in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg] if x}
        body = scope.body if isinstance(scope.body, list) else [scope.body]
    else:
        local |= {n.id for g in scope.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
        body = [scope]
    names = [n for part in body for n in ast.walk(part) if isinstance(n, ast.Name)]
    local |= {n.id for n in names if not isinstance(n.ctx, ast.Load)}
    return {n.id for n in names if isinstance(n.ctx, ast.Load)} - local


class _Reader(ast.NodeVisitor):
    """Reads a cell's statements in order (see :func:`cell_names`)."""

    def __init__(self, modules: dict[str, str], defined: set[str]):
        self.cell = CellNames()
        self.modules = modules  # name -> module it was imported from (whole book so far)
        self.defined = defined  # functions the chapter defines (so far)

    def read(self, name: str) -> None:
        if name not in self.cell.binds:
            self.cell.reads.add(name)

    def bind(self, target, value=None) -> None:
        if isinstance(target, ast.Name):
            self.cell.binds.add(target.id)
            if value is not None and self._is_stateful(value):
                self.cell.stateful.add(target.id)
            else:
                self.cell.stateful.discard(target.id)
            self.modules.pop(target.id, None)
            self.defined.discard(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bind(element, value)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, value)
        else:  # an item or attribute: the object changes
            self.visit(target)
            root = _root(target)
            if root:
                self.read(root)
                self.cell.changes.add(root)

    def _is_stateful(self, value) -> bool:
        if isinstance(value, ast.GeneratorExp):
            return True
        if not isinstance(value, ast.Call):
            return False
        func = value.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        while isinstance(func, ast.Call):
            func = func.func
        module = self.modules.get(_root(func) or "", "")
        return called in STATEFUL_CALLS or any(module == m or module.startswith(m + ".") for m in STATEFUL_MODULES)

    # statements that bind
    def visit_Assign(self, node):
        self.visit(node.value)
        for target in node.targets:
            self.bind(target, node.value)

    def visit_AnnAssign(self, node):
        if node.value is not None:
            self.visit(node.value)
            self.bind(node.target, node.value)

    def visit_AugAssign(self, node):
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self.read(node.target.id)
            self.cell.changes.add(node.target.id)
            self.cell.binds.add(node.target.id)
        else:
            self.bind(node.target)

    def visit_NamedExpr(self, node):
        self.visit(node.value)
        self.bind(node.target, node.value)

    def visit_For(self, node):
        self.visit(node.iter)
        self.bind(node.target)
        for statement in node.body + node.orelse:
            self.visit(statement)

    visit_AsyncFor = visit_For

    def visit_With(self, node):
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self.bind(item.optional_vars, item.context_expr)
        for statement in node.body:
            self.visit(statement)

    def visit_Delete(self, node):
        for target in node.targets:
            if isinstance(target, ast.Name):
                self.read(target.id)
                self.cell.binds.add(target.id)
            else:
                self.bind(target)

    def visit_Import(self, node):
        for alias in node.names:
            name = alias.asname or alias.name.split(".")[0]
            self.cell.binds.add(name)
            self.modules[name] = alias.name if alias.asname else name

    def visit_ImportFrom(self, node):
        for alias in node.names:
            if alias.name == "*":
                raise CellSetupError("`from … import *` hides which names a cell binds")
            name = alias.asname or alias.name
            self.cell.binds.add(name)
            self.modules[name] = f"{node.module}.{alias.name}"

    def visit_FunctionDef(self, node):
        for expression in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
            if expression is not None:
                self.visit(expression)
        free = _free_names(node)
        self.cell.functions[node.name] = free
        for name in free:
            self.read(name)
        self.bind(ast.Name(node.name, ast.Store()))
        self.defined.add(node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        for expression in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expression)
        for name in set().union(*(_free_names(f) for f in node.body if isinstance(f, ast.FunctionDef))):
            self.read(name)
        self.bind(ast.Name(node.name, ast.Store()))

    # expressions
    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            self.read(node.id)

    def _scope(self, node):
        for name in _free_names(node):
            self.read(name)

    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _scope

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        changed = []
        if isinstance(func, ast.Attribute) and func.attr in IN_PLACE:
            changed.append(_root(func.value))
        if isinstance(func, ast.Name) and func.id in self.defined:
            changed += [a.id for a in [*node.args, *(k.value for k in node.keywords)] if isinstance(a, ast.Name)]
        changed += [k.value.id for k in node.keywords if k.arg == "out" and isinstance(k.value, ast.Name)]
        # A module's functions (np.sort) change no module.
        self.cell.changes.update(name for name in changed if name and name not in self.modules)


def cell_names(source: str, modules: dict[str, str] | None = None, defined: set[str] | None = None) -> CellNames:
    """What the cell ``source`` reads, binds and may change, given the names earlier cells
    imported (``modules``: name -> module) and the functions they defined (``defined``); both
    are updated with this cell's."""
    reader = _Reader({} if modules is None else modules, set() if defined is None else defined)
    for statement in ast.parse(source).body:
        reader.visit(statement)
    reader.cell.reads -= BUILTINS
    return reader.cell


def direct_needs(sources: list[str]) -> list[dict[int, set[str]]]:
    """For each cell (0-based), the earlier cells it needs directly, each with the names it
    needs it for."""
    modules: dict[str, str] = {}
    defined: set[str] = set()
    cells = [cell_names(source, modules, defined) for source in sources]
    needs = []
    for i, cell in enumerate(cells):
        wanted, todo, direct = set(), list(cell.reads), {}
        while todo:  # the free names of the functions it calls count as read
            name = todo.pop()
            if name in wanted:
                continue
            wanted.add(name)
            binder = next((j for j in range(i - 1, -1, -1) if name in cells[j].binds), None)
            if binder is None:
                continue
            direct.setdefault(binder, set()).add(name)
            todo += cells[binder].functions.get(name, ())
            for j in range(binder + 1, i):
                # A changing object (a generator, …) changes with every cell that reads it.
                if name in cells[j].changes or (name in cells[binder].stateful and name in cells[j].reads):
                    direct.setdefault(j, set()).add(name)
        needs.append(direct)
    return needs


def setups(sources: list[str]) -> list[list[int]]:
    """For each cell, the earlier cells (0-based, in order) whose code must run before it."""
    needs = direct_needs(sources)
    closed: list[set[int]] = []
    for direct in needs:
        cells = set(direct)
        for j in direct:
            cells |= closed[j]
        closed.append(cells)
    return [sorted(c) for c in closed]
