"""The scorer: plain data in, statuses with reasons, domain scores and comparisons out. Pure:
imports neither Flask nor the database, so pages, the CLI and the Word documents all call it."""
