// name: top_entities
// description: Entities of one type mentioned by the most papers.
// params:
//   label (string, example "Model"): Method, Model, Dataset, Task or Metric
//   limit (int, default 20, example 5): at most this many rows
MATCH (e:Entity)
WHERE e.label = $label
RETURN e.name AS name, e.key AS key, e.paper_count AS papers
ORDER BY papers DESC, name, key
LIMIT $limit
