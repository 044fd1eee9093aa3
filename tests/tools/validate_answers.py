#!/usr/bin/env python3
"""Validates real answers against the schemas of docs/openapi.yaml (SPEC §9), with the
jsonschema package (Debian's python3-jsonschema), not a validator of our own.

    validate_answers.py OPENAPI_YAML ANSWERS_JSONL

Each line of ANSWERS_JSONL is {"method","path","status","body"}: `path` a pattern of the
document ("/api/v1/endpoints/{id}"), `body` the parsed answer. Prints one line per answer
that does not validate (or that the document has no schema for) and exits 1 if any.
"""
import json
import sys
import warnings

import jsonschema
import yaml


def response_schema(document, method, path, status):
    operation = document["paths"].get(path, {}).get(method.lower())
    if operation is None:
        return None, f"{method} {path} is not in the document"
    responses = operation["responses"]
    response = responses.get(str(status)) or responses.get("default")
    if response is None:
        return None, f"{method} {path} has no answer {status} in the document"
    while "$ref" in response:
        name = response["$ref"].split("/")[-1]
        response = document["components"]["responses"][name]
    content = response.get("content", {})
    media = content.get("application/json")
    if media is None:
        return None, f"{method} {path} {status} has no application/json schema"
    return media["schema"], None


def main(openapi_path, answers_path):
    with open(openapi_path, encoding="utf-8") as f:
        document = yaml.safe_load(f)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        resolver = jsonschema.RefResolver.from_schema(document)
    failures = 0
    checked = 0
    with open(answers_path, encoding="utf-8") as f:
        for line in f:
            answer = json.loads(line)
            schema, problem = response_schema(document, answer["method"], answer["path"],
                                              answer["status"])
            where = f'{answer["method"]} {answer["path"]} {answer["status"]}'
            if problem:
                print(problem)
                failures += 1
                continue
            validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
            errors = sorted(validator.iter_errors(answer["body"]), key=lambda e: list(e.path))
            checked += 1
            for error in errors[:5]:
                print(f"{where}: {'/'.join(str(p) for p in error.path)}: {error.message}")
            failures += bool(errors)
    print(f"{checked} answers checked, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: validate_answers.py OPENAPI_YAML ANSWERS_JSONL")
    sys.exit(main(sys.argv[1], sys.argv[2]))
