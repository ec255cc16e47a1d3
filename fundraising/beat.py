"""Celery beat's schedule (``CELERY_BEAT_SCHEDULE``): the sweeps that recover lost work
and the periodic jobs. Kept out of settings.py so that file stays about configuration
read from the environment."""

from celery.schedules import crontab

# The sweeps that recover lost work: after a worker is killed and restarted, stranded
# events are processed within a minute (30 s to count as stranded, plus a sweep) and
# lost receipts within two (a minute's grace, plus a sweep). Each costs index lookups
# that find nothing when nothing is lost.
BEAT_SCHEDULE = {
    "retry-failed-stripe-events": {
        "task": "donations.tasks.retry_due_webhook_events",
        "schedule": 15.0,
    },
    "requeue-lost-donor-emails": {
        "task": "donations.tasks.requeue_lost_donor_emails",
        "schedule": 30.0,
    },
    "requeue-lost-gift-follow-ups": {
        "task": "donations.tasks.requeue_lost_gift_follow_ups",
        "schedule": 600.0,
    },
    # Last year's statement to every donor who gave then: every morning in January, so a
    # day the worker is down is made up the next; each donor gets it once (a claimed row).
    "send-yearly-statements": {
        "task": "donations.tasks.send_yearly_statements",
        "schedule": crontab(minute=0, hour=7, day_of_month="1-31", month_of_year="1"),
    },
    # Prepared XLSX exports are kept a week: older ones are deleted, file and row.
    "remove-old-prepared-exports": {
        "task": "donations.tasks.remove_old_prepared_exports",
        "schedule": 3600.0,
    },
}
