"""The response report, a page at a time, and its CSV and JSON downloads."""

import csv
import io
import json

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from coproduce.amendments.models import OUTCOMES, STATES
from coproduce.amendments.queries import next_version
from coproduce.amendments.report import build_report, contents, page_count, summarise
from coproduce.amendments.report_export import CSV_FIELDS, input_rows
from coproduce.documents.queries import get_document, get_version
from coproduce.pagecache import kept_for_readers
from coproduce.permissions import public
from coproduce.urls import LinkPattern

bp = Blueprint("reports", __name__, url_prefix="/documents")

def requested_page() -> int:
    """?page=N, from 1; anything else is no page of the report."""
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        abort(404)
    if page < 1:
        abort(404)
    return page


@bp.route("/<slug>/v/<int:number>/responses/")
@public
@kept_for_readers
def responses(slug, number):
    document = get_document(slug)
    version = get_version(document, number, with_clauses=False)
    page = requested_page()
    rows = contents(version)
    pages = page_count(rows)
    if page > pages:  # past the end, as an address typed or kept from a longer page size: the last page
        return redirect(url_for("reports.responses", slug=slug, number=number, page=pages))
    following = next_version(document, number)
    return render_template(
        "amendments/report.html", report=build_report(document, version, following, rows, page),
        page_link=LinkPattern("reports.responses", "page", slug=slug, number=number),
        thread_link=LinkPattern("comments.thread", "comment_id", slug=slug, v=number),
        amendment_link=LinkPattern("amendments.show", "amendment_id", slug=slug),
        status_labels={status: str(label) for status, label in {**OUTCOMES, **STATES}.items()},
    )


@bp.route("/<slug>/v/<int:number>/responses.csv")
@public
@kept_for_readers
def responses_csv(slug, number):
    document = get_document(slug)
    version = get_version(document, number, with_clauses=False)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    writer.writerows(input_rows(version))
    filename = f"{document.slug}-v{number}-responses.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",  # BOM: spreadsheets read the Welsh letters right
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/<slug>/v/<int:number>/responses.json")
@public
@kept_for_readers
def responses_json(slug, number):
    document = get_document(slug)
    version = get_version(document, number, with_clauses=False)
    summary = summarise(version, contents(version))
    body = {
        "document": {"slug": document.slug, "title": document.title},
        "version": {"number": number, "content_hash": version.content_hash,
                    "opens_at": version.opens_at.isoformat(), "closes_at": version.closes_at.isoformat()},
        "totals": {
            "organisations_by_kind": dict(summary.organisations_by_kind),
            "organisations_by_area": dict(summary.organisations_by_area),
            "amendments": dict(summary.amendment_totals),
            "threads": summary.threads_total, "threads_answered": summary.threads_answered,
        },
        "input": list(input_rows(version)),
    }
    return Response(json.dumps(body, ensure_ascii=False, indent=2), mimetype="application/json")
