"""The anchors the web bench measures beside the real app, served by the same gunicorn config.

`POST /insert` writes one row into the same `signatures` table with a plain psycopg INSERT (one
connection per thread, autocommit): what a web tier that does nothing but store costs.
`GET /constant` answers a fixed JSON body: what Flask and gunicorn cost with no work at all.
"""

import os
import threading
from datetime import UTC, datetime

import psycopg
from flask import Flask, Response, request

app = Flask(__name__)
_local = threading.local()
_URL = os.environ["BARE_DATABASE_URL"]
_CONSTANT = b'{"slug": "best-start-in-life", "signature_count": 12345}'
_INSERT = (
    "INSERT INTO signatures (campaign_id, name, email, email_canonical, household_slot, postcode,"
    " status, email_updates, consent_wording_id, emails_sent, repeat_attempts, created_at)"
    " VALUES (%s, %s, %s, %s, 0, %s, 'pending', false, %s, 1, 0, %s)"
)


def _connection() -> psycopg.Connection:
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = _local.connection = psycopg.connect(_URL, autocommit=True)
        _local.ids = connection.execute(
            "SELECT c.id, w.id FROM campaigns c JOIN consent_wordings w ON w.campaign_id = c.id "
            "ORDER BY w.id DESC LIMIT 1"
        ).fetchone()
    return connection


@app.post("/insert")
def insert() -> Response:
    connection = _connection()
    campaign_id, wording_id = _local.ids
    form = request.form
    email = form["email"]
    connection.execute(
        _INSERT,
        (
            campaign_id,
            form["name"],
            email,
            email.lower(),
            form["postcode"],
            wording_id,
            datetime.now(UTC).replace(tzinfo=None),
        ),
    )
    return Response(status=303, headers={"Location": "/constant"})


@app.get("/constant")
def constant() -> Response:
    return Response(_CONSTANT, mimetype="application/json")
