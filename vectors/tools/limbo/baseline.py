#!/usr/bin/env python3
"""Records the x509-limbo cases sg17 currently gets right, as the regression baseline.

    cargo run --release -p sg17-cli -- limbo run vectors/x509-limbo/limbo.json --output /tmp/r.json
    python3 vectors/tools/limbo/baseline.py vectors/x509-limbo/limbo.json /tmp/r.json \
        > vectors/x509-limbo/baseline.json

crates/sg17-cli/tests/limbo.rs fails if any case listed here stops giving limbo's expected result.
"""
import json
import sys

suite = {c["id"]: c["expected_result"] for c in json.load(open(sys.argv[1]))["testcases"]}
results = json.load(open(sys.argv[2]))["results"]
passing = sorted(r["id"] for r in results if suite.get(r["id"]) == r["actual_result"])
json.dump({"harness": "sg17", "passing": passing}, sys.stdout, indent=1)
sys.stdout.write("\n")
