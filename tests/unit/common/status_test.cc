// Status and Result<T>: the value types every module returns.
#include "inlet/common/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace inlet {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kOk);
  EXPECT_EQ(status.message_id(), "");
  EXPECT_EQ(status.message(), "");
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(StatusTest, FactoriesSetCodeIdAndMessage) {
  Status invalid = Status::InvalidArgument("bad-thing", "fix it");
  EXPECT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(invalid.message_id(), "bad-thing");
  EXPECT_EQ(invalid.message(), "fix it");

  EXPECT_EQ(Status::Unauthenticated("m").code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(Status::Unauthenticated("m").message_id(), "unauthenticated");
  EXPECT_EQ(Status::PermissionDenied("m").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Status::PermissionDenied("m").message_id(), "forbidden");
  EXPECT_EQ(Status::NotFound("x-not-found", "m").code(), StatusCode::kNotFound);
  EXPECT_EQ(Status::NotFound("x-not-found", "m").message_id(), "x-not-found");
  EXPECT_EQ(Status::Conflict("busy", "m").code(), StatusCode::kConflict);
  EXPECT_EQ(Status::Unavailable("overloaded", "m").code(), StatusCode::kUnavailable);
  EXPECT_EQ(Status::Internal("m").code(), StatusCode::kInternal);
  EXPECT_EQ(Status::Internal("m").message_id(), "internal-error");
}

TEST(StatusTest, WithContextPrefixesTheMessageAndKeepsCodeAndId) {
  Status status = Status::NotFound("endpoint-not-found", "no endpoint 42");
  Status wrapped = status.WithContext("loading mapping");
  EXPECT_EQ(wrapped.code(), StatusCode::kNotFound);
  EXPECT_EQ(wrapped.message_id(), "endpoint-not-found");
  EXPECT_EQ(wrapped.message(), "loading mapping: no endpoint 42");
  // Context nests outermost first.
  EXPECT_EQ(wrapped.WithContext("request").message(), "request: loading mapping: no endpoint 42");
  // The original is untouched.
  EXPECT_EQ(status.message(), "no endpoint 42");
}

TEST(StatusTest, WithContextOnOkStaysOk) {
  Status wrapped = Status::Ok().WithContext("anything");
  EXPECT_TRUE(wrapped.ok());
  EXPECT_EQ(wrapped.message(), "");
}

TEST(ResultTest, HoldsAValue) {
  Result<std::string> result = std::string("value");
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.status().ok());
  EXPECT_EQ(result.value(), "value");
  EXPECT_EQ(*result, "value");
  EXPECT_EQ(result->size(), 5u);
  result.value() += "!";
  EXPECT_EQ(*result, "value!");
}

TEST(ResultTest, HoldsAnError) {
  Result<int> result = Status::Conflict("busy", "try later");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kConflict);
  EXPECT_EQ(result.status().message_id(), "busy");
  EXPECT_EQ(result.status().message(), "try later");
}

TEST(ResultTest, MovesMoveOnlyValuesOut) {
  Result<std::unique_ptr<int>> result = std::make_unique<int>(7);
  ASSERT_TRUE(result.ok());
  std::unique_ptr<int> taken = std::move(result).value();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(*taken, 7);
}

Status FailsAt(int step, int failing_step) {
  return step == failing_step ? Status::InvalidArgument("step", std::to_string(step))
                              : Status::Ok();
}

Result<int> RunSteps(int failing_step) {
  for (int step = 0; step < 3; ++step) INLET_RETURN_IF_ERROR(FailsAt(step, failing_step));
  return 3;
}

TEST(ResultTest, ReturnIfErrorStopsAtTheFirstFailure) {
  EXPECT_EQ(*RunSteps(-1), 3);
  Result<int> failed = RunSteps(1);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message(), "1");
}

Result<std::unique_ptr<int>> Boxed(int value) {
  if (value < 0) return Status::InvalidArgument("negative", std::to_string(value));
  return std::make_unique<int>(value);
}

Result<int> SumOfBoxes(int first, int second) {
  INLET_ASSIGN_OR_RETURN(auto a, Boxed(first));
  INLET_ASSIGN_OR_RETURN(std::unique_ptr<int> b, Boxed(second));
  return *a + *b;
}

TEST(ResultTest, AssignOrReturnMovesTheValueOutOrReturnsTheFirstFailure) {
  EXPECT_EQ(*SumOfBoxes(2, 5), 7);
  Result<int> failed = SumOfBoxes(-1, -2);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message_id(), "negative");
  EXPECT_EQ(failed.status().message(), "-1");
  EXPECT_EQ(SumOfBoxes(1, -2).status().message(), "-2");
}

Status AssignsIntoAMember(int value, int& out) {
  struct Holder {
    std::unique_ptr<int> box;
  } holder;
  INLET_ASSIGN_OR_RETURN(holder.box, Boxed(value));
  out = *holder.box;
  return Status::Ok();
}

TEST(ResultTest, AssignOrReturnAssignsToAnExistingObject) {
  int out = 0;
  ASSERT_TRUE(AssignsIntoAMember(4, out).ok());
  EXPECT_EQ(out, 4);
  EXPECT_EQ(AssignsIntoAMember(-3, out).message_id(), "negative");
  EXPECT_EQ(out, 4);
}

}  // namespace
}  // namespace inlet
