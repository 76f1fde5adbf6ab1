// name: compared_with
// description: Entities compared with an entity (COMPARED_WITH, either direction; links counts
//   the directions, support is the best-supported one).
// params:
//   entity (string, example "Transformer"): entity name (any case) or key
MATCH (e:Entity)
WHERE e.key = $entity OR toLower(e.name) = toLower($entity)
MATCH (e)-[r:COMPARED_WITH]-(o:Entity)
WHERE o.key <> e.key
RETURN o.name AS name, o.label AS label, o.key AS key, count(r) AS links,
  max(r.support) AS support
ORDER BY links DESC, support DESC, name, key
