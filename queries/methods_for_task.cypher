// name: methods_for_task
// description: Methods and models applied to a task (APPLIED_TO), best supported first.
// params:
//   task (string, example "image classification"): task name (any case) or key
//   limit (int, default 25, example 10): at most this many rows
MATCH (t:Task)
WHERE t.key = $task OR toLower(t.name) = toLower($task)
MATCH (m:Entity)-[r:APPLIED_TO]->(t)
WHERE m.label IN ['Method', 'Model']
RETURN m.name AS name, m.label AS label, m.key AS key, r.support AS support
ORDER BY support DESC, name, key
LIMIT $limit
