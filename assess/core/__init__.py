"""What every page shares: layout, error pages, language, date filters, the home page."""
