// name: papers_proposing
// description: Papers that propose an entity (PROPOSES), newest first.
// params:
//   entity (string, example "Beam Tree Recursive Cell"): entity name (any case) or key
MATCH (e:Entity)
WHERE e.key = $entity OR toLower(e.name) = toLower($entity)
MATCH (p:Paper)-[:PROPOSES]->(e)
RETURN p.id AS paper, p.title AS title, p.year AS year
ORDER BY coalesce(p.year, 0) DESC, paper
