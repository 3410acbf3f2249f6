"""Connection schedules: cron expressions, checked and turned into the next run time.

``croniter`` parses cron expressions (ranges, steps, names, day-of-week rules)
so we do not maintain a parser of our own. Five fields only: a schedule by the
second would crawl a source faster than a crawl takes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from croniter import CroniterBadDateError, croniter

from catalog.errors import InvalidInput

CRON_HELP = "five fields: minute hour day-of-month month day-of-week, e.g. '0 3 * * *'"


def check_schedule(schedule: str) -> str:
    """The schedule with its whitespace normalised ("" for none); 422 when it is not cron."""
    normalised = " ".join(schedule.split())
    if normalised and (len(normalised.split()) != 5 or not croniter.is_valid(normalised)):
        raise InvalidInput(
            f"The schedule is not a cron expression: use {CRON_HELP}.",
            errors={"schedule": [f"Not a cron expression ({CRON_HELP})."]},
        )
    if normalised:
        try:  # valid but never due, e.g. "0 0 30 2 *" (February 30th)
            croniter(normalised, datetime.now(UTC)).get_next(datetime)
        except (CroniterBadDateError, ValueError):
            raise InvalidInput(
                f"The schedule '{normalised}' never comes round.",
                errors={"schedule": ["Never due."]},
            ) from None
    return normalised


def next_run_after(schedule: str, moment: datetime) -> datetime | None:
    """When a valid ``schedule`` next fires after ``moment``, in UTC; None without a schedule."""
    if not schedule:
        return None
    upcoming: datetime = croniter(schedule, moment.astimezone(UTC)).get_next(datetime)
    return upcoming.astimezone(UTC)
