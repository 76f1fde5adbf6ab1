"""Named Cypher queries (one ``.cypher`` file each)."""
