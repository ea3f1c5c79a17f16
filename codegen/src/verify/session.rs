//! The run's access token: the one given, else one from the spec's own
//! register operation (a fresh user name, a password of the run's), and its
//! log in checked with that account.

use super::report::{Kind, Outcome};
use super::requests::said;
use super::{Answer, Call, Run, Target};
use crate::plan::words::is_access_token;
use crate::plan::Effect;
use serde_json::Value;

/// How many times a run registers anew after its token ended.
const MAX_RENEWALS: usize = 5;

impl<'s> Run<'s, '_> {
    pub(super) fn session(&mut self) {
        let register = self.targets.iter().find(|t| t.effect() == Effect::Register).copied();
        if let Some(t) = register {
            self.second_account(&t);
            let fresh = self.fresh();
            self.account = Some((format!("verify{fresh}"), format!("Verify-{fresh}-pw")));
            self.account_call(&t, "registers a new account");
        }
        let login = self.targets.iter().find(|t| t.effect() == Effect::Login).copied();
        if let Some(t) = login {
            if self.account.is_some() {
                self.account_call(&t, "logs in with the account this run registered");
            } else {
                self.record(
                    &t,
                    Kind::Example,
                    "logs in",
                    String::new(),
                    Outcome::Skipped("no account made by this run to log in with".into()),
                );
            }
        }
    }

    /// The id types an account is named by: those its register answers.
    pub(super) fn account_ids(&self) -> Vec<String> {
        let registers = self.targets.iter().filter(|t| t.effect() == Effect::Register);
        registers.flat_map(|t| t.ep.response.fields.iter().filter_map(|f| self.id_type(&f.ty))).collect()
    }

    /// Registers another account first, whose ids stand for the other user
    /// a request names in its body; the run's own account, registered
    /// after it, stays the newest of its ids.
    fn second_account(&mut self, t: &Target<'s>) {
        let fresh = self.fresh();
        self.account = Some((format!("verify{fresh}"), format!("Verify-{fresh}-pw")));
        let Ok(call) = self.request(t) else { return };
        let Ok(answer) = self.send(&call) else { return };
        if self.judge(t, &answer).is_err() {
            return;
        }
        for f in &t.ep.response.fields {
            let Some(v) = answer.body.get(&f.wire) else { continue };
            if is_access_token(f) {
                self.other_token = v.as_str().map(str::to_string);
            } else if let Some(id) = self.id_type(&f.ty).filter(|_| v.is_string() || v.is_number()) {
                self.other.insert(id, v.clone());
            }
        }
        // A register that answers no token: the second account logs in.
        let login = self.targets.iter().find(|t| t.effect() == Effect::Login).copied();
        if let (None, Some(login)) = (&self.other_token, login) {
            let answer = self.request(&login).ok().and_then(|c| self.send(&c).ok()).filter(|a| self.judge(&login, a).is_ok());
            let token = answer.and_then(|a| {
                let f = login.ep.response.fields.iter().find(|f| is_access_token(f))?;
                a.body.get(&f.wire).and_then(Value::as_str).map(str::to_string)
            });
            self.other_token = token;
        }
    }

    /// Registers a new account and takes its token, when an answer says
    /// the run's token is no longer known (an earlier operation revoked it
    /// or deleted its account). At most a few times a run.
    pub(super) fn renew(&mut self) -> bool {
        let Some(t) = self.targets.iter().find(|t| t.effect() == Effect::Register).copied() else { return false };
        if self.renewals >= MAX_RENEWALS {
            return false;
        }
        self.renewals += 1;
        let fresh = self.fresh();
        self.account = Some((format!("verify{fresh}"), format!("Verify-{fresh}-pw")));
        let Ok(call) = self.request(&t) else { return false };
        let Ok(answer) = self.send(&call) else { return false };
        let token = t.ep.response.fields.iter().find(|f| is_access_token(f)).and_then(|f| answer.body.get(&f.wire)).and_then(Value::as_str);
        match token {
            Some(tok) if self.judge(&t, &answer).is_ok() => {
                self.token = Some(tok.to_string());
                self.harvest(&t, &answer);
                true
            }
            _ => false,
        }
    }

    /// Sends `call` (the request of `t`); when it is refused with 401 for a
    /// token that ended, renews the session and sends `t` again, made anew
    /// (its path may name the account).
    pub(super) fn exchange(&mut self, t: &Target<'s>, call: Call) -> (Call, Result<Answer, String>) {
        let answer = self.send(&call);
        let ended = matches!(&answer, Ok(a) if a.status == 401) && call.token.is_some();
        if !ended || !self.renew() {
            return (call, answer);
        }
        match self.request(t) {
            Ok(again) => {
                let a = self.send(&again);
                (again, a)
            }
            Err(_) => (call, answer),
        }
    }

    /// Sends a register or log in; keeps the token it answers when the run
    /// has none yet.
    fn account_call(&mut self, t: &Target<'s>, what: &str) {
        let call = match self.request(t) {
            Ok(c) => c,
            Err(why) => return self.record(t, Kind::Example, what, String::new(), Outcome::Skipped(why)),
        };
        let outcome = match self.send(&call) {
            Err(e) => Outcome::Failed(e),
            Ok(answer) => {
                let judged = self.judge(t, &answer);
                if judged.is_ok() {
                    self.harvest(t, &answer);
                }
                let token =
                    t.ep.response.fields.iter().find(|f| is_access_token(f)).and_then(|f| answer.body.get(&f.wire)).and_then(Value::as_str);
                match (judged, token) {
                    (Err(e), _) => Outcome::Failed(e),
                    (Ok(()), None) if t.ep.response.fields.iter().any(is_access_token) => {
                        Outcome::Failed(format!("the answer has no access token{}", said(&answer)))
                    }
                    (Ok(()), token) => {
                        if self.token.is_none() {
                            self.token = token.map(str::to_string);
                        }
                        Outcome::Passed
                    }
                }
            }
        };
        self.record(t, Kind::Example, what, call.line(), outcome);
    }
}
