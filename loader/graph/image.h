// Image front-end for `wasmvm graph`: PNG decoding (libpng: 8/16-bit, gray/gray+alpha/RGB/RGBA/palette),
// resizing (nearest as TVM's test does, or bilinear) and normalisation into an NCHW/NHWC float32 tensor.
#pragma once
#include <string>
#include <vector>

#include "loader/graph/tensor.h"
#include "wasmvm/result.h"

namespace wasmvm::graph {

// Pixels as floats on the 0..255 scale (16-bit samples are scaled down), interleaved HWC.
struct Image {
  int width = 0, height = 0, channels = 0;  // channels: 1 (gray) or 3 (RGB); alpha is dropped
  std::vector<float> pixels;
};

Result<Image> read_png(const std::string& path);

enum class ResizeMode { Nearest, Bilinear };
enum class Layout { NCHW, NHWC };

Image resize_image(const Image& img, int width, int height, ResizeMode mode);
// Converts gray <-> RGB (ITU-R BT.601 luma for RGB -> gray).
Image convert_channels(const Image& img, int channels);

struct Preprocess {
  int width = 224, height = 224, channels = 3;
  ResizeMode mode = ResizeMode::Nearest;
  Layout layout = Layout::NCHW;
  std::vector<float> mean{123.f, 117.f, 104.f};        // per channel (one value = all channels)
  std::vector<float> stddev{58.395f, 57.12f, 57.375f};
};

// Resize + channel conversion + (x - mean) / std + layout: float32 [1, C, H, W] or [1, H, W, C].
Result<HostTensor> image_to_tensor(const Image& img, const Preprocess& p);

}  // namespace wasmvm::graph
