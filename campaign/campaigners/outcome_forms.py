"""Forms for recording what happened after the count."""

from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from campaign.campaigners.forms import CampaignerForm
from campaign.forms import PlainText
from campaign.petitions.outcomes import MILESTONE_NAMES


class MilestoneForm(CampaignerForm):
    kind = SelectField(
        "What happened",
        choices=[SelectChoice(kind, name) for kind, name in MILESTONE_NAMES.items()],
    )
    happened_on = DateField("Date", validators=[DataRequired("Enter the date, like 2026-03-01")])
    note = StringField(
        "Note (optional)",
        validators=[
            Optional(),
            Length(max=500, message="Keep the note under 500 characters"),
            PlainText("The note"),
        ],
    )


class ResponseForm(CampaignerForm):
    responded_by = StringField(
        "Who responded",
        validators=[
            DataRequired("Enter who responded, like the Department for Education"),
            Length(max=200, message="Keep who responded under 200 characters"),
            PlainText("Who responded"),
        ],
    )
    responded_on = DateField(
        "Date of the response", validators=[DataRequired("Enter the date, like 2026-03-01")]
    )
    text = TextAreaField(
        "The response",
        validators=[
            DataRequired("Enter the text of the response"),
            Length(max=20_000, message="Keep the response under 20,000 characters"),
        ],
    )


class EmailResponseForm(CampaignerForm):
    confirm = BooleanField(
        "I have checked the response and want to email it to signers now",
        validators=[DataRequired("Tick the box to confirm you want to email the response")],
    )
