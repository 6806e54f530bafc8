"""Word documents from the same data the app shows: pure context builders, and rendering with
docxtpl (autoescaped, sandboxed) from the .docx templates in `templates/` (a city may override
any of them in `instance/templates/`)."""
