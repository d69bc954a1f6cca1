"""Runs axe-core in the page and fails on any WCAG 2.2 A/AA or best-practice violation."""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


@cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(line.strip() for line in node["failureSummary"].splitlines()[1:2])
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """The page as it is now has no axe violations.

    The source is evaluated through the DevTools protocol, which the page's
    strict Content-Security-Policy does not govern, so the CSP stays on."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(results => results.violations)",
        TAGS,
    )
    assert not violations, f"Accessibility problems on {page.url}:\n{describe(violations)}"
