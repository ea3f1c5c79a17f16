//! Start to first answer and reload time of `mock-server --spec`: starts
//! the binary on a spec (default the built-in one), polls its health route
//! until it answers, and prints the time taken; then times a reload of the
//! same spec in process (what `--watch` does on a change). Used by
//! `bench/mock_engine`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn answers(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.write_all(b"GET /_mock/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.contains(" 200 ")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let bin = args.next().expect("the mock-server binary");
    let spec = args.next().expect("a spec");
    let port: u16 = args.next().and_then(|p| p.parse().ok()).unwrap_or(18090);
    let started = Instant::now();
    let mut child = Command::new(&bin)
        .args(["--spec", &spec, "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("mock-server starts");
    while !answers(port) {
        assert!(started.elapsed() < Duration::from_secs(10), "no answer within 10 s");
        std::thread::sleep(Duration::from_micros(500));
    }
    let first = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    println!("start to first answer: {:.1} ms (target < 100 ms: {:.0}% of it)", ms(first), ms(first));

    let path = std::path::PathBuf::from(&spec);
    let bindings = Some(path.with_file_name("bindings.toml")).filter(|p| p.is_file());
    // As `mock-server --spec` reads it: with the server's profiles (the
    // built-in spec's overlay binds Matrix's).
    let options = mock_server::engine::EngineOptions {
        profiles: mock_server::profiles(mock_server::SERVER_NAME),
        ..mock_server::engine::EngineOptions::new(&path, bindings)
    };
    let engine = mock_server::engine::Engine::new(options).expect("the spec loads");
    let mut times: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            assert!(mock_server::engine::watch::reload(&engine));
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!("reload: median {:.1} ms of 20 (target < 50 ms: {:.0}% of it)", ms(median), ms(median) * 2.0);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
