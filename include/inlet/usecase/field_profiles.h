// The live field profiles of every endpoint (SPEC §3 "Fields").
//
// A request's records are added in the commit callback, in commit order and before its
// answer leaves, so a record is in the profile by the time its 200 is sent. Profiles are
// saved every few seconds and at the end with the last record seq they cover; at start
// they are loaded and brought up to date from the records stored after that seq (only
// the tail, never a full scan).
//
// Where several nodes share the store (`shared`), each node's profiles follow every
// node's records instead: read in commit order (RecordStore::ListRecordsSince) before
// each read of a profile and each save, so a profile is as fresh on every node as on the
// one that took the records.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "inlet/ingest/field_profile.h"
#include "inlet/store/store.h"

namespace inlet::usecase {

// One page of an endpoint's profile, by field name.
struct FieldPage {
  std::vector<std::pair<std::string, ingest::FieldStats>> fields;
  bool more = false;  // names follow the last one
  ingest::OtherFields other;
};

class FieldProfiles {
 public:
  // `store` must outlive this object. Each endpoint's profile holds at most `max_fields`
  // names (limits.profileFields); the first time one has more, that is logged once.
  explicit FieldProfiles(store::Store& store,
                         size_t max_fields = ingest::FieldProfile::kDefaultMaxFields,
                         int save_interval_ms = 2000, bool shared = false);
  // Saves what changed and stops the saving thread.
  ~FieldProfiles();
  FieldProfiles(const FieldProfiles&) = delete;
  FieldProfiles& operator=(const FieldProfiles&) = delete;

  // Loads the saved profiles and adds the records stored after them. Reads only: the
  // profiles it brought up to date are saved by the next round of the saving thread.
  Status Load();

  // Adds one committed request's records; `through_seq` is its last record's seq.
  // `endpoint_id` names the endpoint in the log. Nothing when shared: the records are
  // read back with every other node's.
  void Apply(int64_t endpoint_key, std::string_view endpoint_id, const ingest::FieldProfile& delta,
             int64_t through_seq);
  // Forgets an endpoint's profile while `clear_store` empties what it was made from (the
  // records are cleared, or the endpoint deleted), so no save in between brings it back.
  Status Reset(int64_t endpoint_key, const std::function<Status()>& clear_store);
  // A copy of the endpoint's profile as of the last commit.
  ingest::FieldProfile Get(int64_t endpoint_key);
  // Up to `limit` fields named after `after` (from the first when nullopt), in name
  // order, copied without the rest of the profile.
  FieldPage Page(int64_t endpoint_key, const std::optional<std::string>& after, size_t limit);
  // True when profiles follow every node's records (`shared`): Apply has nothing to add.
  bool follows_store() const { return shared_; }
  // An empty profile within this object's bound, for a request's records.
  ingest::FieldProfile NewProfile() const { return ingest::FieldProfile(max_fields_); }

  // Saves every profile changed since it was last saved.
  Status SaveChanged();

 private:
  struct Entry {
    ingest::FieldProfile profile;
    int64_t through_seq = 0;
    bool dirty = false;
  };
  void SaveLoop();
  // Shared only: adds the records committed since the last catch-up, by any node.
  Status CatchUp();
  // CatchUp, logging a failure instead of returning it.
  void FollowForRead();
  // Adds one record unless its endpoint's profile covers it already.
  void AddRecord(const store::StoredRecord& record);

  store::Store& store_;
  size_t max_fields_;
  int save_interval_ms_;
  std::mutex mutex_;
  std::map<int64_t, Entry> entries_;
  const bool shared_;
  std::mutex follow_mutex_;    // one catch-up at a time
  int64_t followed_seq_ = -1;  // shared: every record up to this seq is in (-1: not loaded)
  std::mutex save_mutex_;      // one save at a time
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  std::thread saver_;
};

}  // namespace inlet::usecase
