//! The digits CNN forward pass: a line-by-line port of models/digits/digits_model.c (same loop order, one
//! rounding per mul and per add; Rust never contracts to FMA), reading the embedded digits_weights.bin.

pub const PIXELS: usize = 64;
pub const CLASSES: usize = 10;
const SIDE: usize = 8;
const C1: usize = 8;
const C2: usize = 16;
const POOLED: usize = C2 * 16;
const NUM_WEIGHTS: usize = C1 * 9 + C1 + C2 * C1 * 9 + C2 + CLASSES * POOLED + CLASSES;

static WEIGHTS_FILE: &[u8] = include_bytes!("../../digits/data/digits_weights.bin");

pub struct Weights {
    w: Vec<f32>,
}

fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for &b in bytes {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    h
}

fn u32le(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Validates the embedded file (magic, version, count, checksum) once and caches the floats.
pub fn weights() -> Option<&'static Weights> {
    static mut CACHE: Option<Weights> = None;
    unsafe {
        if CACHE.is_none() {
            let f = WEIGHTS_FILE;
            if f.len() != 16 + 4 * NUM_WEIGHTS || &f[0..4] != b"DGW1" || u32le(f, 4) != 1
                || u32le(f, 8) as usize != NUM_WEIGHTS || fnv1a32(&f[16..]) != u32le(f, 12)
            {
                return None;
            }
            let w = (0..NUM_WEIGHTS).map(|i| f32::from_bits(u32le(f, 16 + 4 * i))).collect();
            CACHE = Some(Weights { w });
        }
        CACHE.as_ref()
    }
}

fn conv3x3_relu(input: &[f32], in_ch: usize, w: &[f32], bias: &[f32], out_ch: usize, out: &mut [f32]) {
    for oc in 0..out_ch {
        for y in 0..SIDE {
            for x in 0..SIDE {
                let mut acc = bias[oc];
                for ic in 0..in_ch {
                    let plane = &input[ic * PIXELS..];
                    let kernel = &w[(oc * in_ch + ic) * 9..];
                    for ky in 0..3 {
                        let iy = y as isize + ky as isize - 1;
                        if iy < 0 || iy >= SIDE as isize {
                            continue;
                        }
                        for kx in 0..3 {
                            let ix = x as isize + kx as isize - 1;
                            if ix < 0 || ix >= SIDE as isize {
                                continue;
                            }
                            acc = acc + kernel[ky * 3 + kx] * plane[iy as usize * SIDE + ix as usize];
                        }
                    }
                }
                out[(oc * SIDE + y) * SIDE + x] = if acc > 0.0 { acc } else { 0.0 };
            }
        }
    }
}

fn max4(a: f32, b: f32, c: f32, d: f32) -> f32 {
    let mut m = a;
    if b > m { m = b; }
    if c > m { m = c; }
    if d > m { m = d; }
    m
}

pub fn forward(weights: &Weights, input: &[f32; PIXELS]) -> [f32; CLASSES] {
    let w = &weights.w;
    let (conv1_w, rest) = w.split_at(C1 * 9);
    let (conv1_b, rest) = rest.split_at(C1);
    let (conv2_w, rest) = rest.split_at(C2 * C1 * 9);
    let (conv2_b, rest) = rest.split_at(C2);
    let (fc_w, fc_b) = rest.split_at(CLASSES * POOLED);
    let mut h1 = [0f32; C1 * PIXELS];
    let mut h2 = [0f32; C2 * PIXELS];
    let mut pooled = [0f32; POOLED];
    conv3x3_relu(input, 1, conv1_w, conv1_b, C1, &mut h1);
    conv3x3_relu(&h1, C1, conv2_w, conv2_b, C2, &mut h2);
    for c in 0..C2 {
        let plane = &h2[c * PIXELS..];
        for y in 0..4 {
            for x in 0..4 {
                let p = &plane[(2 * y) * SIDE + 2 * x..];
                pooled[(c * 4 + y) * 4 + x] = max4(p[0], p[1], p[SIDE], p[SIDE + 1]);
            }
        }
    }
    let mut logits = [0f32; CLASSES];
    for k in 0..CLASSES {
        let row = &fc_w[k * POOLED..];
        let mut acc = fc_b[k];
        for i in 0..POOLED {
            acc = acc + row[i] * pooled[i];
        }
        logits[k] = acc;
    }
    logits
}
