#!/usr/bin/env python3
"""Writes the console's files (console/) as the table src/http/api_console.cc includes:
one entry per file with its path under /console/, its content type, an ETag made from
its SHA-256, and its bytes as a C++ raw string literal (text files only: UTF-8 HTML, CSS,
JavaScript, SVG).

    embed_console.py console/ build/.../console_assets.inc
"""
import hashlib
import os
import sys

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
PIECE = 4000
DELIMITER = "console"


def entries(root):
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            extension = os.path.splitext(name)[1]
            if extension not in TYPES:
                sys.exit(f"{path}: the console serves {', '.join(TYPES)} files only")
            with open(path, "rb") as f:
                data = f.read()
            text = data.decode("utf-8")  # fails loudly on a file that is not UTF-8
            if ")" + DELIMITER + '"' in text:
                sys.exit(f"{path}: the file holds the raw string's delimiter")
            yield relative, TYPES[extension], hashlib.sha256(data).hexdigest()[:20], text


def main(root, target):
    lines = []
    for relative, content_type, digest, text in entries(root):
        # Pieces of at most PIECE characters (compilers' limit on one literal's length);
        # adjacent literals are one, with the suffix making it a string_view.
        pieces = [text[i:i + PIECE] for i in range(0, len(text), PIECE)] or [""]
        literal = "\n".join(f'R"{DELIMITER}({piece}){DELIMITER}"' for piece in pieces)
        lines.append(f'{{"{relative}", "{content_type}", "\\"{digest}\\"",\n{literal}sv}},')
    with open(target, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: embed_console.py CONSOLE_DIR OUTPUT_INC")
    main(sys.argv[1], sys.argv[2])
