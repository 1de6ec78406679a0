"""The route registry: every URL pattern and every API operation with its declared access rule.

Who gets in is said in terms of the world's actors (``Audience``); what the access log records
for a request is said with ``Log`` and the purposes of its granted rows. The generated matrix
test (``nabij/tests/test_route_matrix.py``) walks the URLconf and ``openapi.json``, fails for a
route without a rule here or a rule here without a route, and checks every rule over every role.

A rule says what a route SHOULD do. Where the code does not (yet) do it, ``defect`` says how it
differs; the matrix then expects that cell to fail (strict xfail), so a fix shows up at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nabij.access.models import Purpose


class Audience(StrEnum):
    """Who gets in, in terms of the actors of the world (the object is the one in the path)."""

    PUBLIC = "public"  # anyone, signed in or not
    SIGNED_IN = "signed_in"  # any signed-in account
    # any professional with a role, acting only on what is its own (a resident has no tokens)
    OWN_ACCOUNT = "own_account"
    ANY_TOKEN = "any_token"  # noqa: S105 - any valid API token (public reference data)
    ANY_ROLE = "any_role"  # any professional with a role
    CASE_ROLES = "case_roles"  # district-team professionals and team coordinators (lists filtered)
    HOUSEHOLD_CASE = "household_case"  # assigned professionals, the own team's coordinator
    HOUSEHOLD_TEAM_COORDINATOR = "household_team_coordinator"  # the own team's coordinator
    TEAM_COORDINATOR = "team_coordinator"  # any team coordinator
    AGGREGATES = "aggregates"  # team coordinators and policy analysts, small counts suppressed
    FUNDS_OVERVIEW = "funds_overview"  # every role but the social broker; no households
    FUND_TEAM = "fund_team"  # members of a team working in the fund's district
    FUND_MANDATE = "fund_mandate"  # the coordinator of a team working in the district
    FUND_HOUSEHOLD = "fund_household"  # fund team members who may work on the household
    FUND_HOUSEHOLD_MANDATE = "fund_household_mandate"  # mandate, own-team household there
    FUND_CONFIG_OR_MANDATE = "fund_config_or_mandate"  # administrator (share) or mandate (claim)
    # the four eyes of a saving return: policy analysts and team coordinators review projections;
    # those outside the household's team (analysts, other teams' coordinators) approve its own
    PROJECTION_REVIEWERS = "projection_reviewers"
    PROJECTION_APPROVER = "projection_approver"
    # Sturen op de wijk: the district in the path ({code}) and the teams working there
    AREA_TEAM = "area_team"  # members (professional or coordinator) of a team working there
    AREA_MANDATE = "area_mandate"  # the coordinator of a team working there
    # Buurtkracht (issue 12): neighbourhood budgets and citizen initiatives
    ROUND_RESIDENT = "round_resident"  # residents of the round's area aged min_age or over
    PROPOSAL_AUTHOR = "proposal_author"  # the resident who made the budget proposal
    INITIATIVE_CONTACT = "initiative_contact"  # the initiative's current contact persons
    # its contact persons and the teams working in the initiative's district
    INITIATIVE_STEWARDS = "initiative_stewards"
    # an application's decider: the coordinator of a team in the district up to the limit,
    # the administrator above it
    APPLICATION_DECIDER = "application_decider"
    # a challenge's process and decision: the coordinator of a team working in the initiative's
    # district
    CHALLENGE_DECIDER = "challenge_decider"
    BROKER = "broker"  # social brokers: the register of offers and needs, never case files
    BROKER_OR_HOUSEHOLD_CASE = "broker_or_household_case"  # brokers; the resident's case roles
    ADMINISTRATOR = "administrator"  # the functional administrator: no case files
    RULE_KEEPERS = "rule_keepers"  # policy analysts and the administrator: the rules register
    RESIDENT_SELF = "resident_self"  # the resident, on their own data (next issue)
    # Arrears signals (issue 14): members of a team working in the district of the signal's
    # address (a signal has no household until a person links it)
    SIGNAL_TEAM = "signal_team"
    # Referrals (vindplaatsen): referrers submit and see their own referrals' status only; the
    # referral's team coordinator (and, once taken on, the household's case roles) the rest
    REFERRER = "referrer"
    REFERRAL_TEAM = "referral_team"
    JOB_STARTER = "job_starter"  # whoever started the background job in the path; others: 404
    # Vroegsignalering (issue 14): a signal case's district team, professionals and coordinator
    SIGNAL_CASE_TEAM = "signal_case_team"
    NOBODY = "nobody"  # nothing to be had here (404), or it must not exist


class Log(StrEnum):
    """What a request writes to the access log."""

    NONE = "none"  # no personal data: nothing logged
    REFUSALS = "refusals"  # no personal data; a signed-in user's refusal is logged
    SUBJECT = "subject"  # the path's subject (household members, resident, participant,
    # a proposal's parties): a granted or refused row for it, before any validation
    LISTED = "listed"  # a list: one granted row per person shown; a refusal logged


CASE = frozenset({Purpose.CARE, Purpose.COORDINATION})
MATCHING = frozenset({Purpose.MATCHING})
MATCHING_OR_CASE = MATCHING | CASE
EARLY_SIGNALS = frozenset({Purpose.EARLY_SIGNALS})
NO_PURPOSE: frozenset[Purpose] = frozenset()


@dataclass(frozen=True)
class Rule:
    """One method's rule. ``shows`` (lists): whose personal data the list shows, and to whom."""

    audience: Audience
    log: Log = Log.NONE
    purposes: frozenset[Purpose] = NO_PURPOSE  # of the granted rows about persons
    shows: Audience | None = None
    defect: str = ""  # how the code differs from this rule today (the matrix xfails it)


@dataclass(frozen=True)
class Access:
    """A route's rules: ``read`` for GET, ``write`` for POST/PUT (``None``: not allowed, 405)."""

    read: Rule | None
    write: Rule | None
    writes_nothing: bool = False  # every method is answered as GET is (a read view)

    def rule(self, method: str) -> Rule | None:
        return self.read if method.upper() in ("GET", "HEAD") else self.write


def read(rule: Rule) -> Access:
    return Access(read=rule, write=None)


def write(rule: Rule) -> Access:
    return Access(read=None, write=rule)


def form(rule: Rule, post: Rule | None = None) -> Access:
    """A page with a form: GET shows it, POST sends it (the same rule unless given)."""
    return Access(read=rule, write=post or rule)


def any_method(rule: Rule) -> Access:
    """A read view that answers every method alike (and so must write nothing)."""
    return Access(read=rule, write=rule, writes_nothing=True)


# --- Rules used again and again -----------------------------------------------------------------

PUBLIC = Rule(Audience.PUBLIC)
NOBODY = Rule(Audience.NOBODY)
HOUSEHOLD = Rule(Audience.HOUSEHOLD_CASE, Log.SUBJECT, CASE)
HOUSEHOLD_TEAM = Rule(Audience.HOUSEHOLD_TEAM_COORDINATOR, Log.SUBJECT, CASE)
CASELOAD = Rule(Audience.CASE_ROLES, Log.LISTED, CASE, shows=Audience.HOUSEHOLD_CASE)
BROKER_ONLY = Rule(Audience.BROKER, Log.REFUSALS, MATCHING)  # what it changes is logged too
BROKER_SUBJECT = Rule(Audience.BROKER, Log.SUBJECT, MATCHING)
BROKER_LIST = Rule(Audience.BROKER, Log.LISTED, MATCHING, shows=Audience.BROKER)
AGGREGATE = Rule(Audience.AGGREGATES, Log.REFUSALS)
ADMINISTRATION = Rule(Audience.ADMINISTRATOR, Log.REFUSALS)
RULE_KEEPERS = Rule(Audience.RULE_KEEPERS, Log.REFUSALS)
REFERENCE = Rule(Audience.ANY_TOKEN)
FUND_TEAM = Rule(Audience.FUND_TEAM, Log.REFUSALS)
FUND_HOUSEHOLD = Rule(Audience.FUND_HOUSEHOLD, Log.SUBJECT, CASE)
# Area outcomes: profiles, maps and plans are aggregates and open data (no personal data, small
# cells suppressed): any professional reads them; the district's teams write the area's plans.
AREA_READ = Rule(Audience.ANY_ROLE, Log.REFUSALS)
AREA_TEAM = Rule(Audience.AREA_TEAM, Log.REFUSALS)
AREA_MANDATE = Rule(Audience.AREA_MANDATE, Log.REFUSALS)
# Buurtkracht: rounds, proposals, results and initiatives are public pages (names only with
# consent, nothing logged); a resident's own acts (a proposal, support, a vote) are logged with
# the resident as the actor and purpose PARTICIPATION, never what they voted.
PARTICIPATION = frozenset({Purpose.PARTICIPATION})
ROUND_RESIDENT = Rule(Audience.ROUND_RESIDENT, Log.REFUSALS, PARTICIPATION)
PROPOSAL_AUTHOR = Rule(Audience.PROPOSAL_AUTHOR, Log.REFUSALS, PARTICIPATION)
INITIATIVE_CONTACT = Rule(Audience.INITIATIVE_CONTACT, Log.REFUSALS, PARTICIPATION)
INITIATIVE_STEWARDS = Rule(Audience.INITIATIVE_STEWARDS, Log.REFUSALS, PARTICIPATION)
APPLICATION_DECIDER = Rule(Audience.APPLICATION_DECIDER, Log.REFUSALS, PARTICIPATION)
CHALLENGE_DECIDER = Rule(Audience.CHALLENGE_DECIDER, Log.REFUSALS, PARTICIPATION)
# a signed-in resident taking part (registering an initiative, reading their own)
INITIATIVE_RESIDENT = Rule(Audience.RESIDENT_SELF, Log.REFUSALS, PARTICIPATION)
# Vroegsignalering: the team's list of its open signal cases (the persons listed are logged),
# and a case of the team (its household's members logged, granted or refused).
SIGNAL_LIST = Rule(Audience.CASE_ROLES, Log.LISTED, EARLY_SIGNALS, shows=Audience.SIGNAL_CASE_TEAM)
SIGNAL_CASE = Rule(Audience.SIGNAL_CASE_TEAM, Log.SUBJECT, EARLY_SIGNALS)
# Mijn Nabij: the signed-in resident, on their own household only; every read and write is
# logged with the resident as the actor (purpose: the resident's own data).
OWN_DATA = frozenset({Purpose.OWN_DATA})
OWN = Rule(Audience.RESIDENT_SELF, Log.SUBJECT, OWN_DATA)

# Linking arrears signals: the team's list of uncertain signals (delivered names, no resident);
# one signal shows the residents at its address, each logged as listed.
SIGNAL_LINK_LIST = Rule(Audience.CASE_ROLES, Log.REFUSALS, EARLY_SIGNALS)
SIGNAL_LINK = Rule(Audience.SIGNAL_TEAM, Log.LISTED, EARLY_SIGNALS, shows=Audience.SIGNAL_TEAM)

# --- Pages (URL names; unnamed patterns by their route) -----------------------------------------

PAGES: dict[str, Access] = {
    # Vroegsignalering: outreach on arrears signals (issue 14)
    "signals_outreach:list": read(SIGNAL_LIST),
    "signals_outreach:case": read(SIGNAL_CASE),
    "signals_outreach:attempt": write(SIGNAL_CASE),
    "signals_outreach:close": write(SIGNAL_CASE),
    # core
    "core:home": any_method(Rule(Audience.SIGNED_IN)),
    "core:login": form(PUBLIC),
    "core:login_code": form(PUBLIC),  # the second step; without a first one, back to login
    "core:login_enroll": form(PUBLIC),
    "admin_login_redirect": form(PUBLIC),  # /beheer/login/ never takes a password: redirect
    "core:logout": write(PUBLIC),
    "core:health": any_method(PUBLIC),
    "core:favicon": any_method(PUBLIC),  # the icon browsers ask for at /favicon.ico
    "set_language": any_method(PUBLIC),
    # background jobs: their page and status, for the one who started the job (no personal data)
    "jobs:job": any_method(Rule(Audience.JOB_STARTER, Log.REFUSALS)),
    "jobs:status": any_method(Rule(Audience.JOB_STARTER, Log.REFUSALS)),
    # signals: linking uncertain signals to the register (a person decides)
    "signals_linking:list": read(SIGNAL_LINK_LIST),
    "signals_linking:decide": form(SIGNAL_LINK),
    # access
    # API tokens are for professionals only: a resident's API is their DigiD session
    "access:tokens": form(Rule(Audience.OWN_ACCOUNT, Log.REFUSALS)),
    "access:token_revoke": write(Rule(Audience.OWN_ACCOUNT, Log.REFUSALS)),
    # the register of third parties' requests: the household's case roles read it; its own
    # coordinator and the team coordinator record (both in HOUSEHOLD_CASE in the world)
    "access:requests": form(HOUSEHOLD),
    # setting one's own password with a one-time link: no account yet, a bad link is refused
    "access:set_password": form(PUBLIC),
    "access:set_password_done": read(PUBLIC),
    # people
    "people:caseload": any_method(CASELOAD),
    "people:household_create": form(Rule(Audience.CASE_ROLES, Log.REFUSALS)),
    "people:household_detail": any_method(HOUSEHOLD),
    "people:member_add": form(HOUSEHOLD),
    "people:member_end": write(HOUSEHOLD),
    "people:member_authority": write(HOUSEHOLD),
    "people:network_add": form(HOUSEHOLD),
    "people:resident_detail": any_method(HOUSEHOLD),
    "people:resident_move": form(HOUSEHOLD),
    "people:access_log": any_method(HOUSEHOLD),
    # plans
    "plans:plan_edit": any_method(HOUSEHOLD),
    "plans:goal_add": write(HOUSEHOLD),
    "plans:goal_edit": form(HOUSEHOLD),
    "plans:goal_move": write(HOUSEHOLD),
    "plans:goal_wording": form(HOUSEHOLD),  # propose other words; the household decides
    "plans:action_comment": write(HOUSEHOLD),
    "plans:action_add": write(HOUSEHOLD),
    "plans:action_status": write(HOUSEHOLD),
    "plans:plan_kind": write(HOUSEHOLD),
    "plans:plan_sign_off": write(HOUSEHOLD),
    "plans:threat_add": form(HOUSEHOLD),
    "plans:threat_status": write(HOUSEHOLD),
    "plans:breakthrough_create": form(HOUSEHOLD),
    "plans:breakthrough_mandate": write(HOUSEHOLD_TEAM),
    # a breakthrough's story (issue 14): its case roles read it, add updates and close it; the
    # team coordinator opens a closed one again
    "plans:breakthrough_detail": any_method(HOUSEHOLD),
    "plans:breakthrough_update_add": write(HOUSEHOLD),
    "plans:breakthrough_close": write(HOUSEHOLD),
    "plans:breakthrough_reopen": write(HOUSEHOLD_TEAM),
    "plans:assignment_add": form(HOUSEHOLD_TEAM),
    "plans:assignment_end": write(HOUSEHOLD_TEAM),
    "plans:breakthrough_register": any_method(CASELOAD),
    # assessment
    "assessment:assessment_list": read(HOUSEHOLD),
    "assessment:assessment_create": form(HOUSEHOLD),
    "assessment:priority_create": form(HOUSEHOLD),
    # areas
    "areas:overview": read(AGGREGATE),
    # outcomes: areas, profiles and the indicator map (aggregates and open data)
    "outcomes:index": read(AREA_READ),
    "outcomes:profile": read(AREA_READ),
    "outcomes:map": read(AREA_READ),
    "outcomes:map_svg": read(AREA_READ),
    # learning (issue 14): the rules register (no personal data) is read by every professional
    # and kept by policy analysts and the administrator; the analysis of rules set aside is an
    # aggregate for analysts and team coordinators (small cells suppressed)
    "learning:rules": any_method(Rule(Audience.ANY_ROLE, Log.REFUSALS)),
    "learning:rule_create": form(RULE_KEEPERS),
    "learning:rule_edit": form(RULE_KEEPERS),
    "learning:rule_retire": write(RULE_KEEPERS),
    "learning:analysis": read(AGGREGATE),
    "learning:analysis_csv": read(AGGREGATE),
    "learning:analysis_json": read(AGGREGATE),
    # costs
    "costs:import_upload": form(Rule(Audience.TEAM_COORDINATOR, Log.REFUSALS)),
    # Vroegsignalering (issue 14): deliveries and counts, no person listed; the import and the
    # outcome export log every resident a signal is linked to or an outcome is told about.
    "signals:index": read(Rule(Audience.CASE_ROLES, Log.REFUSALS)),
    "signals:upload": form(Rule(Audience.TEAM_COORDINATOR, Log.REFUSALS)),
    "signals:export": read(Rule(Audience.TEAM_COORDINATOR, Log.REFUSALS)),
    "costs:area": read(AGGREGATE),
    "costs:household": any_method(HOUSEHOLD),
    "costs:household_line_add": form(HOUSEHOLD),
    "costs:household_estimate_add": write(HOUSEHOLD),
    "costs:household_line_correct": form(HOUSEHOLD),
    "costs:scenario_list": any_method(HOUSEHOLD),
    "costs:scenario_create": form(HOUSEHOLD),
    "costs:scenario_detail": any_method(HOUSEHOLD),
    "costs:scenario_edit": form(HOUSEHOLD),
    "costs:assumption_add": write(HOUSEHOLD),
    "costs:assumption_add_reference": write(HOUSEHOLD),
    "costs:assumption_edit": form(HOUSEHOLD),
    "costs:assumption_remove": write(HOUSEHOLD),
    "costs:prices": any_method(Rule(Audience.ANY_ROLE, Log.REFUSALS)),
    "costs:price_edit": form(ADMINISTRATION),
    "costs:price_index_add": write(ADMINISTRATION),
    # funds
    "funds:index": any_method(Rule(Audience.FUNDS_OVERVIEW, Log.REFUSALS)),
    "funds:allocate": write(ADMINISTRATION),
    "funds:savings": form(
        Rule(Audience.FUNDS_OVERVIEW, Log.LISTED, CASE, shows=Audience.FUND_MANDATE),
        # a refused claim shows the page again, with the claim form's households logged
        post=Rule(Audience.FUND_CONFIG_OR_MANDATE, Log.REFUSALS, CASE),
    ),
    "funds:agreement": any_method(FUND_HOUSEHOLD),
    "funds:repayment": write(FUND_HOUSEHOLD),
    "funds:hours": write(FUND_HOUSEHOLD),
    "funds:reverse": write(Rule(Audience.FUND_HOUSEHOLD_MANDATE, Log.SUBJECT, CASE)),
    "funds:fund": any_method(Rule(Audience.FUND_TEAM, Log.LISTED, CASE, Audience.HOUSEHOLD_CASE)),
    # frontline freedom: a team member pays for households they work on, up to the team's
    # limit; the coordinator (the mandate) for the team's households there
    "funds:agreement_new": form(
        Rule(Audience.FUND_TEAM, Log.LISTED, CASE, shows=Audience.FUND_HOUSEHOLD)
    ),
    # outcomes: area plans (gebiedsplan) of a district; aggregates, no personal data
    "outcomes:area_plans": read(AREA_READ),
    "outcomes:area_plan": read(AREA_READ),
    "outcomes:area_plan_create": form(AREA_TEAM),
    "outcomes:area_plan_edit": form(AREA_TEAM),
    "outcomes:area_plan_agree": form(AREA_MANDATE),
    "outcomes:area_goal_add": form(AREA_TEAM),
    "outcomes:area_goal_edit": form(AREA_TEAM),
    "outcomes:area_goal_remove": form(AREA_TEAM),
    "outcomes:area_action_add": form(AREA_TEAM),
    "outcomes:area_action_edit": form(AREA_TEAM),
    "outcomes:area_action_status": write(AREA_TEAM),
    "outcomes:area_action_remove": form(AREA_TEAM),
    "funds:frontline_limit": write(Rule(Audience.TEAM_COORDINATOR, Log.REFUSALS)),
    # a projection's figures without the household, logged for its members
    "funds:projections": form(
        Rule(
            Audience.PROJECTION_REVIEWERS,
            Log.LISTED,
            frozenset({Purpose.PROJECTION_REVIEW}),
            shows=Audience.PROJECTION_APPROVER,
        )
    ),
    # area budgets: aggregates, small cells suppressed; the administrator sets them
    "funds:area_budgets": read(Rule(Audience.FUNDS_OVERVIEW, Log.REFUSALS)),
    "funds:area_budget": read(Rule(Audience.FUNDS_OVERVIEW, Log.REFUSALS)),
    "funds:area_budget_set": form(ADMINISTRATION),
    # reports: the area account (verantwoording). The district's teams write the draft; a
    # coordinator of such a team reviews and publishes it. Recording a household story's consent
    # lists the households the professional may work on in the district (each one logged) and
    # opens the chosen one through the gate. The published account is public: it holds no
    # personal data (checked stories, suppressed figures).
    "reports:index": read(PUBLIC),
    "reports:public": read(PUBLIC),
    "reports:pdf": read(PUBLIC),
    "reports:district": form(AREA_TEAM),
    "reports:account": form(AREA_TEAM),
    "reports:story_add": write(AREA_TEAM),
    "reports:story_edit": form(AREA_TEAM),
    "reports:story_remove": write(AREA_TEAM),
    "reports:consent": form(
        Rule(Audience.AREA_TEAM, Log.LISTED, CASE, shows=Audience.HOUSEHOLD_CASE)
    ),
    "reports:submit": write(AREA_TEAM),
    "reports:return": write(AREA_MANDATE),
    "reports:publish": write(AREA_MANDATE),
    "reports:reopen": write(AREA_MANDATE),
    # practices: the practice library (3D-lab). Published stories are public and read-only
    # (checked: no personal data). Case roles draft; the new-story page lists the breakthroughs
    # of their own households (each shown logged). A story drawn from a breakthrough is opened
    # through the gate for its household (its case roles; granted or refused rows); a fresh
    # one is its author's and their team coordinator's, an imported one a team coordinator's.
    "practices:index": read(PUBLIC),
    "practices:story": read(PUBLIC),
    "practices:new": form(
        Rule(Audience.CASE_ROLES, Log.LISTED, CASE, shows=Audience.HOUSEHOLD_CASE)
    ),
    "practices:from_breakthrough": form(HOUSEHOLD),
    "practices:edit": form(HOUSEHOLD),
    "practices:publish": write(HOUSEHOLD),
    "practices:withdraw": write(HOUSEHOLD),
    # initiatives: applications for a subsidy or an area-fund contribution, and the right to
    # challenge. A contact person applies, accounts and withdraws; the initiative's stewards
    # (contacts, the district's teams) read an application; its decider (by amount: the
    # district's coordinator up to INITIATIVES_COORDINATOR_LIMIT_CENTS, the administrator above)
    # decides. A challenge's process is public; the district's coordinator moves it on.
    "initiatives:apply": form(INITIATIVE_CONTACT),
    "initiatives:application": read(INITIATIVE_STEWARDS),
    "initiatives:decide": form(APPLICATION_DECIDER),
    "initiatives:account": form(INITIATIVE_CONTACT),
    "initiatives:application_withdraw": write(INITIATIVE_CONTACT),
    "initiatives:challenges": read(PUBLIC),
    "initiatives:challenge": read(PUBLIC),
    "initiatives:challenge_create": form(INITIATIVE_CONTACT),
    "initiatives:challenge_step": form(CHALLENGE_DECIDER),
    "initiatives:challenge_withdraw": write(INITIATIVE_CONTACT),
    # Buurtkracht: the register of citizen initiatives (public; names only with consent), a
    # resident's own initiatives (DigiD), its stewards' pages (contacts and the district's
    # teams: contact persons shown or changed are logged) and the district's list for its teams
    "initiatives:index": read(PUBLIC),
    "initiatives:detail": read(PUBLIC),
    "initiatives:mine": read(INITIATIVE_RESIDENT),
    "initiatives:register": form(INITIATIVE_RESIDENT),
    "initiatives:manage": form(INITIATIVE_STEWARDS),
    "initiatives:funding": form(INITIATIVE_STEWARDS),
    "initiatives:funding_reverse": write(INITIATIVE_STEWARDS),
    "initiatives:district": read(
        Rule(Audience.AREA_TEAM, Log.LISTED, PARTICIPATION, shows=Audience.AREA_TEAM)
    ),
    # budgets: neighbourhood budget rounds (buurtbudget). The round, its proposals and the
    # photos of its projects are public pages (residents' names only with consent, nothing
    # logged); the district's teams check proposals and record the execution, the coordinator
    # of such a team starts a round, changes its rules and moves it to the next phase.
    "budgets:index": read(PUBLIC),
    "budgets:round": read(PUBLIC),
    "budgets:proposal": read(PUBLIC),
    "budgets:photo": read(PUBLIC),
    "budgets:manage": read(AREA_TEAM),
    "budgets:round_create": form(AREA_MANDATE),
    "budgets:round_manage": read(AREA_TEAM),
    "budgets:round_edit": form(AREA_MANDATE),
    "budgets:round_advance": write(AREA_MANDATE),
    "budgets:proposal_check": form(AREA_TEAM),
    "budgets:execution": form(AREA_TEAM),
    # budgets: what residents do in a round (views_voting). Residents of the round's area act
    # through DigiD, each act logged for them (never what they voted); a code on paper votes
    # without logging in (the code's resident logged); the result is public. The coordinator of
    # a team working in the district lists the residents who may vote (each one logged) and
    # prints codes for those without DigiD.
    "budgets:proposal_create": form(ROUND_RESIDENT),
    "budgets:proposal_support": write(ROUND_RESIDENT),
    "budgets:proposal_withdraw": form(PROPOSAL_AUTHOR),
    "budgets:ballot": form(ROUND_RESIDENT),
    "budgets:ballot_code": form(PUBLIC, post=Rule(Audience.PUBLIC, purposes=PARTICIPATION)),
    "budgets:voting_codes": form(
        Rule(Audience.AREA_MANDATE, Log.LISTED, PARTICIPATION, shows=Audience.AREA_MANDATE)
    ),
    "budgets:results": read(PUBLIC),
    # matching (the social broker's register; the dossier's link to it)
    "matching:overview": any_method(BROKER_LIST),
    "matching:participants": any_method(BROKER_LIST),
    "matching:participant_new": form(BROKER_ONLY),
    "matching:participant": any_method(BROKER_SUBJECT),
    "matching:participant_edit": form(BROKER_SUBJECT),
    "matching:participant_pause": write(BROKER_SUBJECT),
    "matching:consent_withdraw": form(BROKER_SUBJECT),
    "matching:run_new": form(BROKER_ONLY),  # POST starts a background job (jobs:job)
    "matching:run": any_method(BROKER_LIST),
    "matching:proposals": any_method(BROKER_LIST),
    "matching:proposal": any_method(BROKER_SUBJECT),
    "matching:respond": write(BROKER_SUBJECT),
    "matching:introduce": write(BROKER_SUBJECT),
    "matching:follow_up": write(BROKER_SUBJECT),
    "matching:end": write(BROKER_SUBJECT),
    "matching:withdraw": write(BROKER_SUBJECT),
    "matching:notice_told": write(BROKER_ONLY),
    "matching:block_lift": write(BROKER_ONLY),
    "matching:team_register": form(HOUSEHOLD),
    "matching:record_in_plan": write(HOUSEHOLD),
    # conversations: each member's thread, read and answered by the household's professionals
    "conversations:household": form(HOUSEHOLD),
    # Mijn Nabij (residents, DigiD)
    "portal:login": read(PUBLIC),
    "portal:logout": write(PUBLIC),
    "portal:home": read(OWN),
    "portal:logout_everywhere": write(OWN),
    # Ons plan: the household's own plan (views_plan)
    "portal:plan": read(OWN),
    "portal:plan_priority": write(OWN),
    "portal:plan_goal_add": write(OWN),
    "portal:plan_goal_text": write(OWN),
    "portal:plan_goal_move": write(OWN),
    "portal:plan_action_done": write(OWN),
    "portal:plan_action_comment": write(OWN),
    "portal:plan_sign": write(OWN),
    "portal:plan_wording": write(OWN),
    # Mijn Nabij: who looked at our file, and the rights under the AVG. The exports need a DigiD
    # login of the last minutes (``fresh_login_required``); a correction request is answered
    # on the household's dossier by whoever works on it.
    "portal:access_log": read(OWN),
    "portal:rights": read(OWN),
    "portal:correction_new": form(OWN),
    "portal:consent_withdraw": write(OWN),
    "portal:export": read(OWN),
    "portal:export_json": read(OWN),
    "portal:correction_answer": write(HOUSEHOLD),
    "portal:network": read(OWN),
    "portal:network_add": form(OWN),
    "portal:network_edit": form(OWN),
    "portal:network_end": write(OWN),
    "portal:messages": form(OWN),
    "portal:notification_email": write(OWN),
    "portal:neighbourhood_help": form(OWN),
    "portal:neighbourhood_answer": write(OWN),
    "portal:neighbourhood_stop": write(OWN),
    # DigiD: the library's views (the mock IdP in the demo and tests). Its return step logs in
    # only a current member of 16 or over; every other BSN is refused and a login event written.
    "digid:login": any_method(PUBLIC),  # a redirect to the IdP, whatever the method
    "digid:acs": read(PUBLIC),
    "digid:logout": write(PUBLIC),
    "digid-mock:login": read(PUBLIC),
    "digid-mock:bsn": form(PUBLIC),
    # referrals from finding places: the referrer's form and own list (status only, no
    # content); the team coordinators' intake queue; a referral's page and steps for its
    # team's coordinator (taking on and referring on) and, once linked, the household's case
    # roles (first contact, closing). Taking on links a household: logged for its members.
    "referrals:mine": read(Rule(Audience.REFERRER, Log.REFUSALS)),
    "referrals:new": form(Rule(Audience.REFERRER, Log.REFUSALS)),
    "referrals:queue": read(Rule(Audience.TEAM_COORDINATOR, Log.REFUSALS)),
    "referrals:detail": read(Rule(Audience.REFERRAL_TEAM, Log.REFUSALS, CASE)),
    "referrals:accept": form(
        Rule(Audience.REFERRAL_TEAM, Log.LISTED, CASE, shows=Audience.REFERRAL_TEAM)
    ),
    "referrals:contact": write(Rule(Audience.REFERRAL_TEAM, Log.REFUSALS, CASE)),
    "referrals:close": write(Rule(Audience.REFERRAL_TEAM, Log.REFUSALS, CASE)),
    "referrals:refer_on": form(Rule(Audience.REFERRAL_TEAM, Log.REFUSALS, CASE)),
    # The API's own pages (its operations are declared below, by operationId).
    "api:openapi-json": any_method(PUBLIC),
    "api:openapi-view": any_method(PUBLIC),
    "api:api-root": any_method(NOBODY),  # shadowed by the problem+json 404 below
    "api/v1/": any_method(NOBODY),  # the bare root: problem+json 404
    "^api/v1/": any_method(NOBODY),  # unknown API paths: problem+json 404
}

# --- Groups, by prefix of the name (or of the route, for unnamed patterns) --------------------

ADMIN = form(Rule(Audience.ADMINISTRATOR))
GROUPS: dict[str, Access] = {
    "admin:": ADMIN,
    "beheer/": ADMIN,  # the admin's unnamed redirects to a change page
}

# Within a group, routes whose rule differs from the group's.
ADMIN_EXCEPTIONS: dict[str, Access] = {
    "admin:login": form(PUBLIC),
    "admin:logout": write(Rule(Audience.ADMINISTRATOR)),
    "admin:password_change_done": read(Rule(Audience.ADMINISTRATOR)),
    "admin:jsi18n": read(Rule(Audience.ADMINISTRATOR)),
    "admin:view_on_site": any_method(NOBODY),  # no model in the admin has a page on the site
    "beheer/(?P<url>.*)$": any_method(NOBODY),  # the admin's catch-all: 404
    # Nabij's own account pages: lists are read-only, changes are forms
    "admin:accounts": read(Rule(Audience.ADMINISTRATOR)),
    "admin:access_requests": read(Rule(Audience.ADMINISTRATOR)),
    "admin:audit_trail": read(Rule(Audience.ADMINISTRATOR)),
    "admin:access_request_decide": write(Rule(Audience.ADMINISTRATOR)),
    "admin:account_password_link": write(Rule(Audience.ADMINISTRATOR)),
    # professionals change through the account pages (services, audited, approved), never in
    # the model admin; organisations and teams are never deleted there
    "admin:access_professional_add": any_method(NOBODY),
    "admin:access_professional_delete": any_method(NOBODY),
    "admin:access_professional_change": Access(read=Rule(Audience.ADMINISTRATOR), write=NOBODY),
    "admin:access_organisation_delete": any_method(NOBODY),
    "admin:access_districtteam_delete": any_method(NOBODY),
    "admin:autocomplete": read(NOBODY),  # no admin form uses it any more
    # the register of processing: entries are taken out of use, never deleted
    "admin:portal_processing_delete": any_method(NOBODY),
    # indicator imports are history: listed and shown, never added, changed or deleted here
    "admin:outcomes_indicatorimport_add": any_method(NOBODY),
    "admin:outcomes_indicatorimport_delete": any_method(NOBODY),
    "admin:outcomes_indicatorimport_change": Access(
        read=Rule(Audience.ADMINISTRATOR), write=NOBODY
    ),
}

# --- API operations, by operationId in openapi.json ------------------------------------------

OPERATIONS: dict[str, Rule] = {
    # access: the register of third parties' requests
    "nabij_access_api_request_list": HOUSEHOLD,
    "nabij_access_api_request_create": HOUSEHOLD,
    # areas: public reference data for any token; counts for aggregate roles
    "nabij_areas_api_municipalities": REFERENCE,
    "nabij_areas_api_districts": REFERENCE,
    "nabij_areas_api_district": REFERENCE,
    "nabij_areas_api_neighbourhoods": REFERENCE,
    "nabij_areas_api_neighbourhood": REFERENCE,
    "nabij_areas_api_household_counts": AGGREGATE,
    # outcomes: indicator definitions and values are open data; a profile holds own figures
    "nabij_outcomes_api_indicators": REFERENCE,
    "nabij_outcomes_api_area_indicators": REFERENCE,
    "nabij_outcomes_api_area_profile": AREA_READ,
    # people
    "nabij_people_api_household_list": CASELOAD,
    "nabij_people_api_household_create": Rule(Audience.CASE_ROLES, Log.REFUSALS),
    "nabij_people_api_household_detail": HOUSEHOLD,
    "nabij_people_api_member_add": HOUSEHOLD,
    "nabij_people_api_member_update": HOUSEHOLD,
    "nabij_people_api_network_list": HOUSEHOLD,
    "nabij_people_api_network_add": HOUSEHOLD,
    "nabij_people_api_resident_detail": HOUSEHOLD,
    "nabij_people_api_resident_move": HOUSEHOLD,
    "nabij_people_api_access_log": HOUSEHOLD,
    # plans
    "nabij_plans_api_plan_detail": HOUSEHOLD,
    "nabij_plans_api_goal_add": HOUSEHOLD,
    "nabij_plans_api_goal_update": HOUSEHOLD,
    "nabij_plans_api_goal_move": HOUSEHOLD,
    "nabij_plans_api_goal_wording_propose": HOUSEHOLD,
    "nabij_plans_api_action_comment_add": HOUSEHOLD,
    "nabij_plans_api_action_add": HOUSEHOLD,
    "nabij_plans_api_action_status": HOUSEHOLD,
    "nabij_plans_api_plan_kind": HOUSEHOLD,
    "nabij_plans_api_plan_sign_off": HOUSEHOLD,
    "nabij_plans_api_threat_list": HOUSEHOLD,
    "nabij_plans_api_threat_add": HOUSEHOLD,
    "nabij_plans_api_threat_status": HOUSEHOLD,
    "nabij_plans_api_breakthrough_list": Rule(
        Audience.CASE_ROLES, Log.LISTED, CASE, shows=Audience.HOUSEHOLD_CASE
    ),
    "nabij_plans_api_breakthrough_create": HOUSEHOLD,
    "nabij_plans_api_breakthrough_mandate": HOUSEHOLD_TEAM,
    "nabij_plans_api_assignment_list": HOUSEHOLD,
    "nabij_plans_api_assignment_add": HOUSEHOLD_TEAM,
    # assessment
    "nabij_assessment_api_instrument_list": REFERENCE,
    "nabij_assessment_api_assessment_list": HOUSEHOLD,
    "nabij_assessment_api_assessment_create": HOUSEHOLD,
    "nabij_assessment_api_priority_list": HOUSEHOLD,
    "nabij_assessment_api_priority_create": HOUSEHOLD,
    # costs
    "nabij_costs_api_area_area_costs": AGGREGATE,
    "nabij_costs_api_household_costs_summary": HOUSEHOLD,
    "nabij_costs_api_household_costs_lines": HOUSEHOLD,
    "nabij_costs_api_household_scenario_list": HOUSEHOLD,
    "nabij_costs_api_household_scenario_create": HOUSEHOLD,
    "nabij_costs_api_household_scenario_detail": HOUSEHOLD,
    "nabij_costs_api_household_scenario_update": HOUSEHOLD,
    "nabij_costs_api_household_assumptions_add": HOUSEHOLD,
    "nabij_costs_api_household_assumption_update": HOUSEHOLD,
    # funds
    "nabij_funds_api_fund_balance": FUND_TEAM,
    "nabij_funds_api_fund_entries": Rule(
        Audience.FUND_TEAM, Log.LISTED, CASE, shows=Audience.HOUSEHOLD_CASE
    ),
    "nabij_funds_api_fund_agreements": Rule(
        Audience.FUND_TEAM, Log.LISTED, CASE, shows=Audience.HOUSEHOLD_CASE
    ),
    # outcomes: area plans, read only (aggregates, any professional)
    "nabij_outcomes_api_plans_area_plans": AREA_READ,
    "nabij_outcomes_api_plans_area_plan": AREA_READ,
    "nabij_funds_api_budget_area_budget": Rule(Audience.FUNDS_OVERVIEW, Log.REFUSALS),
    # reports: published area accounts only (public documents), for any token
    "nabij_reports_api_account_list": REFERENCE,
    "nabij_reports_api_account_detail": REFERENCE,
    # matching
    "nabij_matching_api_skill_list": REFERENCE,
    "nabij_matching_api_participant_list": BROKER_LIST,
    "nabij_matching_api_participant_create": BROKER_ONLY,
    "nabij_matching_api_participant_detail": Rule(
        Audience.BROKER_OR_HOUSEHOLD_CASE, Log.SUBJECT, MATCHING_OR_CASE
    ),
    "nabij_matching_api_participant_update": BROKER_SUBJECT,
    "nabij_matching_api_consent_withdraw": BROKER_SUBJECT,
    "nabij_matching_api_run_create": BROKER_ONLY,
    "nabij_matching_api_run_detail": BROKER_ONLY,  # counts and proposal ids, no persons
    "nabij_matching_api_proposal_list": BROKER_LIST,
    "nabij_matching_api_proposal_detail": BROKER_SUBJECT,
    "nabij_matching_api_proposal_respond": BROKER_SUBJECT,
    "nabij_matching_api_proposal_introduce": BROKER_SUBJECT,
    "nabij_matching_api_proposal_follow_up": BROKER_SUBJECT,
    "nabij_matching_api_proposal_end": BROKER_SUBJECT,
    "nabij_matching_api_proposal_withdraw": BROKER_SUBJECT,
    # Mijn Nabij for an app: the resident's own session, never a token
    "nabij_portal_api_me": OWN,
    # Ons plan (portal.api_plan)
    "nabij_portal_api_plan_me_plan": OWN,
    "nabij_portal_api_plan_me_goal_add": OWN,
    "nabij_portal_api_plan_me_goal_update": OWN,
    "nabij_portal_api_plan_me_goal_order": OWN,
    "nabij_portal_api_plan_me_action_done": OWN,
    "nabij_portal_api_plan_me_action_comment": OWN,
    "nabij_portal_api_plan_me_plan_sign": OWN,
    "nabij_portal_api_plan_me_wording_accept": OWN,
    "nabij_portal_api_plan_me_wording_decline": OWN,
    "nabij_portal_api_plan_me_priority_list": OWN,
    "nabij_portal_api_plan_me_priority_create": OWN,
    "nabij_portal_api_rights_access_log": OWN,
    "nabij_portal_api_rights_export_json": OWN,
    "nabij_portal_api_rights_correction_list": OWN,
    "nabij_portal_api_rights_correction_create": OWN,
    "nabij_portal_api_rights_processing_list": OWN,
    "nabij_portal_api_rights_consent_withdraw": OWN,
    # Ons netwerk, Berichten, Buurthulp zelf (portal.api_network, api_messages, api_neighbourhood)
    "nabij_portal_api_network_network_list": OWN,
    "nabij_portal_api_network_network_add": OWN,
    "nabij_portal_api_network_network_update": OWN,
    "nabij_portal_api_network_network_end": OWN,
    "nabij_portal_api_messages_message_list": OWN,
    "nabij_portal_api_messages_message_send": OWN,
    "nabij_portal_api_messages_notifications_get": OWN,
    "nabij_portal_api_messages_notifications_set": OWN,
    "nabij_portal_api_neighbourhood_neighbourhood_help": OWN,
    "nabij_portal_api_neighbourhood_profile_register": OWN,
    "nabij_portal_api_neighbourhood_profile_update": OWN,
    "nabij_portal_api_neighbourhood_consent_withdraw": OWN,
    "nabij_portal_api_neighbourhood_proposal_answer": OWN,
}


# Only in production (``DIGID_MOCK`` off, so the matrix never meets them): the SAML service
# provider's metadata, which Logius fetches. ``digid:login`` and ``digid:acs`` keep their names
# (the library's SAML views instead of the mock's; the login answers GET only there).
DIGID_SAML_PAGES: dict[str, Access] = {
    # Vroegsignalering: outreach on arrears signals (issue 14)
    "signals_outreach:list": read(SIGNAL_LIST),
    "signals_outreach:case": read(SIGNAL_CASE),
    "signals_outreach:attempt": write(SIGNAL_CASE),
    "signals_outreach:close": write(SIGNAL_CASE),
    "digid:metadata": read(PUBLIC),
}


def access_for_url(key: str) -> Access | None:
    """The rules of a URL pattern: ``namespace:name``, or its route when it has no name."""
    if key in PAGES:
        return PAGES[key]
    if key in DIGID_SAML_PAGES:
        return DIGID_SAML_PAGES[key]
    if key in ADMIN_EXCEPTIONS:
        return ADMIN_EXCEPTIONS[key]
    for prefix, access in GROUPS.items():
        if key.startswith(prefix):
            return access
    return None


def rule_for_operation(operation_id: str) -> Rule | None:
    return OPERATIONS.get(operation_id)


def declared_url_keys() -> set[str]:
    """Every URL key named one by one (groups are matched by prefix)."""
    return set(PAGES) | set(ADMIN_EXCEPTIONS)
