"""Requests nobody's browser would send still get a clear 4xx page, never a 5xx (issue 11,
items 1, 4, 5, 6 and 8). Some are sent over a real socket, exactly as they arrive."""

import io
import socket
import threading

import pytest
from werkzeug.serving import make_server

from campaign.extensions import db
from tests.campaigners.helpers import signed_in
from tests.factories import make_campaign
from tests.petitions.helpers import form_data

# Servers the suite starts listen on loopback in this range (see tests/README in the guide).
PORTS = range(5650, 5700)


@pytest.fixture
def live(app):
    """The app behind Werkzeug's own HTTP server on loopback, for requests a test client
    cannot express (a broken chunked body, a raw Host header)."""
    for port in PORTS:
        try:
            server = make_server("127.0.0.1", port, app, threaded=True)
            break
        except OSError:
            continue
    else:
        pytest.skip("no free port for the live server")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join()


def raw_request(port: int, request: bytes) -> tuple[int, bytes]:
    """Send bytes as they are and read the answer; sending goes on beside reading, since a
    server may answer (413) before it has read a large body."""

    def send() -> None:
        try:
            connection.sendall(request)
        except OSError:  # the server answered and closed before reading it all
            pass

    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        sender = threading.Thread(target=send)
        sender.start()
        chunks = []
        try:
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
        sender.join()
    answer = b"".join(chunks)
    status = int(answer.split(b" ", 2)[1])
    return status, answer


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/petitions/%00", 404),
        ("GET", "/petitions/a%00b.json", 404),
        ("GET", "/petitions/%00/thank-you", 404),
        ("POST", "/petitions/%00/signatures", 404),
        ("GET", "/local/%00", 404),
        ("GET", "/local/E08000039.json?postcode=S1%002HH", 400),
        ("GET", "/local?postcode=%00", 400),
        ("GET", "/?source=%00", 400),
        ("GET", "/petitions/save-our-centres?%00=x", 400),
    ],
)
def test_a_nul_byte_in_a_path_or_query_is_a_4xx_page(client, method, path, status):
    make_campaign()

    response = client.open(path, method=method)

    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert "<h1>" in page or '"error"' in page


def test_a_nul_byte_in_a_form_field_is_refused_with_a_400(client):
    make_campaign()

    response = client.post(
        "/petitions/save-our-centres/signatures", data=form_data(name="Ada\x00Lovelace")
    )

    assert response.status_code == 400


@pytest.mark.parametrize("host", ["a" * 5000, "b" * 64 + ".example.org"])
def test_a_bad_host_header_gets_an_error_page_that_renders(live, host):
    status, answer = raw_request(
        live, f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode("latin-1")
    )

    assert status == 400
    assert b"<h1>" in answer and b"Traceback" not in answer


def test_a_bad_host_with_a_missing_page_still_renders_its_page(live):
    status, answer = raw_request(
        live, b"GET /nowhere HTTP/1.1\r\nHost: " + b"h" * 5000 + b"\r\nConnection: close\r\n\r\n"
    )

    assert status == 400
    assert b"<h1>" in answer


@pytest.mark.parametrize(
    "path",
    ["/petitions/save-our-centres/signatures", "/local/E08000039/reports", "/campaigners/sign-in"],
)
def test_a_malformed_chunked_body_is_a_400(app, live, path):
    make_campaign()
    db.session.commit()
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
        "zz\r\nname=x\r\n0\r\n\r\n"
    ).encode()

    status, answer = raw_request(live, request)

    assert status == 400
    assert b"<h1>" in answer


@pytest.mark.parametrize(
    "path",
    [
        "/campaigners/campaigns/99999999999",
        "/campaigners/campaigns/9223372036854775808",
        "/campaigners/campaigns/99999999999999999999999/edit",
        "/campaigners/campaigns/2147483648/exports",
    ],
)
def test_an_id_out_of_range_is_a_404(client, path):
    signed_in(client)

    assert client.get(path).status_code == 404


def test_an_oversized_sign_form_is_refused_with_413_and_a_page_that_says_so(client):
    make_campaign()
    data = form_data(name="A" * (12 * 1024 * 1024))

    response = client.post("/petitions/save-our-centres/signatures", data=data)

    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


MULTIPART = (
    b'--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nada@example.org\r\n'
    b'--b\r\nContent-Disposition: form-data; name="name"\r\n\r\n'
    + b"A" * (3 * 1024 * 1024)
    + b"\r\n--b--\r\n"
)


@pytest.mark.parametrize(
    ("content_type", "body", "chunked"),
    [
        ("application/x-www-form-urlencoded", b"name=" + b"A" * (3 * 1024 * 1024), True),
        ("multipart/form-data; boundary=b", MULTIPART, False),
        ("multipart/form-data; boundary=b", MULTIPART, True),
    ],
)
def test_an_oversized_sign_form_in_any_encoding_is_refused_with_413(
    client, content_type, body, chunked
):
    make_campaign()
    # Sent chunked, a body has no Content-Length: the limit must hold while reading it.
    framing = (
        {"input_stream": io.BytesIO(body), "environ_overrides": {"wsgi.input_terminated": True}}
        if chunked
        else {"data": body}
    )

    response = client.post(
        "/petitions/save-our-centres/signatures",
        content_type=content_type,
        headers={"Transfer-Encoding": "chunked"} if chunked else {},
        **framing,
    )

    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
