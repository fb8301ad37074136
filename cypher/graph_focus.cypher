// The node a graph view centres on: a requirement uid, or a control / policy / evidence / framework id.
MATCH (n)
WHERE (n:Requirement AND n.uid = $focus) OR ((n:Control OR n:Policy OR n:Evidence OR n:Framework) AND n.id = $focus)
RETURN elementId(n) AS eid
LIMIT 1
