// Helpers shared by the processing tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "inlet/processing/clue.h"
#include "inlet/processing/mapping.h"

namespace inlet::processing {

// A complete mapping keyed by `customerId` with origin "crm", for clue tests to adjust.
inline Mapping CustomerMapping() {
  Mapping m;
  m.entity_type = "/Customer";
  m.vocabulary_prefix = "crm.customer";
  m.origin = "crm";
  m.primary_identifier = PrimaryIdentifier{false, {"customerId"}};
  return m;
}

inline ::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

// Builds a clue and fails the test when it cannot.
inline Clue MustBuild(const Mapping& m, const std::string& record) {
  auto clue = BuildClue(m, record);
  EXPECT_TRUE(clue.ok()) << clue.status().message_id() << ": " << clue.status().message();
  return clue.ok() ? *clue : Clue{};
}

// The value of property `key`, or "<absent>".
inline std::string PropertyValue(const Clue& clue, const std::string& key) {
  for (const auto& p : clue.properties) {
    if (p.key == key) return p.value;
  }
  return "<absent>";
}

}  // namespace inlet::processing
