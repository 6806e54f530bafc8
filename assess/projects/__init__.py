"""委託案件: the project, its profile, and the tailoring that turns the catalog into its
requirements. City-wide settings (name, network model, date style) live here too."""
