"""Views stay thin: a view function longer than 20 lines says why, in a docstring or a comment.

Read from the source of every ``views.py`` (wings included), so a new long view fails here.
"""

import ast
import io
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LONGEST_WITHOUT_A_REASON = 20
SKIP = {".venv", "node_modules", "tests", "migrations"}


def view_modules() -> list[Path]:
    return [path for path in sorted(ROOT.glob("**/views.py")) if not SKIP & set(path.relative_to(ROOT).parts)]


def long_views_without_a_reason(path: Path) -> list[str]:
    source = path.read_text()
    comment_lines = {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    found = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        first, last = node.body[0].lineno, node.end_lineno
        explained = ast.get_docstring(node) is not None or any(
            first <= line <= last for line in comment_lines
        )
        if last - first + 1 > LONGEST_WITHOUT_A_REASON and not explained:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({last - first + 1} lines)")
    return found


def test_view_length_long_views_say_why():
    assert [found for path in view_modules() for found in long_views_without_a_reason(path)] == []
