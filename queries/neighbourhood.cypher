// name: neighbourhood
// description: Entities linked to an entity by entity-to-entity relationships (APPLIED_TO,
//   EVALUATED_ON, COMPARED_WITH, VARIANT_OF, PART_OF), either direction.
// params:
//   entity (string, example "Transformer"): entity name (any case) or key
MATCH (e:Entity)
WHERE e.key = $entity OR toLower(e.name) = toLower($entity)
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.key = e.key OR b.key = e.key
WITH e, r,
  CASE WHEN a.key = e.key THEN b ELSE a END AS o,
  CASE WHEN a.key = e.key THEN 'out' ELSE 'in' END AS direction
RETURN o.name AS name, o.label AS label, o.key AS key, type(r) AS relationship,
  direction, r.support AS support
ORDER BY relationship, direction, name, key
