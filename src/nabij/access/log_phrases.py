"""What an access-log event means, in plain words for residents (B1): "bekeek het plan", and for a
refusal "probeerde het plan te bekijken, maar mocht dat niet". The resident's "Wie keek in ons
dossier" and the professionals' access log of a resident both use them.

Every event in ``Event`` has its own pair of phrases (a test holds this). An event without one
(a new one, say) still reads as a sentence: its area and its verb are read from the code
("plan.goal.create": something in the plan was changed), and as a last resort the code is shown.
A list (``LIST_EVENTS``) also has a name for the list, for "Uw naam stond 3 keer in ...".
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nabij.access.enums import Event, Purpose

E = Event

# (what was done, what was tried and refused): completes "<who> ..." in both cases.
PHRASES: dict[str, tuple[Promise, Promise]] = {
    E.ACCESSLOG_VIEW: (
        _("looked at who viewed the data"),
        _("tried to look at who viewed the data, but was not allowed to"),
    ),
    E.ASSESSMENT_CREATE: (
        _("wrote down how self-reliant someone is (an assessment)"),
        _("tried to write down an assessment, but was not allowed to"),
    ),
    E.ASSESSMENT_VIEW: (
        _("looked at the assessments of self-reliance"),
        _("tried to look at the assessments, but was not allowed to"),
    ),
    E.ASSIGNMENT_CREATE: (
        _("added a professional to the household"),
        _("tried to add a professional to the household, but was not allowed to"),
    ),
    E.ASSIGNMENT_END: (
        _("ended the work of a professional with the household"),
        _("tried to end the work of a professional, but was not allowed to"),
    ),
    E.ASSIGNMENT_FORM: (
        _("opened the form to add a professional"),
        _("tried to open the form to add a professional, but was not allowed to"),
    ),
    E.ASSIGNMENT_VIEW: (
        _("looked at which professionals help the household"),
        _("tried to look at which professionals help the household, but was not allowed to"),
    ),
    E.BREAKTHROUGH_CREATE: (
        _("wrote down a breakthrough (a rule set aside for the household)"),
        _("tried to write down a breakthrough, but was not allowed to"),
    ),
    E.BREAKTHROUGH_FORM: (
        _("opened the form for a breakthrough"),
        _("tried to open the form for a breakthrough, but was not allowed to"),
    ),
    E.BREAKTHROUGH_CLOSE: (
        _("closed a breakthrough and wrote down how it ended"),
        _("tried to close a breakthrough, but was not allowed to"),
    ),
    E.BREAKTHROUGH_REOPEN: (
        _("opened a closed breakthrough again"),
        _("tried to open a closed breakthrough again, but was not allowed to"),
    ),
    E.BREAKTHROUGH_UPDATE: (
        _("wrote down what came of a breakthrough"),
        _("tried to write down what came of a breakthrough, but was not allowed to"),
    ),
    E.BREAKTHROUGH_VIEW: (
        _("looked at a breakthrough and what came of it"),
        _("tried to look at a breakthrough, but was not allowed to"),
    ),
    E.RULE_CREATE: (
        _("added a rule to the rules register"),
        _("tried to add a rule to the rules register, but was not allowed to"),
    ),
    E.RULE_FORM: (
        _("opened the form for a rule in the rules register"),
        _("tried to open the form for a rule, but was not allowed to"),
    ),
    E.RULE_RETIRE: (
        _("retired a rule in the rules register, or put it back"),
        _("tried to retire a rule in the rules register, but was not allowed to"),
    ),
    E.RULE_UPDATE: (
        _("changed a rule in the rules register"),
        _("tried to change a rule in the rules register, but was not allowed to"),
    ),
    E.RULES_ANALYSIS: (
        _("looked at which rules are set aside most"),
        _("tried to look at which rules are set aside most, but was not allowed to"),
    ),
    E.RULES_ANALYSIS_EXPORT: (
        _("downloaded the figures on rules set aside"),
        _("tried to download the figures on rules set aside, but was not allowed to"),
    ),
    E.RULES_VIEW: (
        _("looked at the rules register"),
        _("tried to look at the rules register, but was not allowed to"),
    ),
    E.BREAKTHROUGH_LIST: (
        _("looked at the list of breakthroughs"),
        _("tried to look at the list of breakthroughs, but was not allowed to"),
    ),
    E.BREAKTHROUGH_MANDATE: (
        _("gave the go-ahead for a breakthrough"),
        _("tried to give the go-ahead for a breakthrough, but was not allowed to"),
    ),
    E.CASELOAD_LIST: (
        _("saw the household in a list of households"),
        _("tried to see a list of households, but was not allowed to"),
    ),
    E.CORRECTION_ANSWER: (
        _("answered a request to correct data"),
        _("tried to answer a request to correct data, but was not allowed to"),
    ),
    E.COSTS_IMPORT: (
        _("read in costs from a declaration"),
        _("tried to read in costs, but was not allowed to"),
    ),
    E.JOB_VIEW: (
        _("looked at a task running in the background"),
        _("tried to look at someone else's background task, but was not allowed to"),
    ),
    E.COSTS_LINE_CORRECT: (
        _("corrected a line of the costs"),
        _("tried to correct a line of the costs, but was not allowed to"),
    ),
    E.COSTS_LINE_CREATE: (
        _("added a line to the costs"),
        _("tried to add a line to the costs, but was not allowed to"),
    ),
    E.COSTS_LINE_FORM: (
        _("opened the form for a line of the costs"),
        _("tried to open the form for the costs, but was not allowed to"),
    ),
    E.COSTS_LINES_READ: (
        _("looked at the lines of the costs"),
        _("tried to look at the lines of the costs, but was not allowed to"),
    ),
    E.COSTS_READ: (
        _("looked at the costs of the household"),
        _("tried to look at the costs of the household, but was not allowed to"),
    ),
    E.COSTS_SCENARIO_CREATE: (
        _("made a comparison of costs (a scenario)"),
        _("tried to make a comparison of costs, but was not allowed to"),
    ),
    E.COSTS_SCENARIO_FORM: (
        _("opened the form for a comparison of costs"),
        _("tried to open the form for a comparison of costs, but was not allowed to"),
    ),
    E.COSTS_SCENARIO_LIST: (
        _("looked at the comparisons of costs"),
        _("tried to look at the comparisons of costs, but was not allowed to"),
    ),
    E.COSTS_SCENARIO_READ: (
        _("looked at a comparison of costs"),
        _("tried to look at a comparison of costs, but was not allowed to"),
    ),
    E.COSTS_SCENARIO_UPDATE: (
        _("changed a comparison of costs"),
        _("tried to change a comparison of costs, but was not allowed to"),
    ),
    E.DOSSIER_VIEW: (
        _("looked at the file of the household"),
        _("tried to look at the file of the household, but was not allowed to"),
    ),
    E.FUNDS_AGREEMENT_CREATE: (
        _("made an agreement from the area fund (a loan or a gift)"),
        _("tried to make an agreement from the area fund, but was not allowed to"),
    ),
    E.FUNDS_AGREEMENT_FORM: (
        _("opened the form for the area fund"),
        _("tried to open the form for the area fund, but was not allowed to"),
    ),
    E.FUNDS_AGREEMENT_VIEW: (
        _("looked at an agreement from the area fund"),
        _("tried to look at an agreement from the area fund, but was not allowed to"),
    ),
    E.FUNDS_API_AGREEMENTS: (
        _("looked at the area fund"),
        _("tried to look at the area fund, but was not allowed to"),
    ),
    E.FUNDS_API_ENTRIES: (
        _("looked at the area fund"),
        _("tried to look at the area fund, but was not allowed to"),
    ),
    E.FUNDS_FUND_VIEW: (
        _("looked at the area fund"),
        _("tried to look at the area fund, but was not allowed to"),
    ),
    E.FUNDS_HOURS_CREATE: (
        _("wrote down hours done in return"),
        _("tried to write down hours done in return, but was not allowed to"),
    ),
    E.FUNDS_REPAYMENT_CREATE: (
        _("wrote down a repayment"),
        _("tried to write down a repayment, but was not allowed to"),
    ),
    E.FUNDS_SAVINGS_POST: (
        _("wrote down a saving of the area fund"),
        _("tried to write down a saving of the area fund, but was not allowed to"),
    ),
    E.FUNDS_SAVINGS_VIEW: (
        _("looked at the savings of the area fund"),
        _("tried to look at the savings of the area fund, but was not allowed to"),
    ),
    E.FUNDS_TRANSACTION_REVERSE: (
        _("reversed a payment from the area fund"),
        _("tried to reverse a payment from the area fund, but was not allowed to"),
    ),
    E.HOUSEHOLD_CREATE: (
        _("registered the household"),
        _("tried to register the household, but was not allowed to"),
    ),
    E.MATCHING_BLOCK_LIFTED: (
        _("made a match in the neighbourhood help possible again"),
        _("tried to make a match possible again, but was not allowed to"),
    ),
    E.MATCHING_CONSENT_WITHDRAWN: (
        _("wrote down that the consent to the neighbourhood help was withdrawn"),
        _("tried to withdraw the consent to the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_DOSSIER: (
        _("looked at the neighbourhood help from the file"),
        _("tried to look at the neighbourhood help from the file, but was not allowed to"),
    ),
    E.MATCHING_END: (
        _("closed a contact of the neighbourhood help"),
        _("tried to close a contact of the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_FOLLOW_UP: (
        _("asked how a contact of the neighbourhood help went"),
        _("tried to follow up a contact of the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_INTRODUCE: (
        _("brought people together in the neighbourhood help"),
        _("tried to bring people together in the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_LIST: (
        _("saw the name in the list of the neighbourhood help"),
        _("tried to see the list of the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_NOTICE_TOLD: (
        _("passed on a message of the neighbourhood help"),
        _("tried to pass on a message of the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_OVERVIEW: (
        _("saw the name in the overview of the neighbourhood help"),
        _("tried to see the overview of the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_PAUSE: (
        _("paused or restarted the neighbourhood help"),
        _("tried to pause the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_PROFILE_FORM: (
        _("opened the neighbourhood help details to change them"),
        _("tried to open the neighbourhood help details, but was not allowed to"),
    ),
    E.MATCHING_PROFILE_VIEW: (
        _("looked at the neighbourhood help details"),
        _("tried to look at the neighbourhood help details, but was not allowed to"),
    ),
    E.MATCHING_PROPOSAL_VIEW: (
        _("looked at a proposal of the neighbourhood help"),
        _("tried to look at a proposal of the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_PROPOSALS: (
        _("saw the name in the list of proposals of the neighbourhood help"),
        _("tried to see the proposals of the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_RECORD_IN_PLAN: (
        _("put a contact of the neighbourhood help in the plan"),
        _("tried to put a contact of the neighbourhood help in the plan, but was not allowed to"),
    ),
    E.MATCHING_REGISTER: (
        _("signed someone up for the neighbourhood help"),
        _("tried to sign someone up for the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_REGISTER_FORM: (
        _("opened the form to sign up for the neighbourhood help"),
        _("tried to open the form of the neighbourhood help, but was not allowed to"),
    ),
    E.MATCHING_RESPOND: (
        _("wrote down an answer to a proposal of the neighbourhood help"),
        _("tried to write down an answer to a proposal, but was not allowed to"),
    ),
    E.MATCHING_RUN: (
        _("searched for matches in the neighbourhood help"),
        _("tried to search for matches, but was not allowed to"),
    ),
    E.MATCHING_RUN_VIEW: (
        _("looked at the matches the search found"),
        _("tried to look at the matches, but was not allowed to"),
    ),
    E.MATCHING_UPDATE: (
        _("changed the neighbourhood help details"),
        _("tried to change the neighbourhood help details, but was not allowed to"),
    ),
    E.MATCHING_WITHDRAW: (
        _("stopped a proposal of the neighbourhood help"),
        _("tried to stop a proposal of the neighbourhood help, but was not allowed to"),
    ),
    E.ME_ACCESS_LOG_VIEW: (
        _("looked at who viewed the data"),
        _("tried to look at who viewed the data, but was not allowed to"),
    ),
    E.ME_CONSENT_WITHDRAW: (
        _("withdrew the consent to the neighbourhood help"),
        _("tried to withdraw the consent to the neighbourhood help, but was not allowed to"),
    ),
    E.ME_CORRECTION_CREATE: (
        _("asked to correct data"),
        _("tried to ask for a correction, but was not allowed to"),
    ),
    E.ME_CORRECTION_LIST: (
        _("looked at the requests to correct data"),
        _("tried to look at the requests to correct data, but was not allowed to"),
    ),
    E.ME_EXPORT: (
        _("downloaded all data"),
        _("tried to download all data, but was not allowed to"),
    ),
    E.ME_HOME: (
        _("opened Mijn Nabij"),
        _("tried to open Mijn Nabij, but was not allowed to"),
    ),
    E.ME_LOGOUT_EVERYWHERE: (
        _("logged out on all devices"),
        _("tried to log out on all devices, but was not allowed to"),
    ),
    E.ME_MESSAGE_SEND: (
        _("sent a message"),
        _("tried to send a message, but was not allowed to"),
    ),
    E.ME_MESSAGES_VIEW: (
        _("looked at the messages"),
        _("tried to look at the messages, but was not allowed to"),
    ),
    E.ME_NEIGHBOURHOOD_ANSWER: (
        _("answered a proposal of the neighbourhood help"),
        _("tried to answer a proposal of the neighbourhood help, but was not allowed to"),
    ),
    E.ME_NEIGHBOURHOOD_REGISTER: (
        _("signed up for the neighbourhood help"),
        _("tried to sign up for the neighbourhood help, but was not allowed to"),
    ),
    E.ME_NEIGHBOURHOOD_UPDATE: (
        _("changed the neighbourhood help details"),
        _("tried to change the neighbourhood help details, but was not allowed to"),
    ),
    E.ME_NEIGHBOURHOOD_VIEW: (
        _("looked at the neighbourhood help"),
        _("tried to look at the neighbourhood help, but was not allowed to"),
    ),
    E.ME_NEIGHBOURHOOD_WITHDRAW: (
        _("withdrew the consent to the neighbourhood help"),
        _("tried to withdraw the consent to the neighbourhood help, but was not allowed to"),
    ),
    E.ME_NETWORK_CREATE: (
        _("added someone to the network"),
        _("tried to add someone to the network, but was not allowed to"),
    ),
    E.ME_NETWORK_END: (
        _("took someone off the network"),
        _("tried to take someone off the network, but was not allowed to"),
    ),
    E.ME_NETWORK_FORM: (
        _("opened the form for the network"),
        _("tried to open the form for the network, but was not allowed to"),
    ),
    E.ME_NETWORK_UPDATE: (
        _("changed someone in the network"),
        _("tried to change someone in the network, but was not allowed to"),
    ),
    E.ME_NETWORK_VIEW: (
        _("looked at the network"),
        _("tried to look at the network, but was not allowed to"),
    ),
    E.ME_NOTIFY_EMAIL_SET: (
        _("changed the email address for new messages"),
        _("tried to change the email address for new messages, but was not allowed to"),
    ),
    E.ME_NOTIFY_EMAIL_VIEW: (
        _("looked at the email address for new messages"),
        _("tried to look at the email address for new messages, but was not allowed to"),
    ),
    E.ME_RIGHTS_VIEW: (
        _("looked at the page about rights"),
        _("tried to look at the page about rights, but was not allowed to"),
    ),
    E.MEMBER_AUTHORITY: (
        _("changed who has parental authority"),
        _("tried to change who has parental authority, but was not allowed to"),
    ),
    E.MEMBER_CREATE: (
        _("added someone to the household"),
        _("tried to add someone to the household, but was not allowed to"),
    ),
    E.MEMBER_END: (
        _("took someone off the household"),
        _("tried to take someone off the household, but was not allowed to"),
    ),
    E.MEMBER_FORM: (
        _("opened the form for the members of the household"),
        _("tried to open the form for the members, but was not allowed to"),
    ),
    E.MESSAGE_SEND: (
        _("sent a message"),
        _("tried to send a message, but was not allowed to"),
    ),
    E.MESSAGES_VIEW: (
        _("read the messages"),
        _("tried to read the messages, but was not allowed to"),
    ),
    E.NETWORK_CREATE: (
        _("added someone to the network"),
        _("tried to add someone to the network, but was not allowed to"),
    ),
    E.NETWORK_FORM: (
        _("opened the form for the network"),
        _("tried to open the form for the network, but was not allowed to"),
    ),
    E.NETWORK_VIEW: (
        _("looked at the network"),
        _("tried to look at the network, but was not allowed to"),
    ),
    E.PLAN_ACTION_CREATE: (
        _("added an action to the plan"),
        _("tried to add an action to the plan, but was not allowed to"),
    ),
    E.PLAN_ACTION_UPDATE: (
        _("changed an action in the plan"),
        _("tried to change an action in the plan, but was not allowed to"),
    ),
    E.PLAN_GOAL_CREATE: (
        _("added a goal to the plan"),
        _("tried to add a goal to the plan, but was not allowed to"),
    ),
    E.PLAN_GOAL_MOVE: (
        _("changed the order of the goals"),
        _("tried to change the order of the goals, but was not allowed to"),
    ),
    E.PLAN_GOAL_UPDATE: (
        _("changed a goal in the plan"),
        _("tried to change a goal in the plan, but was not allowed to"),
    ),
    E.PLAN_KIND: (
        _("changed the kind of plan"),
        _("tried to change the kind of plan, but was not allowed to"),
    ),
    E.PLAN_SIGN_OFF: (
        _("wrote down that the plan was signed"),
        _("tried to sign the plan, but was not allowed to"),
    ),
    E.PLAN_VIEW: (
        _("looked at the plan"),
        _("tried to look at the plan, but was not allowed to"),
    ),
    E.PRIORITY_CREATE: (
        _("wrote down what matters most now"),
        _("tried to write down what matters most, but was not allowed to"),
    ),
    E.PRIORITY_VIEW: (
        _("looked at what matters most"),
        _("tried to look at what matters most, but was not allowed to"),
    ),
    E.REQUEST_CREATE: (
        _("wrote down a request for the data from another organisation"),
        _("tried to write down a request for the data, but was not allowed to"),
    ),
    E.REQUEST_LIST: (
        _("looked at the requests for the data from other organisations"),
        _("tried to look at the requests for the data, but was not allowed to"),
    ),
    E.RESIDENT_BSN_VIEW: (
        _("looked at the citizen service number (BSN)"),
        _("tried to look at the citizen service number (BSN), but was not allowed to"),
    ),
    E.RESIDENT_MOVE: (
        _("wrote down a move to another household"),
        _("tried to write down a move, but was not allowed to"),
    ),
    E.RESIDENT_MOVE_FORM: (
        _("opened the form for a move"),
        _("tried to open the form for a move, but was not allowed to"),
    ),
    E.RESIDENT_VIEW: (
        _("looked at the personal details"),
        _("tried to look at the personal details, but was not allowed to"),
    ),
    E.THREAT_CREATE: (
        _("wrote down a threat (for example an eviction)"),
        _("tried to write down a threat, but was not allowed to"),
    ),
    E.THREAT_FORM: (
        _("opened the form for a threat"),
        _("tried to open the form for a threat, but was not allowed to"),
    ),
    E.THREAT_UPDATE: (
        _("changed a threat"),
        _("tried to change a threat, but was not allowed to"),
    ),
    E.THREAT_VIEW: (
        _("looked at the threats"),
        _("tried to look at the threats, but was not allowed to"),
    ),
    E.API_TOKENS: (
        _("looked at or changed their API tokens"),
        _("tried to look at the API tokens, but was not allowed to"),
    ),
    E.AREAS_HOUSEHOLD_COUNTS: (
        _("looked at how many households the team has per neighbourhood"),
        _("tried to look at the team's households per neighbourhood, but was not allowed to"),
    ),
    E.AREAS_OVERVIEW: (
        _("looked at the figures of the districts"),
        _("tried to look at the figures of the districts, but was not allowed to"),
    ),
    E.BUDGETS_EXECUTION: (
        _("wrote down how a project of the neighbourhood budget is going"),
        _("tried to write down how a project is going, but was not allowed to"),
    ),
    E.BUDGETS_MANAGE: (
        _("looked at the neighbourhood budgets of the team"),
        _("tried to look at the neighbourhood budgets, but was not allowed to"),
    ),
    E.BUDGETS_PROPOSAL_CHECK: (
        _("checked a proposal for the neighbourhood budget"),
        _("tried to check a proposal for the neighbourhood budget, but was not allowed to"),
    ),
    E.BUDGETS_ROUND_ADVANCE: (
        _("moved a neighbourhood budget to its next step"),
        _("tried to move a neighbourhood budget to its next step, but was not allowed to"),
    ),
    E.BUDGETS_ROUND_CREATE: (
        _("started a neighbourhood budget"),
        _("tried to start a neighbourhood budget, but was not allowed to"),
    ),
    E.BUDGETS_ROUND_EDIT: (
        _("changed a neighbourhood budget"),
        _("tried to change a neighbourhood budget, but was not allowed to"),
    ),
    E.BUDGET_BALLOT_CAST: (
        _("voted for the neighbourhood budget"),
        _("tried to vote for the neighbourhood budget, but was not allowed to"),
    ),
    E.BUDGET_BALLOT_CODE: (
        _("voted with a voting code"),
        _("tried to vote with a voting code, but was not allowed to"),
    ),
    E.BUDGET_BALLOT_VIEW: (
        _("opened the ballot of the neighbourhood budget"),
        _("tried to open the ballot, but was not allowed to"),
    ),
    E.BUDGET_PROPOSAL_FORM: (
        _("opened the form for a proposal for the neighbourhood budget"),
        _("tried to open the form for a proposal, but was not allowed to"),
    ),
    E.BUDGET_PROPOSAL_SUBMIT: (
        _("sent in a proposal for the neighbourhood budget"),
        _("tried to send in a proposal, but was not allowed to"),
    ),
    E.BUDGET_PROPOSAL_SUPPORT: (
        _("supported a proposal for the neighbourhood budget"),
        _("tried to support a proposal, but was not allowed to"),
    ),
    E.BUDGET_PROPOSAL_WITHDRAW: (
        _("withdrew a proposal for the neighbourhood budget"),
        _("tried to withdraw a proposal, but was not allowed to"),
    ),
    E.BUDGET_VOTING_CLOSE: (
        _("closed the voting of the neighbourhood budget"),
        _("tried to close the voting, but was not allowed to"),
    ),
    E.BUDGET_VOTING_CODE_REVOKE: (
        _("made a voting code invalid"),
        _("tried to make a voting code invalid, but was not allowed to"),
    ),
    E.BUDGET_VOTING_CODES_ISSUE: (
        _("made letters with voting codes"),
        _("tried to make letters with voting codes, but was not allowed to"),
    ),
    E.BUDGET_VOTING_CODES_LIST: (
        _("looked at the list of voting codes"),
        _("tried to look at the voting codes, but was not allowed to"),
    ),
    E.COSTS_AREA: (
        _("looked at the costs per area"),
        _("tried to look at the costs per area, but was not allowed to"),
    ),
    E.COSTS_PRICE_FORM: (
        _("opened the form for a reference price"),
        _("tried to open the form for a reference price, but was not allowed to"),
    ),
    E.COSTS_PRICE_UPDATE: (
        _("changed a reference price"),
        _("tried to change a reference price, but was not allowed to"),
    ),
    E.COSTS_PRICE_INDEX_CREATE: (
        _("added a year to the price index"),
        _("tried to add a year to the price index, but was not allowed to"),
    ),
    E.COSTS_PRICES_VIEW: (
        _("looked at the reference prices"),
        _("tried to look at the reference prices, but was not allowed to"),
    ),
    E.FUNDS_API_AREA_BUDGET: (
        _("looked at the area budget"),
        _("tried to look at the area budget, but was not allowed to"),
    ),
    E.FUNDS_API_BALANCE: (
        _("looked at the balance of the area fund"),
        _("tried to look at the balance of the area fund, but was not allowed to"),
    ),
    E.FUNDS_AREA_BUDGET_SET: (
        _("set an area budget"),
        _("tried to set an area budget, but was not allowed to"),
    ),
    E.FUNDS_AREA_BUDGET_VIEW: (
        _("looked at an area budget"),
        _("tried to look at an area budget, but was not allowed to"),
    ),
    E.FUNDS_AREA_BUDGETS_VIEW: (
        _("looked at the area budgets"),
        _("tried to look at the area budgets, but was not allowed to"),
    ),
    E.FUNDS_BUDGET_ALLOCATE: (
        _("gave money to an area fund"),
        _("tried to give money to an area fund, but was not allowed to"),
    ),
    E.FUNDS_FRONTLINE_LIMIT_SET: (
        _("set how much a professional may pay without the team coordinator"),
        _("tried to set the frontline limit, but was not allowed to"),
    ),
    E.FUNDS_OVERRIDE: (
        _("allowed a payment from the area fund below zero"),
        _("tried to allow a payment below zero, but was not allowed to"),
    ),
    E.FUNDS_OVERVIEW: (
        _("looked at the area funds"),
        _("tried to look at the area funds, but was not allowed to"),
    ),
    E.FUNDS_PROJECTION_APPROVE: (
        _("approved a forecast of costs"),
        _("tried to approve a forecast of costs, but was not allowed to"),
    ),
    E.FUNDS_PROJECTIONS_VIEW: (
        _("saw the household in a list of forecasts of costs"),
        _("tried to look at the forecasts of costs, but was not allowed to"),
    ),
    E.FUNDS_SAVING_RETURN_CREATE: (
        _("wrote down a saving that goes back to the area fund"),
        _("tried to write down a saving, but was not allowed to"),
    ),
    E.FUNDS_SAVING_RULE_SET: (
        _("set which part of a saving goes back to the area"),
        _("tried to set the share of a saving, but was not allowed to"),
    ),
    E.INITIATIVES_APPLICATION_ACCOUNT: (
        _("told what was done with the money of an initiative"),
        _("tried to tell what was done with the money, but was not allowed to"),
    ),
    E.INITIATIVES_APPLICATION_CREATE: (
        _("asked for money for an initiative"),
        _("tried to ask for money for an initiative, but was not allowed to"),
    ),
    E.INITIATIVES_APPLICATION_DECIDE: (
        _("decided on a request for money of an initiative"),
        _("tried to decide on a request for money, but was not allowed to"),
    ),
    E.INITIATIVES_APPLICATION_VIEW: (
        _("looked at a request for money of an initiative"),
        _("tried to look at a request for money, but was not allowed to"),
    ),
    E.INITIATIVES_APPLICATION_WITHDRAW: (
        _("withdrew a request for money of an initiative"),
        _("tried to withdraw a request for money, but was not allowed to"),
    ),
    E.INITIATIVES_CHALLENGE_CREATE: (
        _("offered to take over a task of the municipality"),
        _("tried to offer to take over a task, but was not allowed to"),
    ),
    E.INITIATIVES_CHALLENGE_STEP: (
        _("wrote down a step in taking over a task of the municipality"),
        _("tried to write down a step, but was not allowed to"),
    ),
    E.INITIATIVES_CHALLENGE_WITHDRAW: (
        _("withdrew the offer to take over a task"),
        _("tried to withdraw the offer to take over a task, but was not allowed to"),
    ),
    E.INITIATIVES_BROKER_OFFER: (
        _("changed what an initiative offers through the social broker"),
        _("tried to change what an initiative offers, but was not allowed to"),
    ),
    E.INITIATIVES_CONTACT_ADD: (
        _("added a contact person to an initiative"),
        _("tried to add a contact person, but was not allowed to"),
    ),
    E.INITIATIVES_CONTACT_CONSENT: (
        _("changed whether the name of a contact person may be shown"),
        _("tried to change whether a name may be shown, but was not allowed to"),
    ),
    E.INITIATIVES_CONTACT_END: (
        _("took a contact person off an initiative"),
        _("tried to take a contact person off an initiative, but was not allowed to"),
    ),
    E.INITIATIVES_DISTRICT: (
        _("looked at the initiatives in a district"),
        _("tried to look at the initiatives in a district, but was not allowed to"),
    ),
    E.INITIATIVES_FUNDING_ADD: (
        _("wrote down money or hours for an initiative"),
        _("tried to write down money or hours for an initiative, but was not allowed to"),
    ),
    E.INITIATIVES_FUNDING_REVERSE: (
        _("corrected money or hours of an initiative"),
        _("tried to correct money or hours of an initiative, but was not allowed to"),
    ),
    E.INITIATIVES_FUNDING_VIEW: (
        _("looked at the money and hours of an initiative"),
        _("tried to look at the money and hours of an initiative, but was not allowed to"),
    ),
    E.INITIATIVES_MANAGE_VIEW: (
        _("opened the page to manage an initiative"),
        _("tried to open the page to manage an initiative, but was not allowed to"),
    ),
    E.INITIATIVES_MINE: (
        _("looked at their own initiatives"),
        _("tried to look at their own initiatives, but was not allowed to"),
    ),
    E.INITIATIVES_REGISTER: (
        _("registered an initiative"),
        _("tried to register an initiative, but was not allowed to"),
    ),
    E.INITIATIVES_UPDATE: (
        _("changed an initiative"),
        _("tried to change an initiative, but was not allowed to"),
    ),
    E.OUTCOMES_API_PLAN: (
        _("looked at an area plan"),
        _("tried to look at an area plan, but was not allowed to"),
    ),
    E.OUTCOMES_API_PLANS: (
        _("looked at the area plans"),
        _("tried to look at the area plans, but was not allowed to"),
    ),
    E.OUTCOMES_PLAN_AGREE: (
        _("agreed to an area plan"),
        _("tried to agree to an area plan, but was not allowed to"),
    ),
    E.OUTCOMES_PLAN_CHANGE: (
        _("changed an area plan"),
        _("tried to change an area plan, but was not allowed to"),
    ),
    E.OUTCOMES_PLAN_CREATE: (
        _("made an area plan"),
        _("tried to make an area plan, but was not allowed to"),
    ),
    E.OUTCOMES_PLAN_LIST: (
        _("looked at the list of area plans"),
        _("tried to look at the list of area plans, but was not allowed to"),
    ),
    E.OUTCOMES_PLAN_VIEW: (
        _("looked at an area plan"),
        _("tried to look at an area plan, but was not allowed to"),
    ),
    E.OUTCOMES_API_PROFILE: (
        _("looked at the figures of an area"),
        _("tried to look at the figures of an area, but was not allowed to"),
    ),
    E.OUTCOMES_INDEX: (
        _("looked at the outcomes per district"),
        _("tried to look at the outcomes per district, but was not allowed to"),
    ),
    E.OUTCOMES_MAP: (
        _("looked at the map of the outcomes"),
        _("tried to look at the map of the outcomes, but was not allowed to"),
    ),
    E.OUTCOMES_PROFILE: (
        _("looked at the figures of an area"),
        _("tried to look at the figures of an area, but was not allowed to"),
    ),
    E.PLAN_ACTION_COMMENT: (
        _("wrote a comment on an action in the plan"),
        _("tried to write a comment on an action, but was not allowed to"),
    ),
    E.PLAN_WORDING_FORM: (
        _("opened the form to suggest other words for a goal"),
        _("tried to open the form to suggest other words, but was not allowed to"),
    ),
    E.PLAN_WORDING_PROPOSE: (
        _("suggested other words for a goal"),
        _("tried to suggest other words for a goal, but was not allowed to"),
    ),
    E.REFERRAL_ACCEPT: (
        _("took on a referral from a school, doctor or other partner and linked it to the file"),
        _("tried to take on a referral, but was not allowed to"),
    ),
    E.REFERRAL_CHOOSE: (
        _("saw the household in a list of households a referral might be about"),
        _("tried to see which household a referral is about, but was not allowed to"),
    ),
    E.REFERRAL_CLOSE: (
        _("closed a referral"),
        _("tried to close a referral, but was not allowed to"),
    ),
    E.REFERRAL_CONTACT: (
        _("wrote down the first contact after a referral"),
        _("tried to write down the first contact after a referral, but was not allowed to"),
    ),
    E.REFERRAL_CREATE: (
        _("sent a referral to the district team"),
        _("tried to send a referral, but was not allowed to"),
    ),
    E.REFERRAL_LINKED: (
        _("sent the district team a referral about you: a worry about your household"),
        _("tried to send a referral, but was not allowed to"),
    ),
    E.REFERRAL_MINE: (
        _("looked at the status of their own referrals"),
        _("tried to look at referrals, but was not allowed to"),
    ),
    E.REFERRAL_QUEUE: (
        _("looked at the referrals that came in for the team"),
        _("tried to look at the team's referrals, but was not allowed to"),
    ),
    E.REFERRAL_REFER_ON: (
        _("referred a referral on to another organisation"),
        _("tried to refer a referral on, but was not allowed to"),
    ),
    E.REFERRAL_VIEW: (
        _("read a referral"),
        _("tried to read a referral, but was not allowed to"),
    ),
    E.REPORTS_ACCOUNT_START: (
        _("started the yearly account of a district"),
        _("tried to start the yearly account, but was not allowed to"),
    ),
    E.REPORTS_ACCOUNT_UPDATE: (
        _("changed the yearly account of a district"),
        _("tried to change the yearly account, but was not allowed to"),
    ),
    E.REPORTS_ACCOUNT_VIEW: (
        _("looked at the yearly account of a district"),
        _("tried to look at the yearly account, but was not allowed to"),
    ),
    E.REPORTS_ACCOUNTS_VIEW: (
        _("looked at the yearly accounts"),
        _("tried to look at the yearly accounts, but was not allowed to"),
    ),
    E.REPORTS_CONSENT_FORM: (
        _("opened the form to ask if a story about the household may be told"),
        _("tried to open the form for consent to a story, but was not allowed to"),
    ),
    E.REPORTS_CONSENT_RECORD: (
        _("wrote down whether a story about the household may be told"),
        _("tried to write down consent to a story, but was not allowed to"),
    ),
    E.REPORTS_PUBLISH: (
        _("published the yearly account of a district"),
        _("tried to publish the yearly account, but was not allowed to"),
    ),
    E.REPORTS_REOPEN: (
        _("opened the yearly account again"),
        _("tried to open the yearly account again, but was not allowed to"),
    ),
    E.REPORTS_RETURN: (
        _("sent the yearly account back to the team"),
        _("tried to send the yearly account back, but was not allowed to"),
    ),
    E.REPORTS_STORY_UPDATE: (
        _("changed a story in the yearly account"),
        _("tried to change a story in the yearly account, but was not allowed to"),
    ),
    E.REPORTS_SUBMIT: (
        _("sent in the yearly account"),
        _("tried to send in the yearly account, but was not allowed to"),
    ),
    E.PRACTICES_DRAFT_START: (
        _("started an example story from what the team did for the household"),
        _("tried to start an example story about the household, but was not allowed to"),
    ),
    E.PRACTICES_DRAFT_UPDATE: (
        _("worked on an example story about the household"),
        _("tried to work on an example story about the household, but was not allowed to"),
    ),
    E.PRACTICES_PUBLISH: (
        _("published an example story without names"),
        _("tried to publish an example story, but was not allowed to"),
    ),
    E.PRACTICES_WITHDRAW: (
        _("withdrew an example story"),
        _("tried to withdraw an example story, but was not allowed to"),
    ),
    E.ME_PLAN_ACTION_COMMENT: (
        _("wrote a comment on an action in the plan"),
        _("tried to write a comment on an action, but was not allowed to"),
    ),
    E.ME_PLAN_ACTION_DONE: (
        _("marked an action in the plan as done"),
        _("tried to mark an action as done, but was not allowed to"),
    ),
    E.ME_PLAN_GOAL_CREATE: (
        _("added a goal to the plan"),
        _("tried to add a goal to the plan, but was not allowed to"),
    ),
    E.ME_PLAN_GOAL_MOVE: (
        _("changed the order of the goals"),
        _("tried to change the order of the goals, but was not allowed to"),
    ),
    E.ME_PLAN_GOAL_UPDATE: (
        _("changed a goal in the plan"),
        _("tried to change a goal in the plan, but was not allowed to"),
    ),
    E.ME_PLAN_SIGN: (
        _("signed the plan"),
        _("tried to sign the plan, but was not allowed to"),
    ),
    E.ME_PLAN_VIEW: (
        _("looked at the plan"),
        _("tried to look at the plan, but was not allowed to"),
    ),
    E.ME_PLAN_WORDING_DECIDE: (
        _("said yes or no to other words for a goal"),
        _("tried to answer a suggestion of other words, but was not allowed to"),
    ),
    E.ME_PRIORITY_CREATE: (
        _("wrote down what matters most now"),
        _("tried to write down what matters most, but was not allowed to"),
    ),
    E.ME_PRIORITY_VIEW: (
        _("looked at what matters most"),
        _("tried to look at what matters most, but was not allowed to"),
    ),
    E.SIGNAL_LINK_LIST: (
        _("looked at the signals of payment arrears that a person must link"),
        _("tried to look at the signals of payment arrears, but was not allowed to"),
    ),
    E.SIGNAL_LINK_VIEW: (
        _("looked at a signal of payment arrears and who lives at its address"),
        _("tried to look at a signal of payment arrears, but was not allowed to"),
    ),
    E.SIGNAL_LINK_CONFIRM: (
        _("linked a signal of payment arrears to a resident"),
        _("tried to link a signal of payment arrears, but was not allowed to"),
    ),
    E.SIGNAL_LINK_REJECT: (
        _("said a signal of payment arrears is about nobody in the register"),
        _("tried to decide about a signal of payment arrears, but was not allowed to"),
    ),
    E.SIGNALS_OUTREACH_LIST: (
        _("looked at the list of payment arrears signals of the team"),
        _("tried to look at the list of payment arrears signals, but was not allowed to"),
    ),
    E.SIGNALS_CASE_VIEW: (
        _("looked at the payment arrears signals about the household"),
        _("tried to look at the payment arrears signals, but was not allowed to"),
    ),
    E.SIGNALS_ATTEMPT_CREATE: (
        _("wrote down an attempt to contact the household about payment arrears"),
        _("tried to write down a contact attempt, but was not allowed to"),
    ),
    E.SIGNALS_CASE_CLOSE: (
        _("wrote down how the contact about payment arrears ended"),
        _("tried to close the contact about payment arrears, but was not allowed to"),
    ),
    E.SIGNALS_RETENTION: (
        _("deleted old payment arrears signals that led to no help"),
        _("tried to delete old payment arrears signals, but was not allowed to"),
    ),
    E.SIGNALS_EXPORT: (
        _("told the creditor only the outcome of its signal: contact or not, help accepted or not"),
        _("tried to make the list of outcomes for a creditor, but was not allowed to"),
    ),
    E.SIGNALS_IMPORT: (
        _("read in signals of payment arrears from creditors"),
        _("tried to read in signals of payment arrears, but was not allowed to"),
    ),
    E.SIGNALS_OVERVIEW: (
        _("looked at the deliveries of signals of payment arrears"),
        _("tried to look at the deliveries of signals of payment arrears, but was not allowed to"),
    ),
    E.SIGNALS_RECEIVED_ENERGY: (
        _("received a signal from the energy company that a bill was not paid"),
        _("tried to link a signal about an energy bill, but was not allowed to"),
    ),
    E.SIGNALS_RECEIVED_HEALTH_INSURANCE: (
        _("received a signal from the health insurer that the premium was not paid"),
        _("tried to link a signal about the health insurance, but was not allowed to"),
    ),
    E.SIGNALS_RECEIVED_RENT: (
        _("received a signal from the landlord that the rent was not paid"),
        _("tried to link a signal about the rent, but was not allowed to"),
    ),
    E.SIGNALS_RECEIVED_WATER: (
        _("received a signal from the water company that a bill was not paid"),
        _("tried to link a signal about a water bill, but was not allowed to"),
    ),
}

# For an event without phrases of its own: what its first part (or, for "me.", its second) is
# about ...
AREAS: dict[str, Promise] = {
    "accesslog": _("who viewed the data"),
    "assessment": _("the assessments"),
    "assignment": _("the professionals of the household"),
    "breakthrough": _("a breakthrough"),
    "correction": _("a request to correct data"),
    "costs": _("the costs"),
    "dossier": _("the file"),
    "funds": _("the area fund"),
    "matching": _("the neighbourhood help"),
    "member": _("the members of the household"),
    "message": _("the messages"),
    "messages": _("the messages"),
    "network": _("the network"),
    "plan": _("the plan"),
    "priority": _("what matters most"),
    "request": _("the requests for the data"),
    "resident": _("the personal details"),
    "rights": _("the rights"),
    "threat": _("the threats"),
}
# ... and what its last part says was done to it.
LOOK = frozenset({"view", "list", "read", "detail", "overview", "dossier"})
OPEN = frozenset({"form"})

LOOKED = (_("looked at %(thing)s"), _("tried to look at %(thing)s, but was not allowed to"))
OPENED = (
    _("opened a form for %(thing)s"),
    _("tried to open a form for %(thing)s, but was not allowed to"),
)
CHANGED = (_("changed %(thing)s"), _("tried to change %(thing)s, but was not allowed to"))
UNKNOWN = (
    _("did something with the data (%(code)s)"),
    _("tried to do something with the data (%(code)s), but was not allowed to"),
)

PURPOSES: dict[str, Promise] = {
    Purpose.CARE: _("to help the household"),
    Purpose.COORDINATION: _("to lead the work of the district team"),
    Purpose.ACCOUNTABILITY: _("to check who used the data"),
    Purpose.ADMINISTRATION: _("to manage Nabij"),
    Purpose.MATCHING: _("for the neighbourhood help"),
    Purpose.OWN_DATA: _("to see or change the household's own data"),
    Purpose.PROJECTION_REVIEW: _("to check a forecast of costs, without the names"),
    Purpose.PARTICIPATION: _("for a neighbourhood budget or an initiative"),
    Purpose.EARLY_SIGNALS: _("to offer help after a signal of payment arrears"),
}


# The list a name appeared in, with whose list it was (``%(who)s``: name and role).
LISTS: dict[str, Promise] = {
    E.CASELOAD_LIST: _("the work list of %(who)s"),
    E.BREAKTHROUGH_LIST: _("the list of breakthroughs of %(who)s"),
    E.FUNDS_API_AGREEMENTS: _("a list of the area fund of %(who)s"),
    E.FUNDS_API_ENTRIES: _("a list of the area fund of %(who)s"),
    E.FUNDS_FUND_VIEW: _("a list of the area fund of %(who)s"),
    E.FUNDS_PROJECTIONS_VIEW: _("the list of forecasts of costs of %(who)s"),
    E.FUNDS_SAVINGS_VIEW: _("a list of the area fund of %(who)s"),
    E.MATCHING_LIST: _("a list of the neighbourhood help of %(who)s"),
    E.MATCHING_OVERVIEW: _("a list of the neighbourhood help of %(who)s"),
    E.MATCHING_PROPOSALS: _("a list of the neighbourhood help of %(who)s"),
    E.MATCHING_RUN_VIEW: _("a list of the neighbourhood help of %(who)s"),
    E.SIGNAL_LINK_VIEW: _("the residents at an address with a payment arrears signal, for %(who)s"),
    E.SIGNALS_OUTREACH_LIST: _("the list of payment arrears signals of %(who)s"),
    E.REFERRAL_CHOOSE: _("the households a referral might be about, seen by %(who)s"),
}
A_LIST = _("a list of %(who)s")  # a list event not named above (a test says there is none)


def list_phrase(event: str, *, who: str) -> str:
    """The list a name appeared in: "de werklijst van Fatima Bakker (wijkcoach)"."""
    return str(LISTS.get(event, A_LIST)) % {"who": who}


def describe(event: str, *, refused: bool) -> str:
    """What happened, as the rest of a sentence that starts with who did it."""
    index = 1 if refused else 0
    phrases = PHRASES.get(event)
    if phrases is not None:
        return str(phrases[index])
    parts = event.split(".")
    area = parts[1] if parts[0] == "me" and len(parts) > 2 else parts[0]
    thing = AREAS.get(area)
    if thing is None or len(parts) < 2:
        return str(UNKNOWN[index]) % {"code": event}
    verb = parts[-1]
    pair = LOOKED if verb in LOOK else OPENED if verb in OPEN else CHANGED
    return str(pair[index]) % {"thing": thing}


def purpose_phrase(purpose: str) -> str:
    phrase = PURPOSES.get(purpose)
    return str(phrase) if phrase is not None else purpose
