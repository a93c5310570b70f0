"""Server time per HTML page at 20k replies (issue 5): p95 per page, one request at a time.

Paths are filled from the bench database (real ids, cities, years, types) so each request of a
page asks for a different reply, city or year. A page that answers 404 on its first path has
not been written yet and is reported as "not available".
"""
from __future__ import annotations

import random
import urllib.parse
from pathlib import Path

from archive.sqlite_driver import sqlite3
from bench.server import get, start_gunicorn
from bench.stats import summarize_ms

SLOW_PAGE_SECONDS = 2.0


def quote(value: object) -> str:
    return urllib.parse.quote(str(value), safe="")


def sample_values(db_path: Path, rng: random.Random, k: int) -> dict[str, list]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)

    def column(sql: str) -> list:
        return [row[0] for row in conn.execute(sql)]

    count = conn.execute("SELECT count(*) FROM archive_reply").fetchone()[0]
    values = {
        "ids": rng.sample(column("SELECT id FROM archive_reply"), min(k, count)),
        "cities": column("SELECT city FROM archive_reply WHERE city != '' GROUP BY city ORDER BY count(*) DESC"),
        "years": column("SELECT year FROM archive_reply WHERE year IS NOT NULL GROUP BY year"),
        "types": column("SELECT DISTINCT slug FROM archive_measuretype"),
    }
    conn.close()
    return values


def page_paths(values: dict[str, list], terms: list[str], rng: random.Random, k: int) -> dict[str, list[str]]:
    """Name of each page → k paths to request."""
    def some(items: list, fmt) -> list[str]:
        return [fmt(rng.choice(items)) for _ in range(k)] if items else []

    cities, years, types = values["cities"], values["years"], values["types"]
    return {
        "/": ["/"] * k,
        "/search/?q=…": some(terms, lambda t: f"/search/?q={quote(t)}"),
        "/search/?q=…&city=…": some(terms, lambda t: f"/search/?q={quote(t)}&city={quote(rng.choice(cities or ['']))}"),
        "/replies/<id>/": [f"/replies/{i}/" for i in values["ids"][:k]],
        "/cities/": ["/cities/"] * k,
        "/cities/<city>/": some(cities[:30], lambda c: f"/cities/{quote(c)}/"),
        "/years/": ["/years/"] * k,
        "/years/<year>/": some(years, lambda y: f"/years/{y}/"),
        "/types/": ["/types/"] * k,
        "/types/<slug>/": some(types, lambda s: f"/types/{quote(s)}/"),
        "/metrics/": ["/metrics/"] * k,
        "/compare/?city=A&city=B": some(
            cities[:30], lambda c: f"/compare/?city={quote(c)}&city={quote(rng.choice(cities[:30]))}"),
        "/coverage/": ["/coverage/"] * k,
    }


def measure_pages(db_path: Path, env: dict[str, str], workdir: Path, terms: list[str], k: int) -> dict:
    rng = random.Random(11)
    paths = page_paths(sample_values(db_path, rng, k), terms, rng, k)
    rows = []
    with start_gunicorn(env, workdir / "gunicorn-pages.log") as server:
        for name, urls in paths.items():
            if not urls:
                rows.append({"page": name, "status": "no data in the bench database to ask for"})
                continue
            first = get(server.port, urls[0])
            if first.status == 404:
                rows.append({"page": name, "status": "not available (404)"})
                continue
            get(server.port, urls[-1])  # warm-up
            if first.seconds > SLOW_PAGE_SECONDS:
                urls = urls[:5]  # a page this slow fails its target anyway; keep the run bounded
            timings, statuses = [], {}
            for url in urls:
                resp = get(server.port, url)
                statuses[resp.status] = statuses.get(resp.status, 0) + 1
                if resp.status == 200:
                    timings.append(resp.seconds)
            rows.append({
                "page": name,
                "status": ", ".join(f"{n}× {s}" for s, n in sorted(statuses.items())),
                "ok": statuses.get(200, 0) == len(urls),
                "timing": summarize_ms(timings),
                "bytes": len(first.body),
            })
        rss = [round(x, 1) for x in server.worker_rss_mb()]
    return {"pages": rows, "worker_rss_mb": rss}


def main() -> None:
    """`python -m bench.pages --db COPY.sqlite3`: the pages part alone, against an existing
    database (a copy: it is migrated first, and the page cache is written beside it)."""
    import argparse
    import json
    import time

    from bench.run import common_terms
    from bench.workspace import django_env, make_workspace, manage

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a COPY of a bench database (it is migrated)")
    parser.add_argument("--requests", type=int, default=25, help="requests per page")
    args = parser.parse_args()
    work = make_workspace()
    env = django_env(args.db.resolve())
    env["DJANGO_STATIC_ROOT"] = str(work / "staticfiles")
    manage(env, "migrate", "--noinput", log=work / "steps.log")
    manage(env, "collectstatic", "--noinput", log=work / "steps.log")
    load = Path("/proc/loadavg").read_text().split()[:3]
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    result = measure_pages(args.db.resolve(), env, work, common_terms(args.db), args.requests)
    result.update(started=started, load_before=load, load_after=Path("/proc/loadavg").read_text().split()[:3])
    (work / "pages.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(f"{'page':28s} {'status':10s} {'p50':>8s} {'p95':>8s} {'max':>8s}  bytes")
    for row in result["pages"]:
        t = row.get("timing", {})
        print(f"{row['page']:28s} {row['status']:10s} {t.get('p50', 0):8.1f} {t.get('p95', 0):8.1f} "
              f"{t.get('max', 0):8.1f}  {row.get('bytes', '')}")
    print(f"load {' '.join(load)} before, {' '.join(result['load_after'])} after; worker RSS {result['worker_rss_mb']}; "
          f"raw figures in {work / 'pages.json'}")


if __name__ == "__main__":
    main()
