//! A feed answers what changed since its position: read once (asking not
//! to wait) to learn the position, a record of its resource made, then
//! read from that position: the change is there. A feed of records no
//! operation makes is skipped, saying so.

use super::lifecycle::entries;
use super::report::{Kind, Outcome};
use super::requests::{said, text};
use super::{Run, Target};
use crate::plan::words::is_position;
use crate::plan::Effect;

impl<'s> Run<'s, '_> {
    pub(super) fn feeds(&mut self) {
        let feeds: Vec<Target<'s>> =
            self.targets.iter().filter(|t| t.effect() == Effect::Feed && t.plan.since.is_some()).copied().collect();
        for t in feeds {
            self.feed(&t);
        }
    }

    fn feed(&mut self, t: &Target<'s>) {
        let what = "answers a change made since its position";
        let (Some(since), Ok(call)) = (t.plan.since.clone(), self.request(t)) else { return };
        let first = match self.send(&call) {
            Ok(a) => a,
            Err(e) => return self.record(t, Kind::Lifecycle, what, call.line(), Outcome::Failed(e)),
        };
        if let Err(e) = self.judge(t, &first) {
            return self.record(t, Kind::Lifecycle, what, call.line(), Outcome::Failed(e));
        }
        let space = &self.types.space;
        let position =
            t.ep.response
                .fields
                .iter()
                .filter(|f| is_position(space, t.api, f))
                .find_map(|f| first.body.get(&f.wire))
                .filter(|v| !v.is_null() && v.as_str() != Some(""))
                .map(text);
        let Some(position) = position else {
            let why = format!("its answer gives no position{}", said(&first));
            return self.record(t, Kind::Lifecycle, what, call.line(), Outcome::Skipped(why));
        };
        // A change: a record of the feed's own resource, or of the one
        // whose changes it names (what else shows in it, the draft does
        // not say).
        let shown = shows(t.resource());
        let Some(create) = self.of(&shown, Effect::Create).into_iter().next() else {
            let why = format!("no operation makes any {shown} for it to show");
            return self.record(t, Kind::Lifecycle, what, call.line(), Outcome::Skipped(why));
        };
        let made = self.request(&create).ok().and_then(|c| self.send(&c).ok()).filter(|a| self.judge(&create, a).is_ok());
        let Some(made) = made else {
            let why = format!("no {} could be made to change what it shows", create.resource());
            return self.record(t, Kind::Lifecycle, what, call.line(), Outcome::Skipped(why));
        };
        self.harvest(&create, &made);
        let mut again = call.clone();
        again.query.retain(|(k, _)| k != &since);
        again.query.push((since, position.clone()));
        let outcome = match self.send(&again) {
            Err(e) => Outcome::Failed(e),
            Ok(a) => match self.judge(t, &a) {
                Err(e) => Outcome::Failed(e),
                Ok(()) if entries(t, &a.body) > 0 => Outcome::Passed,
                Ok(()) => Outcome::Failed(format!("nothing since {position} after a {} was made{}", create.resource(), said(&a))),
            },
        };
        self.record(t, Kind::Lifecycle, what, again.line(), outcome);
    }
}

/// The resource a feed's records are: its own, or the one its name says
/// it follows ("parcel change" → "parcel").
fn shows(resource: &str) -> String {
    match resource.rsplit_once(' ') {
        Some((head, "change" | "changes" | "update" | "updates" | "event" | "events" | "activity")) => head.to_string(),
        _ => resource.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_feed_of_changes_shows_its_records() {
        assert_eq!(super::shows("parcel change"), "parcel");
        assert_eq!(super::shows("alert"), "alert");
    }
}
