;; A hostile tensor-ABI guest: its input name at the last 4 bytes of memory has no NUL terminator.
(module
  (memory (export "memory") 1)
  (data (i32.const 65532) "abcd")
  ;; descriptor at 64: data, device(1,0), ndim 2, dtype f32, shape ptr 128, strides 0, pad, byte_offset 0
  (data (i32.const 64) "\00\01\00\00" "\01\00\00\00" "\00\00\00\00" "\02\00\00\00" "\02\20\01\00" "\80\00\00\00"
                       "\00\00\00\00" "\00\00\00\00" "\00\00\00\00\00\00\00\00")
  (data (i32.const 128) "\00\04\00\00\00\00\00\00" "\00\04\00\00\00\00\00\00")
  (func (export "wasm_graph_abi_version") (result i32) (i32.const 1))
  (func (export "wasm_graph_num_inputs") (result i32) (i32.const 1))
  (func (export "wasm_graph_num_outputs") (result i32) (i32.const 1))
  (func (export "wasm_graph_input_desc") (param i32) (result i32) (i32.const 64))
  (func (export "wasm_graph_output_desc") (param i32) (result i32) (i32.const 64))
  (func (export "wasm_graph_input_name") (param i32) (result i32) (i32.const 65532))
  (func (export "wasm_graph_output_name") (param i32) (result i32) (i32.const 65532))
  (func (export "wasm_graph_run") (result i32) (i32.const 0))
)
