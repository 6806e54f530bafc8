"""Small pure helpers shared by every domain (dates, text)."""
