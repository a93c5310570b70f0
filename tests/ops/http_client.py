"""A client process for the concurrency test: GET pages round-robin until told to stop.

python -m tests.ops.http_client BASE STOPFILE OUTFILE PATH [PATH ...]
Writes {"requests": n, "failures": [...]} to OUTFILE; any non-200 or error is a failure.
"""
from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from itertools import cycle
from pathlib import Path


def main(base: str, stop_file: str, out_file: str, paths: list[str]) -> None:
    requests, failures = 0, []
    for path in cycle(paths):
        if Path(stop_file).exists():
            break
        requests += 1
        try:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                response.read()
                if response.status != 200:
                    failures.append(f"{path}: HTTP {response.status}")
        except urllib.error.HTTPError as exc:
            failures.append(f"{path}: HTTP {exc.code} {exc.read()[:300]!r}")
        except OSError as exc:
            failures.append(f"{path}: {exc!r}")
    Path(out_file).write_text(json.dumps({"requests": requests, "failures": failures[:50]}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
