// name: metrics_for_task
// description: Metrics measured by papers that address a task, most papers first.
// params:
//   task (string, example "image classification"): task name (any case) or key
//   limit (int, default 25, example 10): at most this many rows
MATCH (t:Task)
WHERE t.key = $task OR toLower(t.name) = toLower($task)
MATCH (t)<-[:ADDRESSES]-(p:Paper)-[:MEASURES]->(m:Metric)
RETURN m.name AS name, m.key AS key, count(DISTINCT p) AS papers
ORDER BY papers DESC, name, key
LIMIT $limit
