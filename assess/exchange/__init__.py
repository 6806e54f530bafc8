"""Closed networks: the offline questionnaire package (a signed Excel workbook and the evidence
folders beside it) out and in, and Excel exports of comparisons for the 審査委員会."""
