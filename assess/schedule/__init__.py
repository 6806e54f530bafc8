"""After the contract: re-review rounds on a cycle, review meetings with action items and KPI
figures against the SLA, reminders, calendars and the dashboard."""
