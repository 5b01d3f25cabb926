-- POST /Users with a new userName each time, for the server's create rate beside what
-- `scimcheck load --scenario import` reaches while checking every answer. The body carries the
-- attributes the scenario's users carry (crates/suites/src/testdata.rs, `user`); one wrk thread,
-- so one counter numbers every request.
local n = 0
local headers = {
  ["Authorization"] = "Bearer scimcheck-token",
  ["Content-Type"] = "application/scim+json",
  ["Accept"] = "application/scim+json",
}
request = function()
  n = n + 1
  local name = string.format("wrk-%d", n)
  local body = string.format(
    '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s@example.com",' ..
    '"externalId":"%s","displayName":"Wrk %d","active":true,' ..
    '"name":{"givenName":"Wrk","familyName":"%s"},' ..
    '"emails":[{"value":"%s@example.com","type":"work","primary":true}]}',
    name, name, n, name, name)
  return wrk.format("POST", "/scim/v2/Users", headers, body)
end
