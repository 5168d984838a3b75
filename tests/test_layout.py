"""The package's shape: `import origami` loads numpy only, and every module exports only its own names."""

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import origami
import origami_book

HEAVY = ("matplotlib", "ipywidgets", "scipy", "sklearn", "torch")
CODE = Path(origami.__file__).resolve().parents[1]
MODULES = [f"{package.__name__}.{m.name}" for package in (origami, origami_book)
           for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")]


def test_import_origami_loads_numpy_but_no_plotting_widgets_or_scipy():
    code = ("import sys, origami\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
            "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]", f"import origami loaded {out[0]}"
    assert out[1] == "True"


def test_every_public_name_of_the_package_resolves_and_plots_load_on_first_use():
    code = ("import sys, origami\n"
            "assert 'matplotlib' not in sys.modules\n"
            "assert sorted(dir(origami)) == sorted(set(origami.__all__))\n"
            "[getattr(origami, name) for name in origami.__all__]\n"
            "assert callable(origami.interactive) and callable(origami.regions_nd)\n"
            "assert origami.plots.__name__ == 'origami.plots' and 'matplotlib' in sys.modules\n"
            "print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr[-2000:]


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        origami.no_such_name  # noqa: B018


def _defined_names(module) -> set[str]:
    """Public names a module's own source defines (functions, classes, assignments)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return {name for name in names if not name.startswith("_")}


@pytest.mark.parametrize("name", MODULES)
def test_a_module_exports_exactly_the_public_names_it_defines(name):
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    assert set(module.__all__) == _defined_names(module), f"{name}: __all__ differs from what it defines"
    assert sorted(dir(module)) == sorted(module.__all__), f"{name}: dir() lists imported names"


def _private_imports(path: Path) -> list[str]:
    """`from .x import _name` (and from origami...): another module's private helper."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        # (from . import _validate: the package's private module of input checks, shared by design)
        if isinstance(node, ast.ImportFrom) and node.module and (node.level or node.module.startswith("origami")):
            found += [f"{path.name}: from {node.module} import {a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_no_module_imports_a_private_helper_of_another():
    files = sorted(CODE.glob("origami/*.py")) + sorted(CODE.glob("origami_book/*.py"))
    files += sorted((CODE.parent / "book" / "_ext").glob("*.py"))
    assert [hit for path in files for hit in _private_imports(path)] == []


def test_no_sphinx_extension_lives_in_the_library():
    holders = [path.name for path in sorted(CODE.glob("origami*/*.py"))
               if "def setup(app" in path.read_text(encoding="utf-8")]
    assert holders == []


def test_no_library_module_is_over_550_lines():
    long = {path.name: n for path in sorted(CODE.glob("origami/*.py"))
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 550}
    assert long == {}
