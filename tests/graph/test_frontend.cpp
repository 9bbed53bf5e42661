// Front-end pieces without a guest: PNG decoding of every colour type, resize/normalise/layout, .npy round trip,
// labels parsing, the legacy JSON codec and guard-mode bookkeeping (replayed accesses).
#include <gtest/gtest.h>
#include <png.h>

#include <cstdio>
#include <fstream>

#include "loader/graph/image.h"
#include "loader/graph/input_guard.h"
#include "loader/graph/labels.h"
#include "loader/graph/legacy_json.h"
#include "loader/graph/npy.h"

using namespace wasmvm;
using namespace wasmvm::graph;

namespace {

std::string tmp_path(const std::string& name) { return std::string(GRAPH_TEST_TMP) + "/" + name; }

// Writes a PNG with libpng; `rows` holds packed samples per the colour type and bit depth (16-bit big-endian).
bool write_png(const std::string& path, int w, int h, int color, int depth, const std::vector<uint8_t>& data,
               const std::vector<png_color>& palette = {}) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  bool ok = false;
  if (setjmp(png_jmpbuf(png)) == 0) {
    png_init_io(png, f);
    png_set_IHDR(png, info, w, h, depth, color, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (!palette.empty()) png_set_PLTE(png, info, palette.data(), int(palette.size()));
    png_write_info(png, info);
    const size_t rowbytes = data.size() / size_t(h);
    for (int y = 0; y < h; y++) png_write_row(png, data.data() + y * rowbytes);
    png_write_end(png, nullptr);
    ok = true;
  }
  png_destroy_write_struct(&png, &info);
  std::fclose(f);
  return ok;
}

struct PngCase {
  const char* name;
  int color, depth;
  std::vector<uint8_t> data;  // 2x1 image
  int channels;
  std::vector<float> expect;  // decoded HWC pixels on the 0..255 scale
};

TEST(Png, AllColourTypesDecode) {
  std::vector<png_color> pal = {{10, 20, 30}, {200, 100, 50}};
  std::vector<PngCase> cases = {
      {"gray8", PNG_COLOR_TYPE_GRAY, 8, {0, 200}, 1, {0, 200}},
      {"gray16", PNG_COLOR_TYPE_GRAY, 16, {0xff, 0xff, 0x00, 0x00}, 1, {255, 0}},
      {"gray1", PNG_COLOR_TYPE_GRAY, 1, {0x80}, 1, {255, 0}},
      {"gray_alpha8", PNG_COLOR_TYPE_GRAY_ALPHA, 8, {50, 255, 60, 0}, 1, {50, 60}},
      {"rgb8", PNG_COLOR_TYPE_RGB, 8, {1, 2, 3, 4, 5, 6}, 3, {1, 2, 3, 4, 5, 6}},
      {"rgb16", PNG_COLOR_TYPE_RGB, 16, {0xff, 0xff, 0, 0, 0x80, 0x80, 0, 0, 0, 0, 0xff, 0xff}, 3,
       {255, 0, 128, 0, 0, 255}},  // 0x8080 = 128 * 257
      {"rgba8", PNG_COLOR_TYPE_RGB_ALPHA, 8, {9, 8, 7, 255, 6, 5, 4, 0}, 3, {9, 8, 7, 6, 5, 4}},
      {"palette8", PNG_COLOR_TYPE_PALETTE, 8, {1, 0}, 3, {200, 100, 50, 10, 20, 30}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::string path = tmp_path(std::string("png_") + c.name + ".png");
    ASSERT_TRUE(write_png(path, 2, 1, c.color, c.depth, c.data, c.color == PNG_COLOR_TYPE_PALETTE ? pal : std::vector<png_color>{}));
    auto img = read_png(path);
    ASSERT_TRUE(img.ok()) << img.error().message;
    EXPECT_EQ(img->width, 2);
    EXPECT_EQ(img->height, 1);
    ASSERT_EQ(img->channels, c.channels);
    ASSERT_EQ(img->pixels.size(), c.expect.size());
    for (size_t i = 0; i < c.expect.size(); i++) EXPECT_NEAR(img->pixels[i], c.expect[i], 0.01) << "sample " << i;
  }
}

TEST(Png, UnreadableImagesAreClearErrors) {
  auto missing = read_png(tmp_path("does_not_exist.png"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Io);
  std::ofstream(tmp_path("not_png.png")) << "hello";
  auto notpng = read_png(tmp_path("not_png.png"));
  ASSERT_FALSE(notpng.ok());
  EXPECT_NE(notpng.error().message.find("not a PNG"), std::string::npos);
  // A valid signature followed by garbage: libpng's error must come back as an Error, not a crash.
  std::ofstream(tmp_path("bad_png.png"), std::ios::binary) << std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDRxxxx", 20);
  auto bad = read_png(tmp_path("bad_png.png"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("cannot decode PNG"), std::string::npos);
}

TEST(Preprocess, ResizeNormaliseAndLayout) {
  Image img;
  img.width = 2;
  img.height = 2;
  img.channels = 3;
  img.pixels = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110};  // HWC
  Preprocess p;
  p.width = 2;
  p.height = 2;
  p.mean = {10.0f};
  p.stddev = {2.0f};
  auto nchw = image_to_tensor(img, p);
  ASSERT_TRUE(nchw.ok());
  EXPECT_EQ(nchw->shape, (std::vector<int64_t>{1, 3, 2, 2}));
  EXPECT_FLOAT_EQ(float(nchw->at(0)), -5.0f);       // c0 (0,0): (0-10)/2
  EXPECT_FLOAT_EQ(float(nchw->at(1)), 10.0f);       // c0 (0,1): (30-10)/2
  EXPECT_FLOAT_EQ(float(nchw->at(4)), 0.0f);        // c1 (0,0): (10-10)/2
  p.layout = Layout::NHWC;
  auto nhwc = image_to_tensor(img, p);
  ASSERT_TRUE(nhwc.ok());
  EXPECT_EQ(nhwc->shape, (std::vector<int64_t>{1, 2, 2, 3}));
  EXPECT_FLOAT_EQ(float(nhwc->at(1)), 0.0f);

  Image up = resize_image(img, 4, 4, ResizeMode::Nearest);
  EXPECT_EQ(up.pixels[(1 * 4 + 1) * 3], 0.0f);
  EXPECT_EQ(up.pixels[(3 * 4 + 3) * 3], 90.0f);
  Image bl = resize_image(img, 1, 1, ResizeMode::Bilinear);
  EXPECT_FLOAT_EQ(bl.pixels[0], 45.0f);  // centre of the 2x2: mean of 0, 30, 60, 90

  Preprocess bad = p;
  bad.mean = {1, 2};
  EXPECT_FALSE(image_to_tensor(img, bad).ok());
  bad = p;
  bad.stddev = {0};
  EXPECT_FALSE(image_to_tensor(img, bad).ok());
  Image gray = convert_channels(img, 1);
  EXPECT_NEAR(gray.pixels[0], 0.587f * 10 + 0.114f * 20, 1e-4);
}

TEST(Npy, RoundTripEveryDtype) {
  for (DType t : {DType::F32, DType::F64, DType::I8, DType::I16, DType::I32, DType::I64, DType::U8, DType::U16,
                  DType::U32, DType::U64}) {
    SCOPED_TRACE(dtype_name(t));
    HostTensor a;
    a.dtype = t;
    a.shape = {2, 3};
    a.bytes.resize(6 * dtype_size(t));
    for (size_t i = 0; i < a.bytes.size(); i++) a.bytes[i] = uint8_t(i * 37 + 1);
    std::string path = tmp_path(std::string("rt_") + dtype_name(t) + ".npy");
    ASSERT_TRUE(write_npy(path, a).ok());
    auto b = read_npy(path);
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_EQ(b->dtype, t);
    EXPECT_EQ(b->shape, a.shape);
    EXPECT_EQ(b->bytes, a.bytes);
  }
  HostTensor one = HostTensor::from_f32({5}, std::vector<float>{1, 2, 3, 4, 5});
  std::string enc = encode_npy(one);
  EXPECT_NE(enc.find("'shape': (5,)"), std::string::npos);
  EXPECT_EQ((enc.size() - 20) % 64, 0u);  // header padded to 64 bytes
  auto back = parse_npy(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(enc.data()), enc.size()), "x");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->at(4), 5.0);
}

TEST(Npy, MalformedFilesAreRejected) {
  auto parse = [](std::string s) {
    return parse_npy(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size()), "t.npy");
  };
  std::string good = encode_npy(HostTensor::from_f32({2}, std::vector<float>{1, 2}));
  EXPECT_TRUE(parse(good).ok());
  EXPECT_FALSE(parse("hello").ok());
  EXPECT_FALSE(parse(good.substr(0, good.size() - 1)).ok());  // truncated data
  std::string fortran = good;
  fortran.replace(fortran.find("False"), 5, "True ");
  EXPECT_FALSE(parse(fortran).ok());
  std::string bigendian = good;
  bigendian.replace(bigendian.find("<f4"), 3, ">f4");
  EXPECT_FALSE(parse(bigendian).ok());
  std::string huge = good;
  huge.replace(huge.find("(2,)"), 4, "(99999999999999999999,)");
  EXPECT_FALSE(parse(huge).ok());
  std::string hdr = good;
  hdr[8] = char(0xff);  // header length past the end
  hdr[9] = char(0xff);
  EXPECT_FALSE(parse(hdr).ok());
}

TEST(Labels, PlainListAndCsv) {
  auto plain = parse_labels("zero\none\r\ntwo, with comma\n\n", "l");
  ASSERT_TRUE(plain.ok());
  ASSERT_EQ(plain->names.size(), 3u);
  EXPECT_EQ(plain->name(2), "two, with comma");
  EXPECT_EQ(plain->name(7), "class 7");
  auto csv = parse_labels("1,goldfish\n0,\"tench, Tinca tinca\"\n", "l");
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->name(0), "tench, Tinca tinca");
  EXPECT_EQ(csv->name(1), "goldfish");
  EXPECT_FALSE(parse_labels("", "l").ok());
  EXPECT_FALSE(parse_labels("\n\n", "l").ok());
  EXPECT_FALSE(parse_labels("0,a\n0,b\n", "l").ok());  // duplicate id
  EXPECT_FALSE(parse_labels("a\n\nb\n", "l").ok());    // hole in a plain list
  EXPECT_FALSE(parse_labels("0,\n", "l").ok());        // empty name
  EXPECT_FALSE(read_labels(tmp_path("no_such_labels.txt")).ok());
}

TEST(LegacyJson, MatchesSerdeCompactEncoding) {
  HostTensor t = HostTensor::from_f32({1, 2}, std::vector<float>{1.0f, -2.0f});
  auto s = encode_legacy_tensor(t);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, "{\"dtype\":\"FP32\",\"shape\":[1,2],\"strides\":null,\"data\":[0,0,128,63,0,0,0,192]}");
  auto back = decode_legacy_tensor(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s->data()), s->size()));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->bytes, t.bytes);
  EXPECT_EQ(back->shape, t.shape);
  HostTensor f64;
  f64.dtype = DType::F64;
  EXPECT_FALSE(encode_legacy_tensor(f64).ok());
  auto dec = [](const std::string& j) {
    return decode_legacy_tensor(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(j.data()), j.size()));
  };
  auto err = dec("{\"dtype\":\"FP32\",\"shape\":[1],\"strides\":null,\"data\":[1,2 3,4]}");
  ASSERT_FALSE(err.ok());
  EXPECT_NE(err.error().message.find("expected `,` or `]` at column 56"), std::string::npos) << err.error().message;
  EXPECT_FALSE(dec("{\"dtype\":\"FP32\",\"shape\":[2],\"strides\":null,\"data\":[1,2,3,4]}").ok());  // 4 != 8 bytes
  EXPECT_FALSE(dec("{\"dtype\":\"FP16\",\"shape\":[1],\"strides\":null,\"data\":[1,2]}").ok());
  EXPECT_FALSE(dec("{\"dtype\":\"INT8\",\"shape\":[1],\"strides\":null,\"data\":[256]}").ok());
  EXPECT_TRUE(dec("{\"dtype\":\"INT8\",\"shape\":[1],\"strides\":null,\"data\":[255]}").ok());
}

TEST(InputGuard, FirstStoreIntoUnreadBytesIsReported) {
  InputGuard g;
  g.watch("input JSON", 1000, 100);
  EXPECT_EQ(g.window(), (std::pair<uint64_t, uint64_t>{1000, 1100}));
  uint8_t old4[4] = {'1', ',', '2', ','}, new4[4] = {0x11, 0, 0, 0}, same[4] = {'1', ',', '2', ','};
  GuardAccess load{"parse", 0x40, 1000, 10, false, nullptr, nullptr};
  EXPECT_TRUE(g.on_access(load).ok());
  // Store into bytes already read: fine.
  EXPECT_TRUE(g.on_access(GuardAccess{"vec_push", 0x50, 1002, 4, true, new4, old4}).ok());
  // Store that writes the bytes already there: not a corruption.
  EXPECT_TRUE(g.on_access(GuardAccess{"memcpy", 0x60, 1050, 4, true, same, old4}).ok());
  // Outside the region: ignored.
  EXPECT_TRUE(g.on_access(GuardAccess{"other", 0x70, 2000, 4, true, new4, old4}).ok());
  EXPECT_FALSE(g.report().has_value());
  // Straddles read [1000,1010) and unread [1010,...): first unread changed byte is 1010.
  auto st = g.on_access(GuardAccess{"dlmalloc", 0x1234, 1008, 4, true, new4, old4});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Trap);
  ASSERT_TRUE(g.report().has_value());
  EXPECT_EQ(g.report()->addr, 1010u);
  EXPECT_EQ(g.report()->tensor_offset, 10u);
  EXPECT_EQ(g.report()->function, "dlmalloc");
  EXPECT_EQ(g.report()->code_offset, 0x1234u);
  EXPECT_NE(st.error().message.find("offset 10"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("new bytes [11 00 00 00]"), std::string::npos) << st.error().message;
}

// Regression: a megabyte-long memory.copy into the input once made the report dump the whole store. The report
// now shows at most 16 bytes, starting at the first clobbered one.
TEST(InputGuard, LongStoreReportIsCappedAtTheClobberedByte) {
  InputGuard g;
  g.watch("input JSON", 4096, 2'000'000);
  std::vector<uint8_t> old_b(1'500'000, 'x'), new_b(1'500'000, 'x');
  new_b[700'000] = 'y';
  auto st = g.on_access(GuardAccess{"memcpy", 0x99, 4096, uint32_t(old_b.size()), true, new_b.data(), old_b.data()});
  ASSERT_FALSE(st.ok());
  ASSERT_TRUE(g.report().has_value());
  EXPECT_EQ(g.report()->tensor_offset, 700'000u);
  EXPECT_EQ(g.report()->old_bytes.size(), GuardReport::kMaxReportBytes);
  EXPECT_EQ(g.report()->new_bytes.size(), GuardReport::kMaxReportBytes);
  EXPECT_EQ(g.report()->new_bytes[0], 'y');
  EXPECT_EQ(g.report()->old_bytes[0], 'x');
  EXPECT_LT(st.error().message.size(), 400u);
}

}  // namespace
