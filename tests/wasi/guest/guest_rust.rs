// WASI guest in Rust (Debian rustc + libstd-rust-dev-wasm32): std::fs, std::env, std::time,
// std::io::stdin and std::process::exit over wasi_snapshot_preview1.
// Usage: guest_rust.wasm MODE ROOT
use std::fs;
use std::io::{Read, Write};
use std::time::{Duration, Instant, SystemTime};

fn check(ok: bool, what: &str, failures: &mut u32) {
    if !ok {
        println!("FAIL {}", what);
        *failures += 1;
    }
}

fn fs_checks(root: &str) -> u32 {
    let mut f = 0;
    let p = |n: &str| format!("{}/{}", root, n);
    check(fs::write(p("r.txt"), b"rust data").is_ok(), "write", &mut f);
    check(fs::read(p("r.txt")).map(|d| d == b"rust data").unwrap_or(false), "read back", &mut f);
    let mut file = fs::OpenOptions::new().append(true).open(p("r.txt")).unwrap();
    check(file.write_all(b"!").is_ok(), "append", &mut f);
    drop(file);
    check(fs::metadata(p("r.txt")).map(|m| m.len() == 10 && m.is_file()).unwrap_or(false), "metadata", &mut f);
    check(fs::create_dir_all(p("x/y/z")).is_ok(), "create_dir_all", &mut f);
    check(fs::rename(p("r.txt"), p("x/y/z/moved.txt")).is_ok(), "rename", &mut f);
    let mut names: Vec<String> = fs::read_dir(p("x/y/z"))
        .map(|it| it.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    check(names == vec!["moved.txt".to_string()], "read_dir", &mut f);
    check(fs::remove_dir(p("x")).map_err(|e| e.kind()).err().is_some(), "remove non-empty dir fails", &mut f);
    check(fs::remove_dir_all(p("x")).is_ok(), "remove_dir_all", &mut f);
    check(!std::path::Path::new(&p("x")).exists(), "gone", &mut f);
    check(fs::read(p("missing")).err().map(|e| e.kind() == std::io::ErrorKind::NotFound).unwrap_or(false),
          "NotFound", &mut f);
    check(fs::read(format!("{}/../../etc/passwd", root)).is_err(), "escape refused", &mut f);
    check(fs::read("/etc/passwd").is_err() || root == "", "absolute outside refused", &mut f);
    f
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(|s| s.as_str()).unwrap_or("");
    match mode {
        "fs" => {
            let f = fs_checks(&args[2]);
            println!("rust fs: {} failures", f);
            std::process::exit(if f == 0 { 0 } else { 1 });
        }
        "env" => {
            println!("args={:?}", &args[1..]);
            println!("VAR={}", std::env::var("VAR").unwrap_or_else(|_| "(unset)".into()));
        }
        "time" => {
            let t0 = Instant::now();
            std::thread::sleep(Duration::from_millis(15));
            let ok_sleep = t0.elapsed() >= Duration::from_millis(14);
            let ok_epoch = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs() > 1_577_836_800;
            println!("time ok={}", ok_sleep && ok_epoch);
        }
        "stdin" => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).unwrap();
            println!("{}", s.to_uppercase());
        }
        "hash" => {
            // HashMap seeds come from random_get.
            let mut m = std::collections::HashMap::new();
            m.insert("k", 1);
            println!("hash {}", m["k"]);
        }
        "exit" => std::process::exit(args[2].parse().unwrap()),
        "panic" => panic!("guest panic"),
        _ => std::process::exit(2),
    }
}
