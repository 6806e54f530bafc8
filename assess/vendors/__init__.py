"""Vendor companies (法人番号 checked) and their contacts."""
