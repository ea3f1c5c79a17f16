//! What each endpoint does to a mock's state, inferred from the type space:
//! its [`Plan`] (effect, resource, the inputs that pick an item, page,
//! retry, wait or batch) and which answer fields come from state. The mock's
//! engine serves by these plans and `specgen explain` shows them, so the
//! two cannot disagree.
//!
//! Layout: [`words`] (field names as words, field kinds) → [`infer`] (one
//! endpoint's plan, with the rule that chose its effect and resource, and
//! the status an action [`moves`] a record to) → the list and feed filters
//! (here, across plans) → the [`overlay`]'s status rules → [`state`] (the
//! answer fields a mock fills from state).

pub mod infer;
pub mod moves;
pub mod overlay;
pub mod state;
pub mod words;

pub use crate::types::operation::Effect;
pub use infer::plan;
pub use state::{child_resource, state_fields};

use crate::bindings::{Bindings, Located};
use crate::diagnostic::Diagnostic;
use crate::types::{Endpoint, TypeSpace};

/// What an endpoint does to the state.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub effect: Effect,
    pub effect_rule: EffectRule,
    /// The resource noun, singular, lower-case (`parcel`, `room alias`).
    pub resource: String,
    pub resource_rule: ResourceRule,
    /// The id type of the resource's items (`ParcelId`), when it has one.
    pub id_type: Option<String>,
    /// The request field that picks the item.
    pub item: Option<String>,
    /// The path picks the caller's own record instead (`/members/me`): the
    /// one the caller's account owns.
    pub callers_own: bool,
    /// Request fields (wire, id type) naming the item's parents.
    pub parents: Vec<(String, String)>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
    /// An input that makes a retry return the first answer.
    pub request_id: Option<String>,
    pub since: Option<String>,
    pub timeout: Option<String>,
    /// What the timeout counts, as its name or prose says (milliseconds
    /// unless it says seconds).
    pub timeout_unit: WaitUnit,
    /// A `[s]` input of a create: one record per value.
    pub batch: Option<String>,
    /// The user name and password inputs of register and login.
    pub user: Option<String>,
    pub password: Option<String>,
    /// The inputs that are attributes of the record: (wire, attribute),
    /// worked out once.
    pub inputs: Vec<(String, String)>,
    /// Inputs no two records of the resource may share, as the operation
    /// documents ("409 - VIN already registered").
    pub unique: Vec<Unique>,
    /// The status an action sets on its record ("Submit" → `submitted`),
    /// or a soft delete does (the record stays, in that status).
    pub moves: Option<moves::Move>,
    /// The status a create starts its record in, when no input sets it.
    pub starts: Option<moves::Move>,
    /// The statuses a list leaves out ("Withdrawn applications are never
    /// listed").
    pub unlisted: Option<moves::Unlisted>,
    /// The statuses of its record (or a parent) in which it refuses to act.
    pub locks: Vec<moves::Locked>,
    /// The statuses in which its record counts as deleted (a soft delete
    /// the prose does not say leaves it readable): it answers 404.
    pub gone: Option<moves::Gone>,
    /// A list's or feed's inputs that name an attribute its resource's
    /// creates or updates store (`?research_area=`, `?vehicle_id=`): given,
    /// only the records with that value are answered.
    pub filters: Vec<Filter>,
    /// A feed asked without a position starts at the present, as its
    /// prose says ("omit to start from now"): it answers only later
    /// changes.
    pub from_now: bool,
}

/// The unit of a feed's timeout input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WaitUnit {
    #[default]
    Millis,
    Seconds,
}

impl WaitUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            WaitUnit::Millis => "milliseconds",
            WaitUnit::Seconds => "seconds",
        }
    }

    /// `n` of this unit.
    pub fn duration(self, n: u64) -> std::time::Duration {
        match self {
            WaitUnit::Millis => std::time::Duration::from_millis(n),
            WaitUnit::Seconds => std::time::Duration::from_secs(n),
        }
    }
}

/// A list or feed input compared with a stored attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub wire: String,
    pub attribute: String,
    pub compare: Compare,
}

/// How a [`Filter`] compares, as its prose says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// The record's value is the one given.
    Equal,
    /// At most the value given ("the most cooking time you're willing to
    /// spend", `max_price`).
    AtMost,
    /// At least the value given ("min rating").
    AtLeast,
    /// A flag that narrows only when true ("say yes to only see vegetarian
    /// ones"); false answers every record.
    OnlyWhenTrue,
}

impl Compare {
    /// The comparison in words, for `specgen explain`.
    pub fn describe(self) -> &'static str {
        match self {
            Compare::Equal => "is the value it names",
            Compare::AtMost => "is at most the value it names",
            Compare::AtLeast => "is at least the value it names",
            Compare::OnlyWhenTrue => "is true, when it is true (false keeps every record)",
        }
    }
}

/// An input whose value no two records share, and the documented error
/// that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unique {
    pub wire: String,
    pub attribute: String,
    /// Other inputs whose values the records must share to clash (a
    /// version is unique "for that model"); records are compared among
    /// siblings (the same parents) in any case.
    pub scope: Vec<String>,
    pub status: u16,
    pub says: String,
    /// The code written with it (`email_taken`).
    pub code: Option<String>,
}

impl Plan {
    pub fn effect(&self) -> Effect {
        self.effect
    }

    /// Inputs that steer the engine and are not attributes of the record.
    pub fn is_control(&self, wire: &str) -> bool {
        [&self.item, &self.limit, &self.cursor, &self.request_id, &self.since, &self.timeout, &self.password]
            .iter()
            .any(|f| f.as_deref() == Some(wire))
            || self.parents.iter().any(|(w, _)| w == wire)
    }
}

/// Why a plan has its effect, first rule that applies first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EffectRule {
    /// The overlay's `effect` key, at this line of the overlay.
    Overlay { line: u32 },
    /// The answer has an access token and the name says log in.
    LogsIn,
    /// The answer has an access token and the name says register.
    Registers,
    /// An input asks for changes since a position (this wire name).
    SinceInput(String),
    /// The name says "changes".
    ChangesName,
    /// The operation's verb ("Creating a parcel" → create).
    Verb,
    /// The operation's verb reads, but no input picks one item of a
    /// resource that has ids: a list.
    ReadsNoItem,
    /// The method and path (`POST /parcels` → create), when the operation
    /// has no verb.
    Route,
    /// A create verb given the ID of an item that exists: an action on it.
    OnExisting,
    /// An update verb that picks no item but answers the new one's ID.
    MakesNew,
    /// Another verb, but a `POST` on the collection that answers 201
    /// Created with the ID of its records ("Borrow a book" as `POST
    /// /loans`).
    Created,
}

/// Why a plan has its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceRule {
    /// The overlay's `resource` key, at this line of the overlay.
    Overlay { line: u32 },
    /// The operation's noun ("Creating a parcel" → parcel).
    Noun,
    /// The path's last literal segment, singular (`/parcels/{id}/scans` →
    /// scan).
    Path,
    /// The record whose ID the answer holds (a "sign up" answering a
    /// "Member ID").
    AnswerId,
    /// The collection before the path's last segment, which is the
    /// caller's own (`/members/me` → member) or the operation's verb
    /// (`/bookings/{id}/check-in` → booking).
    PathBeforeLast,
}

/// The effect and resource the overlay declares for one endpoint.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overlay<'b> {
    pub effect: Option<(Effect, u32)>,
    pub resource: Option<&'b Located<String>>,
}

/// The overlay entry of an endpoint (bound by name); an effect name no
/// plan knows is an error at its place in the overlay.
pub fn overlay_of<'b>(bindings: Option<&'b Bindings>, ep: &Endpoint) -> Result<Overlay<'b>, Diagnostic> {
    let Some(e) = bindings.and_then(|b| b.endpoints.iter().find(|e| e.name.value == ep.name)) else { return Ok(Overlay::default()) };
    let effect = match &e.effect {
        None => None,
        Some(x) => Some((Effect::parse(&x.value).ok_or_else(|| unknown_effect(x))?, x.pos.line)),
    };
    Ok(Overlay { effect, resource: e.resource.as_ref() })
}

fn unknown_effect(x: &Located<String>) -> Diagnostic {
    let known: Vec<&str> = Effect::ALL.iter().map(|e| e.as_str()).collect();
    Diagnostic::error(x.pos, format!("unknown effect `{}`: expected one of {}", x.value, known.join(", ")))
}

/// Every endpoint's plan, `[api][endpoint]` in the type space's order.
pub fn plans(space: &TypeSpace, bindings: Option<&Bindings>) -> Result<Vec<Vec<Plan>>, Diagnostic> {
    let ids = infer::IdsByWords::new(space);
    let mut plans = space
        .apis
        .iter()
        .map(|api| api.endpoints.iter().map(|ep| Ok(infer::plan_with(space, &ids, ep, overlay_of(bindings, ep)?))).collect())
        .collect::<Result<Vec<Vec<Plan>>, Diagnostic>>()?;
    filters(space, &mut plans);
    overlay::apply(space, bindings, &mut plans)?;
    Ok(plans)
}

/// Gives each list and feed its [`Filter`]s: the inputs whose attribute a
/// create or update of the same resource stores (an input nothing stores,
/// a search text or a sort order, filters nothing), or a bound on one
/// (`max_price` on `price`).
fn filters(space: &TypeSpace, plans: &mut [Vec<Plan>]) {
    let mut stored: std::collections::BTreeSet<(String, String)> = Default::default();
    for p in plans.iter().flatten().filter(|p| matches!(p.effect, Effect::Create | Effect::Update)) {
        stored.extend(p.inputs.iter().map(|(_, a)| (p.resource.clone(), a.clone())));
    }
    for (api, plans) in space.apis.iter().zip(plans.iter_mut()) {
        for (ep, p) in api.endpoints.iter().zip(plans.iter_mut()).filter(|(_, p)| matches!(p.effect, Effect::List | Effect::Feed)) {
            let status = p.unlisted.as_ref().and_then(|u| u.filter.clone());
            let mut out = Vec::new();
            for (w, a) in p.inputs.iter().filter(|(w, _)| status.as_ref() != Some(w)) {
                let Some(f) = ep.request.fields.iter().find(|f| &f.wire == w) else { continue };
                let (attribute, bound) = match a.split_once('_') {
                    Some(("max", rest)) => (rest.to_string(), Some(Compare::AtMost)),
                    Some(("min", rest)) => (rest.to_string(), Some(Compare::AtLeast)),
                    _ => (a.clone(), None),
                };
                if !stored.contains(&(p.resource.clone(), attribute.clone())) {
                    continue;
                }
                if let Some(compare) = bound.or_else(|| compare_of(f)) {
                    out.push(Filter { wire: w.clone(), attribute, compare });
                }
            }
            p.filters = out;
        }
    }
}

/// How an input's prose compares it; `None`: it does not narrow the list
/// ("include archived ones too").
fn compare_of(f: &crate::types::Field) -> Option<Compare> {
    let words = crate::types::lifecycle::words_of(&f.prose);
    let says = |ws: &[&str]| words.iter().any(|w| ws.contains(&w.as_str()));
    let says_seq = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    if f.ty.required() == &crate::types::Ty::Bool {
        return match () {
            _ if says(&["include", "including", "includes", "also", "even"]) => None,
            _ if says(&["only"]) => Some(Compare::OnlyWhenTrue),
            _ => Some(Compare::Equal),
        };
    }
    if says(&["most", "max", "maximum"]) || says_seq("up", "to") || says_seq("or", "less") {
        return Some(Compare::AtMost);
    }
    if says(&["least", "min", "minimum"]) || says_seq("or", "more") {
        return Some(Compare::AtLeast);
    }
    Some(Compare::Equal)
}

impl EffectRule {
    /// The rule in words, for `specgen explain`.
    pub fn describe(&self, ep: &Endpoint) -> String {
        match self {
            EffectRule::Overlay { line } => format!("the overlay's `effect`, bindings line {line}"),
            EffectRule::LogsIn => "answers an access token and its name says log in".into(),
            EffectRule::Registers => "answers an access token and its name says register".into(),
            EffectRule::SinceInput(wire) => format!("the input `{wire}` asks for changes since a position"),
            EffectRule::ChangesName => "its name says changes".into(),
            EffectRule::Verb => format!("the operation's verb: {:?}", ep.operation),
            EffectRule::ReadsNoItem => format!("the operation's verb reads ({:?}) and no input picks one item", ep.operation),
            EffectRule::OnExisting => format!("the verb of {:?} makes, but an input picks an item that exists", ep.operation),
            EffectRule::Created => {
                format!(
                    "the verb of {:?} acts, but it posts to the collection and answers 201 Created with a new record's ID",
                    ep.operation
                )
            }
            EffectRule::MakesNew => {
                format!("the verb of {:?} changes, but no input picks an item and the answer has a new one's ID", ep.operation)
            }
            EffectRule::Route => {
                let on = if ep.path.is_callers_own() {
                    "the caller's own item (the path's last segment names the caller)"
                } else if ep.path.on_item() {
                    "one item (the path ends in a parameter)"
                } else {
                    "a collection"
                };
                let other = if infer::by_route(ep) == Effect::Action { ", which no other effect fits" } else { "" };
                format!("no verb in {:?}: the method and path, {} on {on}{other}", ep.operation, ep.method)
            }
        }
    }
}

impl ResourceRule {
    /// The rule in words, for `specgen explain`.
    pub fn describe(self) -> String {
        match self {
            ResourceRule::Overlay { line } => format!("the overlay's `resource`, bindings line {line}"),
            ResourceRule::Noun => "the operation's noun".into(),
            ResourceRule::Path => "the path's last literal segment".into(),
            ResourceRule::AnswerId => "the record whose ID the answer holds".into(),
            ResourceRule::PathBeforeLast => {
                "the path's collection before its last segment (a word for the caller, or the operation's verb)".into()
            }
        }
    }
}

impl Effect {
    /// Which answer fields of an endpoint with this effect come from state
    /// ([`state_fields`]), in words.
    pub fn state_source(self) -> &'static str {
        match self {
            Effect::Create | Effect::Read | Effect::Update | Effect::Delete => {
                "the item's ids, parents, children and the attributes its creates and updates set"
            }
            Effect::List => "the entries and the cursor",
            Effect::Feed => "the changes and the position",
            Effect::Register | Effect::Login => "the access token",
            Effect::Action => "an action keeps no state",
        }
    }
}
