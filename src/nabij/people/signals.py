"""What people announces, so that apps built on it can react without people importing them."""

from django.dispatch import Signal

# Sent by ``services.household_create`` inside its transaction, with ``household=``: plans starts
# the household's (empty) plan (``plans.services.plan_start``). A receiver that raises rolls the
# new household back.
household_created = Signal()
