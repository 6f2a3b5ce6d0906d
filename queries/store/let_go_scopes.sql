-- Let kept scopes go (Store.kept: the least recently used, when too many
-- are kept, or kept rows pass their bound).
-- params: scopes integer[]
-- columns: none
delete from scopes.people where list_contains($scopes, scope);
delete from scopes.people_cells where list_contains($scopes, scope);
delete from scopes.cells where list_contains($scopes, scope)
