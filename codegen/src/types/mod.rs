//! The Rust type model of a spec (after typify's `TypeSpace`): per API its
//! endpoints, the structs and enums they use, every field keeping its prose,
//! its wire name, where it travels and the rule that chose its type.
//!
//! Invariant: names are unique within their set (fields of a struct, types
//! of a module, modules of the crate, endpoints of the crate) and valid Rust
//! identifiers; [`build::build`] fails rather than produce anything else.

pub mod abbreviations;
pub mod annotation;
pub mod build;
pub mod choices;
pub mod consistency;
pub mod documented;
pub mod envelope;
pub mod errors;
pub mod example;
pub mod fit;
pub mod grouped;
pub mod infer;
pub mod lifecycle;
pub mod meaning;
pub mod names;
pub mod notation;
pub mod operation;
pub mod path;
pub mod pattern_example;
pub mod references;
pub mod route;
pub mod rules;
pub mod rust_type;
pub mod shared;
pub mod spelling;
pub mod success;
pub mod time_convention;
pub mod values;
pub mod verb;

use crate::model::Status;
use crate::source::Pos;
pub use path::PathTemplate;
use std::collections::{BTreeMap, HashMap};

/// A Rust type of the generated crate, as a tree: parsed once (from the
/// prose rules or the overlay), turned into tokens by [`Ty::tokens`], never
/// written as a string and parsed back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    Bool,
    Int(Int),
    Float(Float),
    String,
    /// `serde_json::Value`: free content.
    Json,
    /// A type of the generated crate by its Rust name: an id newtype, a
    /// token, a shared type, or a struct or enum of the same module.
    /// [`build::build`] checks that it exists.
    Named(String),
    Vec(Box<Ty>),
    /// A single value or a list (`type[s]` in the prose).
    OneOrMany(Box<Ty>),
    Option(Box<Ty>),
    /// `BTreeMap<String, T>`: a JSON object with free keys.
    Map(Box<Ty>),
    /// A point in time, in the form the spec writes it.
    Time(TimeRepr),
    /// A calendar date, `YYYY-MM-DD` (`chrono::NaiveDate`).
    Date,
    /// An exact decimal amount (`rust_decimal::Decimal`): `"248500.00"`
    /// keeps its two places.
    Decimal(DecimalRepr),
}

/// How a point in time travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeRepr {
    /// RFC 3339 text with its offset (`chrono::DateTime<FixedOffset>`).
    Rfc3339,
    /// Whole seconds since the Unix epoch ("unix seconds").
    UnixSeconds,
    /// Milliseconds since the Unix epoch.
    UnixMillis,
    /// `YYYY-MM-DD HH:MM`, a local time without offset.
    Local,
}

/// How a decimal travels: as text (`"25.00"`) or as a JSON number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DecimalRepr {
    Text,
    Number,
}

impl TimeRepr {
    /// The Rust type of the generated crate.
    pub fn rust(self) -> &'static str {
        match self {
            TimeRepr::Rfc3339 => "chrono::DateTime<chrono::FixedOffset>",
            TimeRepr::UnixSeconds => "UnixSeconds",
            TimeRepr::UnixMillis => "UnixMillis",
            TimeRepr::Local => "LocalDateTime",
        }
    }

    /// What a value looks like, in words.
    pub fn describe(self) -> &'static str {
        match self {
            TimeRepr::Rfc3339 => "an RFC 3339 timestamp (`2024-05-02T14:03:11Z`)",
            TimeRepr::UnixSeconds => "a count of seconds since the Unix epoch",
            TimeRepr::UnixMillis => "a count of milliseconds since the Unix epoch",
            TimeRepr::Local => "a local date and time (`YYYY-MM-DD HH:MM`)",
        }
    }
}

/// Integer widths the generated crate supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Int {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl Int {
    pub const ALL: [Int; 8] = [Int::I8, Int::I16, Int::I32, Int::I64, Int::U8, Int::U16, Int::U32, Int::U64];

    pub fn as_str(self) -> &'static str {
        match self {
            Int::I8 => "i8",
            Int::I16 => "i16",
            Int::I32 => "i32",
            Int::I64 => "i64",
            Int::U8 => "u8",
            Int::U16 => "u16",
            Int::U32 => "u32",
            Int::U64 => "u64",
        }
    }

    pub fn unsigned(self) -> bool {
        matches!(self, Int::U8 | Int::U16 | Int::U32 | Int::U64)
    }

    /// The smallest and largest value of the width.
    pub fn range(self) -> (i128, i128) {
        match self {
            Int::I8 => (i8::MIN.into(), i8::MAX.into()),
            Int::I16 => (i16::MIN.into(), i16::MAX.into()),
            Int::I32 => (i32::MIN.into(), i32::MAX.into()),
            Int::I64 => (i64::MIN.into(), i64::MAX.into()),
            Int::U8 => (0, u8::MAX.into()),
            Int::U16 => (0, u16::MAX.into()),
            Int::U32 => (0, u32::MAX.into()),
            Int::U64 => (0, u64::MAX.into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Float {
    F32,
    F64,
}

impl Float {
    pub fn as_str(self) -> &'static str {
        match self {
            Float::F32 => "f32",
            Float::F64 => "f64",
        }
    }
}

impl Ty {
    pub const U64: Ty = Ty::Int(Int::U64);

    /// The type as tokens of the generated crate.
    pub fn tokens(&self) -> proc_macro2::TokenStream {
        use quote::{format_ident, quote};
        match self {
            Ty::Bool => quote!(bool),
            Ty::Int(i) => {
                let i = format_ident!("{}", i.as_str());
                quote!(#i)
            }
            Ty::Float(f) => {
                let f = format_ident!("{}", f.as_str());
                quote!(#f)
            }
            Ty::String => quote!(String),
            Ty::Json => quote!(serde_json::Value),
            Ty::Named(n) => {
                let n = format_ident!("{}", n);
                quote!(#n)
            }
            Ty::Vec(t) => {
                let t = t.tokens();
                quote!(Vec<#t>)
            }
            Ty::OneOrMany(t) => {
                let t = t.tokens();
                quote!(OneOrMany<#t>)
            }
            Ty::Option(t) => {
                let t = t.tokens();
                quote!(Option<#t>)
            }
            Ty::Map(t) => {
                let t = t.tokens();
                quote!(std::collections::BTreeMap<String, #t>)
            }
            // Through the runtime crate, which every generated crate has as
            // `support`: the spec's crate needs no chrono or rust_decimal of
            // its own.
            Ty::Time(TimeRepr::Rfc3339) => quote!(super::support::chrono::DateTime<super::support::chrono::FixedOffset>),
            Ty::Time(TimeRepr::UnixSeconds) => quote!(super::support::UnixSeconds),
            Ty::Time(TimeRepr::UnixMillis) => quote!(super::support::UnixMillis),
            Ty::Time(TimeRepr::Local) => quote!(super::support::LocalDateTime),
            Ty::Date => quote!(super::support::chrono::NaiveDate),
            Ty::Decimal(_) => quote!(super::support::rust_decimal::Decimal),
        }
    }

    /// The type as Rust source (for explanations and diffs).
    pub fn rust(&self) -> String {
        self.to_string()
    }

    pub fn is_option(&self) -> bool {
        matches!(self, Ty::Option(_))
    }

    /// The type without one `Option` around it.
    pub fn required(&self) -> &Ty {
        match self {
            Ty::Option(t) => t,
            t => t,
        }
    }

    /// Every named type this type refers to.
    pub fn names(&self) -> Vec<&str> {
        match self {
            Ty::Named(n) => vec![n.as_str()],
            Ty::Vec(t) | Ty::OneOrMany(t) | Ty::Option(t) | Ty::Map(t) => t.names(),
            _ => vec![],
        }
    }

    /// `self` with every `Named(from)` replaced by `Named(to)`.
    pub fn renamed(self, from: &str, to: &str) -> Ty {
        match self {
            Ty::Named(n) if n == from => Ty::Named(to.to_string()),
            Ty::Vec(t) => Ty::Vec(Box::new(t.renamed(from, to))),
            Ty::Option(t) => Ty::Option(Box::new(t.renamed(from, to))),
            Ty::OneOrMany(t) => Ty::OneOrMany(Box::new(t.renamed(from, to))),
            Ty::Map(t) => Ty::Map(Box::new(t.renamed(from, to))),
            other => other,
        }
    }
}

impl std::fmt::Display for Ty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ty::Bool => f.write_str("bool"),
            Ty::Int(i) => f.write_str(i.as_str()),
            Ty::Float(x) => f.write_str(x.as_str()),
            Ty::String => f.write_str("String"),
            Ty::Json => f.write_str("serde_json::Value"),
            Ty::Named(n) => f.write_str(n),
            Ty::Vec(t) => write!(f, "Vec<{t}>"),
            Ty::OneOrMany(t) => write!(f, "OneOrMany<{t}>"),
            Ty::Option(t) => write!(f, "Option<{t}>"),
            Ty::Map(t) => write!(f, "BTreeMap<String, {t}>"),
            Ty::Time(r) => f.write_str(r.rust()),
            Ty::Date => f.write_str("chrono::NaiveDate"),
            Ty::Decimal(_) => f.write_str("rust_decimal::Decimal"),
        }
    }
}

/// An endpoint's method, where a request field travels, and an API's
/// status: the runtime crate's types, the ones every generated crate holds
/// (so the generator, the mock and the generated code share them).
pub use specgen_runtime::{Location, Method};

/// Which inference rule decided a field (shown by `specgen explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// The input identifies the caller: it is the access token, not a field.
    Auth,
    Bool,
    ClosedEnum,
    OpenEnum,
    Count,
    Batch,
    List,
    NestedList,
    Identifier,
    Token,
    /// A type the overlay declares once (`[types.Event]`), named by the prose.
    Shared,
    Content,
    Text,
    /// No rule decided: `serde_json::Value`, with a warning.
    Fallback,
    /// The bindings overlay said so.
    Overlay,
    /// The JSON value of the operation's HTTP example.
    Example,
    /// A type the prose writes out: "(int)", "(timestamp)", "list of IDs".
    Written,
    /// A money amount ("Price", "Fare in EUR with two decimals").
    Money,
    /// A point in time ("Started at", "Created at (timestamp)").
    Time,
    /// A calendar date ("Date of birth").
    Date,
    /// A measure with a fraction ("Latitude", "like 12.5").
    Measure,
    /// A yes/no question ("Is it vegetarian?", "free? (yes/no)").
    Question,
    /// An object with sub-items ("Opening hours" with "Monday to Friday").
    NestedObject,
    /// No rule decided, and the name is short: text (a warning says so).
    TextDefault,
    /// The choices the spec states for the same fact elsewhere (another
    /// operation, the Terminology): [`choices`].
    SameChoices,
}

impl Rule {
    pub fn describe(&self) -> &'static str {
        match self {
            Rule::Auth => "identifies the caller -> access token (not a field)",
            Rule::Bool => "\"Whether ...\" -> bool",
            Rule::ClosedEnum => "closed list of choices -> enum",
            Rule::OpenEnum => "list of choices ending in \"etc\" -> open enum",
            Rule::Count => "count or limit -> u64",
            Rule::Batch => "batch marker [s] -> OneOrMany",
            Rule::List => "plural or list -> Vec",
            Rule::NestedList => "list with sub-items -> Vec of a nested struct",
            Rule::Identifier => "\"X ID\" -> id newtype",
            Rule::Shared => "names a shared type of the overlay",
            Rule::Token => "Terminology token -> token newtype",
            Rule::Content => "free content -> serde_json::Value",
            Rule::Text => "name, text or key -> String",
            Rule::Fallback => "no rule decided -> serde_json::Value (warning)",
            Rule::Overlay => "set in the bindings overlay",
            Rule::Example => "the JSON value in the HTTP example",
            Rule::Written => "the type the prose writes",
            Rule::Money => "a money amount -> decimal",
            Rule::Time => "a point in time -> timestamp",
            Rule::Date => "a calendar date -> date",
            Rule::Measure => "a measure with a fraction -> f64",
            Rule::Question => "a yes/no question -> bool",
            Rule::NestedObject => "an object with sub-items -> nested struct",
            Rule::TextDefault => "no rule decided; a short name is text -> String (warning)",
            Rule::SameChoices => "the choices the spec states for this fact elsewhere (an operation, the Terminology) -> enum",
        }
    }
}

/// One field of a request or response struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub rust: String,
    /// The JSON (or path/query) name; `serde(rename)` when it differs.
    pub wire: String,
    /// The prose the field came from.
    pub prose: String,
    pub ty: Ty,
    pub location: Location,
    pub rule: Rule,
    /// How the Rust name was made.
    pub naming: names::NameRule,
    /// Where the field was written: an item of the spec, or (for fields the
    /// prose does not list) an entry of the bindings overlay.
    pub pos: Pos,
    pub from_overlay: bool,
    /// Bounds and a default the prose states ("(int, 0-359)", "(default
    /// 50, max 200)", "17 chars").
    pub constraints: Constraints,
    /// Why the field is optional (or required against its nature), when a
    /// rule said so.
    pub presence: Option<PresenceRule>,
}

/// Why a field may be left out, or must not be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresenceRule {
    /// The prose says so, in these words ("optional", "missing while the
    /// trip is open", "if you've got one").
    Written(String),
    /// The prose gives a default.
    Default(String),
    /// Optional by nature: a page limit, a cursor, a field selector, a
    /// "Whether to …" flag, a timeout.
    Nature(&'static str),
    /// The prose says it is required, against its nature.
    Required(String),
}

impl PresenceRule {
    pub fn describe(&self) -> String {
        match self {
            PresenceRule::Written(w) => format!("optional: the prose says {w:?}"),
            PresenceRule::Default(w) => format!("optional: it has a default ({w:?})"),
            PresenceRule::Nature(what) => format!("optional by nature: {what}"),
            PresenceRule::Required(w) => format!("required: the prose says {w:?}"),
        }
    }
}

/// What the prose says of a field's values besides its type. Numbers are
/// JSON numbers as written; the mock refuses a value out of bounds (naming
/// the bound) and gives a missing optional input its default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub minimum: Option<serde_json::Value>,
    pub maximum: Option<serde_json::Value>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub default: Option<serde_json::Value>,
    /// A text's form, as the overlay writes it (`pattern = "^[a-z]+$"`).
    pub pattern: Option<Pattern>,
}

/// A regular expression a text must match, compiled once when the type
/// space is built; equal when written the same.
#[derive(Debug, Clone)]
pub struct Pattern(pub regex_lite::Regex);

impl Pattern {
    /// The pattern of `text`, or why it is not one.
    pub fn new(text: &str) -> Result<Pattern, String> {
        regex_lite::Regex::new(text).map(Pattern).map_err(|e| format!("`{text}` is not a regular expression: {e}"))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Whether `text` has the form (somewhere in it, as in JSON Schema:
    /// anchor the pattern to match it whole).
    pub fn matches(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// The constraints in words, for docs and `specgen explain`: "From 0 to
    /// 359.", "At most 200 characters.", "Default: 50."
    pub fn describe(&self) -> String {
        let mut out = Vec::new();
        match (&self.minimum, &self.maximum) {
            (Some(a), Some(b)) => out.push(format!("From {a} to {b}.")),
            (Some(a), None) => out.push(format!("At least {a}.")),
            (None, Some(b)) => out.push(format!("At most {b}.")),
            (None, None) => {}
        }
        match (self.min_length, self.max_length) {
            (Some(a), Some(b)) if a == b => out.push(format!("Exactly {a} long.")),
            (Some(a), Some(b)) => out.push(format!("From {a} to {b} long.")),
            (Some(a), None) => out.push(format!("At least {a} long.")),
            (None, Some(b)) => out.push(format!("At most {b} long.")),
            (None, None) => {}
        }
        if let Some(p) = &self.pattern {
            out.push(format!("Matches `{}`.", p.as_str()));
        }
        if let Some(d) = &self.default {
            out.push(format!("Default: {d}."));
        }
        out.join(" ")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    pub name: String,
    pub doc: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub name: String,
    pub doc: String,
    /// (Rust variant, wire value), in prose order.
    pub variants: Vec<(String, String)>,
    /// Ends in "etc": unknown values are kept in an `Other(String)` variant.
    pub open: bool,
}

/// One endpoint (after progenitor's `OperationMethod`): metadata and the
/// names of its request and response structs.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// snake_case, unique in the crate.
    pub name: String,
    pub operation: String,
    pub method: Method,
    pub path: PathTemplate,
    /// Where the method and path came from.
    pub route: RouteSource,
    pub auth: bool,
    pub pos: Pos,
    pub request: StructDef,
    pub response: StructDef,
    /// What the operation's name says it does (its verb, effect and
    /// resource noun, made to name a record the spec knows).
    pub shape: Option<operation::Shape>,
    /// The status of a successful answer (200 unless the spec shows
    /// another: see [`success`]).
    pub success: u16,
    /// The error statuses its operation documents ([`documented`]).
    pub documented: Vec<documented::Documented>,
}

/// Where an endpoint's method and path came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteSource {
    /// The bindings overlay.
    Overlay,
    /// An HTTP example written in the prose.
    Example(Pos),
    /// Derived from the operation's verb and noun; `verb: false` when the
    /// name has no verb and the section title names the path.
    Derived { verb: bool },
}

impl RouteSource {
    pub fn describe(self) -> String {
        match self {
            RouteSource::Overlay => "bound in the overlay".into(),
            RouteSource::Example(p) => format!("from the HTTP example at spec line {}", p.line),
            RouteSource::Derived { verb: true } => "derived from the operation's verb and noun".into(),
            RouteSource::Derived { verb: false } => "derived from the section title: the operation's name has no verb".into(),
        }
    }
}

/// Everything generated for one API section.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiTypes {
    pub title: String,
    pub module: String,
    pub status: Status,
    pub pos: Pos,
    pub endpoints: Vec<Endpoint>,
    /// Nested structs and enums of the module, by name (deterministic order).
    pub structs: BTreeMap<String, StructDef>,
    pub enums: BTreeMap<String, EnumDef>,
}

/// A token newtype from the Terminology section.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenType {
    pub name: String,
    pub term: String,
    pub definition: String,
}

/// Names the generated crate's runtime support already uses: no type of the
/// spec may take them.
pub const RESERVED: &[&str] =
    &["Status", "Method", "Location", "Param", "Endpoint", "OneOrMany", "Example", "Request", "Response", "Error"];

/// The generated crate's own modules (and `lib`, its root file): no API's
/// module may take their names.
pub const RESERVED_MODULES: &[&str] = &["lib", "support", "ids", "types", "endpoints", "dispatch", "client"];

/// An identifier newtype: from an "X ID" in the prose, the Terminology, or
/// declared in the overlay (`[ids.RoomId]`) with its example and the other
/// phrases that name it.
#[derive(Debug, Clone, PartialEq)]
pub struct IdType {
    pub name: String,
    /// Lower-case phrases that name it in the prose ("room id").
    pub words: Vec<String>,
    pub doc: String,
    pub example: String,
    /// Declared (overlay or Terminology), not only met in the prose.
    pub declared: bool,
    /// Travels as a JSON number (`"id": 57`): every example that shows one
    /// of its values shows a number.
    pub numeric: bool,
}

impl IdType {
    /// An id the prose names ("notebook id" → `NotebookId`).
    pub fn inferred(name: &str, words: &str) -> IdType {
        let qualifier = words.trim_end_matches(" id");
        IdType {
            name: name.to_string(),
            words: vec![words.to_string()],
            doc: format!("Identifies {} {qualifier}.", if qualifier.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }),
            example: format!("{}_1", qualifier.replace(' ', "_")),
            declared: false,
            numeric: false,
        }
    }
}

impl IdType {
    /// The noun it identifies: "notebook" of `NotebookId` ("notebook id").
    pub fn noun(&self) -> String {
        self.words.first().map(|w| w.trim_end_matches(" id").to_string()).unwrap_or_else(|| self.name.to_ascii_lowercase())
    }
}

/// Id types in the order they were met (declared ones first), each name
/// once (the first met kept), looked up by name and by the noun they
/// identify without a pass over all of them: a spec naming thousands of
/// ids once took time quadratic in their number.
#[derive(Debug, Clone, Default)]
pub struct IdTable {
    ids: Vec<IdType>,
    by_name: HashMap<String, usize>,
    by_noun: HashMap<String, usize>,
}

impl IdTable {
    pub fn new(ids: impl IntoIterator<Item = IdType>) -> Self {
        let mut table = IdTable::default();
        for id in ids {
            table.push(id);
        }
        table
    }

    /// Adds `id` unless an id of its name is there already.
    pub fn push(&mut self, id: IdType) {
        if self.by_name.contains_key(&id.name) {
            return;
        }
        self.by_name.insert(id.name.clone(), self.ids.len());
        self.by_noun.entry(id.noun()).or_insert(self.ids.len());
        self.ids.push(id);
    }

    pub fn get(&self, name: &str) -> Option<&IdType> {
        self.by_name.get(name).map(|&i| &self.ids[i])
    }

    /// The first id met that identifies `noun`.
    pub fn of_noun(&self, noun: &str) -> Option<&IdType> {
        self.by_noun.get(noun).map(|&i| &self.ids[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &IdType> {
        self.ids.iter()
    }
}

/// What the inference rules know besides the item itself: the spec's tokens,
/// its ids and the overlay's shared types.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    pub tokens: Vec<TokenType>,
    pub ids: Vec<IdType>,
    /// (Rust name, lower-case nouns that name it).
    pub shared: Vec<(String, Vec<String>)>,
    /// The nouns of the records the spec's operations work on ("station",
    /// "plot"): "Station number" names a station.
    pub records: Vec<String>,
    /// The nouns whose id the spec writes as such ("Bin ID"): their
    /// "number" or "code" ("Bin code") is then an attribute, not the id.
    pub written_ids: Vec<String>,
}

/// The whole type model of a spec.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeSpace {
    pub apis: Vec<ApiTypes>,
    pub tokens: Vec<TokenType>,
    /// Identifier newtypes by Rust name.
    pub ids: BTreeMap<String, IdType>,
    /// Types shared by every module (`types` module): declared in the
    /// overlay, or identical structs merged into one.
    pub shared: BTreeMap<String, StructDef>,
    /// Enums that came out identical in several modules, merged.
    pub shared_enums: BTreeMap<String, EnumDef>,
    /// How its error answers look.
    pub errors: errors::ErrorFormat,
    /// Its conventions say an optional field of an answer is sent as
    /// `null` rather than left out ([`rules::says_absent_as_null`]).
    pub absent_as_null: bool,
    /// What the prose says each resource's status does, by resource noun
    /// ([`lifecycle`]).
    pub lifecycles: BTreeMap<String, lifecycle::Lifecycle>,
}
