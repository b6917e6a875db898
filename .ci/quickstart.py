"""Print a Quick start command from README.md: `run` (install + main job) or `test`.

The README's first fenced block under "## Quick start" holds exactly two command lines;
CI runs them from here so that what a newcomer reads is what CI checks.
"""

import re
import sys
from pathlib import Path


def quickstart_commands(readme: str) -> list[str]:
    section = readme.split("\n## Quick start", 1)[1]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S).group(1)
    lines = [line for line in block.splitlines() if line.strip()]
    if len(lines) != 2:
        raise SystemExit(f"README Quick start must hold exactly two commands, found {len(lines)}")
    return lines


if __name__ == "__main__":
    run, test = quickstart_commands(Path("README.md").read_text(encoding="utf-8"))
    print({"run": run, "test": test}[sys.argv[1]])
