// EndpointStore's contract (endpoints.h), on every backend (backends.h): the same tests for
// SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "backends.h"

namespace inlet::store::testing {
namespace {

class EndpointStoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  Endpoint Create(const std::string& name, const std::string& source, const std::string& group,
                  int64_t now_ms = 1000) {
    return CreateEndpointOrThrow(*store_, name, source, group, now_ms);
  }

  BackendDatabase database_{GetParam()};
  std::unique_ptr<EndpointStore> store_ = database_.OpenEndpointStore();
};

INSTANTIATE_TEST_SUITE_P(Backends, EndpointStoreContract,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

TEST_P(EndpointStoreContract, CreateMakesGroupAndSourceAndReturnsTheFullEndpoint) {
  NewEndpoint request = MakeEndpoint("Customers", "CRM", "Sales", 1234);
  request.mode = ProcessingMode::kAutomatic;
  Result<Endpoint> created = store_->CreateEndpoint(request);
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ(created->id, request.id);
  EXPECT_GT(created->key, 0);
  EXPECT_EQ(created->name, "Customers");
  EXPECT_EQ(created->source_name, "CRM");
  EXPECT_EQ(created->group_name, "Sales");
  EXPECT_GT(created->source_id, 0);
  EXPECT_EQ(created->mode, ProcessingMode::kAutomatic);
  EXPECT_EQ(created->status, EndpointStatus::kNoDataSent);
  EXPECT_EQ(created->mapping_json, request.mapping_json);
  EXPECT_EQ(created->created_at_ms, 1234);
  EXPECT_EQ(created->updated_at_ms, 1234);
  EXPECT_EQ(created->record_count, 0);
  EXPECT_EQ(created->data_part_count, 0);

  Result<Endpoint> fetched = store_->GetEndpoint(request.id);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(fetched->key, created->key);
  EXPECT_EQ(fetched->group_name, "Sales");
}

TEST_P(EndpointStoreContract, CreateReusesExistingGroupAndSource) {
  Endpoint first = Create("Customers", "CRM", "Sales");
  Endpoint second = Create("Orders", "CRM", "Sales");
  Endpoint third = Create("Leads", "Web", "Sales");
  Endpoint fourth = Create("Customers", "CRM", "Finance");
  EXPECT_EQ(second.source_id, first.source_id);
  EXPECT_NE(third.source_id, first.source_id);
  EXPECT_NE(fourth.source_id, first.source_id) << "a source belongs to one group";

  Result<std::vector<Group>> groups = store_->ListGroups();
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*groups)[0].name, "Finance");
  EXPECT_EQ((*groups)[0].source_count, 1);
  EXPECT_EQ((*groups)[1].name, "Sales");
  EXPECT_EQ((*groups)[1].source_count, 2);
  EXPECT_EQ((*groups)[1].created_at_ms, 1000);

  Result<std::vector<Source>> sources = store_->ListSources();
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 3u);
  EXPECT_EQ((*sources)[0].group_name, "Finance");
  EXPECT_EQ((*sources)[0].endpoint_count, 1);
  EXPECT_EQ((*sources)[1].name, "CRM");
  EXPECT_EQ((*sources)[1].group_name, "Sales");
  EXPECT_EQ((*sources)[1].id, first.source_id);
  EXPECT_EQ((*sources)[1].endpoint_count, 2);
  EXPECT_EQ((*sources)[2].name, "Web");
  EXPECT_EQ((*sources)[2].endpoint_count, 1);
  EXPECT_EQ((*sources)[2].group_id, (*groups)[1].id);
}

TEST_P(EndpointStoreContract, CreateRejectsEmptyNames) {
  for (NewEndpoint request : {MakeEndpoint("", "CRM", "Sales"), MakeEndpoint("E", " ", "Sales"),
                              MakeEndpoint("E", "CRM", "")}) {
    Result<Endpoint> created = store_->CreateEndpoint(request);
    EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(created.status().message_id(), "invalid-name");
  }
  EXPECT_TRUE(store_->ListGroups()->empty()) << "nothing half-created";
}

TEST_P(EndpointStoreContract, DuplicateNameWithinTheSourceIsAConflict) {
  Endpoint first = Create("Customers", "CRM", "Sales");
  Result<Endpoint> again = store_->CreateEndpoint(MakeEndpoint("Customers", "CRM", "Sales"));
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  EXPECT_EQ(again.status().message_id(), "endpoint-name-taken");
  EXPECT_EQ(store_->ListEndpoints(0, 100)->size(), 1u);
  EXPECT_TRUE(store_->CreateEndpoint(MakeEndpoint("Customers", "Web", "Sales")).ok());
}

TEST_P(EndpointStoreContract, FailedCreateLeavesNoGroupOrSourceBehind) {
  Endpoint first = Create("Customers", "CRM", "Sales");
  NewEndpoint clash = MakeEndpoint("Other", "NewSource", "NewGroup");
  clash.id = first.id;  // the id is unique, so the final insert fails
  Result<Endpoint> failed = store_->CreateEndpoint(clash);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(store_->ListGroups()->size(), 1u);
  EXPECT_EQ(store_->ListSources()->size(), 1u);
  EXPECT_TRUE(store_->CreateEndpoint(MakeEndpoint("Other", "NewSource", "NewGroup")).ok())
      << "the writer is usable after a rolled-back transaction";
}

TEST_P(EndpointStoreContract, GetUnknownEndpointNamesTheId) {
  Result<Endpoint> missing = store_->GetEndpoint("00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message_id(), "endpoint-not-found");
  EXPECT_NE(missing.status().message().find("00000000-0000-4000-8000-000000000000"),
            std::string::npos);
}

TEST_P(EndpointStoreContract, ListPagesByKey) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Create("E" + std::to_string(i), "CRM", "Sales").id);

  std::vector<std::string> seen;
  int64_t after = 0;
  for (int page = 0; page < 10; ++page) {
    Result<std::vector<Endpoint>> items = store_->ListEndpoints(after, 2);
    ASSERT_TRUE(items.ok());
    if (items->empty()) break;
    EXPECT_LE(items->size(), 2u);
    for (const Endpoint& endpoint : *items) {
      EXPECT_GT(endpoint.key, after);
      EXPECT_EQ(endpoint.source_name, "CRM");
      seen.push_back(endpoint.id);
    }
    after = items->back().key;
  }
  EXPECT_EQ(seen, ids);
  EXPECT_TRUE(store_->ListEndpoints(0, 0)->empty());
  EXPECT_TRUE(store_->ListEndpoints(0, -1)->empty());
}

TEST_P(EndpointStoreContract, KeysAreNotReusedAfterDelete) {
  Endpoint first = Create("A", "CRM", "Sales");
  Endpoint last = Create("B", "CRM", "Sales");
  ASSERT_TRUE(store_->DeleteEndpoint(last.id, false).ok());
  Endpoint next = Create("C", "CRM", "Sales");
  EXPECT_GT(next.key, last.key) << "keys are list cursors";
  EXPECT_GT(last.key, first.key);
}

TEST_P(EndpointStoreContract, UpdateChangesOnlyPresentFields) {
  Endpoint endpoint = Create("Customers", "CRM", "Sales", 1000);

  EndpointChanges rename;
  rename.name = "Clients";
  rename.now_ms = 2000;
  Result<Endpoint> renamed = store_->UpdateEndpoint(endpoint.id, rename);
  ASSERT_TRUE(renamed.ok()) << renamed.status().message();
  EXPECT_EQ(renamed->name, "Clients");
  EXPECT_EQ(renamed->mode, ProcessingMode::kManual);
  EXPECT_EQ(renamed->updated_at_ms, 2000);
  EXPECT_EQ(renamed->created_at_ms, 1000);

  EndpointChanges mode;
  mode.mode = ProcessingMode::kBridge;
  mode.now_ms = 3000;
  Result<Endpoint> switched = store_->UpdateEndpoint(endpoint.id, mode);
  ASSERT_TRUE(switched.ok());
  EXPECT_EQ(switched->name, "Clients");
  EXPECT_EQ(switched->mode, ProcessingMode::kBridge);
  EXPECT_EQ(switched->updated_at_ms, 3000);
  EXPECT_EQ(store_->GetEndpoint(endpoint.id)->mode, ProcessingMode::kBridge);

  // Renaming to its own name is fine; to a sibling's is not.
  Create("Orders", "CRM", "Sales");
  EndpointChanges same;
  same.name = "Clients";
  EXPECT_TRUE(store_->UpdateEndpoint(endpoint.id, same).ok());
  EndpointChanges taken;
  taken.name = "Orders";
  EXPECT_EQ(store_->UpdateEndpoint(endpoint.id, taken).status().message_id(),
            "endpoint-name-taken");
  EndpointChanges empty;
  empty.name = "";
  EXPECT_EQ(store_->UpdateEndpoint(endpoint.id, empty).status().message_id(), "invalid-name");
  EXPECT_EQ(store_->UpdateEndpoint("nope", mode).status().message_id(), "endpoint-not-found");
  EXPECT_EQ(store_->GetEndpoint(endpoint.id)->name, "Clients");
}

TEST_P(EndpointStoreContract, UpdateWritesTheMappingAndLeavesTheRest) {
  Endpoint endpoint = Create("Customers", "CRM", "Sales", 1000);
  const std::string mapping = R"({"entityType":"/Customer","primaryIdentifier":{"auto":true}})";

  EndpointChanges remap;
  remap.mapping_json = mapping;
  remap.now_ms = 2000;
  Result<Endpoint> updated = store_->UpdateEndpoint(endpoint.id, remap);
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  EXPECT_EQ(updated->mapping_json, mapping);
  EXPECT_EQ(updated->updated_at_ms, 2000);
  EXPECT_EQ(updated->name, "Customers");
  EXPECT_EQ(updated->mode, ProcessingMode::kManual);
  EXPECT_EQ(store_->GetEndpoint(endpoint.id)->mapping_json, mapping);

  // Changes without a mapping keep the stored one.
  EndpointChanges rename;
  rename.name = "Clients";
  rename.now_ms = 3000;
  ASSERT_TRUE(store_->UpdateEndpoint(endpoint.id, rename).ok());
  Result<Endpoint> fetched = store_->GetEndpoint(endpoint.id);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(fetched->mapping_json, mapping);
  EXPECT_EQ(fetched->name, "Clients");
  EXPECT_EQ(fetched->updated_at_ms, 3000);

  EXPECT_EQ(store_->UpdateEndpoint("nope", remap).status().message_id(), "endpoint-not-found");
}

TEST_P(EndpointStoreContract, DeleteWithProcessedDataNeedsForce) {
  Endpoint endpoint = Create("Customers", "CRM", "Sales");
  database_.Exec("UPDATE endpoints SET data_part_count = 3 WHERE key = " +
                 std::to_string(endpoint.key));
  EXPECT_EQ(store_->GetEndpoint(endpoint.id)->data_part_count, 3);

  Status refused = store_->DeleteEndpoint(endpoint.id, false);
  EXPECT_EQ(refused.code(), StatusCode::kConflict);
  EXPECT_EQ(refused.message_id(), "endpoint-has-processed-data");
  EXPECT_TRUE(store_->GetEndpoint(endpoint.id).ok());

  Status forced = store_->DeleteEndpoint(endpoint.id, true);
  EXPECT_TRUE(forced.ok()) << forced.message();
  EXPECT_EQ(store_->GetEndpoint(endpoint.id).status().code(), StatusCode::kNotFound);
}

// Two nodes (two stores on one database) creating at once: a new group and source are
// made once and shared; of two endpoints with one name in a source, exactly one is made.
TEST_P(EndpointStoreContract, TwoNodesCreatingAtOnceShareGroupAndSourceAndOneNameWins) {
  std::unique_ptr<EndpointStore> other = database_.OpenEndpointStore();
  for (int round = 0; round < 8; ++round) {
    const std::string group = "Group " + std::to_string(round);
    const std::string source = "Source " + std::to_string(round);
    Result<Endpoint> mine = Status::Internal("not run");
    Result<Endpoint> theirs = Status::Internal("not run");
    Result<Endpoint> same_name = Status::Internal("not run");
    Result<Endpoint> same_name_too = Status::Internal("not run");
    std::thread a([&] {
      mine = store_->CreateEndpoint(MakeEndpoint("Mine", source, group));
      same_name = store_->CreateEndpoint(MakeEndpoint("Shared", source, group));
    });
    std::thread b([&] {
      theirs = other->CreateEndpoint(MakeEndpoint("Theirs", source, group));
      same_name_too = other->CreateEndpoint(MakeEndpoint("Shared", source, group));
    });
    a.join();
    b.join();
    ASSERT_TRUE(mine.ok()) << mine.status().message();
    ASSERT_TRUE(theirs.ok()) << theirs.status().message();
    EXPECT_EQ(mine->source_id, theirs->source_id) << "one source, made once";
    EXPECT_NE(same_name.ok(), same_name_too.ok()) << "exactly one \"Shared\"";
    const Result<Endpoint>& refused = same_name.ok() ? same_name_too : same_name;
    EXPECT_EQ(refused.status().message_id(), "endpoint-name-taken") << refused.status().message();
  }
  EXPECT_EQ(store_->ListGroups()->size(), 8u);
  EXPECT_EQ(store_->ListSources()->size(), 8u);
  EXPECT_EQ(other->ListEndpoints(0, 100)->size(), 24u);
}

}  // namespace
}  // namespace inlet::store::testing
