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

TEST(CliOptions, SizesAndDurations) {
  EXPECT_EQ(parse_size_bytes("65536").value(), 65536u);
  EXPECT_EQ(parse_size_bytes("64K").value(), 65536u);
  EXPECT_EQ(parse_size_bytes("16M").value(), 16u << 20);
  EXPECT_EQ(parse_size_bytes("1G").value(), 1u << 30);
  EXPECT_EQ(parse_size_bytes("3p").value(), 3u * 65536);
  EXPECT_FALSE(parse_size_bytes("").ok());
  EXPECT_FALSE(parse_size_bytes("M").ok());
  EXPECT_FALSE(parse_size_bytes("12T").ok());
  EXPECT_FALSE(parse_size_bytes("99999999999999999999").ok());
  EXPECT_EQ(parse_duration_ms("500ms").value(), 500u);
  EXPECT_EQ(parse_duration_ms("2s").value(), 2000u);
  EXPECT_EQ(parse_duration_ms("1m").value(), 60000u);
  EXPECT_EQ(parse_duration_ms("250").value(), 250u);
  EXPECT_FALSE(parse_duration_ms("0s").ok());
  EXPECT_FALSE(parse_duration_ms("2h").ok());
}

TEST(CliOptions, RunLimits) {
  const char* argv[] = {"wasmvm", "run", "--max-memory", "1M", "--max-stack", "64K", "--fuel", "123",
                        "--timeout", "2s", "m.wasm"};
  auto o = parse_cli(11, argv);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->max_memory_pages.value_or(0), 16u);
  EXPECT_EQ(o->max_stack_bytes, 65536u);
  EXPECT_EQ(o->fuel, 123u);
  EXPECT_EQ(o->timeout_ms, 2000u);
  EXPECT_EQ(o->file, "m.wasm");
}
