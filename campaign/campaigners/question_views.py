"""A sign-up's extra questions: campaigners add them; answers come back in the exports."""

from flask import flash, redirect, render_template, url_for
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from campaign.campaigners.blueprint import bp
from campaign.campaigners.campaign_views import campaign_or_404
from campaign.campaigners.forms import CampaignerForm
from campaign.petitions import questions


class QuestionForm(CampaignerForm):
    text = StringField(
        "Question",
        validators=[DataRequired("Enter the question"), Length(max=questions.MAX_TEXT)],
    )
    choices = TextAreaField(
        "Choices, one a line",
        validators=[DataRequired("Enter the choices, one a line"), Length(max=2000)],
    )


def _render(campaign, form, status=200):
    return render_template(
        "campaigners/questions.html",
        campaign=campaign,
        form=form,
        asked=questions.for_campaign(campaign.id),
        limit=questions.MAX_QUESTIONS,
    ), status


@bp.route("/campaigns/<int:campaign_id>/questions", methods=["GET", "POST"])
def signup_questions(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    form = QuestionForm()
    if not form.validate_on_submit():
        return _render(campaign, form, 400 if form.is_submitted() else 200)
    try:
        questions.add_question(campaign, form.text.data, form.choices.data.splitlines())
    except questions.QuestionRejected as error:
        form.choices.errors = [*form.choices.errors, str(error)]
        return _render(campaign, form, 400)
    flash("Question added: new sign-ups see it on the form", "success")
    return redirect(url_for("campaigners.signup_questions", campaign_id=campaign.id))
