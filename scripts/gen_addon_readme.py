"""Builds each addon's README.rst and static/description/index.html from its
readme/*.md fragments, as OCA's oca-gen-addon-readme does (run by pre-commit)."""

import ast
import sys
from pathlib import Path

import pypandoc

SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("HISTORY.md", "Changelog"),
]


def markdown_for(addon: Path) -> str:
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    parts = [f"# {manifest['name']}", f"*{manifest['summary']}*"]
    for filename, title in SECTIONS:
        fragment = addon / "readme" / filename
        if fragment.is_file():
            body = fragment.read_text().strip()
            parts.append(f"## {title}\n\n{body}" if title else body)
    credits = ["## Credits", "### Authors"]
    credits += [f"- {author.strip()}" for author in manifest["author"].split(",")]
    contributors = addon / "readme" / "CONTRIBUTORS.md"
    if contributors.is_file():
        credits += ["### Contributors", contributors.read_text().strip()]
    parts.append("\n\n".join(credits))
    return "\n\n".join(parts) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text() == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return True


def main(root: Path) -> int:
    changed = []
    for manifest in sorted(root.glob("*/__manifest__.py")):
        addon = manifest.parent
        if not (addon / "readme").is_dir():
            continue
        markdown = markdown_for(addon)
        rst = pypandoc.convert_text(markdown, "rst", format="gfm")
        html = pypandoc.convert_text(markdown, "html", format="gfm")
        if write_if_changed(addon / "README.rst", rst):
            changed.append(addon / "README.rst")
        if write_if_changed(addon / "static/description/index.html", html):
            changed.append(addon / "static/description/index.html")
    for path in changed:
        print(f"regenerated {path}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
