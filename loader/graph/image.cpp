// PNG decoding and image preprocessing (see image.h).
#include "loader/graph/image.h"

#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <csetjmp>
#include <cstdio>
#include <memory>

namespace wasmvm::graph {

namespace {
constexpr uint32_t kMaxSide = 16384;        // refuse images whose decoded size would be unreasonable
constexpr uint64_t kMaxPixels = 1ull << 25;  // 32 Mpixel: bounds every buffer below (decode and resize)

struct PngReadGuard {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~PngReadGuard() { png_destroy_read_struct(&png, info ? &info : nullptr, nullptr); }
};

void png_error_to_text(png_structp png, png_const_charp msg) {
  auto* out = static_cast<std::string*>(png_get_error_ptr(png));
  if (out) *out = msg;
  png_longjmp(png, 1);
}
void png_warning_ignored(png_structp, png_const_charp) {}
}  // namespace

namespace {
// Everything libpng may longjmp out of lives here. The function has no local with a destructor, and every
// value it changes after setjmp is stored through `st` (memory in the caller), so nothing is clobbered and no
// destructor is skipped. Returns false after a libpng error (its text is in the error pointer's string).
struct PngDecodeState {
  uint32_t w = 0, h = 0;
  int ch = 0, bytes_per_sample = 1;
  size_t rowbytes = 0;
  std::vector<uint8_t> raw;
  std::vector<png_bytep> rows;
  const char* format_error = nullptr;  // set (with a true return) for images we refuse
  bool too_large = false;
};

bool decode_png(png_structp png, png_infop info, FILE* f, PngDecodeState* st) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_user_limits(png, kMaxSide, kMaxSide);
  png_init_io(png, f);
  png_set_sig_bytes(png, 8);
  png_read_info(png, info);
  const png_byte color = png_get_color_type(png, info);
  const png_byte depth = png_get_bit_depth(png, info);
  if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  if (depth == 16) png_set_swap(png);  // native little-endian u16
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  st->w = png_get_image_width(png, info);
  st->h = png_get_image_height(png, info);
  st->ch = png_get_channels(png, info);
  st->bytes_per_sample = png_get_bit_depth(png, info) == 16 ? 2 : 1;
  st->rowbytes = png_get_rowbytes(png, info);
  if (st->w == 0 || st->h == 0 || st->ch < 1 || st->ch > 4 ||
      st->rowbytes != size_t(st->w) * st->ch * st->bytes_per_sample) {
    st->format_error = "has an unsupported pixel format";
    return true;
  }
  if (uint64_t(st->w) * st->h > kMaxPixels) {
    st->format_error = "is too large";
    st->too_large = true;
    return true;
  }
  st->raw.resize(st->rowbytes * st->h);
  st->rows.resize(st->h);
  for (uint32_t y = 0; y < st->h; y++) st->rows[y] = st->raw.data() + y * st->rowbytes;
  png_read_image(png, st->rows.data());
  png_read_end(png, nullptr);
  return true;
}
}  // namespace

Result<Image> read_png(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return make_error(ErrorKind::Io, "cannot open image " + path);
  uint8_t sig[8];
  if (std::fread(sig, 1, 8, f.get()) != 8 || png_sig_cmp(sig, 0, 8) != 0)
    return make_error(ErrorKind::Io, "image " + path + " is not a PNG file");
  std::string libpng_error;
  PngReadGuard g;
  g.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &libpng_error, png_error_to_text, png_warning_ignored);
  if (!g.png) return make_error(ErrorKind::Io, "libpng initialisation failed");
  g.info = png_create_info_struct(g.png);
  if (!g.info) return make_error(ErrorKind::Io, "libpng initialisation failed");
  PngDecodeState st;
  if (!decode_png(g.png, g.info, f.get(), &st))
    return make_error(ErrorKind::Io, "cannot decode PNG " + path + ": " + libpng_error);
  if (st.format_error) {
    std::string why = std::string("PNG ") + path + " " + st.format_error;
    if (st.too_large)
      why += " (" + std::to_string(st.w) + "x" + std::to_string(st.h) + ")";
    return make_error(ErrorKind::Io, why);
  }
  const uint32_t w = st.w, h = st.h;
  const int ch = st.ch;
  const int bytes_per_sample = st.bytes_per_sample;
  const std::vector<uint8_t>& raw = st.raw;
  Image img;

  const int out_ch = (ch == 1 || ch == 2) ? 1 : 3;  // drop alpha
  img.width = int(w);
  img.height = int(h);
  img.channels = out_ch;
  img.pixels.resize(size_t(w) * h * out_ch);
  for (size_t p = 0; p < size_t(w) * h; p++) {
    for (int c = 0; c < out_ch; c++) {
      size_t idx = p * ch + c;
      float v;
      if (bytes_per_sample == 2) {
        uint16_t s;
        std::memcpy(&s, raw.data() + idx * 2, 2);
        v = float(s) * (255.0f / 65535.0f);
      } else {
        v = float(raw[idx]);
      }
      img.pixels[p * out_ch + c] = v;
    }
  }
  return img;
}

Image resize_image(const Image& img, int width, int height, ResizeMode mode) {
  Image out;
  out.width = width;
  out.height = height;
  out.channels = img.channels;
  out.pixels.resize(size_t(width) * height * img.channels);
  const int C = img.channels;
  auto px = [&](int x, int y, int c) { return img.pixels[(size_t(y) * img.width + x) * C + c]; };
  const double sx = double(img.width) / width, sy = double(img.height) / height;
  for (int y = 0; y < height; y++) {
    for (int x = 0; x < width; x++) {
      for (int c = 0; c < C; c++) {
        float v;
        if (mode == ResizeMode::Nearest) {
          int ix = std::min(img.width - 1, int(std::floor((x + 0.5) * sx)));
          int iy = std::min(img.height - 1, int(std::floor((y + 0.5) * sy)));
          v = px(ix, iy, c);
        } else {  // bilinear with half-pixel centres, edges clamped
          double fx = std::clamp((x + 0.5) * sx - 0.5, 0.0, double(img.width - 1));
          double fy = std::clamp((y + 0.5) * sy - 0.5, 0.0, double(img.height - 1));
          int x0 = int(fx), y0 = int(fy);
          int x1 = std::min(x0 + 1, img.width - 1), y1 = std::min(y0 + 1, img.height - 1);
          double ax = fx - x0, ay = fy - y0;
          double top = px(x0, y0, c) * (1 - ax) + px(x1, y0, c) * ax;
          double bot = px(x0, y1, c) * (1 - ax) + px(x1, y1, c) * ax;
          v = float(top * (1 - ay) + bot * ay);
        }
        out.pixels[(size_t(y) * width + x) * C + c] = v;
      }
    }
  }
  return out;
}

Image convert_channels(const Image& img, int channels) {
  if (img.channels == channels) return img;
  Image out;
  out.width = img.width;
  out.height = img.height;
  out.channels = channels;
  const size_t n = size_t(img.width) * img.height;
  out.pixels.resize(n * channels);
  for (size_t p = 0; p < n; p++) {
    if (channels == 1) {
      const float* s = &img.pixels[p * 3];
      out.pixels[p] = 0.299f * s[0] + 0.587f * s[1] + 0.114f * s[2];
    } else {
      for (int c = 0; c < channels; c++) out.pixels[p * channels + c] = img.pixels[p];
    }
  }
  return out;
}

Result<HostTensor> image_to_tensor(const Image& img, const Preprocess& p) {
  if (p.width <= 0 || p.height <= 0 || p.width > int(kMaxSide) || p.height > int(kMaxSide) ||
      uint64_t(p.width) * uint64_t(p.height) > kMaxPixels)
    return make_error(ErrorKind::Usage, "resize target " + std::to_string(p.width) + "x" + std::to_string(p.height) +
                                            " is out of range");
  if (p.channels != 1 && p.channels != 3)
    return make_error(ErrorKind::Usage, "images can feed 1 or 3 channels, the model wants " + std::to_string(p.channels));
  auto per_channel = [&](const std::vector<float>& v, const char* what) -> Result<std::vector<float>> {
    if (v.size() == 1) return std::vector<float>(size_t(p.channels), v[0]);
    if (v.size() == size_t(p.channels)) return v;
    return make_error(ErrorKind::Usage, std::string("--") + what + " needs 1 or " + std::to_string(p.channels) +
                                            " values, got " + std::to_string(v.size()));
  };
  auto mean = per_channel(p.mean, "mean");
  if (!mean.ok()) return mean.error();
  auto sd = per_channel(p.stddev, "std");
  if (!sd.ok()) return sd.error();
  for (float s : *sd)
    if (!(s != 0.0f)) return make_error(ErrorKind::Usage, "--std values must be non-zero");
  Image im = convert_channels(img, p.channels);
  if (im.width != p.width || im.height != p.height) im = resize_image(im, p.width, p.height, p.mode);
  const int C = p.channels, H = p.height, W = p.width;
  std::vector<float> v(size_t(C) * H * W);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      for (int c = 0; c < C; c++) {
        float val = (im.pixels[(size_t(y) * W + x) * C + c] - (*mean)[c]) / (*sd)[c];
        size_t idx = p.layout == Layout::NCHW ? (size_t(c) * H + y) * W + x : (size_t(y) * W + x) * C + c;
        v[idx] = val;
      }
  std::vector<int64_t> shape = p.layout == Layout::NCHW ? std::vector<int64_t>{1, C, H, W}
                                                         : std::vector<int64_t>{1, H, W, C};
  return HostTensor::from_f32(std::move(shape), v);
}

}  // namespace wasmvm::graph
