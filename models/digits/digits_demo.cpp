// digits_demo: classifies digit PNGs with digits_graph.wasm running inside wasmvm (tensor ABI), and checks each
// answer against the native build of the same model.
//
//   digits_demo GRAPH.wasm IMAGE.png...      8-bit grayscale PNGs with sides that are multiples of 8
//
// Prints one line per image: predicted class, its probability and the runner-up, plus "native: identical" when
// the wasm logits equal the native ones bit for bit. Exit: 0 ok, 1 bad image/usage, 2 VM or guest error.
#include <png.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "digits_data.h"
#include "digits_model.h"
#include "wasm_graph_host.h"

namespace {

bool decode_gray_png(const char* path, std::vector<uint8_t>& pixels, int& width, int& height, std::string& why) {
  FILE* f = std::fopen(path, "rb");
  if (!f) {
    why = "cannot open";
    return false;
  }
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  bool ok = false;
  std::vector<png_bytep> rows;
  why = "not a readable PNG";
  if (png && info && setjmp(png_jmpbuf(png)) == 0) {
    png_init_io(png, f);
    png_read_info(png, info);
    width = int(png_get_image_width(png, info));
    height = int(png_get_image_height(png, info));
    if (png_get_color_type(png, info) != PNG_COLOR_TYPE_GRAY || png_get_bit_depth(png, info) != 8) {
      why = "not 8-bit grayscale";
    } else if (width <= 0 || height <= 0 || width > 4096 || height > 4096) {
      why = "image larger than 4096x4096";
    } else {
      pixels.assign(size_t(width) * size_t(height), 0);
      rows.resize(size_t(height));
      for (int y = 0; y < height; ++y) rows[size_t(y)] = pixels.data() + size_t(y) * size_t(width);
      png_read_image(png, rows.data());
      ok = true;
    }
  }
  png_destroy_read_struct(png ? &png : nullptr, info ? &info : nullptr, nullptr);
  std::fclose(f);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: digits_demo GRAPH.wasm IMAGE.png...\n");
    return 1;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> wasm((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (wasm.empty()) {
    std::fprintf(stderr, "digits_demo: cannot read %s\n", argv[1]);
    return 1;
  }
  wasmvm::Engine engine;
  wasmvm::Store store(engine);
  auto session = wasm_graph::Session::open(store, wasm);
  if (!session.ok()) {
    std::fprintf(stderr, "digits_demo: %s: %s\n", argv[1], session.error().to_string().c_str());
    return 2;
  }
  wasm_graph::Session& g = *session.value();
  if (g.inputs().size() != 1 || g.inputs()[0].count != DIGITS_PIXELS || g.outputs().size() != 2) {
    std::fprintf(stderr, "digits_demo: %s is not the digits graph\n", argv[1]);
    return 2;
  }
  DigitsWeights native;
  char err[160];
  if (digits_weights_parse(digits_weights_blob, digits_weights_blob_size, &native, err, sizeof err) != 0) {
    std::fprintf(stderr, "digits_demo: embedded %s\n", err);
    return 2;
  }
  int status = 0;
  for (int a = 2; a < argc; ++a) {
    std::vector<uint8_t> gray;
    int w = 0, h = 0;
    std::string why;
    float input[DIGITS_PIXELS];
    if (!decode_gray_png(argv[a], gray, w, h, why) || digits_preprocess_gray(gray.data(), w, h, input) != 0) {
      std::fprintf(stderr, "digits_demo: %s: %s\n", argv[a], why.empty() ? "sides must be multiples of 8" : why.c_str());
      status = 1;
      continue;
    }
    auto st = g.set_input(0, input);
    if (st.ok()) st = g.run();
    auto logits = g.output(0);
    auto probs = g.output(1);
    if (!st.ok() || !logits.ok() || !probs.ok()) {
      std::fprintf(stderr, "digits_demo: %s: %s\n", argv[a],
                   (!st.ok() ? st.error() : !logits.ok() ? logits.error() : probs.error()).to_string().c_str());
      return 2;
    }
    float ref[DIGITS_CLASSES];
    digits_forward(&native, input, ref);
    const std::vector<float>& p = probs.value();
    int best = digits_argmax(logits.value().data(), DIGITS_CLASSES);
    int second = best == 0 ? 1 : 0;
    for (int k = 0; k < DIGITS_CLASSES; ++k)
      if (k != best && p[size_t(k)] > p[size_t(second)]) second = k;
    bool same = std::memcmp(ref, logits.value().data(), sizeof ref) == 0;
    std::printf("%s: digit %d (p=%.4f), next %d (p=%.4f), native: %s\n", argv[a], best, double(p[size_t(best)]),
                second, double(p[size_t(second)]), same ? "identical" : "DIFFERENT");
    if (!same) status = 2;
  }
  return status;
}
