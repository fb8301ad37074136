// Changes one control's status; returns the previous one (no row when the control is unknown).
MATCH (c:Control {id: $id})
WITH c, c.status AS previous
SET c.status = $status
RETURN previous
