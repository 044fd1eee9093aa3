// Groups, sources and endpoints kept in PostgreSQL (SPEC §12), with EndpointStore's
// contract (endpoints.h). Nodes creating the same group or source at once meet on its
// unique name; two endpoints of one name in a source are refused by a unique constraint,
// whichever node asks.
#pragma once

#include <memory>

#include "inlet/store/endpoints.h"
#include "store/pg_pool.h"

namespace inlet::store {

class PgEndpointStore : public EndpointStore {
 public:
  explicit PgEndpointStore(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}

  Result<Endpoint> CreateEndpoint(const NewEndpoint& endpoint) override;
  Result<Endpoint> GetEndpoint(const std::string& endpoint_id) override;
  Result<std::vector<Endpoint>> ListEndpoints(int64_t after_key, int limit) override;
  Result<Endpoint> UpdateEndpoint(const std::string& endpoint_id,
                                  const EndpointChanges& changes) override;
  Status DeleteEndpoint(const std::string& endpoint_id, bool force) override;
  Result<std::vector<Group>> ListGroups() override;
  Result<std::vector<Source>> ListSources() override;

 private:
  std::shared_ptr<PgPool> pool_;
};

}  // namespace inlet::store
