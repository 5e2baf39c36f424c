"""Who runs the site, named in the footer, the privacy notice and every email."""

from campaign.config import DEMO_ORGANISATION, ProductionConfig, TestConfig
from campaign.petitions.demo import load_demo
from tests.petitions.helpers import link_from, sent_mail, sign


def test_the_demo_organisation_is_named_and_said_to_be_fictional_on_every_page(client):
    page = client.get("/").get_data(as_text=True)
    assert DEMO_ORGANISATION["name"] in page
    assert "fictional organisation" in page
    assert "This is a demonstration site" in page
    assert "not a real registration" in page
    assert 'src="/static/img/demo-logo.svg"' in page


def test_the_privacy_notice_names_the_controller_and_how_to_reach_it(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "Who we are" in page
    assert f"{DEMO_ORGANISATION['name']} (a fictional organisation" in page
    assert f'href="mailto:{DEMO_ORGANISATION["email"]}"' in page
    assert DEMO_ORGANISATION["address"] in page


def test_a_real_organisation_comes_from_settings_with_no_demo_words(app, client):
    app.config.update(
        ORGANISATION_NAME="Sure Start Friends",
        ORGANISATION_CHARITY_NUMBER="1234567",
        ORGANISATION_EMAIL="hello@surestartfriends.org.uk",
        ORGANISATION_ADDRESS="2 High Street, Leeds",
        ORGANISATION_LOGO="",
        ORGANISATION_DEMO=False,
    )
    page = client.get("/").get_data(as_text=True)
    assert "Best Start is run by <strong>Sure Start Friends</strong>." in page
    assert "Registered charity number 1234567." in page
    assert "fictional" not in page and "demonstration" not in page
    privacy = client.get("/privacy").get_data(as_text=True)
    assert "Sure Start Friends" in privacy and "controller" in privacy


def test_production_names_no_organisation_it_was_not_given(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.delenv("ORGANISATION_NAME", raising=False)
    config = ProductionConfig()
    assert config.ORGANISATION_NAME == "" and config.ORGANISATION_DEMO is False
    assert TestConfig().ORGANISATION_DEMO is True


def test_every_email_is_signed_by_the_organisation(app, client):
    load_demo()
    sign(client, "best-start-in-life")
    (mail,) = sent_mail(app)
    assert DEMO_ORGANISATION["name"] in mail
    assert "fictional organisation" in mail
    assert link_from(mail, "confirm")
