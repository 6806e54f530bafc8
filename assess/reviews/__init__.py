"""Staff review: decisions on each answer (承認 / 要確認 / 不適合), and the facts the scorer
reads for one vendor (answers, evidence, decisions, site-visit observations)."""
