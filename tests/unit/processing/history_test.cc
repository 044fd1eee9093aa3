// The text one engine pass's history events are stored in (history.h): what is encoded
// decodes the same, a creation's values come back as property changes from its part,
// and what cannot be read is skipped rather than failing a read.
#include "inlet/processing/history.h"

#include <gtest/gtest.h>

namespace inlet::processing {
namespace {

HistoryEvent WithPart(HistoryKind kind, const std::string& record) {
  HistoryEvent event;
  event.kind = kind;
  event.part = PartName{"ep-1", record};
  return event;
}

TEST(HistoryTest, EventsRoundTripAndACreationsValuesBecomePropertyChanges) {
  HistoryEvent created = WithPart(HistoryKind::kCreated, "r1");
  created.values = {{"city", "Oslo"}, {"name\n\"q\"", "Ann \\ Bob"}};
  HistoryEvent changed = WithPart(HistoryKind::kPropertyChanged, "r2");
  changed.property = "city";
  changed.from = "Oslo";
  changed.to = "Bergen";
  HistoryEvent gone;
  gone.kind = HistoryKind::kPropertyChanged;
  gone.property = "phone";
  gone.from = "555";
  HistoryEvent merged;
  merged.kind = HistoryKind::kMerged;
  merged.merged_from = "id-2";
  HistoryEvent merged_into;
  merged_into.kind = HistoryKind::kMerged;
  merged_into.merged_into = "id-1";

  const std::string text = EncodeHistory(
      {created, WithPart(HistoryKind::kPartAdded, "r2"), changed, gone, merged, merged_into,
       WithPart(HistoryKind::kUnmerged, "r3"), WithPart(HistoryKind::kPartRemoved, "r3")},
      0);
  const DecodedHistory decoded = DecodeHistory(text);
  EXPECT_EQ(decoded.omitted, 0);
  ASSERT_EQ(decoded.events.size(), 10u) << text;
  EXPECT_EQ(decoded.events[0].kind, HistoryKind::kCreated);
  EXPECT_TRUE(decoded.events[0].values.empty()) << "spelled out as the two events after it";
  for (int i : {1, 2}) {
    EXPECT_EQ(decoded.events[i].kind, HistoryKind::kPropertyChanged);
    EXPECT_EQ(decoded.events[i].part->record_id, "r1");
    EXPECT_FALSE(decoded.events[i].from.has_value());
  }
  EXPECT_EQ(decoded.events[1].property, "city");
  EXPECT_EQ(decoded.events[1].to, "Oslo");
  EXPECT_EQ(decoded.events[2].property, "name\n\"q\"");
  EXPECT_EQ(decoded.events[2].to, "Ann \\ Bob");
  EXPECT_EQ(decoded.events[3].kind, HistoryKind::kPartAdded);
  EXPECT_EQ(decoded.events[4].from, "Oslo");
  EXPECT_EQ(decoded.events[4].to, "Bergen");
  EXPECT_EQ(decoded.events[4].part->endpoint_id, "ep-1");
  EXPECT_EQ(decoded.events[5].from, "555");
  EXPECT_FALSE(decoded.events[5].to.has_value());
  EXPECT_FALSE(decoded.events[5].part.has_value());
  EXPECT_EQ(decoded.events[6].merged_from, "id-2");
  EXPECT_EQ(decoded.events[7].merged_into, "id-1");
  EXPECT_EQ(decoded.events[8].kind, HistoryKind::kUnmerged);
  EXPECT_EQ(decoded.events[9].kind, HistoryKind::kPartRemoved);
}

TEST(HistoryTest, TheOmittedCountSurvivesAndUnreadableTextGivesNothing) {
  const DecodedHistory decoded =
      DecodeHistory(EncodeHistory({WithPart(HistoryKind::kPartAdded, "r1")}, 42));
  EXPECT_EQ(decoded.events.size(), 1u);
  EXPECT_EQ(decoded.omitted, 42);
  EXPECT_TRUE(DecodeHistory("not json").events.empty());
  EXPECT_TRUE(DecodeHistory(R"({"kind":"created"})").events.empty());
  EXPECT_TRUE(DecodeHistory(R"([{"kind":"exploded"},7,null])").events.empty());
  EXPECT_EQ(EncodeHistory({}, 0), "[]");
}

TEST(HistoryTest, ACreationsValuesAreReadBackFromTheFirstChangesAndTheDocument) {
  const std::string creation = EncodeHistory({WithPart(HistoryKind::kCreated, "r1")}, 0);
  // Made with city Oslo, phone 555 and name Ann; since then the city changed twice, the
  // phone went away and an email came.
  HistoryEvent city = WithPart(HistoryKind::kPropertyChanged, "r2");
  city.property = "city";
  city.from = "Oslo";
  city.to = "Bergen";
  HistoryEvent city_again = city;
  city_again.from = "Bergen";
  city_again.to = "Molde";
  HistoryEvent phone;
  phone.kind = HistoryKind::kPropertyChanged;
  phone.property = "phone";
  phone.from = "555";
  HistoryEvent email = WithPart(HistoryKind::kPropertyChanged, "r2");
  email.property = "email";
  email.to = "a@x.com";
  const std::string document =
      R"({"name":"Ann","properties":{"city":{"value":"Molde","part":1},)"
      R"("email":{"value":"a@x.com","part":1},"name":{"value":"Ann","part":0}}})";
  const std::vector<std::string> later = {EncodeHistory({city, phone, email}, 0),
                                          EncodeHistory({city_again}, 0)};

  const DecodedHistory decoded = DecodeHistory(WithCreationValues(creation, document, later));
  std::map<std::string, std::string> values;
  for (const auto& event : decoded.events) {
    if (event.kind != HistoryKind::kPropertyChanged) continue;
    EXPECT_EQ(event.part->record_id, "r1") << "every first value comes from the creating part";
    values[event.property] = *event.to;
  }
  EXPECT_EQ(values, (std::map<std::string, std::string>{
                        {"city", "Oslo"}, {"name", "Ann"}, {"phone", "555"}}));
  EXPECT_EQ(decoded.events.front().kind, HistoryKind::kCreated);
}

TEST(HistoryTest, KindsReadAsTheSpecNamesThem) {
  EXPECT_EQ(ToString(HistoryKind::kCreated), "created");
  EXPECT_EQ(ToString(HistoryKind::kPartAdded), "part-added");
  EXPECT_EQ(ToString(HistoryKind::kPartRemoved), "part-removed");
  EXPECT_EQ(ToString(HistoryKind::kMerged), "merged");
  EXPECT_EQ(ToString(HistoryKind::kUnmerged), "unmerged");
  EXPECT_EQ(ToString(HistoryKind::kPropertyChanged), "property-changed");
}

}  // namespace
}  // namespace inlet::processing
