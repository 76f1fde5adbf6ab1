// name: variants_of
// description: Variants of a model or method (entities with VARIANT_OF pointing at it).
// params:
//   entity (string, example "recurrent neural network"): entity name (any case) or key
MATCH (e:Entity)
WHERE e.key = $entity OR toLower(e.name) = toLower($entity)
MATCH (v:Entity)-[r:VARIANT_OF]->(e)
RETURN v.name AS name, v.label AS label, v.key AS key, r.support AS support
ORDER BY support DESC, name, key
