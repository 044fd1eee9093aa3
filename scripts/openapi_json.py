#!/usr/bin/env python3
"""Writes docs/openapi.yaml as the JSON that GET /api/v1/openapi.json answers, in the form
src/http/api_openapi.cc includes: comma-separated C++ raw string pieces (each under the
length compilers must accept), ASCII only (non-ASCII text as \\u escapes).

    openapi_json.py docs/openapi.yaml build/.../openapi_json.inc
"""
import json
import sys

import yaml

PIECE = 4000
DELIMITER = "openapi"


def main(source, target):
    with open(source, encoding="utf-8") as f:
        document = yaml.safe_load(f)
    text = json.dumps(document, ensure_ascii=True, separators=(",", ":"))
    if ")" + DELIMITER + '"' in text:
        sys.exit(f"{source}: the text holds the raw string's delimiter")
    pieces = [text[i:i + PIECE] for i in range(0, len(text), PIECE)]
    with open(target, "w", encoding="ascii") as f:
        for piece in pieces:
            f.write(f'R"{DELIMITER}({piece}){DELIMITER}",\n')


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: openapi_json.py OPENAPI_YAML OUTPUT_INC")
    main(sys.argv[1], sys.argv[2])
