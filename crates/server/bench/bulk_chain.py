# A BulkRequest of N group POSTs where each group lists the next one's bulkId as a member and
# the request lists them first to last, so they must run last to first (the worst case).
import json, sys
n = int(sys.argv[1])
tag = sys.argv[2]
ops = []
for i in range(n):
    data = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": f"chain-{tag}-{i}"}
    if i + 1 < n:
        data["members"] = [{"value": f"bulkId:g{i+1}"}]
    ops.append({"method": "POST", "path": "/Groups", "bulkId": f"g{i}", "data": data})
print(json.dumps({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": ops}))
