-- The request mix of `scimcheck load --scenario read-only`, for a like-for-like rate: even
-- requests look up a userName no one has, odd ones ask for a page of ten at startIndex
-- 1, 11, …, 991 in turn (crates/load/src/scenario/read_only.rs).
local n = 0
request = function()
  local path
  if n % 2 == 0 then
    path = "/scim/v2/Users?filter=userName%20eq%20%22scimcheck-nobody%22"
  else
    path = string.format("/scim/v2/Users?startIndex=%d&count=10", math.floor(n / 2) % 100 * 10 + 1)
  end
  n = n + 1
  return wrk.format("GET", path, {["Authorization"] = "Bearer scimcheck-token", ["Accept"] = "application/scim+json"})
end
