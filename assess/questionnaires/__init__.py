"""Vendor questionnaires: the frozen question set, invitations by secret link, answers,
drafts, submissions, returned items (差戻し), change notices and published Q&A (質疑応答)."""
