"""No personal data in logs: every log line written across signing, confirming, withdrawing and a
database error holds neither the signer's email nor postcode; the access log has neither."""

import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from sqlalchemy import text

from campaign.access_log import ACCESS_LOG_FORMAT, MaskingLogger, masked_path
from campaign.extensions import db
from campaign.petitions import signing
from tests.factories import make_campaign
from tests.petitions.helpers import link_from, sent_mail, sign

ROOT = Path(__file__).resolve().parent.parent
EMAIL = "Private.Person@example.org"
POSTCODE = "S1 2HH"
SECRETS = (EMAIL.lower(), "private.person", POSTCODE.lower(), "s12hh", "private person")


def _assert_clean(lines: list[str]) -> None:
    for line in lines:
        lowered = line.lower()
        for secret in SECRETS:
            assert secret not in lowered, line


def test_no_log_line_from_a_sign_confirm_withdraw_and_error_journey_holds_the_signer(
    app, client, caplog, monkeypatch
):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # statements and parameters
    try:
        make_campaign()
        sign(client, name="Private Person", email=EMAIL, postcode=POSTCODE)
        mail = sent_mail(app)[0]
        client.post(link_from(mail, "confirm"))
        client.post(link_from(mail, "withdraw"))

        def failing_sign(campaign, request):
            # A real database error whose statement carries the signer's details.
            db.session.execute(
                text("INSERT INTO no_such_table (email, postcode) VALUES (:email, :postcode)"),
                {"email": request.email, "postcode": request.postcode},
            )

        monkeypatch.setattr(signing, "sign", failing_sign)
        response = sign(client, name="Private Person", email=EMAIL, postcode=POSTCODE)
        assert response.status_code == 503
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    lines = [record.getMessage() for record in caplog.records]
    lines += [caplog.text]  # formatted, with tracebacks
    assert any("could not record a signature" in line for line in lines)
    assert "parameters hidden" in caplog.text
    _assert_clean(lines)


def _access_line(path: str, query: str) -> str:
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", ACCESS_LOG_FORMAT)
    logger = MaskingLogger(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.77",
        "HTTP_USER_AGENT": "Private Person's phone",
        "HTTP_REFERER": f"https://example.org/?email={EMAIL}",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("Cookie", "session=secret")])
    atoms = logger.atoms_wrapper_class(
        logger.atoms(response, request, environ, timedelta(milliseconds=12))
    )
    return ACCESS_LOG_FORMAT % atoms


def test_the_access_log_holds_no_postcode_name_address_or_token():
    line = _access_line("/local/E08000039/booklet.pdf", "postcode=S1+2HH&name=Private+Person")
    assert '"GET /local/E08000039/booklet.pdf" 200 1234' in line
    assert "203.0.113.77" not in line and "phone" not in line and "session" not in line
    _assert_clean([line.replace("+", " ")])
    token_line = _access_line("/petitions/save/confirm/eyJhbGciOi.abc.def", "")
    assert "eyJhbGciOi" not in token_line and "/petitions/save/confirm/…" in token_line


def test_gunicorn_uses_the_masking_logger_and_format():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["logger_class"] == "campaign.access_log.MaskingLogger"
    assert settings["access_log_format"] == ACCESS_LOG_FORMAT


def test_masked_path_drops_query_strings_and_tokens():
    assert masked_path("/unsubscribe/abc.def?x=1") == "/unsubscribe/…"
    assert masked_path(None) == "-"


def test_an_unhandled_error_on_an_emailed_link_is_logged_without_its_token(
    app, client, caplog, monkeypatch
):
    from campaign.petitions import views

    make_campaign()
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: log it, answer 500

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "read_petition_token", broken)
    with caplog.at_level(logging.ERROR):
        assert client.get("/petitions/save-our-centres/confirm/SECRET-TOKEN").status_code == 500
    assert "Exception on /petitions/save-our-centres/confirm/… [GET]" in caplog.text
    assert "SECRET-TOKEN" not in caplog.text
