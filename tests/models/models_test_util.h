// Shared helpers for the models tests: file loading and the committed digits artefacts.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "digits_data.h"
#include "digits_model.h"

namespace models_test {

inline std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string data_path(const char* name) { return std::string(WASMVM_DIGITS_DATA_DIR) + "/" + name; }

// Loads and validates the committed weights and test set; `ok` is false (with `error`) on any problem.
struct DigitsArtefacts {
  bool ok = false;
  std::string error;
  std::vector<uint8_t> weights_bytes, testset_bytes;
  DigitsWeights weights{};
  DigitsTestSet testset{};

  DigitsArtefacts() {
    weights_bytes = read_file(data_path("digits_weights.bin"));
    testset_bytes = read_file(data_path("digits_test.bin"));
    char err[160] = {};
    if (digits_weights_parse(weights_bytes.data(), weights_bytes.size(), &weights, err, sizeof err) != 0) {
      error = err;
      return;
    }
    if (digits_testset_parse(testset_bytes.data(), testset_bytes.size(), &testset, err, sizeof err) != 0) {
      error = err;
      return;
    }
    ok = true;
  }
};

}  // namespace models_test
