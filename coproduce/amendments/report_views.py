"""The response report page and its CSV and JSON downloads."""

import csv
import io
import json

from flask import Blueprint, Response, render_template
from sqlalchemy import select

from coproduce.amendments.report import CSV_FIELDS, build_report, input_rows
from coproduce.documents.models import Version
from coproduce.documents.queries import get_document, get_version
from coproduce.extensions import db
from coproduce.pagecache import kept_for_readers
from coproduce.permissions import public

bp = Blueprint("reports", __name__, url_prefix="/documents")


def load(slug, number):
    document = get_document(slug)
    version = get_version(document, number)
    following = db.session.scalar(
        select(Version).where(Version.document_id == document.id, Version.number == number + 1)
    )
    if following is not None:
        following = get_version(document, number + 1)
    return build_report(document, version, following)


@bp.route("/<slug>/v/<int:number>/responses/")
@public
@kept_for_readers()
def responses(slug, number):
    return render_template("amendments/report.html", report=load(slug, number))


@bp.route("/<slug>/v/<int:number>/responses.csv")
@public
@kept_for_readers()
def responses_csv(slug, number):
    report = load(slug, number)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for row in input_rows(report):
        writer.writerow(row)
    filename = f"{report.document.slug}-v{number}-responses.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",  # BOM: spreadsheets read the Welsh letters right
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/<slug>/v/<int:number>/responses.json")
@public
@kept_for_readers()
def responses_json(slug, number):
    report = load(slug, number)
    body = {
        "document": {"slug": report.document.slug, "title": report.document.title},
        "version": {"number": number, "content_hash": report.version.content_hash,
                    "opens_at": report.version.opens_at.isoformat(), "closes_at": report.version.closes_at.isoformat()},
        "totals": {
            "organisations_by_kind": dict(report.organisations_by_kind),
            "organisations_by_area": dict(report.organisations_by_area),
            "amendments": dict(report.amendment_totals),
            "threads": report.threads_total, "threads_answered": report.threads_answered,
        },
        "input": list(input_rows(report)),
    }
    return Response(json.dumps(body, ensure_ascii=False, indent=2), mimetype="application/json")
