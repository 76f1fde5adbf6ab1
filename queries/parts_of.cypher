// name: parts_of
// description: Components of a model: entities that are PART_OF it.
// params:
//   entity (string, example "Transformer"): entity name (any case) or key
MATCH (e:Entity)
WHERE e.key = $entity OR toLower(e.name) = toLower($entity)
MATCH (c:Entity)-[r:PART_OF]->(e)
RETURN c.name AS name, c.label AS label, c.key AS key, r.support AS support
ORDER BY support DESC, name, key
