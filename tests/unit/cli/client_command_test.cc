// ParseClientCommand: flags, where the server and token come from, and the mistakes it
// names.
#include "inlet/cli/client_command.h"

#include <gtest/gtest.h>

namespace inlet::cli {
namespace {

using Kind = ClientCommand::Kind;
using Environment = std::map<std::string, std::string>;

Result<ClientCommand> Parse(std::vector<std::string> args, Environment environment = {}) {
  return ParseClientCommand(args, environment);
}

TEST(ClientCommandTest, PostTakesFilesAndItsFlagsInAnyOrder) {
  auto command =
      Parse({"post", "a.ndjson", "--endpoint", "E1", "--batch=500", "--parallel", "4", "-",
             "--dry-run", "--retries", "0", "--batch-bytes", "4096", "--retry-for=60"});
  ASSERT_TRUE(command.ok()) << command.status().message();
  EXPECT_EQ(command->kind, Kind::kPost);
  EXPECT_EQ(command->post.endpoint_id, "E1");
  EXPECT_EQ(command->post.files, (std::vector<std::string>{"a.ndjson", "-"}));
  EXPECT_EQ(command->post.batch_records, 500u);
  EXPECT_EQ(command->post.batch_bytes, 4096u);
  EXPECT_EQ(command->post.parallel, 4);
  EXPECT_EQ(command->post.retries, 0);
  EXPECT_TRUE(command->post.dry_run);
  EXPECT_EQ(command->post.retry_for, std::chrono::seconds(60));
}

TEST(ClientCommandTest, ServerAndTokenComeFromFlagsThenTheEnvironmentThenDefaults) {
  Environment environment = {{"INLET_URL", "https://inlet.example:8443/"},
                             {"INLET_TOKEN", "from-env"}};
  auto from_env = Parse({"endpoint", "list"}, environment);
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->server, "https://inlet.example:8443");
  EXPECT_EQ(from_env->token, "from-env");

  auto from_flags =
      Parse({"endpoint", "list", "--server", "http://h:1", "--token", "T"}, environment);
  ASSERT_TRUE(from_flags.ok());
  EXPECT_EQ(from_flags->server, "http://h:1");
  EXPECT_EQ(from_flags->token, "T");

  auto defaults = Parse({"endpoint", "list"});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->server, kDefaultServer);
  EXPECT_EQ(defaults->token, "");
  EXPECT_EQ(defaults->data_dir, "./data");
}

TEST(ClientCommandTest, EndpointCreateAndShow) {
  auto create = Parse({"endpoint", "create", "--name", "orders", "--source", "crm", "--group",
                       "sales", "--mode", "bridge", "--entity-type", "/Order", "--json"});
  ASSERT_TRUE(create.ok()) << create.status().message();
  EXPECT_EQ(create->kind, Kind::kEndpointCreate);
  EXPECT_EQ(create->entity_type, "/Order");
  EXPECT_EQ(create->mode, "bridge");
  EXPECT_TRUE(create->json);

  auto show = Parse({"endpoint", "show", "abc"});
  ASSERT_TRUE(show.ok());
  EXPECT_EQ(show->endpoint_id, "abc");
}

TEST(ClientCommandTest, ProcessAndExport) {
  auto process = Parse({"process", "--endpoint", "E", "--wait"});
  ASSERT_TRUE(process.ok());
  EXPECT_TRUE(process->wait);
  auto exported = Parse({"export", "--type", "/Customer", "--format", "csv", "--output", "o"});
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(exported->entity_type_filter, "/Customer");
  EXPECT_EQ(exported->format, "csv");
  EXPECT_EQ(exported->output, "o");
}

TEST(ClientCommandTest, MistakesAreNamed) {
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"post", "a.json"}, "--endpoint"},
      {{"post", "--endpoint", "E"}, "needs a file"},
      {{"post", "--endpoint", "E", "--batch", "0", "f"}, "--batch expects a whole number from 1"},
      {{"post", "--endpoint", "E", "--parallel", "x", "f"}, "--parallel"},
      {{"post", "--endpoint", "E", "--wait", "f"}, "unknown flag --wait for post"},
      {{"post", "--endpoint"}, "--endpoint needs a value"},
      {{"post", "--dry-run=yes"}, "--dry-run takes no value"},
      {{"endpoint"}, "create, list or show"},
      {{"endpoint", "delete"}, "unknown endpoint subcommand"},
      {{"endpoint", "create", "--name", "n", "--source", "s"}, "--group"},
      {{"endpoint", "create", "--name", "n", "--source", "s", "--group", "g", "--mode", "x"},
       "--mode"},
      {{"endpoint", "list", "extra"}, "unexpected argument"},
      {{"export", "--format", "xml"}, "ndjson or csv"},
      {{"endpoint", "list", "--server", "127.0.0.1:8888"}, "http:// or https://"},
  };
  for (const auto& test : cases) {
    auto command = Parse(test.args);
    ASSERT_FALSE(command.ok()) << test.args[0];
    EXPECT_NE(command.status().message().find(test.says), std::string::npos)
        << command.status().message();
    EXPECT_NE(command.status().message().find("inlet --help"), std::string::npos);
  }
}

TEST(ClientCommandTest, TheClientsCommandWords) {
  for (const char* word : {"endpoint", "post", "process", "export"}) {
    EXPECT_TRUE(IsClientCommand(word)) << word;
  }
  for (const char* word : {"serve", "token", "--help", "posts"}) {
    EXPECT_FALSE(IsClientCommand(word)) << word;
  }
}

}  // namespace
}  // namespace inlet::cli
