//! What a draft's lists, feeds and actions say, kept by the mock: a list's
//! inputs that name a stored attribute filter it (equal, or within the
//! bound the prose sets, or, for a flag that only narrows, when true); a
//! feed whose prose starts it "from now" answers only later changes, and
//! its cursor moves on; an action stamps when it happened and who did it.

mod support;

use serde_json::{json, Value};

fn titles(list: &Value) -> Vec<String> {
    let mut t: Vec<String> = list["recipes"]
        .as_array()
        .unwrap_or_else(|| panic!("{list}"))
        .iter()
        .map(|r| r["title"].as_str().unwrap_or_default().into())
        .collect();
    t.sort();
    t
}

#[test]
fn a_search_keeps_the_recipes_its_inputs_name() {
    // recipes.md, "Finding recipes": "every input here is optional";
    // "Is it vegetarian? (say yes to only see vegetarian ones)";
    // "Difficulty (easy, medium, hard)"; "The most cooking time in minutes
    // you're willing to spend".
    let (_r, s) = support::corpus("recipes.md");
    let t = s.mock_user("nan");
    for (title, difficulty, minutes, vegetarian) in
        [("Drizzle", "easy", 45, true), ("Stew", "hard", 180, false), ("Salad", "easy", 10, true)]
    {
        let body = json!({ "title": title, "description": "x", "cooking_time": minutes, "prep_time": 5, "serves": 2,
            "difficulty": difficulty, "vegetarian": vegetarian, "ingredients": [{"name": "salt", "amount": 1, "unit": "tsp"}], "steps": ["Mix."] });
        let made = s.raw("POST", "/recipes", Some(&t), Some(&body.to_string()));
        assert!(made.status < 300, "{} {:?}", made.status, made.body);
    }
    let find = |query: &str| {
        let r = s.raw("GET", &format!("/recipes{query}"), Some(&t), None);
        assert_eq!(r.status, 200, "{query}: {:?}", r.body);
        titles(&r.body)
    };
    assert_eq!(find(""), ["Drizzle", "Salad", "Stew"], "nothing asked: every recipe");
    assert_eq!(find("?difficulty=easy"), ["Drizzle", "Salad"]);
    assert_eq!(find("?cooking_time=45"), ["Drizzle", "Salad"], "at most 45 minutes");
    assert_eq!(find("?vegetarian=true"), ["Drizzle", "Salad"]);
    assert_eq!(find("?vegetarian=false"), ["Drizzle", "Salad", "Stew"], "no: not only the vegetarian ones");
    assert_eq!(find("?difficulty=easy&cooking_time=20"), ["Salad"]);
}

#[test]
fn a_feed_started_without_a_cursor_answers_only_later_changes() {
    // fleet.rst, "Alert feed": "cursor (string, optional) - omit to start
    // from now"; "timeout (int, seconds, optional, default 25, max 60)".
    let (_r, s) = support::corpus("fleet.rst");
    let t = s.mock_user("ops");
    let v = s.raw("POST", "/vehicles", Some(&t), Some(&json!({ "vin": "1FTFW1ET5DFC10312", "plate": "KX-482-PL" }).to_string()));
    assert_eq!(v.status, 201, "{:?}", v.body);
    let first = s.raw("GET", "/alerts/feed?timeout=0", Some(&t), None);
    assert_eq!(first.status, 200, "{:?}", first.body);
    assert_eq!(first.body["alerts"], json!([]), "the vehicle made before the first call is history: {:?}", first.body);
    let cursor = first.body["cursor"].as_str().unwrap().to_string();
    let later = s.raw("POST", "/vehicles", Some(&t), Some(&json!({ "vin": "WDB9066331S123456", "plate": "KX-511-PL" }).to_string()));
    assert_eq!(later.status, 201, "{:?}", later.body);
    let next = s.raw("GET", &format!("/alerts/feed?timeout=0&cursor={cursor}"), Some(&t), None);
    assert_eq!(next.body["alerts"].as_array().map(Vec::len), Some(1), "the change after the cursor: {:?}", next.body);
    let moved = next.body["cursor"].as_str().unwrap().to_string();
    assert_ne!(moved, cursor);
    let again = s.raw("GET", &format!("/alerts/feed?timeout=0&cursor={moved}"), Some(&t), None);
    assert_eq!(again.body["alerts"], json!([]), "nothing after the new cursor: {:?}", again.body);
}

#[test]
fn an_action_stamps_when_and_who() {
    // tests/specs/incidents.md, "Acknowledge incident": "Acked by (string):
    // who acknowledged it"; "Acked at (timestamp)"; the read answers both.
    let (_running, s) = support::draft_at("tests/specs/incidents.md");
    let t = s.mock_user("jonas");
    let made = s.raw("POST", "/incidents", Some(&t), Some(r#"{"title": "Disk full"}"#));
    assert_eq!(made.status, 200, "{:?}", made.body);
    let id = made.body["incident_id"].as_str().unwrap().to_string();
    let before = s.raw("GET", &format!("/incidents/{id}"), Some(&t), None).body;
    assert_eq!((before.get("acked_by"), before.get("acked_at")), (None, None), "not acknowledged yet: {before}");
    let acked = s.raw("POST", &format!("/incidents/{id}/acknowledge"), Some(&t), Some("{}"));
    assert_eq!((acked.status, &acked.body["acked_by"]), (200, &json!("jonas")), "{:?}", acked.body);
    let at = acked.body["acked_at"].as_str().unwrap().to_string();
    assert!(at.as_str() > "2026", "stamped now, not an example time: {at}");
    let read = s.raw("GET", &format!("/incidents/{id}"), Some(&t), None).body;
    assert_eq!((&read["acked_by"], read["acked_at"].as_str()), (&json!("jonas"), Some(at.as_str())), "{read}");
}

#[test]
fn a_feed_says_what_changed_and_who_changed_it() {
    // tests/specs/incidents.md, "Incident changes": each change with the
    // incident's ID, "Change (created, updated, deleted)", "Changed by".
    let (_running, s) = support::draft_at("tests/specs/incidents.md");
    let (jonas, ada) = (s.mock_user("jonas"), s.mock_user("ada"));
    let mine =
        s.raw("POST", "/incidents", Some(&jonas), Some(r#"{"title": "Disk full"}"#)).body["incident_id"].as_str().unwrap().to_string();
    let hers = s.raw("POST", "/incidents", Some(&ada), Some(r#"{"title": "Fan noise"}"#)).body["incident_id"].as_str().unwrap().to_string();
    s.raw("POST", &format!("/incidents/{mine}/acknowledge"), Some(&jonas), Some("{}"));
    let feed = s.raw("GET", "/incidents?timeout=0", Some(&ada), None);
    assert_eq!(feed.status, 200, "{:?}", feed.body);
    let seen: Vec<(String, String, String)> = feed.body["changes"]
        .as_array()
        .unwrap_or_else(|| panic!("{:?}", feed.body))
        .iter()
        .map(|c| {
            (c["incident_id"].as_str().unwrap().into(), c["change"].as_str().unwrap().into(), c["changed_by"].as_str().unwrap().into())
        })
        .collect();
    let want = |id: &str, change: &str, by: &str| (id.to_string(), change.to_string(), by.to_string());
    assert_eq!(seen, [want(&mine, "created", "jonas"), want(&hers, "created", "ada"), want(&mine, "updated", "jonas")]);
}

#[test]
fn a_sign_up_makes_the_accounts_own_record_and_me_reads_it() {
    // cowork.md: "Sign up ... You get back your profile" (the fields it was
    // sent, never the password); "Log in ... memberId: who you are";
    // "`GET /members/me`. Your own profile"; "`PATCH /members/me`. Send
    // only what's changing"; a wrong password is the documented 401.
    let (_r, s) = support::corpus("cowork.md");
    let body = json!({ "email": "sam@tinyrocket.io", "password": "correct-horse-9", "fullName": "Sam Okafor", "plan": "flex10" });
    let made = s.raw("POST", "/members", None, Some(&body.to_string()));
    assert_eq!(made.status, 201, "{:?}", made.body);
    assert_eq!((made.body["email"].as_str(), made.body["fullName"].as_str()), (Some("sam@tinyrocket.io"), Some("Sam Okafor")));
    assert!(made.body.get("password").is_none() && made.body.get("company").is_none(), "{:?}", made.body);
    // "joinedAt (timestamp)": when the account was made, not an example.
    let joined = chrono::DateTime::parse_from_rfc3339(made.body["joinedAt"].as_str().unwrap_or_default()).expect("a time");
    let now: chrono::DateTime<chrono::Utc> = std::time::SystemTime::now().into();
    assert!((now - joined.with_timezone(&chrono::Utc)).num_seconds().abs() < 3600, "{joined}");
    let login = |pw: &str| s.raw("POST", "/sessions", None, Some(&json!({ "email": "sam@tinyrocket.io", "password": pw }).to_string()));
    let wrong = login("wrong-horse-9");
    assert_eq!((wrong.status, wrong.body["code"].as_str()), (401, Some("BAD_CREDENTIALS")), "{:?}", wrong.body);
    let session = login("correct-horse-9");
    assert_eq!(session.status, 200, "{:?}", session.body);
    assert_eq!(session.body["memberId"], made.body["id"], "{:?}", session.body);
    let t = session.body["token"].as_str().expect("a token").to_string();
    let me = s.raw("GET", "/members/me", Some(&t), None);
    assert_eq!((me.status, &me.body["id"]), (200, &made.body["id"]), "{:?}", me.body);
    let changed = s.raw("PATCH", "/members/me", Some(&t), Some(&json!({ "company": "Big Rocket" }).to_string()));
    assert_eq!(changed.status, 200, "{:?}", changed.body);
    let me = s.raw("GET", "/members/me", Some(&t), None);
    assert_eq!((me.body["company"].as_str(), me.body["fullName"].as_str()), (Some("Big Rocket"), Some("Sam Okafor")), "{:?}", me.body);
    // Another account's "me" is its own.
    let other = s.mock_user("jess");
    assert_eq!(s.raw("GET", "/members/me", Some(&other), None).status, 404);
}

#[test]
fn checking_in_moves_a_booking_to_checked_in() {
    // cowork.md, "Check in": `POST /bookings/{bookingId}/check-in`,
    // "Returns the booking with `status` now `checkedIn` and
    // `checkedInAt` filled in"; the statuses are `booked`, `checkedIn`,
    // `cancelled` or `noShow`.
    let (_r, s) = support::corpus("cowork.md");
    let t = s.mock_user("sam");
    let desk = s.raw("POST", "/desks", Some(&t), Some(&json!({ "label": "2-14", "floor": 2, "kind": "hot" }).to_string()));
    assert_eq!(desk.status, 201, "{:?}", desk.body);
    let body = json!({ "deskId": desk.body["id"], "date": "2025-06-02" });
    let booked = s.raw("POST", "/bookings", Some(&t), Some(&body.to_string()));
    assert_eq!((booked.status, booked.body["status"].as_str()), (201, Some("booked")), "{:?}", booked.body);
    let id = booked.body["id"].as_str().unwrap_or_default().to_string();
    let checked = s.raw("POST", &format!("/bookings/{id}/check-in"), Some(&t), None);
    assert_eq!(checked.status, 200, "{:?}", checked.body);
    assert_eq!(checked.body["status"].as_str(), Some("checkedIn"), "{:?}", checked.body);
    assert!(checked.body["checkedInAt"].is_string(), "{:?}", checked.body);
}
