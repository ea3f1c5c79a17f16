//! Generic engine: a spec served on a loopback port from a thread of its
//! own, for tests, examples and benchmarks.

use super::app::application;
use super::error::EngineError;
use super::handle::Engine;
use super::options::EngineOptions;
use super::serve;

/// A served engine on a loopback port, stopped when dropped.
pub struct Running {
    pub addr: std::net::SocketAddr,
    pub engine: Engine,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Serves `options` on 127.0.0.1 (a free port) from a background thread
/// with its own runtime (the state file loaded first, when set), until the
/// handle is dropped. For tests, examples
/// and benchmarks; the binary serves through `main`.
pub fn spawn_on_loopback(options: EngineOptions) -> Result<Running, EngineError> {
    let engine = Engine::new(options)?;
    engine.load()?;
    let (tx, rx) = std::sync::mpsc::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = engine.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
            tx.send(listener.local_addr().expect("bound")).expect("the caller waits");
            let header_timeout = serving.options().header_timeout;
            let errors = serving.error_style();
            let drained = serve::serve(listener, application(serving), header_timeout, errors, async {
                let _ = stopped.await;
            })
            .await;
            drained.await;
        });
    });
    let addr = rx.recv().expect("the server thread reports its address");
    Ok(Running { addr, engine, stop: Some(stop) })
}
