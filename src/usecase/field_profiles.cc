#include "inlet/usecase/field_profiles.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <vector>

#include "inlet/common/catch_all.h"

namespace inlet::usecase {
namespace {

constexpr int kCatchUpBatch = 5000;

}  // namespace

FieldProfiles::FieldProfiles(store::Store& store, size_t max_fields, int save_interval_ms,
                             bool shared)
    : store_(store),
      max_fields_(max_fields),
      save_interval_ms_(save_interval_ms),
      shared_(shared),
      saver_([this] { SaveLoop(); }) {}

FieldProfiles::~FieldProfiles() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  saver_.join();
  Status saved = CatchAll("save field profiles", [this] { return SaveChanged(); });
  if (!saved.ok()) spdlog::warn("field profiles not saved at stop: {}", saved.message());
}

Status FieldProfiles::Load() {
  // Before the catch-up below: records committed while it runs are followed afterwards
  // (AddRecord skips the ones it saw).
  int64_t followed = 0;
  if (shared_) {
    INLET_ASSIGN_OR_RETURN(followed, store_.LastRecordSeq());
  }
  INLET_ASSIGN_OR_RETURN(auto snapshots, store_.LoadFieldProfiles());
  std::map<int64_t, Entry> loaded;
  for (const auto& snapshot : snapshots) {
    INLET_ASSIGN_OR_RETURN(auto profile, ingest::FieldProfile::Parse(snapshot.bytes, max_fields_));
    loaded.insert_or_assign(snapshot.endpoint_key,
                            Entry{std::move(profile), snapshot.through_seq, false});
  }
  // Records committed after the last save (the process stopped in between) are added
  // now; endpoints without a saved profile start from their first record.
  for (int64_t after_key = 0;;) {
    INLET_ASSIGN_OR_RETURN(auto endpoints, store_.ListEndpoints(after_key, 1000));
    if (endpoints.empty()) break;
    for (const auto& endpoint : endpoints) {
      Entry& entry = loaded.try_emplace(endpoint.key, Entry{NewProfile()}).first->second;
      for (;;) {
        store::RecordQuery query;
        query.endpoint_key = endpoint.key;
        query.after_seq = entry.through_seq;
        query.limit = kCatchUpBatch;
        INLET_ASSIGN_OR_RETURN(auto records, store_.ListRecords(query));
        for (const auto& record : records) {
          entry.profile.AddRecord(record.data);
          entry.through_seq = record.seq;
          entry.dirty = true;
        }
        if (static_cast<int>(records.size()) < kCatchUpBatch) break;
      }
    }
    after_key = endpoints.back().key;
  }
  // Not saved here: start writes nothing it does not need to (on a full disk it could
  // not), and what the catch-up added is marked changed for the next save.
  std::lock_guard lock(mutex_);
  entries_ = std::move(loaded);
  if (shared_) {
    std::lock_guard follow(follow_mutex_);
    followed_seq_ = followed;
  }
  return Status::Ok();
}

Status FieldProfiles::CatchUp() {
  if (!shared_) return Status::Ok();
  std::lock_guard follow(follow_mutex_);
  if (followed_seq_ < 0) return Status::Ok();
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto records, store_.ListRecordsSince(followed_seq_, kCatchUpBatch));
    for (const auto& record : records) {
      AddRecord(record);
      followed_seq_ = record.seq;
    }
    if (static_cast<int>(records.size()) < kCatchUpBatch) return Status::Ok();
  }
}

void FieldProfiles::AddRecord(const store::StoredRecord& record) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_.try_emplace(record.endpoint_key, Entry{NewProfile()}).first->second;
  if (record.seq <= entry.through_seq) return;
  entry.profile.AddRecord(record.data);
  entry.through_seq = record.seq;
  entry.dirty = true;
}

void FieldProfiles::FollowForRead() {
  // What could not be read now is read at the next one; the profile read is as of the
  // last catch-up meanwhile.
  Status followed = CatchAll("follow records", [this] { return CatchUp(); });
  if (!followed.ok()) spdlog::warn("field profiles: {}", followed.message());
}

void FieldProfiles::Apply(int64_t endpoint_key, std::string_view endpoint_id,
                          const ingest::FieldProfile& delta, int64_t through_seq) {
  if (shared_) return;
  std::lock_guard lock(mutex_);
  Entry& entry = entries_.try_emplace(endpoint_key, Entry{NewProfile()}).first->second;
  const bool overflowed = entry.profile.overflowed();
  entry.profile.Merge(delta);
  if (!overflowed && entry.profile.overflowed()) {
    // Once per endpoint: from now on every request with new names lands here.
    spdlog::warn(
        "endpoint {} has sent more than {} distinct field names (limits.profileFields); the "
        "values of further names are counted together under \"other\" in its fields",
        endpoint_id, max_fields_);
  }
  entry.through_seq = std::max(entry.through_seq, through_seq);
  entry.dirty = true;
}

Status FieldProfiles::Reset(int64_t endpoint_key, const std::function<Status()>& clear_store) {
  // No save can run while the store is cleared, so none writes the old profile back.
  std::lock_guard save_lock(save_mutex_);
  INLET_RETURN_IF_ERROR(clear_store());
  std::lock_guard lock(mutex_);
  entries_.erase(endpoint_key);
  return Status::Ok();
}

ingest::FieldProfile FieldProfiles::Get(int64_t endpoint_key) {
  FollowForRead();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(endpoint_key);
  return it == entries_.end() ? NewProfile() : it->second.profile;
}

FieldPage FieldProfiles::Page(int64_t endpoint_key, const std::optional<std::string>& after,
                              size_t limit) {
  FollowForRead();
  FieldPage page;
  std::lock_guard lock(mutex_);
  auto entry = entries_.find(endpoint_key);
  if (entry == entries_.end()) return page;
  const auto& fields = entry->second.profile.fields();
  auto it = after ? fields.upper_bound(*after) : fields.begin();
  for (; it != fields.end() && page.fields.size() < limit; ++it) page.fields.push_back(*it);
  page.more = it != fields.end();
  page.other = entry->second.profile.other();
  return page;
}

Status FieldProfiles::SaveChanged() {
  FollowForRead();
  std::lock_guard save_lock(save_mutex_);
  std::vector<store::Snapshot> changed;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, entry] : entries_) {
      if (!entry.dirty) continue;
      changed.push_back({key, entry.profile.Serialize(), entry.through_seq});
      entry.dirty = false;
    }
  }
  for (const auto& snapshot : changed) {
    // A throw must not lose the mark that makes the next round retry.
    Status saved =
        CatchAll("save field profile", [&] { return store_.SaveFieldProfile(snapshot); });
    if (!saved.ok()) {
      // Marked dirty again so the next round retries; the records are safe either way.
      std::lock_guard lock(mutex_);
      if (auto it = entries_.find(snapshot.endpoint_key); it != entries_.end()) {
        it->second.dirty = true;
      }
      return saved;
    }
  }
  return Status::Ok();
}

void FieldProfiles::SaveLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    stop_requested_.wait_for(lock, std::chrono::milliseconds(save_interval_ms_));
    if (stopping_) break;
    lock.unlock();
    // Retried on the next round: what failed is still marked changed.
    Status saved = CatchAll("save field profiles", [this] { return SaveChanged(); });
    if (!saved.ok()) spdlog::warn("field profiles not saved: {}", saved.message());
    lock.lock();
  }
}

}  // namespace inlet::usecase
