// Which of these requirement uids the store holds.
MATCH (r:Requirement) WHERE r.uid IN $uids
RETURN r.uid AS uid
