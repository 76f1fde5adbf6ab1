// name: cooccurring_entities
// description: Entities mentioned in the same papers as an entity, most shared papers first.
// params:
//   entity (string, example "Transformer"): entity name (any case) or key
//   limit (int, default 25, example 10): at most this many rows
MATCH (e:Entity)
WHERE e.key = $entity OR toLower(e.name) = toLower($entity)
MATCH (e)<--(p:Paper)-->(o:Entity)
WHERE o.key <> e.key
RETURN o.name AS name, o.label AS label, o.key AS key, count(DISTINCT p) AS papers
ORDER BY papers DESC, name, key
LIMIT $limit
