"""Every validation issue the app can raise has words, and describe() fills them in."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from app.domain.case import ConsentGap
from app.domain.validation import Issue
from app.i18n import set_language
from app.i18n.issues import MESSAGES, describe

APP = Path(__file__).resolve().parents[2] / "app"


def _param_names(node: ast.expr | None, assigned: dict[str, ast.expr]) -> frozenset[str] | None:
    """The keys of the params argument; None when they cannot be read from the source."""
    if node is None:
        return frozenset()
    if isinstance(node, ast.Name) and node.id in assigned:
        node = assigned[node.id]
    if isinstance(node, ast.Dict) and all(
        isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys
    ):
        return frozenset(k.value for k in node.keys)  # type: ignore[union-attr]
    return None


def raised_issues() -> dict[str, set[frozenset[str] | None]]:
    """code -> the parameter names of every `Issue("code", ...)` in app/, read from the source."""
    found: dict[str, set[frozenset[str] | None]] = {}
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        functions: list[ast.AST] = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for scope in [tree, *functions]:
            assigned = {
                target.id: node.value
                for node in ast.walk(scope)
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            for node in ast.walk(scope):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "Issue"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    continue
                params = node.args[2] if len(node.args) > 2 else None
                for keyword in node.keywords:
                    if keyword.arg == "params":
                        params = keyword.value
                if scope is tree and isinstance(params, ast.Name) and functions:
                    continue  # read inside its function, where the name is assigned
                names = _param_names(params, assigned)
                found.setdefault(node.args[0].value, set()).add(names)
    return found


RAISED = raised_issues()


def test_the_scan_finds_the_codes_of_every_layer() -> None:
    assert {
        "missing",  # serialization
        "bad_reference",  # validation
        "unsupported_version",  # exchange
        "short_password",  # accounts
        "not_json",  # services.exchange
        "not_a_demo_database",  # demo
        "unknown_consent",  # an Issue( call spread over several lines
    } <= set(RAISED)
    assert RAISED["unsupported_version"] == {frozenset({"version", "supported"})}
    assert RAISED["short_password"] == {frozenset({"min"})}


@pytest.mark.parametrize("code", sorted(RAISED))
def test_every_raised_code_has_a_message(code: str) -> None:
    assert code in MESSAGES, f"Issue code {code!r} is raised in app/ but has no message"


@pytest.mark.parametrize("code", sorted(RAISED))
def test_describe_puts_the_field_first_and_fills_every_placeholder(code: str) -> None:
    set_language("en")
    for names in RAISED[code]:
        assert names is not None, f"cannot read the params of Issue({code!r}, ...)"
        params = {name: f"<{name}>" for name in names}
        line = describe(Issue(code, "case.persons[1].role", params))
        assert line.startswith("case.persons[1].role: ")
        assert "{" not in line
        assert "}" not in line
        for name in names:
            if "{" + name + "}" in MESSAGES.get(code, ""):
                assert f"<{name}>" in line
        assert "\n" not in line


@pytest.mark.parametrize("gap", list(ConsentGap))
def test_every_reason_a_consent_does_not_cover_has_a_message(gap: ConsentGap) -> None:
    # Raised as Issue(gap.value, ...) by validation.consent_issues: the scan cannot read them.
    set_language("en")
    params = {} if gap is ConsentGap.NO_CONSENT else {"key": "C1"}
    line = describe(Issue(gap.value, "referrals[0].consent_key", params))
    assert gap.value in MESSAGES
    assert line.startswith("referrals[0].consent_key: ")
    assert "{" not in line


def test_messages_only_use_parameters_they_are_given() -> None:
    for code, names_seen in RAISED.items():
        if code not in MESSAGES:
            continue  # reported by test_every_raised_code_has_a_message
        used = {name for _text, name, _spec, _conv in string.Formatter().parse(MESSAGES[code])}
        used.discard(None)
        for names in names_seen:
            assert names is not None
            assert used <= names, (code, used, names)


def test_an_issue_without_a_field_is_the_message_alone() -> None:
    assert describe(Issue("setup_done", "", {})) == MESSAGES["setup_done"]
    assert describe(Issue("short_password", "password", {"min": 8})) == (
        "password: must have at least 8 characters"
    )


def test_an_unknown_code_is_shown_as_it_is() -> None:
    assert describe(Issue("no_such_code", "field", {})) == "field: no_such_code"
