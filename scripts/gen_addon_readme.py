"""Builds each addon's README.rst and static/description/index.html from its
readme/*.md fragments, as OCA's oca-gen-addon-readme does (run by pre-commit).

Hidden addons (the test-only ones) get no index.html: that page is the addon's
description in Apps, which no user opens for them; their README.rst stays, as
pylint-odoo's missing-readme check wants one."""

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


def is_hidden(manifest: dict) -> bool:
    return manifest.get("category", "").split("/")[0] == "Hidden"


def markdown_for(addon: Path, manifest: dict) -> str:
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
        manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
        markdown = markdown_for(addon, manifest)
        outputs = {addon / "README.rst": "rst"}
        if not is_hidden(manifest):
            outputs[addon / "static/description/index.html"] = "html"
        for path, to in outputs.items():
            text = pypandoc.convert_text(markdown, to, format="gfm")
            if write_if_changed(path, text):
                changed.append(path)
    for path in changed:
        print(f"regenerated {path}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
