// name: paper_profile
// description: What a paper proposes, uses, evaluates on, addresses and measures.
// params:
//   paper (string, example "p-0088c4d4bb7a5a4d"): paper id or key (paper:<id>)
MATCH (p:Paper)
WHERE p.id = $paper OR p.key = $paper
MATCH (p)-[r]->(e:Entity)
RETURN type(r) AS relationship, e.label AS label, e.name AS name, e.key AS key,
  r.support AS mentions
ORDER BY relationship, label, name, key
