#!/usr/bin/env python3
"""Every route of src/api/routes.c is in docs/api/openapi.yaml, and nothing else is.

Prints each missing or extra (method, path) and closes with "N passed, N failed"
(one check: the two sets are equal).  Path parameters are compared by position,
whatever their names.
"""
import re
import sys

import yaml

root = sys.argv[1] if len(sys.argv) > 1 else "."
routes = set()
for line in open(f"{root}/src/api/routes.c", encoding="utf-8"):
    m = re.search(r'\{HTTP_(GET|POST|PUT|PATCH|DELETE), "([^"]+)"', line)
    if m:
        routes.add((m.group(1).lower(), re.sub(r"\{[a-z_]+\}", "{}", m.group(2))))
doc = yaml.safe_load(open(f"{root}/docs/api/openapi.yaml", encoding="utf-8"))
documented = set()
for path, item in doc["paths"].items():
    for method in item:
        if method in ("get", "post", "put", "patch", "delete"):
            documented.add((method, re.sub(r"\{[a-z_]+\}", "{}", path)))
for method, path in sorted(routes - documented):
    print(f"openapi: {method.upper()} {path} is a route but is not documented")
for method, path in sorted(documented - routes):
    print(f"openapi: {method.upper()} {path} is documented but is not a route")
ok = routes == documented and len(routes) > 0
print(f"openapi: {len(routes)} routes, {len(documented)} documented operations")
print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
sys.exit(0 if ok else 1)
