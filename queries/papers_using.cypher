// name: papers_using
// description: Papers that use an entity (USES, EVALUATES_ON, ADDRESSES or MEASURES) without
//   proposing it, with the relationship.
// params:
//   entity (string, example "recurrent neural network"): entity name (any case) or key
MATCH (e:Entity)
WHERE e.key = $entity OR toLower(e.name) = toLower($entity)
MATCH (p:Paper)-[r:USES|EVALUATES_ON|ADDRESSES|MEASURES]->(e)
RETURN p.id AS paper, p.title AS title, p.year AS year, type(r) AS relationship
ORDER BY paper, relationship
