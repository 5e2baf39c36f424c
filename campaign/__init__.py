"""Best Start: a campaign and petition platform for early-years advocacy in England."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(config=None, overrides: dict | None = None) -> Flask:
    """Build the app. `config` is a config class (by default the one FLASK_CONFIG names,
    development unless set), or a dict of overrides on top of it; `overrides` are applied last.
    Settings that shape the database engine must be given here, not changed afterwards."""
    # Imported here, not at the top, so that plain modules such as campaign.places.postcodes
    # can be used without loading Flask and the database stack.
    from flask import Flask

    from campaign.config import ROOT, config_class
    from campaign.database import configure_sqlite, engine_options
    from campaign.extensions import csrf, db, limiter, login_manager, migrate

    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    overrides = dict(overrides or {})
    if isinstance(config, dict):
        overrides = {**config, **overrides}
        config = None
    if config is None:
        config = config_class()
    app.config.from_object(config())
    app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **engine_options(app.config),
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
    }

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    from campaign.guards import allow_larger_bodies

    app.before_request(allow_larger_bodies)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from campaign import errors, guards, outage, security_headers, templating
    from campaign.core import template_helpers
    from campaign.petitions import fast_sign

    fast_sign.install(app)  # inside the proxy fix and the body guard: sees what Flask sees
    _trust_proxies(app)
    from campaign.core import rate_limit

    app.after_request(rate_limit.add_headers)
    guards.register(app)
    errors.register(app)
    security_headers.register(app)
    outage.register(app)
    templating.register(app)
    template_helpers.register(app)
    _register_blueprints(app)
    _register_commands(app)
    from campaign.petitions import fast_path

    fast_path.install(app)
    if app.config.get("OUTBOX_DELIVER_IN_PROCESS") and not app.testing:
        _deliver_mail_in_process(app)
    return app


def _trust_proxies(app: Flask) -> None:
    hops = app.config["TRUSTED_PROXY_HOPS"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _deliver_mail_in_process(app: Flask) -> None:
    from campaign.mail import inprocess

    started: list[object] = []

    @app.before_request
    def start_poller() -> None:
        # Started on the first request, so CLI commands that build the app start no thread.
        if not started:
            started.append(inprocess.start(app))


def _register_blueprints(app: Flask) -> None:
    from campaign.booklets.views import bp as booklets_bp
    from campaign.campaigners.views import bp as campaigners_bp
    from campaign.mail.webhooks import bp as webhooks_bp
    from campaign.petitions import archive_views, partner_views  # noqa: F401  (on petitions_bp)
    from campaign.petitions.views import bp as petitions_bp
    from campaign.places.views import bp as places_bp
    from campaign.resources.views import bp as resources_bp

    app.register_blueprint(petitions_bp)
    app.register_blueprint(campaigners_bp)
    app.register_blueprint(webhooks_bp)
    app.register_blueprint(booklets_bp)
    app.register_blueprint(places_bp)
    app.register_blueprint(resources_bp)


def _register_commands(app: Flask) -> None:
    from campaign.cli import register

    register(app)
