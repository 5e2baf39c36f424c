"""All models, one module per domain, re-exported so Alembic and callers see one namespace."""

from campaign.models.campaign_updates import CampaignUpdate
from campaign.models.campaigners import (
    Account,
    ExportRecord,
    InvalidatedSignature,
    InvalidationBatch,
    LoginThrottle,
)
from campaign.models.campaigns import Campaign, ConsentWording
from campaign.models.consent import ConsentRecord
from campaign.models.constituencies import Constituency
from campaign.models.counts import SignatureCount
from campaign.models.letters import MPLetter
from campaign.models.mail_events import MailEvent, Suppression, WebhookReceipt
from campaign.models.organisations import CampaignOrganisation, Organisation, PartnerWording
from campaign.models.outbox import OutboxMessage
from campaign.models.outcomes import Milestone, TargetResponse
from campaign.models.places import (
    Centre,
    ClosureReport,
    Dataset,
    EarlyYearsFigure,
    FamilyHubsCouncil,
    NationalFigure,
    Place,
    SpendingFigure,
)
from campaign.models.privacy import PrivacyAction
from campaign.models.questions import SignupQuestion
from campaign.models.resources import Resource, ResourceDownload, ResourceTag
from campaign.models.signatures import Signature

__all__ = [
    "Centre",
    "ClosureReport",
    "Dataset",
    "EarlyYearsFigure",
    "FamilyHubsCouncil",
    "NationalFigure",
    "Place",
    "SpendingFigure",
    "Account",
    "Campaign",
    "CampaignOrganisation",
    "CampaignUpdate",
    "ConsentRecord",
    "Constituency",
    "ConsentWording",
    "ExportRecord",
    "InvalidatedSignature",
    "InvalidationBatch",
    "LoginThrottle",
    "MailEvent",
    "Milestone",
    "Organisation",
    "MPLetter",
    "OutboxMessage",
    "PrivacyAction",
    "PartnerWording",
    "Resource",
    "ResourceDownload",
    "ResourceTag",
    "Signature",
    "SignatureCount",
    "SignupQuestion",
    "TargetResponse",
    "Suppression",
    "WebhookReceipt",
]
