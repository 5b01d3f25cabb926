-- POST /Users with a userName unique per run (wrk ... -- RUNID), thread and request.
local run = "0"
function init(args)
  run = args[1] or "0"
end
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
local n = 0
request = function()
  n = n + 1
  local name = string.format("bench-%s-%d-%d@example.com", run, tid, n)
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. name ..
    '","name":{"givenName":"B","familyName":"N"},"emails":[{"value":"' .. name .. '","primary":true}],"active":true}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/scim+json", ["Authorization"] = "Bearer scimcheck-token"}, body)
end
