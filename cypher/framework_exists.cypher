MATCH (f:Framework {id: $id}) RETURN f.id AS id
