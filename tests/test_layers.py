"""The layering of docs/ARCHITECTURE.md, checked on the source: every module imports only modules
of its own floor or lower ones, so the flow stays one-directional (the cache knows no provider,
the vocabulary knows no stage, no stage knows the CLI, nothing probes for a stage at run time).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"

# Lowest first. A module's floor is that of the longest prefix listed.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("models", "track_rows", "errors", "labels", "lexicon"),
    ("config", "files", "clauses", "numerals", "quotes", "schemas_export"),
    ("numbers", "document", "cache"),
    ("figures",),
    # What the project adds to items after extraction: checks, target ids, headline, ranks.
    ("verify", "target_ids", "headline", "ranking"),
    # The prompts are the LLM provider's: their worked examples are written as its replies are read.
    ("providers", "prompts"),
    ("review",),
    ("refile", "assemble"),
    ("track",),
    ("pipeline", "progress", "render"),
    ("cli",),
)


def _floor(module: str) -> int | None:
    name = module.removeprefix("summarizer").removeprefix(".")
    best: tuple[int, int] | None = None
    for floor, prefixes in enumerate(FLOORS):
        for prefix in prefixes:
            matches = name == prefix or name.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[1]):
                best = (floor, len(prefix))
    return None if best is None else best[0]


def _modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts).removesuffix(".__init__")
        out[name] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def _imports(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("summarizer")
        ):
            found.add(node.module)
            # from summarizer import verify: the name is a module of the package.
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                relative = candidate.removeprefix("summarizer.").replace(".", "/")
                if (PACKAGE / f"{relative}.py").exists() or (PACKAGE / relative).is_dir():
                    found.add(candidate)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("summarizer"))
    return found


def test_every_module_has_a_floor() -> None:
    missing = [m for m in _modules() if m != "summarizer" and _floor(m) is None]
    assert not missing, f"give these a floor in FLOORS: {missing}"


def test_no_module_imports_a_higher_floor() -> None:
    upward = []
    for module, tree in _modules().items():
        here = _floor(module)
        if here is None:
            continue
        for imported in _imports(tree):
            there = _floor(imported)
            if there is not None and there > here:
                upward.append(f"{module} (floor {here}) imports {imported} (floor {there})")
    assert not upward, "\n".join(upward)


def test_the_cache_knows_no_provider_and_nothing_probes_for_a_stage() -> None:
    modules = _modules()
    assert not any(
        i.startswith("summarizer.providers") for i in _imports(modules["summarizer.cache"])
    )
    for module, tree in modules.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "find_spec":
                raise AssertionError(f"{module} probes for a module with find_spec")
