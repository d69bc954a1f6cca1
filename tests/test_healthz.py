"""/healthz: a load balancer's check, and the benchmark's ceiling (bench/run.py)."""

from sqlalchemy import event

from coproduce.extensions import db


def test_healthz_answers_ok_as_plain_text_to_anyone(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "ok\n"


def test_healthz_touches_no_database_and_sets_no_cookie(client):
    queries = []
    listener = lambda *args: queries.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        response = client.get("/healthz")
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert queries == []
    assert "Set-Cookie" not in response.headers
