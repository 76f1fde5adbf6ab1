// name: shortest_paths
// description: Shortest paths (up to 3 hops, either direction) between two entities through
//   entity-to-entity relationships, as lists of node keys and relationship types.
// params:
//   source (string, example "Transformer"): entity name (any case) or key
//   target (string, example "image classification"): entity name (any case) or key
MATCH (a:Entity)
WHERE a.key = $source OR toLower(a.name) = toLower($source)
MATCH p = (a)-[:APPLIED_TO|EVALUATED_ON|COMPARED_WITH|VARIANT_OF|PART_OF*1..3]-(b:Entity)
WHERE (b.key = $target OR toLower(b.name) = toLower($target)) AND b.key <> a.key
WITH a, b.key AS target, min(length(p)) AS best
MATCH p = (a)-[:APPLIED_TO|EVALUATED_ON|COMPARED_WITH|VARIANT_OF|PART_OF*1..3]-(c:Entity)
WHERE c.key = target AND length(p) = best
RETURN DISTINCT best AS hops, [n IN nodes(p) | n.key] AS path,
  [r IN relationships(p) | type(r)] AS types
ORDER BY hops, reduce(s = '', k IN path | s + k + ' ') + reduce(s = '', t IN types | s + t + ' ')
