"""What an access-log event means, in plain words for residents (B1): "bekeek het plan", and for a
refusal "probeerde het plan te bekijken, maar mocht dat niet".

Every event a resident can meet in their log has its own pair of phrases. An event without one
(a new one, say) still reads as a sentence: its area and its verb are read from the code
("plan.goal.create": something in the plan was changed), and as a last resort the code is shown.
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
}


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
