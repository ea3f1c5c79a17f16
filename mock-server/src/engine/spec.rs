//! Generic engine: a spec read at run time through the specgen library (no
//! code generation): its type space, each endpoint's plan, its OpenAPI document. Replaced whole when `--watch` reloads.

use super::error::EngineError;
use super::profile::{Profile, Profiles};
use super::semantics::{Effect, Plan};
use axum::http::HeaderValue;
use specgen::load::Input;
use specgen::types::values::Types;
use specgen::types::{Endpoint, Ty};
use specgen::Status;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the spec and its overlay are read from: files, or texts built into
/// the binary (`embedded`, then the paths only name them).
#[derive(Debug, Clone)]
pub struct Source {
    pub spec: PathBuf,
    pub bindings: Option<PathBuf>,
    pub embedded: Option<Embedded>,
}

impl Source {
    /// What the specgen front end reads: the files, or the texts built in
    /// (named by the paths).
    pub fn specgen(&self) -> specgen::load::Source {
        let text = |path: &Path, text: &str| Input::Text { name: path.display().to_string(), text: text.to_string() };
        let spec = match self.embedded {
            Some(e) => text(&self.spec, e.spec),
            None => Input::File(self.spec.clone()),
        };
        let bindings = match (&self.bindings, self.embedded.and_then(|e| e.bindings)) {
            (Some(p), Some(built_in)) => Some(text(p, built_in)),
            (Some(p), None) => Some(Input::File(p.clone())),
            (None, _) => None,
        };
        // A built-in spec is reStructuredText; a file's format is what its
        // extension says (the reader guesses, and says so, otherwise).
        let format = self.embedded.map(|_| specgen::Format::Rst);
        specgen::load::Source { spec, bindings, format }
    }
}

/// A spec and its overlay compiled into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Embedded {
    pub spec: &'static str,
    pub bindings: Option<&'static str>,
}

/// One served endpoint: where it sits in the type space (its path's
/// segments are the endpoint's [`specgen::types::PathTemplate`]), its plan
/// and its spec header values.
pub struct Route {
    pub api: usize,
    pub index: usize,
    pub status: Status,
    pub section: HeaderValue,
    pub status_header: HeaderValue,
    pub plan: Plan,
}

/// A spec ready to serve.
pub struct Served {
    pub source: Source,
    pub types: Types,
    pub routes: Vec<Route>,
    pub openapi: String,
    pub title: String,
    /// The domain profile the overlay binds, checked to fit this spec.
    pub profile: Option<Arc<dyn Profile>>,
    /// The overlay's path prefix (`/_matrix/client/v2`), or "".
    pub prefix: String,
    /// How its error answers look (the type space's, shared with the
    /// server's edge).
    pub errors: Arc<specgen::types::errors::ErrorFormat>,
    /// The soft-delete rule of each resource that has one, worked out once
    /// from the routes (not per request).
    gone: std::collections::HashMap<String, specgen::plan::moves::Gone>,
}

impl Served {
    pub fn endpoint(&self, r: &Route) -> &Endpoint {
        &self.types.space.apis[r.api].endpoints[r.index]
    }

    /// The resource whose items have ids of `id_type` (made by a create).
    pub fn resource_of(&self, id_type: &str) -> Option<&str> {
        self.routes
            .iter()
            .find(|r| r.plan.effect() == Effect::Create && r.plan.id_type.as_deref() == Some(id_type))
            .map(|r| r.plan.resource.as_str())
    }

    /// The statuses in which a record of `resource` counts as deleted (a
    /// soft delete's), when its reads have such a rule.
    pub fn gone_rule(&self, resource: &str) -> Option<&specgen::plan::moves::Gone> {
        self.gone.get(resource)
    }

    /// The resources served, by noun.
    pub fn resources(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.routes.iter().filter(|r| r.plan.effect() == Effect::Create).map(|r| r.plan.resource.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// Reads `source` and builds what is served, with the profile its overlay
/// binds (one of `profiles`); the error is every located diagnostic, one
/// `file:line:col: error: …` per line, or why the profile does not fit.
pub fn load(source: &Source, profiles: &Profiles) -> Result<Served, EngineError> {
    let specgen::Loaded { read, bindings, space, .. } = specgen::load(&source.specgen()).map_err(EngineError::Spec)?;
    let title = title_of(&source.spec);
    // The same text `specgen export openapi` writes for this file.
    let file = source.spec.file_name().map_or_else(|| source.spec.display().to_string(), |n| n.to_string_lossy().into_owned());
    let openapi = specgen::emit::openapi::text(&space, &file);
    let plans = specgen::plan::plans(&space, bindings.as_ref()).map_err(|d| {
        let mut diagnostics = specgen::Diagnostics::default();
        diagnostics.push(d);
        EngineError::Spec(specgen::SpecError::Spec { sources: read.sources, diagnostics })
    })?;
    let types = Types::new(space);
    let mut routes = Vec::new();
    for ((a, api), plans) in types.space.apis.iter().enumerate().zip(plans) {
        for (i, plan) in (0..api.endpoints.len()).zip(plans) {
            routes.push(Route {
                api: a,
                index: i,
                status: api.status,
                section: header_value(&api.title),
                status_header: HeaderValue::from_static(api.status.as_str()),
                plan,
            });
        }
    }
    let prefix = bindings.as_ref().map(|b| b.prefix.clone()).unwrap_or_default();
    let errors = Arc::new(types.space.errors.clone());
    let mut gone = std::collections::HashMap::new();
    for r in &routes {
        if let Some(g) = &r.plan.gone {
            gone.entry(r.plan.resource.clone()).or_insert_with(|| g.clone());
        }
    }
    let mut served = Served { source: source.clone(), types, routes, openapi, title, profile: None, prefix, errors, gone };
    if let Some(name) = bindings.as_ref().and_then(|b| b.profile.as_ref()) {
        let at = source.bindings.as_ref().map_or(String::new(), |p| format!("{}:{}:{}: ", p.display(), name.pos.line, name.pos.col));
        let endpoints: Vec<&Endpoint> = served.routes.iter().map(|r| served.endpoint(r)).collect();
        let bound = profiles.bind(&name.value, &endpoints).map_err(|error| EngineError::Profile { at, error: Box::new(error) })?;
        served.profile = Some(bound);
    }
    Ok(served)
}

fn title_of(path: &Path) -> String {
    path.file_stem().map_or("spec".into(), |s| s.to_string_lossy().into_owned())
}

/// A header value of visible ASCII (other characters become `?`).
pub fn header_value(s: &str) -> HeaderValue {
    let ascii: String = s.chars().map(|c| if c.is_ascii() && !c.is_ascii_control() { c } else { '?' }).collect();
    HeaderValue::from_str(&ascii).unwrap_or(HeaderValue::from_static("?"))
}

/// The type of a request or response field, by wire name.
pub fn field_ty<'a>(fields: &'a [specgen::types::Field], wire: &str) -> Option<&'a Ty> {
    fields.iter().find(|f| f.wire == wire).map(|f| &f.ty)
}
