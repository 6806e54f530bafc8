"""Control catalogs: the YAML schema, the strict loader, applicability rules, OSCAL export
(all pure), and the stored catalog versions (a small service over the database)."""
