// Runs the text-format fuzz harness (tests/fuzz/fuzz_text.cpp) without libFuzzer over the files given
// on the command line, each whole and cut at 16 places (truncated input is the usual crash source).
// Prints "N inputs, 0 crashes" last; a crash aborts the process, which fails the test.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  size_t inputs = 0;
  for (int i = 1; i < argc; i++) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 1;
    }
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (size_t cut = 0; cut <= 16; cut++) {
      size_t n = cut == 16 ? s.size() : s.size() * cut / 16;
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), n);
      inputs++;
    }
  }
  if (inputs == 0) {
    std::fprintf(stderr, "no input files\n");
    return 1;
  }
  std::printf("%zu inputs, 0 crashes\n", inputs);
  return 0;
}
