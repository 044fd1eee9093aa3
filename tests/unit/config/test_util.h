// Small helpers shared by the config tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "inlet/common/status.h"

namespace inlet::config {

inline ::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

}  // namespace inlet::config

#define EXPECT_OK(expr)                                                             \
  do {                                                                              \
    const ::inlet::Status status_ = (expr);                                         \
    EXPECT_TRUE(status_.ok()) << status_.message_id() << ": " << status_.message(); \
  } while (0)

#define ASSERT_OK(expr)                                                             \
  do {                                                                              \
    const ::inlet::Status status_ = (expr);                                         \
    ASSERT_TRUE(status_.ok()) << status_.message_id() << ": " << status_.message(); \
  } while (0)
