// name: search_entities
// description: Entities whose name or an alias contains a fragment (case-insensitive).
// params:
//   text (string, example "bert"): fragment to look for
//   limit (int, default 25, example 10): at most this many rows
MATCH (e:Entity)
UNWIND [e.name] + e.aliases AS form
WITH e, form
WHERE toLower(form) CONTAINS toLower($text)
WITH DISTINCT e
RETURN e.name AS name, e.label AS label, e.key AS key, e.paper_count AS papers
ORDER BY papers DESC, name, key
LIMIT $limit
