"""Campaigners upload and edit briefings and reports, and see their downloads."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import DateField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from campaign.campaigners.blueprint import bp
from campaign.campaigners.forms import CampaignerForm
from campaign.extensions import db
from campaign.forms import PlainText
from campaign.models import Campaign, Resource
from campaign.places.councils import council
from campaign.resources import library
from campaign.resources.files import FileRejected


class ResourceForm(CampaignerForm):
    title = StringField(
        "Title", validators=[DataRequired("Enter a title"), Length(max=200), PlainText("The title")]
    )
    summary = TextAreaField("Summary", validators=[Optional(), Length(max=2000)])
    publisher = StringField(
        "Publisher",
        validators=[
            DataRequired("Enter who published it"),
            Length(max=200),
            PlainText("The publisher"),
        ],
    )
    published_on = DateField(
        "Date published", validators=[DataRequired("Enter the date, like 2026-03-01")]
    )
    topic = StringField("Topic", validators=[Optional(), Length(max=80), PlainText("The topic")])
    pdf = FileField("PDF file")
    link_url = StringField("Or a link", validators=[Optional(), Length(max=1000)])
    campaigns = SelectMultipleField("Campaigns it belongs to", coerce=int, validate_choice=True)
    councils = StringField(
        "Councils it belongs to",
        validators=[Optional(), Length(max=500)],
        description="GSS codes separated by spaces, like E08000039",
    )

    def validate_councils(self, field) -> None:
        unknown = [code for code in (field.data or "").split() if council(code) is None]
        if unknown:
            raise ValidationError(
                f"No council has the code {unknown[0]}: use a code like E08000039"
            )


def _form(obj=None) -> ResourceForm:
    form = ResourceForm(obj=obj)
    form.campaigns.choices = [
        (c.id, c.title) for c in db.session.scalars(select(Campaign).order_by(Campaign.title))
    ]
    return form


def _render(form, resource=None, status=200):
    counts = library.download_counts(resource.id) if resource else None
    return render_template(
        "campaigners/resource_form.html", form=form, resource=resource, counts=counts
    ), status


@bp.get("/resources")
def resources():
    rows = [(r, library.download_counts(r.id)) for r in library.find()]
    return render_template("campaigners/resources.html", rows=rows)


@bp.route("/resources/new", methods=["GET", "POST"])
def new_resource():
    return _save(_form(), None)


@bp.route("/resources/<int:resource_id>/edit", methods=["GET", "POST"])
def edit_resource(resource_id: int):
    resource = db.session.get(Resource, resource_id)
    if resource is None:
        abort(404)
    form = _form(resource)
    if not form.is_submitted():
        form.campaigns.data, codes = library.tags(resource.id)
        form.councils.data = " ".join(codes)
    return _save(form, resource)


def _save(form: ResourceForm, resource):
    if not form.validate_on_submit():
        return _render(form, resource, 400 if form.is_submitted() else 200)
    upload = form.pdf.data
    values = library.ResourceValues(
        title=form.title.data,
        summary=form.summary.data or "",
        publisher=form.publisher.data,
        published_on=form.published_on.data,
        topic=form.topic.data or "",
        link_url=form.link_url.data or "",
        pdf=upload.read() if upload and getattr(upload, "filename", "") else None,
        campaign_ids=list(form.campaigns.data or []),
        council_codes=(form.councils.data or "").split(),
    )
    try:
        saved = library.save(values, current_user.email, resource)
    except (library.ResourceRejected, FileRejected) as error:
        db.session.rollback()
        form.pdf.errors = [*form.pdf.errors, str(error)]
        return _render(form, resource, 400)
    flash("Saved: it is listed at /resources and on the pages it belongs to", "success")
    return redirect(url_for("campaigners.edit_resource", resource_id=saved.id))
