//! TVM-legacy "wasm_graph" module for the digits CNN (wasm32-wasi cdylib).
//!
//! Same ABI as Apache TVM's apps/wasm-standalone wasm_graph: exports `memory` and
//! `run(addr: i32, size: i32) -> i32`. The host writes the input tensor as compact serde_json
//! `{"dtype":"FP32","shape":[1,1,8,8],"strides":null,"data":[<256 little-endian bytes as numbers>]}`
//! at `addr` (the old end of memory, after growing it), calls `run`, and reads `out_size` bytes of JSON
//! back from `addr`: `{"dtype":"FP32","shape":[1,10],"strides":null,"data":[<40 bytes>]}` (the logits).
//! Unlike TVM (which panics, i.e. traps), malformed input makes `run` return 0.
//!
//! The input is copied byte by byte into a growing Vec exactly like TVM's `load_input`, so this module also
//! reproduces the field bug described in DESIGN.md 5.1 when a host writes into memory the allocator owns.
//! The forward pass mirrors models/digits/digits_model.c operation for operation, so logits are bit-identical.
//!
//! Built twice: digits_legacy.wasm has the extension below; digits_legacy_tvm.wasm (`--cfg tvm_faithful`) exports
//! only `memory` and `run` like TVM's real module (safe hosts then use priming + grown pages).
//!
//! Extension over TVM: `wasm_graph_alloc(size) -> addr` / `wasm_graph_free(addr)` expose the guest allocator, so
//! a safe host can place the input JSON in guest-owned memory instead of at the old end of memory.

use serde_json::{json, Value};
#[cfg(not(tvm_faithful))]
use std::alloc::{alloc, dealloc, Layout};

mod model;

/// Reads `size` bytes at `addr` into a Vec the way TVM's wasm_graph utils::load_input does.
unsafe fn load_input(addr: i32, size: usize) -> Vec<u8> {
    let ptr = addr as usize as *const u8;
    let mut data = Vec::new();
    for i in 0..size {
        data.push(*ptr.add(i));
    }
    data
}

/// Parses the input tensor JSON; returns the 64 input floats or None.
fn parse_input(bytes: &[u8]) -> Option<[f32; model::PIXELS]> {
    let v: Value = serde_json::from_slice(bytes).ok()?;
    if v.get("dtype")?.as_str()? != "FP32" {
        return None;
    }
    let shape = v.get("shape")?.as_array()?;
    let mut count: u64 = 1;
    for d in shape {
        count = count.checked_mul(d.as_u64()?)?;
    }
    if count != model::PIXELS as u64 {
        return None;
    }
    match v.get("strides") {
        None | Some(Value::Null) => {}
        Some(_) => return None, // only compact tensors
    }
    let data = v.get("data")?.as_array()?;
    if data.len() != 4 * model::PIXELS {
        return None;
    }
    let mut out = [0f32; model::PIXELS];
    for (i, chunk) in data.chunks(4).enumerate() {
        let mut b = [0u8; 4];
        for (j, x) in chunk.iter().enumerate() {
            let byte = x.as_u64()?;
            if byte > 255 {
                return None;
            }
            b[j] = byte as u8;
        }
        out[i] = f32::from_le_bytes(b);
    }
    Some(out)
}

#[no_mangle]
pub extern "C" fn run(addr: i32, size: i32) -> i32 {
    // An empty input is parsed like any other (serde_json's error allocates, as in TVM where it then panics), so a
    // host's priming call run(addr, 0) initialises the allocator without writing anything.
    if addr < 0 || size < 0 {
        return 0;
    }
    let bytes = unsafe { load_input(addr, size as usize) };
    let input = match parse_input(&bytes) {
        Some(x) => x,
        None => return 0,
    };
    let weights = match model::weights() {
        Some(w) => w,
        None => return 0,
    };
    let logits = model::forward(weights, &input);
    let data: Vec<u8> = logits.iter().flat_map(|f| f.to_le_bytes()).collect();
    let out = json!({"dtype": "FP32", "shape": [1, model::CLASSES], "strides": null, "data": data});
    let text = match serde_json::to_vec(&out) {
        Ok(t) => t,
        Err(_) => return 0,
    };
    // The output overwrites the consumed input; it must fit in the `size` bytes the host provided (the input
    // JSON of this model is always longer than its output, and a guest-allocated buffer has no slack).
    if text.len() > size as usize {
        return 0;
    }
    unsafe { std::ptr::copy_nonoverlapping(text.as_ptr(), addr as usize as *mut u8, text.len()) };
    text.len() as i32
}

/// Bytes kept in front of each allocation to remember its size (16 keeps the payload 16-byte aligned).
#[cfg(not(tvm_faithful))]
const ALLOC_HEADER: usize = 16;

#[cfg(not(tvm_faithful))]
#[no_mangle]
pub extern "C" fn wasm_graph_alloc(size: i32) -> i32 {
    if size <= 0 {
        return 0;
    }
    let total = match (size as usize).checked_add(ALLOC_HEADER) {
        Some(t) => t,
        None => return 0,
    };
    let layout = match Layout::from_size_align(total, 16) {
        Ok(l) => l,
        Err(_) => return 0,
    };
    unsafe {
        let base = alloc(layout);
        if base.is_null() {
            return 0;
        }
        (base as *mut usize).write(total);
        base.add(ALLOC_HEADER) as usize as i32
    }
}

#[cfg(not(tvm_faithful))]
#[no_mangle]
pub extern "C" fn wasm_graph_free(addr: i32) {
    if addr == 0 {
        return;
    }
    unsafe {
        let base = (addr as usize as *mut u8).sub(ALLOC_HEADER);
        let total = (base as *const usize).read();
        dealloc(base, Layout::from_size_align_unchecked(total, 16));
    }
}
