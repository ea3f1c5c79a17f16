//! The build step: a [`Config`] builder (in the manner of prost-build) that
//! reads a spec and its overlay, builds the types, emits and formats them,
//! and writes only the files that changed.
//!
//! ```no_run
//! // build.rs
//! specgen::Config::new("spec/api.rst")
//!     .with_bindings("spec/bindings.toml")
//!     .with_out_dir(std::env::var("OUT_DIR").unwrap())
//!     .single_file("api", specgen::Status::Draft)
//!     .with_rerun_if_changed(true)
//!     .write()
//!     .unwrap();
//! ```

use crate::bindings::Bindings;
use crate::diagnostic::Diagnostics;
use crate::emit::{self, Files, Layout, MARKER};
use crate::load::{self as front, error_lines, Loaded, Source, SpecError};
use crate::model::{Format, Status};
use crate::reader::Read;
use crate::source::{LoadError, SourceMap};
use crate::types::TypeSpace;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to generate from where.
#[derive(Debug, Clone)]
pub struct Config {
    spec: PathBuf,
    bindings: Option<PathBuf>,
    out_dir: PathBuf,
    layout: Layout,
    format: Option<Format>,
    rerun_if_changed: bool,
    runtime: Option<PathBuf>,
}

/// `to` as a path from directory `from` (both absolute), when they share a
/// root.
fn relative(to: &Path, from: &Path) -> Option<PathBuf> {
    use std::path::Component;
    fn norm(p: &Path) -> Vec<Component<'_>> {
        let mut out: Vec<Component> = Vec::new();
        for c in p.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                c => out.push(c),
            }
        }
        out
    }
    let (t, f) = (norm(to), norm(from));
    if t.first() != f.first() {
        return None;
    }
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c.as_os_str());
    }
    Some(out)
}

/// Time spent per stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub read: Duration,
    pub parse: Duration,
    pub infer: Duration,
    pub emit: Duration,
    pub format: Duration,
    pub write: Duration,
}

/// The result of a generation in memory.
pub struct Generated {
    pub read: Read,
    pub bindings: Option<Bindings>,
    pub space: TypeSpace,
    pub files: Files,
    /// Every file read, for `cargo:rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    pub timings: Timings,
}

/// Why nothing was generated (or written).
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The crate or single-file name cannot name a crate or a module.
    #[error("`{name}` is not a valid crate or file name: use letters, digits, `-` and `_`, starting with a letter")]
    InvalidName { name: String },
    /// The spec or the overlay could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The spec or the overlay has errors; `diagnostics` say where, in the
    /// files of `sources`.
    #[error("{}", error_lines(sources, diagnostics))]
    Spec { sources: SourceMap, diagnostics: Diagnostics },
    /// A generated file could not be written or a stale one removed.
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

impl From<SpecError> for GenerateError {
    fn from(e: SpecError) -> Self {
        match e {
            SpecError::Load(e) => GenerateError::Load(e),
            SpecError::Spec { sources, diagnostics } => GenerateError::Spec { sources, diagnostics },
        }
    }
}

/// What [`Config::write`] did.
#[derive(Debug, Default)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    pub timings: Timings,
    /// Warnings found on the way, and the files they point into.
    pub warnings: Diagnostics,
    pub sources: SourceMap,
}

/// What [`Config::check_report`] found.
#[derive(Debug)]
pub struct CheckReport {
    /// The files that differ (empty: up to date).
    pub stale: Vec<Stale>,
    pub warnings: Diagnostics,
    pub sources: SourceMap,
}

/// A file that differs between the disk and a fresh generation.
#[derive(Debug)]
pub struct Stale {
    pub path: PathBuf,
    /// Unified diff, disk → generated.
    pub diff: String,
}

impl Config {
    /// Generates from `spec`; by default into `generated/` as a crate named
    /// after the spec file, with no overlay.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        let spec = spec.into();
        let name = crate_name_from(&spec.file_stem().map_or("api".into(), |s| s.to_string_lossy().to_string()));
        Config {
            spec,
            bindings: None,
            out_dir: PathBuf::from("generated"),
            layout: Layout::Crate { name, runtime: String::new() },
            format: None,
            rerun_if_changed: false,
            runtime: None,
        }
    }

    pub fn with_bindings(mut self, path: impl Into<PathBuf>) -> Self {
        self.bindings = Some(path.into());
        self
    }

    pub fn without_bindings(mut self) -> Self {
        self.bindings = None;
        self
    }

    pub fn with_out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = dir.into();
        self
    }

    /// A whole crate named `name` (Cargo.toml, src/, tests/).
    pub fn with_crate_name(mut self, name: impl Into<String>) -> Self {
        self.layout = Layout::Crate { name: name.into(), runtime: String::new() };
        self
    }

    /// One file `NAME.rs` to `include!`, with the APIs of `min_status` and up.
    pub fn single_file(mut self, name: impl Into<String>, min_status: Status) -> Self {
        self.layout = Layout::SingleFile { name: name.into(), min_status };
        self
    }

    pub fn with_input_format(mut self, format: Format) -> Self {
        self.format = Some(format);
        self
    }

    /// Print `cargo:rerun-if-changed` for every file read (for build.rs).
    pub fn with_rerun_if_changed(mut self, yes: bool) -> Self {
        self.rerun_if_changed = yes;
        self
    }

    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Where a generated crate's Cargo.toml finds `specgen-runtime`; by
    /// default the crate beside this specgen's own source
    /// (`codegen/runtime`). Written relative to the output directory when
    /// both lie on one tree.
    pub fn with_runtime(mut self, dir: impl Into<PathBuf>) -> Self {
        self.runtime = Some(dir.into());
        self
    }

    fn runtime_path(&self) -> String {
        let runtime = self.runtime.clone().unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime"));
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let (to, from) = (absolute(&runtime), absolute(&self.out_dir));
        let path = relative(&to, &from).unwrap_or(to);
        path.to_string_lossy().replace('\\', "/")
    }

    /// The spec and overlay this configuration reads.
    pub fn source(&self) -> Source {
        let format = self.format.or_else(|| Format::from_path(&self.spec)).unwrap_or(Format::Rst);
        let source = Source::file(&self.spec).with_format(format);
        match &self.bindings {
            Some(b) => source.with_bindings(b),
            None => source,
        }
    }

    /// Reads and checks the spec and its overlay ([`crate::load`]), with a
    /// warning for each example that does not read into its types.
    pub fn load(&self) -> Result<Loaded, SpecError> {
        let mut loaded = front::load(&self.source())?;
        loaded.check_examples();
        Ok(loaded)
    }

    /// Reads, checks and emits, in memory.
    pub fn generate(&self) -> Result<Generated, GenerateError> {
        let mut timings = Timings::default();
        let name = match &self.layout {
            Layout::Crate { name, .. } | Layout::SingleFile { name, .. } => name,
        };
        if !valid_crate_name(name) {
            return Err(GenerateError::InvalidName { name: name.clone() });
        }
        let Loaded { read, bindings, space, timings: loaded } = self.load()?;
        timings.read = loaded.read;
        timings.parse = loaded.parse;
        timings.infer = loaded.infer;
        let t = Instant::now();
        let spec_name = self.spec.file_name().map_or("spec".into(), |n| n.to_string_lossy().to_string());
        let layout = match &self.layout {
            Layout::Crate { name, .. } => Layout::Crate { name: name.clone(), runtime: self.runtime_path() },
            other => other.clone(),
        };
        let tokens = emit::emit_tokens(&space, &spec_name, &layout);
        timings.emit = t.elapsed();
        let t = Instant::now();
        let files = emit::format_all(tokens);
        timings.format = t.elapsed();
        let mut inputs = vec![self.spec.clone()];
        inputs.extend(self.bindings.clone());
        Ok(Generated { read, bindings, space, files, inputs, timings })
    }

    /// Generates and writes the files that changed; removes generated files
    /// that are no longer generated.
    pub fn write(&self) -> Result<WriteReport, GenerateError> {
        let g = self.generate()?;
        let t = Instant::now();
        let mut report = WriteReport::default();
        for (rel, text) in &g.files {
            let path = self.out_dir.join(rel);
            if write_file_if_changed(&path, text).map_err(|e| write_error(&path, e))? {
                report.written.push(path);
            } else {
                report.unchanged.push(path);
            }
        }
        for stale in self.stale_generated_files(&g.files) {
            std::fs::remove_file(&stale).map_err(|e| write_error(&stale, e))?;
            report.removed.push(stale);
        }
        if self.rerun_if_changed {
            for p in &g.inputs {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
        report.timings = g.timings;
        report.timings.write = t.elapsed();
        report.warnings = g.read.diagnostics;
        report.sources = g.read.sources;
        Ok(report)
    }

    /// The files on disk that differ from a fresh generation (empty: up to
    /// date).
    pub fn check(&self) -> Result<Vec<Stale>, GenerateError> {
        self.check_report().map(|r| r.stale)
    }

    /// [`Config::check`], with the warnings found on the way (the examples
    /// that do not fit their types among them).
    pub fn check_report(&self) -> Result<CheckReport, GenerateError> {
        let g = self.generate()?;
        let mut out = Vec::new();
        for (rel, text) in &g.files {
            let path = self.out_dir.join(rel);
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            if &old != text {
                out.push(Stale { diff: diff(&old, text, &path), path });
            }
        }
        for path in self.stale_generated_files(&g.files) {
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            out.push(Stale { diff: diff(&old, "", &path), path });
        }
        Ok(CheckReport { stale: out, warnings: g.read.diagnostics, sources: g.read.sources })
    }

    /// Generated files (first line carries the marker) in `src/` and
    /// `tests/` that the new generation does not produce.
    fn stale_generated_files(&self, files: &Files) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for dir in ["src", "tests"] {
            let Ok(entries) = std::fs::read_dir(self.out_dir.join(dir)) else { continue };
            for e in entries.flatten() {
                let path = e.path();
                let rel = Path::new(dir).join(e.file_name());
                let generated = std::fs::read_to_string(&path).is_ok_and(|t| t.lines().next().is_some_and(|l| l.contains(MARKER)));
                if generated && !files.contains_key(&rel) {
                    out.push(path);
                }
            }
        }
        out.sort();
        out
    }
}

/// A valid crate name from a file stem: lowercase letters, digits and
/// dashes, starting with a letter.
fn crate_name_from(stem: &str) -> String {
    let cleaned: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let cleaned = cleaned.trim_matches('-').to_string();
    if cleaned.starts_with(|c: char| c.is_ascii_alphabetic()) {
        cleaned
    } else {
        format!("spec-{cleaned}")
    }
}

/// Whether `name` can be a crate name (and its `_` form an identifier).
fn valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn write_error(path: &Path, source: std::io::Error) -> GenerateError {
    GenerateError::Write { path: path.to_path_buf(), source }
}

/// Writes `text` to `path` unless it already holds exactly that (so build
/// tools see no change). Returns whether it wrote.
pub fn write_file_if_changed(path: &Path, text: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)?;
    Ok(true)
}

fn diff(old: &str, new: &str, path: &Path) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (on disk)"), &format!("{name} (generated)"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_from_file_stems() {
        assert_eq!(crate_name_from("client_server_v2"), "client-server-v2");
        assert_eq!(crate_name_from("34-20150114-a1aaf781"), "spec-34-20150114-a1aaf781");
        assert!(valid_crate_name("spec-34") && !valid_crate_name("3x") && !valid_crate_name("a b"));
    }

    /// A scratch directory holding `spec.md` with `text`.
    fn scratch_spec(name: &str, text: &str) -> (PathBuf, PathBuf) {
        let dir = std::env::temp_dir().join(format!("specgen-err-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("spec.md");
        std::fs::write(&spec, text).unwrap();
        (dir, spec)
    }

    const ONE_API: &str = "# Chat `[Draft]`\n\nInputs:\n\n- Room ID\n";

    #[test]
    fn each_failure_has_its_own_error() {
        let (dir, spec) = scratch_spec("kinds", ONE_API);
        let e = Config::new(&spec).with_crate_name("3 bad").generate().err().unwrap();
        assert!(matches!(&e, GenerateError::InvalidName { name } if name == "3 bad"), "{e:?}");
        assert!(e.to_string().starts_with("`3 bad` is not a valid crate or file name"), "{e}");

        let e = Config::new(dir.join("missing.md")).generate().err().unwrap();
        assert!(matches!(e, GenerateError::Load(LoadError::Io { .. })), "{e:?}");

        let (_, bad) = scratch_spec("spec-error", "# Chat `[Drafty]`\n");
        let e = Config::new(&bad).generate().err().unwrap();
        let GenerateError::Spec { diagnostics, .. } = &e else { panic!("{e:?}") };
        assert!(diagnostics.has_errors());
        assert!(e.to_string().contains("spec.md:1:8") && e.to_string().contains("[Drafty]"), "{e}");

        // A file where the output directory should be.
        let blocked = dir.join("blocked");
        std::fs::write(&blocked, "").unwrap();
        let e = Config::new(&spec).with_out_dir(&blocked).write().err().unwrap();
        let GenerateError::Write { path, source } = &e else { panic!("{e:?}") };
        assert!(path.starts_with(&blocked) && source.kind() != std::io::ErrorKind::NotFound, "{e:?}");
        assert!(e.to_string().starts_with(&format!("cannot write {}", blocked.display())), "{e}");
        assert!(std::error::Error::source(&e).is_some(), "the I/O error is the source");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_if_changed_leaves_equal_files_alone() {
        let dir = std::env::temp_dir().join(format!("specgen-wic-{}", std::process::id()));
        let p = dir.join("a/b.rs");
        assert!(write_file_if_changed(&p, "x").unwrap());
        assert!(!write_file_if_changed(&p, "x").unwrap());
        assert!(write_file_if_changed(&p, "y").unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
