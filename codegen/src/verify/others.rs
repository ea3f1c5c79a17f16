//! Another user is refused: an update or a delete of a record the run's
//! account made, sent with the second account's token, must be answered
//! 403 or 404 (the mock's rule on endpoints that take a token: a record is
//! its owner's to change). Needs the spec's own register (the second
//! account); with `--token` alone the check is not made.

use super::report::{Kind, Outcome};
use super::requests::said;
use super::{Run, Target};
use serde_json::Value;

impl<'s> Run<'s, '_> {
    /// Sends `t` on the record `id` as the other user.
    pub(super) fn others_refused(&mut self, t: &Target<'s>, id: &Value, what: &str) {
        if !t.ep.auth {
            return;
        }
        let Some(other) = self.other_token.clone() else {
            let why = "no second account: the spec has no register operation that gives a token (with --token, only one user is known)";
            return self.record(t, Kind::Refusal, what, String::new(), Outcome::Skipped(why.into()));
        };
        let Some(id_type) = t.plan.id_type.clone() else { return };
        self.pin = Some((id_type, id.clone()));
        let call = self.request(t);
        self.pin = None;
        let Ok(mut call) = call else { return };
        call.token = Some(other);
        let outcome = match self.send(&call) {
            Err(e) => Outcome::Failed(e),
            Ok(a) if matches!(a.status, 403 | 404) => Outcome::Passed,
            Ok(a) => Outcome::Failed(format!("answered {} to another user, where the record is its owner's{}", a.status, said(&a))),
        };
        self.record(t, Kind::Refusal, what, call.line(), outcome);
    }
}
