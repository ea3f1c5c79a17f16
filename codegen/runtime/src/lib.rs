//! specgen-runtime: what every crate specgen generates depends on, so that
//! the generated code holds only the spec's own types. Statuses and endpoint
//! metadata ([`Endpoint`], checked against its path at compile time), the
//! [`Request`] trait (a request's endpoint, response type and parameters),
//! the one-or-many wrapper of batch inputs, [`Example`] values, and the time
//! and decimal types a spec's prose asks for ([`UnixSeconds`],
//! [`UnixMillis`], [`LocalDateTime`], and `chrono` and `rust_decimal`
//! re-exported, so a generated crate needs no other dependency for them).

use serde::{Deserialize, Serialize};

/// How far an API has come, in order: the marker at the end of a section
/// title (`[Draft]`). A generated crate compiles a section in by the cargo
/// feature of its status ([`Status::feature`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Todo,
    Ongoing,
    Draft,
    Final,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Todo, Status::Ongoing, Status::Draft, Status::Final];

    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Ongoing => "ongoing",
            Status::Draft => "draft",
            Status::Final => "final",
        }
    }

    /// The status a word names, in any letter case.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str().eq_ignore_ascii_case(s))
    }

    /// The spelling the drafts use in markers.
    pub const fn marker(self) -> &'static str {
        match self {
            Status::Todo => "TODO",
            Status::Ongoing => "ONGOING",
            Status::Draft => "Draft",
            Status::Final => "Final",
        }
    }

    /// The cargo feature of a generated crate that compiles an API of this
    /// status in; `None` for Final (always in) and TODO (no module, only
    /// endpoint metadata). A status reaches the fewer builds the lower it
    /// is in the derived order.
    pub const fn feature(self) -> Option<&'static str> {
        match self {
            Status::Final | Status::Todo => None,
            Status::Draft => Some("draft"),
            Status::Ongoing => Some("ongoing"),
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The methods an endpoint may have (HEAD and OPTIONS are a server's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
}

impl Method {
    pub const ALL: [Method; 5] = [Method::Get, Method::Put, Method::Post, Method::Delete, Method::Patch];

    /// The upper-case name, as on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }

    /// The method a word names, in any letter case (surrounding blanks
    /// ignored).
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Whether a request of this method carries no body: its inputs travel
    /// in the path and the query.
    pub const fn reads(self) -> bool {
        matches!(self, Method::Get | Method::Delete)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a request field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    Path,
    Query,
    Body,
}

impl Location {
    pub const fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Body => "body",
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The expression that builds a value (`Method::Post`), for a code
/// generator writing endpoint metadata: the generated file names these
/// types unqualified (it imports them).
#[cfg(feature = "tokens")]
mod tokens {
    use super::{Location, Method, Status};
    use proc_macro2::TokenStream;
    use quote::{quote, ToTokens};

    impl ToTokens for Status {
        fn to_tokens(&self, out: &mut TokenStream) {
            out.extend(match self {
                Status::Todo => quote!(Status::Todo),
                Status::Ongoing => quote!(Status::Ongoing),
                Status::Draft => quote!(Status::Draft),
                Status::Final => quote!(Status::Final),
            });
        }
    }

    impl ToTokens for Method {
        fn to_tokens(&self, out: &mut TokenStream) {
            out.extend(match self {
                Method::Get => quote!(Method::Get),
                Method::Put => quote!(Method::Put),
                Method::Post => quote!(Method::Post),
                Method::Delete => quote!(Method::Delete),
                Method::Patch => quote!(Method::Patch),
            });
        }
    }

    impl ToTokens for Location {
        fn to_tokens(&self, out: &mut TokenStream) {
            out.extend(match self {
                Location::Path => quote!(Location::Path),
                Location::Query => quote!(Location::Query),
                Location::Body => quote!(Location::Body),
            });
        }
    }
}

/// One request field and where it travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The name on the wire (path placeholder, query key or JSON key).
    pub wire: &'static str,
    pub rust: &'static str,
    pub location: Location,
    pub required: bool,
}

/// An endpoint's metadata: where it is served and what the spec says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    pub name: &'static str,
    pub method: Method,
    /// The path template, `{name}` for path parameters.
    pub path: &'static str,
    pub section: &'static str,
    pub operation: &'static str,
    pub status: Status,
    /// The spec line of the operation.
    pub line: u32,
    /// Method and path were written down (the overlay, or an HTTP example of
    /// the prose); false when derived from the operation's name.
    pub bound: bool,
    /// Needs an access token.
    pub auth: bool,
    /// Rust paths of the request and response types ("" for TODO sections).
    pub request: &'static str,
    pub response: &'static str,
    pub params: &'static [Param],
}

const fn contains_param(path: &[u8], name: &[u8]) -> bool {
    let mut i = 0;
    while i < path.len() {
        if path[i] == b'{' {
            let mut j = 0;
            while j < name.len() && i + 1 + j < path.len() && path[i + 1 + j] == name[j] {
                j += 1;
            }
            if j == name.len() && i + 1 + j < path.len() && path[i + 1 + j] == b'}' {
                return true;
            }
        }
        i += 1;
    }
    false
}

const fn names_path_param(params: &[Param], name: &[u8]) -> bool {
    let mut k = 0;
    while k < params.len() {
        let w = params[k].wire.as_bytes();
        if matches!(params[k].location, Location::Path) && w.len() == name.len() {
            let mut j = 0;
            while j < w.len() && w[j] == name[j] {
                j += 1;
            }
            if j == w.len() {
                return true;
            }
        }
        k += 1;
    }
    false
}

/// Checked at compile time for every endpoint: each `{name}` of the path is a
/// path parameter, and each path parameter appears in the path.
pub const fn path_matches_params(path: &str, params: &[Param]) -> bool {
    let p = path.as_bytes();
    let mut k = 0;
    while k < params.len() {
        if matches!(params[k].location, Location::Path) && !contains_param(p, params[k].wire.as_bytes()) {
            return false;
        }
        k += 1;
    }
    let mut i = 0;
    while i < p.len() {
        if p[i] == b'{' {
            let start = i + 1;
            let mut end = start;
            while end < p.len() && p[end] != b'}' {
                end += 1;
            }
            let (_, rest) = p.split_at(start);
            let (name, _) = rest.split_at(end - start);
            if !names_path_param(params, name) {
                return false;
            }
            i = end;
        }
        i += 1;
    }
    true
}

/// A batch input (`type[s]` in the prose): one value or a list on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    Many(Vec<T>),
    One(T),
}

impl<T> OneOrMany<T> {
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::Many(v) => v,
            OneOrMany::One(t) => vec![t],
        }
    }

    pub fn len(&self) -> usize {
        match self {
            OneOrMany::Many(v) => v.len(),
            OneOrMany::One(_) => 1,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A request type: its endpoint's metadata, its response type, and where its
/// fields travel. Serialising a request yields its JSON body alone (path and
/// query fields are skipped); [`Request::path`] and [`Request::query`] give
/// the rest.
pub trait Request: Serialize + Sized {
    /// The endpoint this request is sent to.
    const ENDPOINT: Endpoint;
    /// What a successful answer deserialises into.
    type Response: serde::de::DeserializeOwned;

    /// The fields that travel in the path or the query, by wire name, as JSON
    /// values (a left-out optional field is absent).
    fn params(&self) -> Vec<(&'static str, serde_json::Value)>;

    /// The path with its parameters filled in, percent-encoded.
    fn path(&self) -> String {
        let params = self.params();
        let mut out = String::new();
        let mut rest = Self::ENDPOINT.path;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').unwrap_or(rest.len() - open);
            let name = &rest[open + 1..close];
            if let Some((_, v)) = params.iter().find(|(w, _)| *w == name) {
                out.push_str(&percent_encode(&param_text(v)));
            }
            rest = rest.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }

    /// Query parameters in order; a list repeats its key.
    fn query(&self) -> Vec<(&'static str, String)> {
        let in_query = |w: &str| Self::ENDPOINT.params.iter().any(|p| p.wire == w && matches!(p.location, Location::Query));
        let mut out = Vec::new();
        for (w, v) in self.params().into_iter().filter(|(w, _)| in_query(w)) {
            match v {
                serde_json::Value::Null => {}
                serde_json::Value::Array(items) => out.extend(items.iter().map(|i| (w, param_text(i)))),
                v => out.push((w, param_text(&v))),
            }
        }
        out
    }

    /// The JSON body, for methods that carry one.
    fn body(&self) -> Option<serde_json::Value> {
        match Self::ENDPOINT.method {
            Method::Get | Method::Delete => None,
            _ => Some(serde_json::to_value(self).unwrap_or_default()),
        }
    }
}

/// A field as JSON (the generated types always serialise).
pub fn to_json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// A path or query value as text: strings as they are, other JSON as JSON.
pub fn param_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A value of a type, for documentation, mock responses and round-trip tests.
pub trait Example {
    fn example() -> Self;
}

impl Example for String {
    fn example() -> Self {
        "example".to_string()
    }
}

/// Every integer width and both float widths the generated types use.
macro_rules! number_examples {
    ($($t:ty => $v:expr),*) => {
        $(impl Example for $t {
            fn example() -> Self {
                $v
            }
        })*
    };
}

number_examples!(u8 => 1, u16 => 1, u32 => 1, u64 => 1, i8 => 1, i16 => 1, i32 => 1, i64 => 1, f32 => 1.5, f64 => 1.5);

impl<T: Example> Example for std::collections::BTreeMap<String, T> {
    fn example() -> Self {
        std::iter::once(("key".to_string(), T::example())).collect()
    }
}

impl Example for bool {
    fn example() -> Self {
        true
    }
}

impl Example for serde_json::Value {
    fn example() -> Self {
        serde_json::json!({ "key": "value" })
    }
}

impl<T: Example> Example for Vec<T> {
    fn example() -> Self {
        vec![T::example()]
    }
}

impl<T: Example> Example for Option<T> {
    fn example() -> Self {
        Some(T::example())
    }
}

impl<T: Example> Example for OneOrMany<T> {
    fn example() -> Self {
        OneOrMany::One(T::example())
    }
}

pub use chrono;
pub use rust_decimal;

impl Example for chrono::DateTime<chrono::FixedOffset> {
    fn example() -> Self {
        chrono::DateTime::parse_from_rfc3339("2024-05-02T14:03:11Z").expect("a valid timestamp")
    }
}

impl Example for chrono::NaiveDate {
    fn example() -> Self {
        chrono::NaiveDate::from_ymd_opt(2024, 5, 2).expect("a valid date")
    }
}

impl Example for rust_decimal::Decimal {
    fn example() -> Self {
        rust_decimal::Decimal::new(1250, 2)
    }
}

/// A point in time that travels as whole seconds since the Unix epoch
/// ("unix seconds" in the prose).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixSeconds(pub chrono::DateTime<chrono::Utc>);

/// A point in time that travels as milliseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixMillis(pub chrono::DateTime<chrono::Utc>);

impl Serialize for UnixSeconds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0.timestamp())
    }
}

impl<'de> Deserialize<'de> for UnixSeconds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let secs = i64::deserialize(d)?;
        chrono::DateTime::from_timestamp(secs, 0).map(UnixSeconds).ok_or_else(|| serde::de::Error::custom("seconds out of range"))
    }
}

impl Serialize for UnixMillis {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0.timestamp_millis())
    }
}

impl<'de> Deserialize<'de> for UnixMillis {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let ms = i64::deserialize(d)?;
        chrono::DateTime::from_timestamp_millis(ms).map(UnixMillis).ok_or_else(|| serde::de::Error::custom("milliseconds out of range"))
    }
}

impl Example for UnixSeconds {
    fn example() -> Self {
        UnixSeconds(chrono::DateTime::from_timestamp(1_714_658_591, 0).expect("in range"))
    }
}

impl Example for UnixMillis {
    fn example() -> Self {
        UnixMillis(chrono::DateTime::from_timestamp_millis(1_714_658_591_000).expect("in range"))
    }
}

/// A local date and time without an offset, written `YYYY-MM-DD HH:MM`
/// (seconds are read when given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime(pub chrono::NaiveDateTime);

impl Serialize for LocalDateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%d %H:%M"))
    }
}

impl<'de> Deserialize<'de> for LocalDateTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S"))
            .map(LocalDateTime)
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a local date and time (YYYY-MM-DD HH:MM)")))
    }
}

impl Example for LocalDateTime {
    fn example() -> Self {
        LocalDateTime(chrono::NaiveDate::from_ymd_opt(2024, 5, 2).and_then(|d| d.and_hms_opt(14, 3, 0)).expect("a valid time"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_travel_as_the_prose_writes_them() {
        let s: UnixSeconds = serde_json::from_str("1714658591").unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), "1714658591");
        let ms: UnixMillis = serde_json::from_str("1714658591123").unwrap();
        assert_eq!(serde_json::to_string(&ms).unwrap(), "1714658591123");
        let local: LocalDateTime = serde_json::from_str("\"2024-05-02 14:03\"").unwrap();
        assert_eq!(serde_json::to_string(&local).unwrap(), "\"2024-05-02 14:03\"");
        assert!(serde_json::from_str::<LocalDateTime>("\"2024-05-02T14:03\"").is_err());
    }

    #[test]
    fn names_read_back() {
        for s in Status::ALL {
            assert_eq!(Status::parse(&s.as_str().to_uppercase()), Some(s));
        }
        for m in Method::ALL {
            assert_eq!(Method::parse(&format!(" {} ", m.as_str().to_lowercase())), Some(m));
        }
        assert_eq!((Method::parse("HEAD"), Status::parse("drafty")), (None, None));
        assert!(Method::Get.reads() && Method::Delete.reads() && !Method::Post.reads());
        assert!(Status::Todo < Status::Draft && Status::Draft.feature() == Some("draft"));
    }

    #[cfg(feature = "tokens")]
    #[test]
    fn values_as_the_expressions_that_build_them() {
        use quote::ToTokens;
        assert_eq!(Method::Patch.to_token_stream().to_string(), "Method :: Patch");
        assert_eq!(Status::Ongoing.to_token_stream().to_string(), "Status :: Ongoing");
        assert_eq!(Location::Query.to_token_stream().to_string(), "Location :: Query");
    }

    #[test]
    fn decimals_keep_their_places() {
        let d: rust_decimal::Decimal = serde_json::from_str("\"248500.00\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"248500.00\"");
    }
}
