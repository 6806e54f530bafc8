"""Evidence files: one upload pipeline (size limit, type by content, content-addressed
storage), thumbnails and photo metadata, site visits, and the certificate facts the scorer
checks."""
