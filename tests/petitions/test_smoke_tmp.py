from tests.factories import make_campaign
from tests.petitions.helpers import sign, sent_mail, link_from


def test_sign_confirm(app, client):
    make_campaign()
    r = client.get("/petitions/save-our-centres")
    assert r.status_code == 200, r.data
    r = sign(client)
    assert r.status_code == 303, r.data.decode()[:3000]
    mails = sent_mail(app)
    assert len(mails) == 1
    path = link_from(mails[0], "confirm")
    r = client.post(path)
    assert b"confirmed" in r.data
    assert client.get("/petitions/save-our-centres.json").json["signature_count"] == 1
