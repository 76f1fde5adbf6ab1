// name: datasets_for_task
// description: Datasets used for a task: by papers that address the task and evaluate on the
//   dataset, and by methods or models applied to the task that are EVALUATED_ON the dataset.
// params:
//   task (string, example "image classification"): task name (any case) or key
//   limit (int, default 25, example 10): at most this many rows
MATCH (t:Task)
WHERE t.key = $task OR toLower(t.name) = toLower($task)
MATCH (d:Dataset)
OPTIONAL MATCH (t)<-[:ADDRESSES]-(p:Paper)-[:EVALUATES_ON]->(d)
WITH t, d, count(DISTINCT p) AS papers
OPTIONAL MATCH (t)<-[:APPLIED_TO]-(m:Entity)-[:EVALUATED_ON]->(d)
WITH d, papers, count(DISTINCT m) AS methods
WHERE papers > 0 OR methods > 0
RETURN d.name AS name, d.key AS key, papers, methods, papers + methods AS score
ORDER BY score DESC, name, key
LIMIT $limit
