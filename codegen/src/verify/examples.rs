//! Every endpoint sent its example once. Creates go first, a parent's
//! before its children's (a pass at a time, until no more can be made), so
//! that reads, lists, updates and actions name records the run made;
//! deletes go last of the whole run ([`Run::deletes`]: one may end the
//! session, by revoking its token or deleting its account), each on a
//! record made for it.

use super::report::{Kind, Outcome};
use super::{Run, Target};
use crate::plan::Effect;
use serde_json::Value;

/// The order the other effects are sent in: what only looks first, what
/// ends a record last.
const AFTER_CREATES: [Effect; 5] = [Effect::Read, Effect::List, Effect::Feed, Effect::Update, Effect::Action];

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
        // What names a record only a later effect makes (an event an action
        // sends) waits for a second pass.
        let mut later = Vec::new();
        for effect in AFTER_CREATES {
            let targets: Vec<Target<'s>> = self.targets.iter().filter(|t| t.effect() == effect).copied().collect();
            for t in targets {
                if effect != Effect::Action && self.request(&t).is_err() {
                    later.push(t);
                    continue;
                }
                // An action may leave the record it picks in a state others
                // refuse (submitted, left, cancelled): each acts on one made
                // for it.
                if effect == Effect::Action && t.plan.item.is_some() {
                    self.on_fresh(&t, |run, t| {
                        run.example(t);
                    });
                    continue;
                }
                self.example(&t);
            }
        }
        for t in later {
            self.example(&t);
        }
    }

    /// Every delete's example, each on a record made for it; those that
    /// pick by the account's own id (its sessions, the account itself)
    /// after the others.
    pub(super) fn deletes(&mut self) {
        let mut targets: Vec<Target<'s>> = self.targets.iter().filter(|t| t.effect() == Effect::Delete).copied().collect();
        let accounts = self.account_ids();
        targets.sort_by_key(|t| t.plan.parents.iter().map(|(_, id)| id).chain(&t.plan.id_type).any(|id| accounts.contains(id)));
        for t in targets {
            if !self.make_one(&t) {
                let why = format!("could not make a {} to delete", t.resource());
                self.record(&t, Kind::Example, "answers its example", String::new(), Outcome::Skipped(why));
                continue;
            }
            self.example(&t);
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
        let (call, answer) = self.checked(t, Kind::Example, what, call);
        let answer = answer?;
        self.harvest(t, &answer);
        if t.effect() == Effect::Delete {
            if let Some(id) = self.item_sent(t, &call) {
                self.forget(&id);
            }
        }
        Some(answer)
    }

    /// Runs `f` on a record of `t`'s made for it, then forgets the record
    /// (the action may have left it in a state others refuse); records a
    /// skip when none could be made.
    pub(super) fn on_fresh(&mut self, t: &Target<'s>, f: impl FnOnce(&mut Self, &Target<'s>)) {
        if !self.make_one(t) {
            let why = format!("could not make a {} to act on", t.resource());
            self.record(t, Kind::Example, "answers its example", String::new(), Outcome::Skipped(why));
            return;
        }
        let made = t.plan.id_type.as_deref().and_then(|id| self.ids.get(id)).and_then(|v| v.last()).cloned();
        f(self, t);
        if let Some(id) = made {
            self.forget(&id);
        }
    }

    /// Makes a fresh record of what `t` picks (its item, else its nearest
    /// parent), with the create that answers that record's id; whether one
    /// was made (or none is needed: nothing picked, or nothing makes it).
    pub(super) fn make_one(&mut self, t: &Target<'s>) -> bool {
        let picked = match (&t.plan.item, &t.plan.id_type) {
            (Some(_), Some(id)) => Some(id.clone()),
            _ => t.plan.parents.last().map(|(_, id)| id.clone()),
        };
        let Some(id) = picked else { return true };
        let makes = |c: &&Target| {
            c.effect() == Effect::Create
                && (c.plan.id_type.as_deref() == Some(id.as_str())
                    || c.ep.response.fields.iter().any(|f| self.id_type(&f.ty).as_deref() == Some(id.as_str())))
        };
        let Some(create) = self.targets.iter().find(makes).copied() else { return true };
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
