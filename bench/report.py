"""Turn run.py's results into the targets' verdicts and bench/results.md."""

from __future__ import annotations

READ_TARGETS_MS = {"document": 100, "thread": 150, "comparison": 100, "report": 100}
SHARE_OF_CEILING = 0.25
SURGE_P95_MS = 500


AUDIENCES = {
    "public": "not signed in",
    "signed in": "signed in",
}


def by_key(results: dict, audience: str = "public") -> dict[str, dict]:
    return {row["key"]: row for row in results.get("pages", []) if row.get("audience", "public") == audience}


def targets(results: dict) -> list[dict]:
    """Each target from the issue, with what was measured and whether it was met, for each audience."""
    verdicts = []
    ceiling = by_key(results).get("trivial", {}).get("throughput", {}).get("rps")
    for audience, who in AUDIENCES.items():
        pages = by_key(results, audience)
        for key, limit in READ_TARGETS_MS.items():
            if key not in pages:
                continue
            p95 = pages[key]["single"]["p95_ms"]
            verdicts.append({"target": f"{pages[key]['label']}, {who}: single-client p95 < {limit} ms",
                             "measured": f"{p95:.0f} ms", "met": p95 < limit,
                             "miss": None if p95 < limit else f"{p95 / limit:.1f}x the limit (+{p95 - limit:.0f} ms)"})
        for key in READ_TARGETS_MS:
            if key not in pages or not ceiling:
                continue
            share = pages[key]["throughput"]["rps"] / ceiling
            verdicts.append({"target": f"{pages[key]['label']}, {who}: throughput >= 25% of the trivial route",
                             "measured": f"{share:.1%} ({pages[key]['throughput']['rps']} of {ceiling} req/s)",
                             "met": share >= SHARE_OF_CEILING,
                             "miss": None if share >= SHARE_OF_CEILING else
                             f"{SHARE_OF_CEILING / share:.0f}x short" if share else "no request finished in the run"})
    for run in results.get("surge", []):
        if run.get("skipped"):
            verdicts.append({"target": f"Surge on {run['database']}", "measured": f"not run: {run['skipped']}",
                             "met": False, "miss": "not measured"})
            continue
        p95 = run["latency_ms"]["p95"]
        ok = run["errors"] == 0 and run["lost"] == 0 and p95 < SURGE_P95_MS
        verdicts.append({"target": f"Surge on {run['database']} ({run['mode']}): no errors, nothing lost, "
                                   f"p95 < {SURGE_P95_MS} ms",
                         "measured": f"{run['errors']} errors, {run['lost']} lost, p95 {p95:.0f} ms",
                         "met": ok, "miss": None if ok else "; ".join(filter(None, [
                             f"{run['errors']} errors" if run["errors"] else "",
                             f"{run['lost']} lost" if run["lost"] else "",
                             f"p95 {p95 / SURGE_P95_MS:.1f}x the limit" if p95 >= SURGE_P95_MS else ""]))})
    return verdicts


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def pages_section(results: dict, audience: str) -> str:
    ceiling = by_key(results).get("trivial", {}).get("throughput", {}).get("rps") or 0
    rows = []
    for row in results.get("pages", []):
        if row.get("audience", "public") != audience:
            continue
        tp = row["throughput"]
        expected = 302 if row["key"] == "post" else 200  # a comment form sent back (200) did not post
        errors = sum(v for k, v in tp["errors"].items() if k != "status" or "statuses" not in tp)
        errors += sum(v for k, v in tp.get("statuses", {}).items() if int(k) != expected)
        errors += sum(v for k, v in row["single"]["statuses"].items() if int(k) != expected)
        rows.append([row["label"], f"{row['items']:,}" if "items" in row else "", kb(row["bytes"]), row["queries"],
                     row.get("cpu_ms", ""), row["single"]["p50_ms"], row["single"]["p95_ms"], row["single"]["requests"],
                     tp["rps"],
                     f"{tp['rps'] / ceiling:.0%}" if ceiling else "", tp["latency_ms"]["p95"], errors,
                     f"{row['load_before']} / {row['load_after']}"])
    return table(["Page", "Shows", "Size", "SQL", "CPU ms", "p50 ms", "p95 ms", "n", "req/s (16 clients)", "of ceiling",
                  "p95 ms (16 clients)", "errors", "load 1-min"], rows)


def growth_section(results: dict) -> str:
    runs = results.get("growth", [])
    if not runs:
        return "Not run."
    labels = {row["key"]: row["label"] for row in runs[0]["pages"]}
    header = ["Page"] + [f"{run['comments']:,} comments: CPU ms · p50 / p95 ms · shows · SQL" for run in runs]
    rows = []
    for key, label in labels.items():
        cells = [label]
        for run in runs:
            row = next(r for r in run["pages"] if r["key"] == key)
            cells.append(f"{row.get('cpu_ms', '')} · {row['single']['p50_ms']} / {row['single']['p95_ms']} · "
                         f"{row.get('items', 0):,} · {row['queries']}")
        rows.append(cells)
    generation = ", ".join(f"{run['comments']:,}: {run['facts']['seconds']['total']} s" for run in runs)
    return table(header, rows) + f"\n\nGenerated in (seconds): {generation}."


def surge_section(results: dict) -> str:
    rows = []
    for run in results.get("surge", []):
        if run.get("skipped"):
            rows.append([run["database"], "not run: " + run["skipped"]] + [""] * 12)
            continue
        statuses = ", ".join(f"{k}: {v:,}" for k, v in sorted(run["statuses"].items()))
        audit = f"{run['audit']['checked']:,} events, {'intact' if run['audit']['intact'] else 'BROKEN'}"
        rows.append([run["database"], run["mode"], f"{run['requests']:,} ({statuses})", f"{run['posted']:,}",
                     run["errors"], f"{run['stored']:,}", run["lost"], run["stored_not_reported"],
                     run["latency_ms"]["p50"], run["latency_ms"]["p95"], run["latency_ms"]["p99"], run["rps"], audit])
    out = table(["Database", "Clients post", "Requests (statuses)", "Posted", "Errors", "Stored", "Lost",
                 "Stored, not reported", "p50 ms", "p95 ms", "p99 ms", "posts/s", "Audit chain after"], rows)
    errors = {}
    for run in results.get("surge", []):
        for line, n in (run.get("server_errors") or {}).items():
            errors[f"{run['database']}: {line}"] = n
    if errors:
        out += "\n\nServer errors logged:\n\n" + "\n".join(f"- {n} × `{line}`" for line, n in errors.items())
    return out


def markdown(results: dict) -> str:
    env, facts = results["environment"], results["dataset"]
    rows = facts["rows"]
    verdicts = results.get("targets", [])
    parts = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); the numbers of this run are in bench/results.json.",
        "",
        f"Run {results['started_at']} on commit {env['commit']}: {env['cpus']} CPUs, Python {env['python']}, "
        f"SQLite {env['sqlite']}, {env['wrk']}. gunicorn with 2 sync workers on 127.0.0.1, production settings. "
        f"Load average at start {env['load_at_start']}, at end {env.get('load_at_end')}; "
        f"total {results.get('seconds')} s." + (" **Quick run: durations cut short; not comparable.**"
                                               if results.get("quick") else ""),
        "",
        "## Targets",
        "",
        table(["Target", "Measured", "Met", "Missed by"],
              [[v["target"], v["measured"], "yes" if v["met"] else "**no**", v["miss"] or ""] for v in verdicts]),
        "",
        f"## Pages on the large dataset ({facts['database']})",
        "",
        f"{facts['comments']:,} comments ({facts['big_thread_size']:,} in the measured thread, depth up to "
        f"{facts['big_thread_max_depth']}), {rows.get('user', 0):,} people, {rows.get('organisation', 0):,} "
        f"organisations, {rows.get('membership', 0):,} memberships, {facts['versions']} versions of up to "
        f"{facts['clauses_latest']} clauses, {facts['amendments']:,} amendments with "
        f"{rows.get('amendment_support', 0):,} supports and {rows.get('amendment_decision', 0):,} decisions. "
        f"Generated in {facts['seconds']['total']} s (schema {facts['seconds']['schema']} s, rows built "
        f"{facts['seconds']['build']} s, inserted {facts['seconds']['insert']} s).",
        "",
        "Single-client: one request at a time for about 10 s after a warm-up (n requests), p50/p95 of their "
        "latency. Throughput: `wrk -t2 -c16 -d10s`. SQL: statements one request runs and CPU ms: the median "
        "CPU time one request costs, both measured in-process (CPU time barely moves with the machine's "
        "load, latency does: compare the load column; on SQLite it includes the database's work). Shows: what "
        "the page lists (clauses, comments, changes, report items).",
        "",
        "### Readers not signed in: the public",
        "",
        "Pages as anyone reading the consultation gets them. The first reader of a page after a change gets it "
        "rendered (as fast as a signed-in member's, below); readers after them get it from memory, checked "
        "with one SQL query against the newest audit row of the document and of the site "
        "(coproduce/pagecache.py), until something the page shows changes.",
        "",
        pages_section(results, "public"),
        "",
        "### Signed-in members: every page rendered",
        "",
        "The same pages for a signed-in member of a community group: rendered on every request, since they "
        "carry the member's own links (reply, edit, follow, notifications). This is also what a page costs "
        "the first public reader after a change. Comment POST: a member posting, then redirected.",
        "",
        pages_section(results, "signed in"),
        "",
        "## Growth: the same pages at 1,000, 10,000 and 100,000 comments (SQLite)",
        "",
        "Everything but the number of comments stays the same; the measured thread has 200 comments in each. "
        "Pages as a signed-in member gets them, rendered every time: the public's are kept in memory.",
        "",
        growth_section(results),
        "",
        "## Deadline surge: 200 clients posting comments for 60 s",
        "",
        "400 signed-in people share 200 clients; each post goes to a clause of the open version. Flat out: "
        "`wrk -t2 -c200` with bench/post.lua, every client posting again the moment it is answered (the worst "
        "case: latency is then queueing, clients / throughput). Paced: 200 Python threads, each posting at "
        "random moments, on average once every 20 s (10 posts a second, 36,000 an hour). Posted: 302 answers. "
        "Errors: any other answer or a socket error. Lost: comments the server reported (by id) that the "
        "database does not hold afterwards. Stored, not reported: posts still queued when the client stopped, "
        "which the server then finished (wrk stops at the deadline).",
        "",
        surge_section(results),
        "",
    ]
    return "\n".join(parts)


def summary(results: dict) -> str:
    lines = [f"{'met ' if v['met'] else 'MISS'}  {v['target']}: {v['measured']}" for v in results.get("targets", [])]
    return "\n".join(lines)
