//! The built-in spec's types, generated at build time by `build.rs`.

/// Draft and Final APIs of the Client-Server API v2 draft.
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/client_server_v2.rs"));
}

#[cfg(test)]
mod tests {
    use super::api::{self, Example};

    #[test]
    fn generated_types_are_usable() {
        let req = api::room_creation_api::CreateRoomRequest {
            invitees: Some(vec!["@bob:localhost".into()]),
            published: Some(false),
            name: Some("Lunch".into()),
            topic: None,
            alias_localpart: None,
        };
        let json = serde_json::to_value(&req).unwrap();
        assert_eq!(json, serde_json::json!({"invitees": ["@bob:localhost"], "published": false, "name": "Lunch"}));
        let typing = api::typing_api::TypingRequest::example();
        assert!(typing.typing);
    }

    #[test]
    fn ongoing_apis_are_left_out_and_metadata_is_complete() {
        let send = api::endpoints::ENDPOINTS.iter().find(|e| e.name == "send").expect("metadata of every endpoint");
        assert_eq!(send.status, api::Status::Ongoing);
        assert_eq!(send.method.as_str(), "POST");
        assert!(api::endpoints::ENDPOINTS.iter().all(|e| e.status >= api::Status::Todo));
    }
}
