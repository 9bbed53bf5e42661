// digits_demo: classifies digit PNGs with digits_graph.wasm running inside wasmvm (tensor ABI, through the
// wasmvm_graph library's Model), and checks each answer against the native build of the same model.
//
//   digits_demo GRAPH.wasm IMAGE.png...      8-bit grayscale PNGs with sides that are multiples of 8
//
// Prints one line per image: predicted class, its probability and the runner-up, plus "native: identical" when
// the wasm logits equal the native ones bit for bit. Exit: 0 ok, 1 bad image/usage, 2 VM or guest error.
#include <png.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "digits_data.h"
#include "digits_model.h"
#include "loader/graph/graph.h"

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
  auto model = wasmvm::graph::Model::load_file(argv[1]);
  if (!model.ok()) {
    std::fprintf(stderr, "digits_demo: %s: %s\n", argv[1], model.error().to_string().c_str());
    return model.error().kind == wasmvm::ErrorKind::Io ? 1 : 2;
  }
  wasmvm::graph::Model& g = **model;
  if (g.abi() != wasmvm::graph::Abi::Tensor || g.inputs().size() != 1 || g.inputs()[0].elements != DIGITS_PIXELS ||
      g.outputs().size() != 2) {
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
    auto st = g.set_input(0, wasmvm::graph::HostTensor::from_f32(g.inputs()[0].shape, input));
    if (st.ok()) st = g.run();
    auto logits_t = g.output(0);
    auto probs_t = g.output(1);
    if (!st.ok() || !logits_t.ok() || !probs_t.ok()) {
      std::fprintf(stderr, "digits_demo: %s: %s\n", argv[a],
                   (!st.ok() ? st.error() : !logits_t.ok() ? logits_t.error() : probs_t.error()).to_string().c_str());
      return 2;
    }
    if (logits_t->bytes.size() != sizeof(float) * DIGITS_CLASSES || probs_t->bytes.size() != sizeof(float) * DIGITS_CLASSES) {
      std::fprintf(stderr, "digits_demo: %s: outputs are not 10 floats\n", argv[a]);
      return 2;
    }
    float logits[DIGITS_CLASSES], p[DIGITS_CLASSES];
    std::memcpy(logits, logits_t->bytes.data(), sizeof logits);
    std::memcpy(p, probs_t->bytes.data(), sizeof p);
    float ref[DIGITS_CLASSES];
    digits_forward(&native, input, ref);
    int best = digits_argmax(logits, DIGITS_CLASSES);
    int second = best == 0 ? 1 : 0;
    for (int k = 0; k < DIGITS_CLASSES; ++k)
      if (k != best && p[k] > p[second]) second = k;
    bool same = std::memcmp(ref, logits, sizeof ref) == 0;
    std::printf("%s: digit %d (p=%.4f), next %d (p=%.4f), native: %s\n", argv[a], best, double(p[best]),
                second, double(p[second]), same ? "identical" : "DIFFERENT");
    if (!same) status = 2;
  }
  return status;
}
