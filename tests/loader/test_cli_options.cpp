// Command-line parsing of the wasmvm CLI.
#include <gtest/gtest.h>

#include <vector>

#include "loader/cli/cli_options.h"

using namespace wasmvm::cli;

namespace {
wasmvm::Result<CliOptions> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "wasmvm");
  return parse_cli(int(args.size()), args.data());
}
}  // namespace

TEST(CliOptions, RunWithInvokeKeepsNegativeArgs) {
  auto o = parse({"run", "--invoke", "add", "m.wasm", "-1", "2"});
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->command, Command::Run);
  EXPECT_EQ(o->invoke, "add");
  EXPECT_EQ(o->file, "m.wasm");
  EXPECT_EQ(o->args, (std::vector<std::string>{"-1", "2"}));
}

TEST(CliOptions, RunDirAndEnv) {
  auto o = parse({"run", "--dir", "/tmp::/data", "--dir", ".", "--env", "A=b=c", "p.wasm", "x"});
  ASSERT_TRUE(o.ok()) << o.error().message;
  ASSERT_EQ(o->dirs.size(), 2u);
  EXPECT_EQ(o->dirs[0].first, "/tmp");
  EXPECT_EQ(o->dirs[0].second, "/data");
  EXPECT_EQ(o->dirs[1].second, ".");
  ASSERT_EQ(o->env.size(), 1u);
  EXPECT_EQ(o->env[0].first, "A");
  EXPECT_EQ(o->env[0].second, "b=c");
  EXPECT_EQ(o->args, (std::vector<std::string>{"x"}));
}

TEST(CliOptions, UsageErrors) {
  EXPECT_FALSE(parse({}).ok());
  EXPECT_FALSE(parse({"frobnicate"}).ok());
  EXPECT_FALSE(parse({"run"}).ok());
  EXPECT_FALSE(parse({"run", "--invoke"}).ok());
  EXPECT_FALSE(parse({"run", "--bogus", "m.wasm"}).ok());
  EXPECT_FALSE(parse({"run", "--env", "NOEQUALS", "m.wasm"}).ok());
  EXPECT_FALSE(parse({"validate"}).ok());
  EXPECT_FALSE(parse({"validate", "a.wasm", "b.wasm"}).ok());
  EXPECT_FALSE(parse({"inspect", "--x"}).ok());
  auto e = parse({"frobnicate"});
  EXPECT_EQ(e.error().kind, wasmvm::ErrorKind::Usage);
  EXPECT_NE(e.error().message.find("frobnicate"), std::string::npos);
}

TEST(CliOptions, HelpVersionValidateInspect) {
  EXPECT_EQ(parse({"--help"})->command, Command::Help);
  EXPECT_EQ(parse({"--version"})->command, Command::Version);
  EXPECT_EQ(parse({"validate", "a.wasm"})->file, "a.wasm");
  EXPECT_EQ(parse({"inspect", "b.wasm"})->command, Command::Inspect);
  std::string help = help_text();
  for (const char* code : {"64", "65", "66", "67", "134"}) EXPECT_NE(help.find(code), std::string::npos) << code;
}
