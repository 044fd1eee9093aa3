// GoldenEngine: the history each pass writes (SPEC §11; engine.h, history.h), and the
// save of a recomputed golden record that notes the values it changed.
#include "inlet/processing/engine.h"
#include "processing/engine_events.h"

namespace inlet::processing {

void GoldenEngine::Note(int64_t golden_key, HistoryEvent event) {
  History& history = history_[golden_key];
  if (history.events.size() < kMaxHistoryEventsPerPass) {
    history.events.push_back(std::move(event));
  } else {
    ++history.omitted;
  }
}

Status GoldenEngine::WriteHistory() {
  for (const auto& [key, history] : history_) {
    INLET_RETURN_IF_ERROR(writer_.AppendHistory(key, now_ms_, job_id_,
                                                EncodeHistory(history.events, history.omitted)));
  }
  history_.clear();
  return Status::Ok();
}

Status GoldenEngine::Save(int64_t golden_key, const std::map<std::string, std::string>& before,
                          const Survivorship& state,
                          const std::function<PartName(int64_t)>& part_name) {
  // Both maps are sorted by key: one walk finds every value that changed.
  const auto& after = state.properties();
  auto old = before.begin();
  auto now = after.begin();
  while (old != before.end() || now != after.end()) {
    HistoryEvent event;
    event.kind = HistoryKind::kPropertyChanged;
    if (now == after.end() || (old != before.end() && old->first < now->first)) {
      event.property = old->first;
      event.from = old->second;
      ++old;
    } else if (old == before.end() || now->first < old->first) {
      event.property = now->first;
      event.to = now->second.value;
      event.part = part_name(now->second.part);
      ++now;
    } else {
      const bool same = old->second == now->second.value;
      if (!same) {
        event.property = now->first;
        event.from = old->second;
        event.to = now->second.value;
        event.part = part_name(now->second.part);
      }
      ++old;
      ++now;
      if (same) continue;
    }
    Note(golden_key, std::move(event));
  }
  GoldenDocument doc = state.Document();
  store::GoldenState saved;
  saved.key = golden_key;
  saved.shadow = state.part_count() == 0;
  saved.name = std::move(doc.name);
  saved.document = std::move(doc.json);
  saved.search_text = std::move(doc.search_text);
  saved.now_ms = now_ms_;
  return writer_.SaveGolden(saved);
}

}  // namespace inlet::processing
