-- PATCH one user, alternating active false/true (Entra-style Replace).
local n = 0
request = function()
  n = n + 1
  local v = (n % 2 == 0) and "true" or "false"
  local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":' .. v .. '}]}'
  return wrk.format("PATCH", nil, {["Content-Type"] = "application/scim+json", ["Authorization"] = "Bearer scimcheck-token"}, body)
end
