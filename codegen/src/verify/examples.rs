//! Every endpoint sent its example once. Creates go first, a parent's
//! before its children's (a pass at a time, until no more can be made), so
//! that reads, lists, updates and actions name records the run made;
//! deletes go last, each on a record made for it.

use super::report::{Kind, Outcome};
use super::{Run, Target};
use crate::plan::Effect;
use serde_json::Value;

/// The order the other effects are sent in: what only looks first, what
/// ends a record last.
const AFTER_CREATES: [Effect; 6] = [Effect::Read, Effect::List, Effect::Feed, Effect::Update, Effect::Action, Effect::Delete];

impl<'s> Run<'s, '_> {
    pub(super) fn examples(&mut self) {
        let mut creates: Vec<Target<'s>> = self.targets.iter().filter(|t| t.effect() == Effect::Create).copied().collect();
        while !creates.is_empty() {
            let before = creates.len();
            let mut waiting = Vec::new();
            for t in creates {
                match self.request(&t) {
                    Ok(_) => {
                        self.example(&t);
                    }
                    Err(_) => waiting.push(t),
                }
            }
            if waiting.len() == before {
                for t in &waiting {
                    self.example(t);
                }
                break;
            }
            creates = waiting;
        }
        for effect in AFTER_CREATES {
            let targets: Vec<Target<'s>> = self.targets.iter().filter(|t| t.effect() == effect).copied().collect();
            for t in targets {
                if effect == Effect::Delete && !self.make_one(&t) {
                    let why = format!("could not make a {} to delete", t.resource());
                    self.record(&t, Kind::Example, "answers its example", String::new(), Outcome::Skipped(why));
                    continue;
                }
                self.example(&t);
            }
        }
    }

    /// Sends `t`'s example request and judges the answer; returns the
    /// answer when it passed.
    pub(super) fn example(&mut self, t: &Target<'s>) -> Option<super::Answer> {
        let what = "answers its example";
        let call = match self.request(t) {
            Ok(c) => c,
            Err(why) => {
                self.record(t, Kind::Example, what, String::new(), Outcome::Skipped(why));
                return None;
            }
        };
        let (call, answer) = self.exchange(t, call);
        let answer = match answer {
            Ok(a) => a,
            Err(e) => {
                self.record(t, Kind::Example, what, call.line(), Outcome::Failed(e));
                return None;
            }
        };
        let judged = self.judge(t, &answer);
        let passed = judged.is_ok();
        self.record(t, Kind::Example, what, call.line(), judged.map_or_else(Outcome::Failed, |()| Outcome::Passed));
        if !passed {
            return None;
        }
        self.harvest(t, &answer);
        if t.effect() == Effect::Delete {
            if let Some(id) = self.item_sent(t, &call) {
                self.forget(&id);
            }
        }
        Some(answer)
    }

    /// Makes a fresh record of `t`'s resource (for a delete to take), with
    /// the resource's create; whether one was made (or none is needed).
    fn make_one(&mut self, t: &Target<'s>) -> bool {
        if t.plan.item.is_none() {
            return true;
        }
        let Some(create) = self.of(t.resource(), Effect::Create).into_iter().next() else { return true };
        let Ok(call) = self.request(&create) else { return false };
        match self.send(&call) {
            Ok(a) if self.judge(&create, &a).is_ok() => {
                self.harvest(&create, &a);
                true
            }
            _ => false,
        }
    }

    /// The id of the item a call named (its `plan.item` input, as sent).
    pub(super) fn item_sent(&self, t: &Target, call: &super::Call) -> Option<Value> {
        let item = t.plan.item.as_ref()?;
        let id_type = t.plan.id_type.as_ref()?;
        self.ids
            .get(id_type)?
            .iter()
            .rev()
            .find(|v| {
                call.path.contains(&super::call::encode(&super::requests::text(v)))
                    || call.query_value(item) == Some(&super::requests::text(v))
            })
            .cloned()
    }
}
