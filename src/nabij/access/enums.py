"""The access vocabulary every app may use: roles, and the purpose and outcome of an access-log
row. Kept apart from the models so that views and API handlers of other apps can name a role or
log through the gate without importing ``access.models`` (see the import contracts)."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("District-team professional")
    TEAM_COORDINATOR = "team_coordinator", _("Team coordinator")
    SOCIAL_BROKER = "social_broker", _("Social broker")
    POLICY_ANALYST = "policy_analyst", _("Policy analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
    # A professional of a partner organisation (a school's care coordinator, a GP practice
    # nurse, a housing consultant, a neighbourhood police officer): submits referrals and sees
    # only their status. Never a case file, a list of households, figures or an API token.
    REFERRER = "referrer", _("Referrer")


# The roles of the municipality's own work (district teams, brokers, analysts, administrators):
# everything a role may see inside Nabij. A referrer stands outside and is in none of them.
STAFF_ROLES: tuple[str, ...] = tuple(r for r in Role.values if r != Role.REFERRER)


# A resident acting on their own household's data is logged with this role (never a
# professional's role: a resident account has no Professional and cannot be given one).
RESIDENT_ROLE = "resident"
LOG_ROLES = [*Role.choices, (RESIDENT_ROLE, _("Resident"))]


class Purpose(models.TextChoices):
    CARE = "care", _("Support of the household")
    COORDINATION = "coordination", _("Team coordination")
    ACCOUNTABILITY = "accountability", _("Access accountability")
    ADMINISTRATION = "administration", _("Administration")
    MATCHING = "matching", _("Matching offers and needs")
    OWN_DATA = "own_data", _("The resident's own data")
    # Someone outside the household's team checks the cost projection behind a saving return
    # (issue 11): they see its figures, never the household's name or the assumptions' words.
    PROJECTION_REVIEW = "projection_review", _("Independent review of a cost projection")
    # Buurtkracht (issue 12): a resident's proposal, support or vote in a neighbourhood budget,
    # voting codes for residents without DigiD, an initiative's contact persons.
    PARTICIPATION = "participation", _("Neighbourhood budgets and initiatives")
    # Vroegsignalering (issue 14): arrears signals creditors must deliver under the Wet
    # gemeentelijke schuldhulpverlening, art. 3a, received without the person's consent.
    EARLY_SIGNALS = "early_signals", _("Early signals of payment arrears (Wgs art. 3a)")


class LegalBasis(models.TextChoices):
    """Why a third party may ask a district team for a household's data."""

    COURT_ORDER = "court_order", _("Court order")
    COMPULSORY_EDUCATION = "compulsory_education", _("Compulsory education officer (Leerplichtwet)")
    CHILD_PROTECTION = "child_protection", _("Child Protection Board (Jeugdwet)")
    SAFE_AT_HOME = "safe_at_home", _("Veilig Thuis (Wmo 2015, reporting code)")
    PROSECUTION = "prosecution", _("Public prosecutor's demand (Wetboek van Strafvordering)")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class AssignmentKind(models.TextChoices):
    """The kind of an assignment: the household's coordinator, or another professional involved."""

    COORDINATOR = "coordinator", _("Coordinator")
    INVOLVED = "involved", _("Involved professional")


class Event(StrEnum):
    """What an access-log row records was done: one vocabulary, checked by mypy at every call."""

    ACCESSLOG_VIEW = "accesslog.view"
    JOB_VIEW = "job.view"  # a background job's page or status, by anyone but its starter
    API_TOKENS = "api.tokens"
    AREAS_HOUSEHOLD_COUNTS = "areas.household_counts"
    AREAS_OVERVIEW = "areas.overview"
    ASSESSMENT_CREATE = "assessment.create"
    ASSESSMENT_VIEW = "assessment.view"
    ASSIGNMENT_CREATE = "assignment.create"
    ASSIGNMENT_END = "assignment.end"
    ASSIGNMENT_FORM = "assignment.form"
    ASSIGNMENT_VIEW = "assignment.view"
    # Neighbourhood budgets (buurtbudget): the municipality's side of a round; no personal data
    BUDGETS_EXECUTION = "budgets.execution"
    BUDGETS_MANAGE = "budgets.manage"
    BUDGETS_PROPOSAL_CHECK = "budgets.proposal.check"
    BUDGETS_ROUND_ADVANCE = "budgets.round.advance"
    BUDGETS_ROUND_CREATE = "budgets.round.create"
    BUDGETS_ROUND_EDIT = "budgets.round.edit"
    BREAKTHROUGH_CREATE = "breakthrough.create"
    BREAKTHROUGH_FORM = "breakthrough.form"
    BREAKTHROUGH_LIST = "breakthrough.list"
    BREAKTHROUGH_MANDATE = "breakthrough.mandate"
    # issue 14: a breakthrough's story (outcome updates, its close) and the rules register
    BREAKTHROUGH_CLOSE = "breakthrough.close"
    BREAKTHROUGH_REOPEN = "breakthrough.reopen"
    BREAKTHROUGH_UPDATE = "breakthrough.update"
    BREAKTHROUGH_VIEW = "breakthrough.view"
    RULE_CREATE = "rule.create"
    RULE_FORM = "rule.form"
    RULE_RETIRE = "rule.retire"
    RULE_UPDATE = "rule.update"
    RULES_ANALYSIS = "rules.analysis"
    RULES_ANALYSIS_EXPORT = "rules.analysis.export"
    RULES_VIEW = "rules.view"
    # Buurtkracht (issue 12): what residents do in a neighbourhood budget round (purpose
    # participation, never what they voted), and the coordinator's voting codes
    BUDGET_BALLOT_CAST = "budget.ballot.cast"
    BUDGET_BALLOT_CODE = "budget.ballot.code"
    BUDGET_BALLOT_VIEW = "budget.ballot.view"
    BUDGET_PROPOSAL_FORM = "budget.proposal.form"
    BUDGET_PROPOSAL_SUBMIT = "budget.proposal.submit"
    BUDGET_PROPOSAL_SUPPORT = "budget.proposal.support"
    BUDGET_PROPOSAL_WITHDRAW = "budget.proposal.withdraw"
    BUDGET_VOTING_CLOSE = "budget.voting.close"
    BUDGET_VOTING_CODE_REVOKE = "budget.voting_code.revoke"
    BUDGET_VOTING_CODES_ISSUE = "budget.voting_codes.issue"
    BUDGET_VOTING_CODES_LIST = "budget.voting_codes.list"
    CASELOAD_LIST = "caseload.list"
    CORRECTION_ANSWER = "correction.answer"
    COSTS_AREA = "costs.area"
    COSTS_IMPORT = "costs.import"
    COSTS_LINE_CORRECT = "costs.line.correct"
    COSTS_LINE_CREATE = "costs.line.create"
    COSTS_LINE_FORM = "costs.line.form"
    COSTS_LINES_READ = "costs.lines.read"
    COSTS_PRICE_FORM = "costs.price.form"
    COSTS_PRICE_UPDATE = "costs.price.update"
    COSTS_PRICE_INDEX_CREATE = "costs.price_index.create"
    COSTS_PRICES_VIEW = "costs.prices.view"
    COSTS_READ = "costs.read"
    COSTS_SCENARIO_CREATE = "costs.scenario.create"
    COSTS_SCENARIO_FORM = "costs.scenario.form"
    COSTS_SCENARIO_LIST = "costs.scenario.list"
    COSTS_SCENARIO_READ = "costs.scenario.read"
    COSTS_SCENARIO_UPDATE = "costs.scenario.update"
    DOSSIER_VIEW = "dossier.view"
    FUNDS_AGREEMENT_CREATE = "funds.agreement.create"
    FUNDS_AGREEMENT_FORM = "funds.agreement.form"
    FUNDS_AGREEMENT_VIEW = "funds.agreement.view"
    FUNDS_API_AGREEMENTS = "funds.api.agreements"
    FUNDS_API_AREA_BUDGET = "funds.api.area_budget"
    FUNDS_API_BALANCE = "funds.api.balance"
    FUNDS_AREA_BUDGET_SET = "funds.area_budget.set"
    FUNDS_AREA_BUDGET_VIEW = "funds.area_budget.view"
    FUNDS_AREA_BUDGETS_VIEW = "funds.area_budgets.view"
    FUNDS_API_ENTRIES = "funds.api.entries"
    FUNDS_BUDGET_ALLOCATE = "funds.budget.allocate"
    FUNDS_FRONTLINE_LIMIT_SET = "funds.frontline_limit.set"
    FUNDS_FUND_VIEW = "funds.fund.view"
    FUNDS_HOURS_CREATE = "funds.hours.create"
    FUNDS_OVERRIDE = "funds.override"
    FUNDS_OVERVIEW = "funds.overview"
    FUNDS_PROJECTION_APPROVE = "funds.projection.approve"
    FUNDS_PROJECTIONS_VIEW = "funds.projections.view"
    FUNDS_REPAYMENT_CREATE = "funds.repayment.create"
    FUNDS_SAVING_RETURN_CREATE = "funds.saving_return.create"
    FUNDS_SAVING_RULE_SET = "funds.saving_rule.set"
    FUNDS_SAVINGS_POST = "funds.savings.post"
    FUNDS_SAVINGS_VIEW = "funds.savings.view"
    FUNDS_TRANSACTION_REVERSE = "funds.transaction.reverse"
    HOUSEHOLD_CREATE = "household.create"
    # Citizen initiatives: applications and the right to challenge (a resident's own acts and
    # refusals; the pages hold no personal data beyond contacts' names)
    INITIATIVES_APPLICATION_ACCOUNT = "initiatives.application.account"
    INITIATIVES_APPLICATION_CREATE = "initiatives.application.create"
    INITIATIVES_APPLICATION_DECIDE = "initiatives.application.decide"
    INITIATIVES_APPLICATION_VIEW = "initiatives.application.view"
    INITIATIVES_APPLICATION_WITHDRAW = "initiatives.application.withdraw"
    INITIATIVES_CHALLENGE_CREATE = "initiatives.challenge.create"
    INITIATIVES_CHALLENGE_STEP = "initiatives.challenge.step"
    INITIATIVES_CHALLENGE_WITHDRAW = "initiatives.challenge.withdraw"
    # Buurtkracht: citizen initiatives (the register, contacts, funding ledger)
    INITIATIVES_BROKER_OFFER = "initiatives.broker_offer"
    INITIATIVES_CONTACT_ADD = "initiatives.contact.add"
    INITIATIVES_CONTACT_CONSENT = "initiatives.contact.consent"
    INITIATIVES_CONTACT_END = "initiatives.contact.end"
    INITIATIVES_DISTRICT = "initiatives.district"
    INITIATIVES_FUNDING_ADD = "initiatives.funding.add"
    INITIATIVES_FUNDING_REVERSE = "initiatives.funding.reverse"
    INITIATIVES_FUNDING_VIEW = "initiatives.funding.view"
    INITIATIVES_MANAGE_VIEW = "initiatives.manage.view"
    INITIATIVES_MINE = "initiatives.mine"
    INITIATIVES_REGISTER = "initiatives.register"
    INITIATIVES_UPDATE = "initiatives.update"
    MATCHING_BLOCK_LIFTED = "matching.block_lifted"
    MATCHING_CONSENT_WITHDRAWN = "matching.consent_withdrawn"
    MATCHING_DOSSIER = "matching.dossier"
    MATCHING_END = "matching.end"
    MATCHING_FOLLOW_UP = "matching.follow_up"
    MATCHING_INTRODUCE = "matching.introduce"
    MATCHING_LIST = "matching.list"
    MATCHING_NOTICE_TOLD = "matching.notice_told"
    MATCHING_OVERVIEW = "matching.overview"
    MATCHING_PAUSE = "matching.pause"
    MATCHING_PROFILE_FORM = "matching.profile.form"
    MATCHING_PROFILE_VIEW = "matching.profile.view"
    MATCHING_PROPOSAL_VIEW = "matching.proposal.view"
    MATCHING_PROPOSALS = "matching.proposals"
    MATCHING_RECORD_IN_PLAN = "matching.record_in_plan"
    MATCHING_REGISTER = "matching.register"
    MATCHING_REGISTER_FORM = "matching.register.form"
    MATCHING_RESPOND = "matching.respond"
    MATCHING_RUN = "matching.run"
    MATCHING_RUN_VIEW = "matching.run.view"
    MATCHING_UPDATE = "matching.update"
    MATCHING_WITHDRAW = "matching.withdraw"
    MEMBER_AUTHORITY = "member.parental_authority"
    MEMBER_CREATE = "member.create"
    MEMBER_END = "member.end"
    MEMBER_FORM = "member.form"
    MESSAGE_SEND = "message.send"
    MESSAGES_VIEW = "messages.view"
    NETWORK_CREATE = "network.create"
    NETWORK_FORM = "network.form"
    NETWORK_VIEW = "network.view"
    # Area plans (gebiedsplan): aggregates, no personal data; refusals are logged
    OUTCOMES_API_PLAN = "outcomes.api.plan"
    OUTCOMES_API_PLANS = "outcomes.api.plans"
    OUTCOMES_PLAN_AGREE = "outcomes.plan.agree"
    OUTCOMES_PLAN_CHANGE = "outcomes.plan.change"
    OUTCOMES_PLAN_CREATE = "outcomes.plan.create"
    OUTCOMES_PLAN_LIST = "outcomes.plan.list"
    OUTCOMES_PLAN_VIEW = "outcomes.plan.view"
    OUTCOMES_API_PROFILE = "outcomes.api.profile"
    OUTCOMES_INDEX = "outcomes.index"
    OUTCOMES_MAP = "outcomes.map"
    OUTCOMES_PROFILE = "outcomes.profile"
    PLAN_ACTION_COMMENT = "plan.action.comment"
    PLAN_ACTION_CREATE = "plan.action.create"
    PLAN_ACTION_UPDATE = "plan.action.update"
    PLAN_GOAL_CREATE = "plan.goal.create"
    PLAN_GOAL_MOVE = "plan.goal.move"
    PLAN_GOAL_UPDATE = "plan.goal.update"
    PLAN_KIND = "plan.kind"
    PLAN_SIGN_OFF = "plan.sign_off"
    PLAN_VIEW = "plan.view"
    PLAN_WORDING_FORM = "plan.wording.form"
    PLAN_WORDING_PROPOSE = "plan.wording.propose"
    PRACTICES_DRAFT_START = "practices.draft.start"  # a story drafted (from a breakthrough)
    PRACTICES_DRAFT_UPDATE = "practices.draft.update"  # a draft read or changed, consent recorded
    PRACTICES_PUBLISH = "practices.publish"
    PRACTICES_WITHDRAW = "practices.withdraw"
    PRIORITY_CREATE = "priority.create"
    PRIORITY_VIEW = "priority.view"
    # Referrals from finding places (vindplaatsen): a referrer's own acts (no household is
    # known then, so no resident in the row), the team's intake, and, once the referral is
    # linked to a household, one row per member naming the referrer (``REFERRAL_LINKED``).
    REFERRAL_ACCEPT = "referral.accept"
    REFERRAL_CHOOSE = "referral.choose"  # households shown to link a referral to (a list)
    REFERRAL_CLOSE = "referral.close"
    REFERRAL_CONTACT = "referral.contact"
    REFERRAL_CREATE = "referral.create"
    REFERRAL_LINKED = "referral.linked"
    REFERRAL_MINE = "referral.mine"
    REFERRAL_QUEUE = "referral.queue"
    REFERRAL_REFER_ON = "referral.refer_on"
    REFERRAL_VIEW = "referral.view"
    REPORTS_ACCOUNT_START = "reports.account.start"
    REPORTS_ACCOUNT_UPDATE = "reports.account.update"
    REPORTS_ACCOUNT_VIEW = "reports.account.view"
    REPORTS_ACCOUNTS_VIEW = "reports.accounts.view"
    REPORTS_CONSENT_FORM = "reports.consent.form"
    REPORTS_CONSENT_RECORD = "reports.consent.record"
    REPORTS_PUBLISH = "reports.publish"
    REPORTS_REOPEN = "reports.reopen"
    REPORTS_RETURN = "reports.return"
    REPORTS_STORY_UPDATE = "reports.story.update"
    REPORTS_SUBMIT = "reports.submit"
    REQUEST_CREATE = "request.create"
    REQUEST_LIST = "request.list"
    ME_ACCESS_LOG_VIEW = "me.access_log.view"
    ME_CONSENT_WITHDRAW = "me.consent.withdraw"
    ME_CORRECTION_CREATE = "me.correction.create"
    ME_CORRECTION_LIST = "me.correction.list"
    ME_EXPORT = "me.export"
    ME_HOME = "me.home"
    ME_LOGOUT_EVERYWHERE = "me.logout_everywhere"
    ME_MESSAGE_SEND = "me.message.send"
    ME_MESSAGES_VIEW = "me.messages.view"
    ME_NEIGHBOURHOOD_ANSWER = "me.neighbourhood_help.answer"
    ME_NEIGHBOURHOOD_REGISTER = "me.neighbourhood_help.register"
    ME_NEIGHBOURHOOD_UPDATE = "me.neighbourhood_help.update"
    ME_NEIGHBOURHOOD_VIEW = "me.neighbourhood_help.view"
    ME_NEIGHBOURHOOD_WITHDRAW = "me.neighbourhood_help.withdraw"
    ME_NETWORK_CREATE = "me.network.create"
    ME_NETWORK_END = "me.network.end"
    ME_NETWORK_FORM = "me.network.form"
    ME_NETWORK_UPDATE = "me.network.update"
    ME_NETWORK_VIEW = "me.network.view"
    ME_NOTIFY_EMAIL_SET = "me.notify_email.set"
    ME_NOTIFY_EMAIL_VIEW = "me.notify_email.view"
    ME_PLAN_ACTION_COMMENT = "me.plan.action.comment"
    ME_PLAN_ACTION_DONE = "me.plan.action.done"
    ME_PLAN_GOAL_CREATE = "me.plan.goal.create"
    ME_PLAN_GOAL_MOVE = "me.plan.goal.move"
    ME_PLAN_GOAL_UPDATE = "me.plan.goal.update"
    ME_PLAN_SIGN = "me.plan.sign"
    ME_PLAN_VIEW = "me.plan.view"
    ME_PLAN_WORDING_DECIDE = "me.plan.wording.decide"
    ME_PRIORITY_CREATE = "me.priority.create"
    ME_PRIORITY_VIEW = "me.priority.view"
    ME_RIGHTS_VIEW = "me.rights.view"
    RESIDENT_BSN_VIEW = "resident.bsn.view"
    RESIDENT_MOVE = "resident.move"
    RESIDENT_MOVE_FORM = "resident.move.form"
    RESIDENT_VIEW = "resident.view"
    # Vroegsignalering: the team's outreach on arrears signals (issue 14, helper D)
    SIGNALS_OUTREACH_LIST = "signals.outreach.list"
    SIGNALS_CASE_VIEW = "signals.case.view"
    SIGNALS_ATTEMPT_CREATE = "signals.attempt.create"
    SIGNALS_CASE_CLOSE = "signals.case.close"
    SIGNALS_RETENTION = "signals.retention"  # the daily deletion: counts, never persons
    # Vroegsignalering (Wgs art. 3a, issue 14): deliveries of arrears signals, their link to a
    # household (a row per kind, with the named resident as subject: they see it in their log),
    # and the outcome told to the creditor
    SIGNALS_EXPORT = "signals.export"
    SIGNALS_IMPORT = "signals.import"
    SIGNALS_OVERVIEW = "signals.overview"
    SIGNALS_RECEIVED_ENERGY = "signals.received.energy"
    SIGNALS_RECEIVED_HEALTH_INSURANCE = "signals.received.health_insurance"
    SIGNALS_RECEIVED_RENT = "signals.received.rent"
    SIGNALS_RECEIVED_WATER = "signals.received.water"
    THREAT_CREATE = "threat.create"
    THREAT_FORM = "threat.form"
    THREAT_UPDATE = "threat.update"
    THREAT_VIEW = "threat.view"
    # Linking arrears signals (issue 14, helper C): the uncertain list of the team's area, one
    # signal with the residents at its address (listed), a person's decision either way.
    SIGNAL_LINK_LIST = "signal.link.list"
    SIGNAL_LINK_VIEW = "signal.link.view"
    SIGNAL_LINK_CONFIRM = "signal.link.confirm"
    SIGNAL_LINK_REJECT = "signal.link.reject"


# Events that record only that a person's name was shown on a page of many (``Log.LISTED`` in
# ``access.routes``: one granted row per person shown, written by ``gate.log_listed`` and
# ``gate.log_participants``). They are logged like any read (NEN 7513: who, whose data, when,
# what, with what role and purpose); a resident's log shows them apart, counted per person and
# list, below the reads that open their data.
LIST_EVENTS: frozenset[str] = frozenset(
    {
        Event.CASELOAD_LIST,
        Event.BREAKTHROUGH_LIST,
        Event.FUNDS_API_AGREEMENTS,
        Event.FUNDS_API_ENTRIES,
        Event.FUNDS_FUND_VIEW,
        Event.FUNDS_PROJECTIONS_VIEW,
        Event.FUNDS_SAVINGS_VIEW,
        Event.MATCHING_LIST,
        Event.MATCHING_OVERVIEW,
        Event.MATCHING_PROPOSALS,
        Event.MATCHING_RUN_VIEW,
        Event.SIGNAL_LINK_VIEW,
        Event.SIGNALS_OUTREACH_LIST,
        Event.REFERRAL_CHOOSE,
    }
)
