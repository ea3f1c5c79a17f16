//! The status tracker: what changed between two revisions of a spec, in
//! words, with a verdict on two axes (the wire contract and the generated
//! Rust) and a level that follows the API's status.

pub mod diff;
mod examples;
pub mod git;
pub mod history;
pub mod render;
pub mod revision;
mod similar_text;
mod unchanged;

use crate::model::{Item, Operation, Status};
use serde::Serialize;

/// Breaking or not, on one axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Compatible,
    Breaking,
}

impl Verdict {
    pub fn from_breaking(breaking: bool) -> Verdict {
        if breaking {
            Verdict::Breaking
        } else {
            Verdict::Compatible
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Compatible => "compatible",
            Verdict::Breaking => "breaking",
        }
    }
}

/// How loudly a change is reported (serialised as the change's
/// `severity`): a break in a Final API is an error, a regression from Final
/// too; a break in a Draft (or less) API is information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    /// The level of a change in an API of `status`.
    pub fn of(status: Status, breaking: bool) -> Level {
        match (breaking, status) {
            (true, Status::Final) => Level::Error,
            _ => Level::Info,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// Which half of an operation an item (or an example's JSON) belongs to:
/// what the client sends, or what it gets back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Input,
    Output,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Input, Side::Output];

    /// `input` / `output`, as in ids and summaries.
    pub fn word(self) -> &'static str {
        match self {
            Side::Input => "input",
            Side::Output => "output",
        }
    }

    /// `request` / `response`: the HTTP message of this side.
    pub fn message(self) -> &'static str {
        match self {
            Side::Input => "request",
            Side::Output => "response",
        }
    }

    pub fn items(self, op: &Operation) -> &[Item] {
        match self {
            Side::Input => &op.inputs,
            Side::Output => &op.outputs,
        }
    }

    /// A server ignores an input it no longer reads; a client misses an
    /// output that is gone.
    pub fn removal_breaks_wire(self) -> bool {
        self == Side::Output
    }

    /// A new required input breaks clients that do not send it; clients
    /// ignore a new output.
    pub fn addition_breaks_wire(self, optional: bool) -> bool {
        self == Side::Input && !optional
    }
}

/// The JSON type of an example's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonKind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl JsonKind {
    pub fn of(v: &serde_json::Value) -> JsonKind {
        use serde_json::Value as V;
        match v {
            V::Null => JsonKind::Null,
            V::Bool(_) => JsonKind::Bool,
            V::Number(_) => JsonKind::Number,
            V::String(_) => JsonKind::String,
            V::Array(_) => JsonKind::Array,
            V::Object(_) => JsonKind::Object,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JsonKind::Null => "null",
            JsonKind::Bool => "boolean",
            JsonKind::Number => "number",
            JsonKind::String => "string",
            JsonKind::Array => "array",
            JsonKind::Object => "object",
        }
    }
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    StatusChanged {
        from: Status,
        to: Status,
        direction: Direction,
    },
    ApiAdded,
    ApiRemoved,
    ApiRenamed {
        from: String,
    },
    OperationAdded {
        operation: String,
    },
    OperationRemoved {
        operation: String,
    },
    /// The operation's inputs and outputs are no longer listed, but the
    /// API's prose says it is unchanged: `evidence` is that sentence.
    OperationUndescribed {
        operation: String,
        evidence: String,
    },
    ItemAdded {
        side: Side,
        operation: String,
        text: String,
    },
    ItemRemoved {
        side: Side,
        operation: String,
        text: String,
    },
    ItemChanged {
        side: Side,
        operation: String,
        from: String,
        to: String,
        became_batch: bool,
    },
    /// The HTTP example's `METHOD /path` line changed.
    EndpointChanged {
        operation: String,
        from: String,
        to: String,
    },
    /// A key of the example's request (input) or response (output) JSON;
    /// `key` is its dotted path, `[]` for array elements.
    ExampleKeyAdded {
        side: Side,
        operation: String,
        key: String,
    },
    ExampleKeyRemoved {
        side: Side,
        operation: String,
        key: String,
    },
    ExampleKeyRenamed {
        side: Side,
        operation: String,
        from: String,
        to: String,
    },
    ExampleValueChanged {
        side: Side,
        operation: String,
        key: String,
        from: JsonKind,
        to: JsonKind,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Forward,
    Backward,
    /// Backward from Final.
    Regression,
}

impl Direction {
    pub fn of(from: Status, to: Status) -> Direction {
        if to > from {
            Direction::Forward
        } else if from == Status::Final {
            Direction::Regression
        } else {
            Direction::Backward
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Forward => "forward",
            Direction::Backward => "backward",
            Direction::Regression => "regression",
        }
    }
}

/// One change, with its verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Stable across runs: kind, API and item, e.g.
    /// `input-changed/Sending state events/Sending state events/Event type`.
    pub id: String,
    /// The API's title (in the newer revision, for renames).
    pub api: String,
    /// The API's status where the change happened (newer, else older).
    pub status: Status,
    #[serde(flatten)]
    pub kind: ChangeKind,
    pub wire: Verdict,
    pub rust: Verdict,
    pub severity: Level,
    /// The change in words.
    pub summary: String,
}

impl Change {
    pub fn breaking(&self) -> bool {
        self.wire == Verdict::Breaking || self.rust == Verdict::Breaking
    }

    pub fn regression(&self) -> bool {
        matches!(self.kind, ChangeKind::StatusChanged { direction: Direction::Regression, .. })
    }
}

impl ChangeKind {
    /// The id's head and the item it is about (empty for the API itself).
    fn id_parts(&self) -> (String, String) {
        let s = |x: &str| x.to_string();
        match self {
            ChangeKind::StatusChanged { .. } => (s("status"), String::new()),
            ChangeKind::ApiAdded => (s("api-added"), String::new()),
            ChangeKind::ApiRemoved => (s("api-removed"), String::new()),
            ChangeKind::ApiRenamed { from } => (s("api-renamed"), from.clone()),
            ChangeKind::OperationAdded { operation } => (s("operation-added"), operation.clone()),
            ChangeKind::OperationRemoved { operation } => (s("operation-removed"), operation.clone()),
            ChangeKind::OperationUndescribed { operation, .. } => (s("operation-undescribed"), operation.clone()),
            ChangeKind::ItemAdded { side, operation, text } => (format!("{}-added", side.word()), format!("{operation}/{text}")),
            ChangeKind::ItemRemoved { side, operation, text } => (format!("{}-removed", side.word()), format!("{operation}/{text}")),
            ChangeKind::ItemChanged { side, operation, from, .. } => (format!("{}-changed", side.word()), format!("{operation}/{from}")),
            ChangeKind::EndpointChanged { operation, .. } => (s("endpoint-changed"), operation.clone()),
            ChangeKind::ExampleKeyAdded { side, operation, key } => (format!("{}-key-added", side.message()), format!("{operation}/{key}")),
            ChangeKind::ExampleKeyRemoved { side, operation, key } => {
                (format!("{}-key-removed", side.message()), format!("{operation}/{key}"))
            }
            ChangeKind::ExampleKeyRenamed { side, operation, from, .. } => {
                (format!("{}-key-renamed", side.message()), format!("{operation}/{from}"))
            }
            ChangeKind::ExampleValueChanged { side, operation, key, .. } => {
                (format!("{}-value-changed", side.message()), format!("{operation}/{key}"))
            }
        }
    }

    /// A stable id: kind, API, and the item it is about.
    pub fn id(&self, api: &str) -> String {
        match self.id_parts() {
            (head, tail) if tail.is_empty() => format!("{head}/{api}"),
            (head, tail) => format!("{head}/{api}/{tail}"),
        }
    }
}
